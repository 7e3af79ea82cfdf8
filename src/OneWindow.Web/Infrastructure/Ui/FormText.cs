namespace OneWindow.Web.Infrastructure.Ui;

/// <summary>A form's text field as the value a desk takes: trimmed, and null when left blank.</summary>
public static class FormText
{
    public static string? OrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
