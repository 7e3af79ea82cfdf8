namespace OneWindow.Web.Infrastructure;

/// <summary>Cuts text to a column's length, for copies (notification subjects, mail bodies) where the rest is not needed.</summary>
internal static class TextLimit
{
    public static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
