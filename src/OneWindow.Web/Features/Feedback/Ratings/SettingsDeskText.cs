namespace OneWindow.Web.Features.Feedback;

/// <summary>The feedback settings desk's refusals in the admin's language (those carrying a value through patterns).</summary>
internal sealed partial class SettingsDeskText(IStringLocalizer<RatingResource> text) : DeskTranslator(text, Known)
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        [FeedbackSettingsDesk.Stale] = "SettingsConflict",
        [FeedbackSettingsDesk.ScaleRange] = "Err_Scale",
        [FeedbackSettingsDesk.CaseDueRange] = "Err_CaseDue",
        [FeedbackSettingsDesk.LinkLifetimeRange] = "Err_LinkLifetime",
        [FeedbackSettingsDesk.ReasonLines] = "Err_ReasonLines",
        [FeedbackSettingsDesk.ReasonUnique] = "Err_ReasonUnique",
    };

    [GeneratedRegex(@"^Must be between (\d+) and (\d+)\.$")]
    private static partial Regex Between();

    public override string Translate(string message)
    {
        if (Between().Match(message) is { Success: true } range)
        {
            return Localizer["Err_Between", range.Groups[1].Value, range.Groups[2].Value];
        }

        // The offending line stands between the quotes of "…: \"line\".".
        return message.StartsWith(FeedbackSettingsDesk.ReasonFormat, StringComparison.Ordinal)
            ? Localizer["Err_ReasonFormat", message[(FeedbackSettingsDesk.ReasonFormat.Length + 1)..^2]]
            : base.Translate(message);
    }
}
