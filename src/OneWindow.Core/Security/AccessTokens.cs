using System.Security.Cryptography;
using System.Text;

namespace OneWindow.Core.Security;

/// <summary>Personal access tokens: a recognisable prefix, a random secret, stored only as a SHA-256 hash.</summary>
public static class AccessTokens
{
    public const string Prefix = "owpat_";
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static readonly IReadOnlyList<string> KnownScopes = ["read", "write", "admin"];

    public static string NewToken()
    {
        // 40 characters of base62 ≈ 238 bits of entropy.
        return Prefix + RandomNumberGenerator.GetString(Alphabet, 40);
    }

    public static bool LooksLikeToken(string? value) => value is not null && value.StartsWith(Prefix, StringComparison.Ordinal) && value.Length == Prefix.Length + 40;

    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>The first characters shown in lists so a person can tell tokens apart without the secret.</summary>
    public static string DisplayPrefix(string token) => token[..Math.Min(token.Length, Prefix.Length + 6)];

    /// <summary>Normalises a requested scope list; returns null when a scope is unknown.</summary>
    public static IReadOnlyList<string>? ParseScopes(IEnumerable<string?>? scopes)
    {
        // A JSON array may carry nulls ("scopes": [null]); they are no scope, not a crash (found by the API fuzz test).
        var list = (scopes ?? []).Select(s => (s ?? "").Trim().ToLowerInvariant()).Where(s => s.Length > 0).Distinct().ToList();
        if (list.Count == 0 || list.Any(s => !KnownScopes.Contains(s)))
        {
            return null;
        }

        return list;
    }

    /// <summary>Whether a token with these scopes may perform a request with this HTTP method on this path.</summary>
    public static bool Permits(IReadOnlyCollection<string> scopes, string method, bool adminArea)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        if (adminArea && !scopes.Contains("admin"))
        {
            return false;
        }

        var reading = HttpMethodIsSafe(method);
        return reading ? scopes.Contains("read") || scopes.Contains("write") : scopes.Contains("write");
    }

    private static bool HttpMethodIsSafe(string method) =>
        method is "GET" or "HEAD" or "OPTIONS";
}
