using Microsoft.AspNetCore.DataProtection;
using MimeKit;
using MimeKit.Cryptography;
using OneWindow.Core.Tickets.Mail;

namespace OneWindow.Web.Features.Mail;

/// <summary>
/// The installation's reply-token key: 32 random bytes made on first use and kept (protected) in <c>MailReplyKeys</c>,
/// then held in memory. It is made at start-up (<see cref="ReplyTokenKeyWarmUp"/>), so that a mail queued inside a
/// write's transaction only ever reads it.
/// </summary>
public sealed class ReplyTokenKey(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider clock, ILogger<ReplyTokenKey> logger)
{
    private const int KeyId = 1;
    private readonly IDataProtector protector = protection.CreateProtector("OneWindow.Mail.ReplyTokenKey.v1");
    private readonly SemaphoreSlim gate = new(1, 1);
    private byte[]? secret;

    /// <summary>The reply token of a ticket (see <see cref="ReplyTokens"/>).</summary>
    public async Task<string> TokenForAsync(Guid ticketId, CancellationToken ct) => ReplyTokens.For(await SecretAsync(ct), ticketId);

    public async Task<byte[]> SecretAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref secret) is { } known)
        {
            return known;
        }

        await gate.WaitAsync(ct);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var keys = db.Set<MailReplyKey>();
                var row = await keys.FirstOrDefaultAsync(k => k.Id == KeyId, ct);
                if (row is not null)
                {
                    try
                    {
                        Volatile.Write(ref secret, protector.Unprotect(Convert.FromBase64String(row.ProtectedSecret)));
                        return secret!;
                    }
                    catch (CryptographicException e)
                    {
                        // Protected under a Data Protection key that is gone: tokens already sent cannot be checked any more
                        // (replies still thread by our stored Message-IDs), and new ones need a key that works.
                        logger.LogWarning(e, "The reply-token key cannot be read; a new one replaces it");
                    }
                }

                var fresh = RandomNumberGenerator.GetBytes(32);
                var protectedSecret = Convert.ToBase64String(protector.Protect(fresh));
                if (row is null)
                {
                    keys.Add(new MailReplyKey { Id = KeyId, ProtectedSecret = protectedSecret, CreatedAt = clock.GetUtcNow() });
                }
                else
                {
                    row.ProtectedSecret = protectedSecret;
                    row.CreatedAt = clock.GetUtcNow();
                }

                try
                {
                    await db.SaveChangesAsync(ct);
                    Volatile.Write(ref secret, fresh);
                    return fresh;
                }
                catch (DbUpdateException) when (attempt < 3)
                {
                    // Another instance made the key at the same moment; read theirs.
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }
}

/// <summary>Makes (or reads) the reply-token key when the app starts; a failure is logged and the key is made on first use.</summary>
internal sealed class ReplyTokenKeyWarmUp(ReplyTokenKey key, ILogger<ReplyTokenKeyWarmUp> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await key.SecretAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The reply-token key could not be prepared at start-up; it will be on first use");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Whether an email that names a ticket may speak in it as the client: it carries the ticket's reply token, or refers to
/// an email we sent about the ticket (our Message-IDs are random and only its recipients know them), or its sender's
/// domain passes the check the administrator configured.
/// </summary>
public sealed class MailTrust(AppDbContext db, ReplyTokenKey key, IOptions<MailOptions> options)
{
    public async Task<bool> MayPostAsync(MimeMessage message, string fromAddress, Guid ticketId, IReadOnlyCollection<string> referencedIds, CancellationToken ct)
    {
        var addresses = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Select(m => m.Address)
            .Concat(message.Headers.Where(h => h.Field.Equals("Delivered-To", StringComparison.OrdinalIgnoreCase) || h.Field.Equals("X-Original-To", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value));
        if (ReplyTokens.AnyCarries(referencedIds.Concat(addresses), await key.SecretAsync(ct), ticketId))
        {
            return true;
        }

        // Emails sent before reply tokens existed: their Message-IDs are stored with the ticket.
        if (referencedIds.Count > 0 && await db.OutboxMessages.AnyAsync(m => m.TicketId == ticketId && referencedIds.Contains(m.MessageId), ct))
        {
            return true;
        }

        return SenderCheck.Passes(message, fromAddress, options.Value.SenderCheck);
    }
}

/// <summary>The admin-configured domain check: the receiving server's own Authentication-Results (RFC 8601).</summary>
internal static class SenderCheck
{
    public static bool Passes(MimeMessage message, string fromAddress, SenderCheckOptions options)
    {
        if (!options.Enabled || DomainOf(fromAddress) is not { } domain)
        {
            return false;
        }

        // The receiving server puts its header on top; any below it came with the message and prove nothing.
        var header = message.Headers.FirstOrDefault(h => h.Id == HeaderId.AuthenticationResults);
        if (header is null || !AuthenticationResults.TryParse(header.RawValue, out var results)
            || !string.Equals(results.AuthenticationServiceIdentifier, options.TrustedAuthServId!.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var methods = options.Methods.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return results.Results.Any(r => methods.Contains(r.Method) && string.Equals(r.Result, "pass", StringComparison.OrdinalIgnoreCase) && Aligned(r, domain));
    }

    /// <summary>The passing result speaks for the From domain itself (strict alignment), not some other domain.</summary>
    private static bool Aligned(AuthenticationMethodResult result, string domain) => result.Method.ToLowerInvariant() switch
    {
        "dmarc" => Same(Property(result, "header", "from"), domain),
        "dkim" => Same(Property(result, "header", "d"), domain) || Same(DomainOf(Property(result, "header", "i")), domain),
        "spf" => Same(DomainOf(Property(result, "smtp", "mailfrom")) ?? Property(result, "smtp", "mailfrom"), domain),
        _ => false,
    };

    private static string? Property(AuthenticationMethodResult result, string type, string name) =>
        result.Properties.FirstOrDefault(p => p.PropertyType.Equals(type, StringComparison.OrdinalIgnoreCase) && p.Property.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;

    private static bool Same(string? a, string b) => a is not null && string.Equals(a.Trim().TrimEnd('.'), b, StringComparison.OrdinalIgnoreCase);

    private static string? DomainOf(string? address)
    {
        var at = address?.LastIndexOf('@') ?? -1;
        return at < 0 || at == address!.Length - 1 ? null : address[(at + 1)..].Trim().TrimEnd('.');
    }
}
