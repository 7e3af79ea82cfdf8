namespace OneWindow.Web.Infrastructure;

/// <summary>Cuts text to a column's length, for copies (notification subjects, mail bodies) where the rest is not needed.</summary>
internal static class TextLimit
{
    /// <summary>Never splits a surrogate pair: half of one is not UTF-8, and PostgreSQL refuses the whole row for it.</summary>
    public static string Truncate(string value, int length)
    {
        if (value.Length <= length)
        {
            return value;
        }

        return length > 0 && char.IsHighSurrogate(value[length - 1]) ? value[..(length - 1)] : value[..length];
    }
}
