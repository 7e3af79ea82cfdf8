using System.Buffers.Text;
using OneWindow.Web.Features.Mail;

namespace OneWindow.Web.Features.Feedback;

/// <summary>
/// A signature-link rating given by someone not signed in, held until the client person whose address was named follows
/// the link emailed to them. A row, not a self-contained signed token: a confirmation must count once (a token alone can
/// be replayed) and the mails to an address must be counted (a mail-bomb guard), and both need stored state anyway. The
/// link carries a random secret of which only the SHA-256 hash is kept, so a copy of the table confirms nothing. Nothing
/// in a row changes but <see cref="ConfirmedAt"/>: the grade mailed is the grade recorded.
/// </summary>
public sealed class PendingRating
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>SHA-256 of the secret in the emailed link, base64url.</summary>
    public required string SecretHash { get; set; }
    /// <summary>The signature link's id (<see cref="RatingClaims.TokenId"/>): the confirmation works with that link only.</summary>
    public required string LinkId { get; set; }
    /// <summary>The SSC employee rated.</summary>
    public Guid EmployeeId { get; set; }
    /// <summary>The client person the email went to, who becomes the rater.</summary>
    public Guid RaterId { get; set; }
    public int Grade { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    /// <summary>When the link was used; a link is used once.</summary>
    public DateTimeOffset? ConfirmedAt { get; set; }
}

internal sealed class PendingRatingConfiguration : IEntityTypeConfiguration<PendingRating>
{
    public void Configure(EntityTypeBuilder<PendingRating> b)
    {
        b.ToTable("PendingRatings");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.MaxLength(64, x => x.SecretHash, x => x.LinkId);
        b.HasIndex(x => x.SecretHash).IsUnique();
        b.HasIndex(x => new { x.RaterId, x.CreatedAt });
        b.HasIndex(x => x.ExpiresAt);
        // Held ratings are disposable: they go with the people they name.
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.RaterId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Cascade);
    }
}

public enum ConfirmationStatus
{
    Valid = 0,
    /// <summary>No held rating has this secret for this link: damaged, altered, or another link's.</summary>
    Unknown = 1,
    Expired = 2,
    /// <summary>Already confirmed: the rating was counted then, and is not counted again.</summary>
    Used = 3,
}

public sealed record HeldRating(Guid Id, Guid EmployeeId, Guid RaterId, int Grade, ConfirmationStatus Status);

/// <summary>
/// Holds anonymous signature-link ratings and confirms them. The visitor is told the same thing whatever the address they
/// typed: whether it belongs to a client person shows only in that person's mailbox.
/// </summary>
public sealed class RatingConfirmations(IServiceScopeFactory scopes, TimeProvider clock, IOptions<FeedbackLinkOptions> options, RatingLinks links)
{
    /// <summary>How long a confirmation link works.</summary>
    public int LifetimeHours => Math.Clamp(options.Value.ConfirmationHours, 1, 24 * 14);

    /// <summary>
    /// Emails a one-time confirmation link for the grade to the active client person with this work email, unless the
    /// address had one from this signature link a short while ago or too many in the last hour. Records nothing, and
    /// says nothing: an unknown address, a staff address and a throttled one end the same way.
    /// </summary>
    public async Task HoldAsync(RatingClaims claims, string token, int grade, string email, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claims);
        await using var scope = SystemScope(out var db);
        var now = clock.GetUtcNow();
        // A week past expiry a link is not worth a "used" or "expired" answer any more; pruning here needs no job.
        await db.Set<PendingRating>().Where(p => p.ExpiresAt < now.AddDays(-7)).ExecuteDeleteAsync(ct);
        var normalised = email.Trim().ToUpperInvariant();
        var rater = await db.Users.IgnoreQueryFilters().Where(u => u.NormalizedEmail == normalised && u.IsActive && u.CompanyId != null)
            .Select(u => new { u.Id, u.Email, u.FullName, u.Culture }).FirstOrDefaultAsync(ct);
        if (rater is not { Email: { Length: > 0 } address } || await ThrottledAsync(db, rater.Id, claims.TokenId, now, ct))
        {
            return;
        }

        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var held = new PendingRating
        {
            SecretHash = Hash(secret),
            LinkId = claims.TokenId,
            EmployeeId = claims.EmployeeId,
            RaterId = rater.Id,
            Grade = grade,
            CreatedAt = now,
            ExpiresAt = now.AddHours(LifetimeHours),
        };
        db.Set<PendingRating>().Add(held);
        var employee = await db.Users.IgnoreQueryFilters().Where(u => u.Id == claims.EmployeeId).Select(u => u.FullName).FirstOrDefaultAsync(ct) ?? "";
        var model = new RatingConfirmationModel(rater.FullName, employee, grade, claims.Scale, links.LabelIn(rater.Culture, claims.Scale, grade),
            $"{links.BaseUrl()}/r/{token}/confirm/{secret}", LifetimeHours);
        // The email commits with the held rating or not at all; the outbox delivers it.
        await scope.ServiceProvider.GetRequiredService<Mailer>().QueueAsync(MailTemplateKeys.RatingConfirmation, rater.Culture, model, [new MailRecipient(address, rater.FullName)], ct: ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>At most one mail per address and signature link per resend interval, and a cap per address per hour across links.</summary>
    private async Task<bool> ThrottledAsync(AppDbContext db, Guid raterId, string linkId, DateTimeOffset now, CancellationToken ct)
    {
        var o = options.Value;
        var lastHour = db.Set<PendingRating>().Where(p => p.RaterId == raterId && p.CreatedAt > now.AddHours(-1));
        var resend = now.AddMinutes(-Math.Max(1, o.ConfirmationResendMinutes));
        return await db.Set<PendingRating>().AnyAsync(p => p.RaterId == raterId && p.LinkId == linkId && p.CreatedAt > resend, ct)
            || await lastHour.CountAsync(ct) >= Math.Max(1, o.ConfirmationMailsPerHour);
    }

    /// <summary>The held rating behind a confirmation link of this signature link, and whether it can still be confirmed.</summary>
    public async Task<HeldRating?> FindAsync(RatingClaims claims, string secret, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (secret is not { Length: > 0 and <= 100 })
        {
            return null;
        }

        await using var scope = SystemScope(out var db);
        var hash = Hash(secret);
        var held = await db.Set<PendingRating>().AsNoTracking().FirstOrDefaultAsync(p => p.SecretHash == hash, ct);
        if (held is null || held.LinkId != claims.TokenId || held.EmployeeId != claims.EmployeeId)
        {
            return null;
        }

        var status = held.ConfirmedAt is not null ? ConfirmationStatus.Used
            : held.ExpiresAt <= clock.GetUtcNow() ? ConfirmationStatus.Expired
            : ConfirmationStatus.Valid;
        return new HeldRating(held.Id, held.EmployeeId, held.RaterId, held.Grade, status);
    }

    /// <summary>
    /// Marks the held rating used, if it still can be; true for exactly one caller however many race. The caller records
    /// the rating after this: a crash between the two spends the link without counting it, which asks the person to rate
    /// again rather than ever counting twice.
    /// </summary>
    public async Task<bool> ClaimAsync(Guid id, CancellationToken ct)
    {
        await using var scope = SystemScope(out var db);
        var now = clock.GetUtcNow();
        return await db.Set<PendingRating>().Where(p => p.Id == id && p.ConfirmedAt == null && p.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ConfirmedAt, now), ct) == 1;
    }

    private static string Hash(string secret) => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private AsyncServiceScope SystemScope(out AppDbContext db)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return scope;
    }
}
