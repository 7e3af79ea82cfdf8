using Microsoft.AspNetCore.DataProtection;

namespace OneWindow.Web.Features.Feedback;

/// <summary>
/// A key that signs rating links. The newest active key signs; older ones keep verifying the links already emailed
/// until <see cref="RetireAfter"/>. The secret is stored protected by ASP.NET Data Protection (whose keys are in the
/// database too), so a copy of this table alone cannot forge links.
/// </summary>
public sealed class RatingSigningKey
{
    /// <summary>The key id written into every token it signs.</summary>
    public int Id { get; set; }
    public required string ProtectedSecret { get; set; }
    public DateTimeOffset ActivatedAt { get; set; }
    /// <summary>After this instant tokens signed with the key no longer verify; null while it is the signing key.</summary>
    public DateTimeOffset? RetireAfter { get; set; }
}

internal sealed class RatingSigningKeyConfiguration : IEntityTypeConfiguration<RatingSigningKey>
{
    public void Configure(EntityTypeBuilder<RatingSigningKey> b)
    {
        b.ToTable("RatingSigningKeys");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.ProtectedSecret).HasMaxLength(1000);
    }
}

public sealed class FeedbackLinkOptions
{
    /// <summary>Days after which a new signing key replaces the newest one.</summary>
    public int KeyRotationDays { get; set; } = 30;
    /// <summary>The address clients reach OneWindow at, for absolute links in emails (e.g. https://desk.example.ru).</summary>
    public string? PublicBaseUrl { get; set; }
    /// <summary>Hours the emailed link confirming an anonymous signature-link rating works.</summary>
    public int ConfirmationHours { get; set; } = 48;
    /// <summary>Minutes before one signature link mails the same address another confirmation.</summary>
    public int ConfirmationResendMinutes { get; set; } = 10;
    /// <summary>Confirmation emails one address gets in an hour at most, over all signature links.</summary>
    public int ConfirmationMailsPerHour { get; set; } = 5;
}

/// <summary>The signing keys of rating links: finds the current one (creating it when due) and the ones still verifying.</summary>
public sealed class RatingKeyRing(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider clock, IOptions<FeedbackLinkOptions> options)
{
    private readonly IDataProtector protector = protection.CreateProtector("OneWindow.Feedback.RatingSigningKey.v1");

    /// <summary>The key that signs new links: the newest, unless it is older than the rotation period.</summary>
    public async Task<(int Id, byte[] Secret)> SigningKeyAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var keys = db.Set<RatingSigningKey>();
            var newest = await keys.OrderByDescending(k => k.Id).FirstOrDefaultAsync(ct);
            if (newest is not null && newest.ActivatedAt > now.AddDays(-Math.Max(1, options.Value.KeyRotationDays)) && (newest.RetireAfter is null || newest.RetireAfter > now))
            {
                return (newest.Id, protector.Unprotect(Convert.FromBase64String(newest.ProtectedSecret)));
            }

            var lifetime = await db.FeedbackSettings.AsNoTracking().Select(s => (int?)s.LinkLifetimeDays).FirstOrDefaultAsync(ct) ?? 60;
            if (newest is not null && newest.RetireAfter is null)
            {
                // Links it signed live at most the link lifetime; it verifies them until then.
                newest.RetireAfter = now.AddDays(lifetime + 1);
            }

            var secret = RandomNumberGenerator.GetBytes(32);
            keys.Add(new RatingSigningKey { Id = (newest?.Id ?? 0) + 1, ProtectedSecret = Convert.ToBase64String(protector.Protect(secret)), ActivatedAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
                return ((newest?.Id ?? 0) + 1, secret);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another instance rotated at the same moment; use its key.
            }
        }
    }

    /// <summary>Every key that still verifies, by id.</summary>
    public async Task<Dictionary<int, byte[]>> VerifyingKeysAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var keys = await db.Set<RatingSigningKey>().AsNoTracking().ToListAsync(ct);
        var result = new Dictionary<int, byte[]>();
        foreach (var key in keys.Where(k => k.RetireAfter is null || k.RetireAfter > now))
        {
            try
            {
                result[key.Id] = protector.Unprotect(Convert.FromBase64String(key.ProtectedSecret));
            }
            catch (CryptographicException)
            {
                // Protected under a data-protection key that is gone: the key cannot verify anything.
            }
        }

        return result;
    }
}
