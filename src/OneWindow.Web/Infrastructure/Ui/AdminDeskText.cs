namespace OneWindow.Web.Infrastructure.Ui;

/// <summary>
/// The admin pages' translator of desk refusals: a feature's own sentences (<paramref name="known"/>, sentence → resource
/// key of <see cref="AdminResource"/>), plus those every desk words the same way — a required field left empty (the
/// input's annotations, see <see cref="DeskSteps.AnnotationErrors"/>) and an unknown time zone (<see cref="TimeZones.Refusal"/>).
/// </summary>
public partial class AdminDeskText(IStringLocalizer<AdminResource> text, IReadOnlyDictionary<string, string> known) : DeskTranslator(text, known)
{
    [GeneratedRegex(@"^The \w+ field is required\.$")]
    private static partial Regex RequiredPattern();

    public override string Translate(string message)
    {
        if (message.EndsWith(TimeZones.UnknownZone, StringComparison.Ordinal))
        {
            return Localizer["TimeZoneInvalid"];
        }

        return RequiredPattern().IsMatch(message) ? Localizer["Required"] : base.Translate(message);
    }
}
