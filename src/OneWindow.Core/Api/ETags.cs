namespace OneWindow.Core.Api;

/// <summary>Strong ETags derived from an entity's row version, and If-Match parsing.</summary>
public static class ETags
{
    public static string From(int version) => $"\"{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"";

    /// <summary>Parses an If-Match header. Returns null for '*' or absent; false when it is malformed.</summary>
    public static bool TryParseIfMatch(string? header, out int? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*")
        {
            return true;
        }

        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        if (value.Length < 3 || value[0] != '"' || value[^1] != '"')
        {
            return false;
        }

        if (int.TryParse(value.AsSpan(1, value.Length - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v))
        {
            version = v;
            return true;
        }

        return false;
    }
}
