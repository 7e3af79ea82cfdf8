using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace OneWindow.Core.Tickets.Mail;

/// <summary>
/// The reply token of a ticket: "ow" and the first 12 bytes of HMAC-SHA256(installation key, ticket id) in lower-case
/// hex. Every email about a ticket carries it in its Message-ID (and, when configured, in its Reply-To address), so a
/// mail program answering that email carries it back in In-Reply-To / References (or To). Only someone who received
/// a ticket's email knows it; a ticket number guessed into a subject does not. Pure: the caller gives the key.
/// </summary>
public static partial class ReplyTokens
{
    private const int MacBytes = 12;
    private const string Prefix = "ow";

    /// <summary>The same token for the same key and ticket, every time; 26 characters of [0-9a-z].</summary>
    public static string For(ReadOnlySpan<byte> key, Guid ticketId)
    {
        Span<byte> id = stackalloc byte[16];
        ticketId.TryWriteBytes(id);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, id, mac);
        return Prefix + Convert.ToHexStringLower(mac[..MacBytes]);
    }

    /// <summary>
    /// Whether any of <paramref name="texts"/> (Message-IDs, addresses) contains the ticket's token. Each candidate is
    /// compared in constant time, so the answer does not tell how much of a guess was right.
    /// </summary>
    public static bool AnyCarries(IEnumerable<string?> texts, ReadOnlySpan<byte> key, Guid ticketId)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var expected = Encoding.ASCII.GetBytes(For(key, ticketId));
        var found = false;
        foreach (var text in texts)
        {
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            foreach (Match candidate in Candidate().Matches(text))
            {
                found |= CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate.Value.ToLowerInvariant()), expected);
            }
        }

        return found;
    }

    // Hex never contains "o" or "w", so a token cannot start inside the random hex that precedes it in a Message-ID.
    [GeneratedRegex("ow[0-9a-f]{24}(?![0-9a-f])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Candidate();
}
