using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace OneWindow.Core.Feedback;

/// <summary>What a rating link stands for: who is rated, for what, by whom, on which scale, until when.</summary>
public sealed record RatingClaims(
    int KeyId,
    Guid EmployeeId,
    Guid? TicketId,
    Guid? MessageId,
    Guid? RaterId,
    int Scale,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt)
{
    /// <summary>A short stable id of the link (the same for all its grades), used to keep one rating per link and rater.</summary>
    public string TokenId { get; init; } = "";
}

public enum RatingTokenStatus
{
    Valid = 0,
    /// <summary>Not a token at all: bad characters, wrong length, unknown version, cut short.</summary>
    Malformed = 1,
    /// <summary>Signed by a key this installation does not know (another installation's, or a deleted one).</summary>
    UnknownKey = 2,
    /// <summary>The payload or the signature was changed.</summary>
    BadSignature = 3,
    Expired = 4,
    /// <summary>The grade is outside the token's scale.</summary>
    BadGrade = 5,
}

public sealed record RatingTokenCheck(RatingTokenStatus Status, RatingClaims? Claims)
{
    public bool IsValid => Status == RatingTokenStatus.Valid;
}

/// <summary>
/// Compact signed rating tokens: base64url of a binary payload followed by its HMAC-SHA256. Pure: the caller gives the
/// key bytes and the current instant. The layout is versioned so it can change without breaking links in old emails.
/// </summary>
public static class RatingTokens
{
    private const byte Version = 1;
    private const int MacLength = 32;
    private const byte HasTicket = 1, HasMessage = 2, HasRater = 4;
    // version, key id, employee, flags, scale, issued-at, expires-at (unix seconds)
    private const int FixedLength = 1 + 4 + 16 + 1 + 1 + 8 + 8;
    /// <summary>Far longer than any valid token; refuses huge inputs before decoding them.</summary>
    private const int MaxTokenChars = 512;

    public static string Create(RatingClaims claims, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (claims.Scale is not (3 or 5))
        {
            throw new ArgumentOutOfRangeException(nameof(claims), "The scale must be 3 or 5.");
        }

        var flags = (byte)((claims.TicketId is null ? 0 : HasTicket) | (claims.MessageId is null ? 0 : HasMessage) | (claims.RaterId is null ? 0 : HasRater));
        var length = FixedLength + (16 * System.Numerics.BitOperations.PopCount(flags));
        var buffer = new byte[length + MacLength];
        var span = buffer.AsSpan();
        span[0] = Version;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], claims.KeyId);
        claims.EmployeeId.TryWriteBytes(span[5..]);
        span[21] = flags;
        span[22] = (byte)claims.Scale;
        BinaryPrimitives.WriteInt64BigEndian(span[23..], claims.IssuedAt.ToUnixTimeSeconds());
        BinaryPrimitives.WriteInt64BigEndian(span[31..], claims.ExpiresAt.ToUnixTimeSeconds());
        var at = FixedLength;
        foreach (var id in new[] { claims.TicketId, claims.MessageId, claims.RaterId })
        {
            if (id is { } value)
            {
                value.TryWriteBytes(span[at..]);
                at += 16;
            }
        }

        HMACSHA256.HashData(key, span[..length], span[length..]);
        return Base64Url.EncodeToString(buffer);
    }

    /// <summary>The key id a token claims, to look the key up; null when the token is not even shaped like one.</summary>
    public static int? KeyIdOf(string? token)
    {
        var bytes = Decode(token);
        return bytes is null ? null : BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1));
    }

    /// <summary>
    /// Checks a token against the key its id names (<paramref name="keyFor"/> returns null for unknown ids), the current
    /// instant and, when given, the grade clicked. The signature is checked before anything the payload says is trusted.
    /// </summary>
    public static RatingTokenCheck Verify(string? token, Func<int, byte[]?> keyFor, DateTimeOffset now, int? grade = null)
    {
        ArgumentNullException.ThrowIfNull(keyFor);
        var bytes = Decode(token);
        if (bytes is null)
        {
            return new(RatingTokenStatus.Malformed, null);
        }

        var span = bytes.AsSpan();
        var flags = span[21];
        var length = FixedLength + (16 * System.Numerics.BitOperations.PopCount(flags));
        if ((flags & ~(HasTicket | HasMessage | HasRater)) != 0 || bytes.Length != length + MacLength)
        {
            return new(RatingTokenStatus.Malformed, null);
        }

        var keyId = BinaryPrimitives.ReadInt32BigEndian(span[1..]);
        if (keyFor(keyId) is not { Length: > 0 } key)
        {
            return new(RatingTokenStatus.UnknownKey, null);
        }

        Span<byte> expected = stackalloc byte[MacLength];
        HMACSHA256.HashData(key, span[..length], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, span[length..]))
        {
            return new(RatingTokenStatus.BadSignature, null);
        }

        var scale = span[22];
        var at = FixedLength;
        var ids = new Guid?[3];
        byte[] order = [HasTicket, HasMessage, HasRater];
        for (var i = 0; i < order.Length; i++)
        {
            if ((flags & order[i]) != 0)
            {
                ids[i] = new Guid(span.Slice(at, 16));
                at += 16;
            }
        }

        var (ticket, message, rater) = (ids[0], ids[1], ids[2]);
        DateTimeOffset issued, expires;
        try
        {
            issued = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(span[23..]));
            expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(span[31..]));
        }
        catch (ArgumentOutOfRangeException)
        {
            return new(RatingTokenStatus.Malformed, null);
        }

        var claims = new RatingClaims(keyId, new Guid(span.Slice(5, 16)), ticket, message, rater, scale, issued, expires)
        {
            TokenId = Base64Url.EncodeToString(SHA256.HashData(span[..length]).AsSpan(0, 12)),
        };
        if (scale is not (3 or 5))
        {
            return new(RatingTokenStatus.Malformed, null);
        }

        if (now >= expires)
        {
            return new(RatingTokenStatus.Expired, claims);
        }

        if (grade is { } g && (g < 1 || g > scale))
        {
            return new(RatingTokenStatus.BadGrade, claims);
        }

        return new(RatingTokenStatus.Valid, claims);
    }

    private static byte[]? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenChars)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return null;
        }

        return bytes.Length >= FixedLength + MacLength && bytes[0] == Version ? bytes : null;
    }
}
