namespace OneWindow.Web.Features.Calendars;

/// <summary>
/// The calendar desk's English sentences in the admin page's language. Sentences that carry a value (a date, a zone, what
/// uses a calendar) are matched by pattern; the weekly-hours parser's own messages are shown as written, after the page's
/// lead-in.
/// </summary>
public sealed partial class CalendarDeskText(IStringLocalizer localizer) : DeskTranslator(localizer, Known)
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["The name is required."] = "Required",
        ["A calendar with this name already exists."] = "CalendarNameTaken",
        [$"shortDayMinutes must be between 0 and {CalendarRules.MaxShortDayMinutes}."] = "ShortDayMinutesRange",
        ["The default calendar must be active."] = "CalendarDefaultInactive",
        ["Exactly one calendar is the default: make another calendar the default instead of clearing it here."] = "CalendarDefaultRequired",
        ["This is the default calendar; make another calendar the default first."] = "CalendarIsDefault",
    };

    [GeneratedRegex(@"^'.*' is not a known IANA time zone")]
    private static partial Regex ZonePattern();

    [GeneratedRegex(@"^'.*' is not a date; use yyyy-MM-dd\.$")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^The calendar is used by (.+); assign another calendar there first")]
    private static partial Regex UsedPattern();

    public override string Translate(string message)
    {
        if (ZonePattern().IsMatch(message))
        {
            return Localizer["TimeZoneInvalid"];
        }

        if (DatePattern().IsMatch(message))
        {
            return Localizer["DateInvalid"];
        }

        if (UsedPattern().Match(message) is { Success: true } used)
        {
            var uses = used.Groups[1].Value;
            return Localizer["CalendarInUse", Count(uses, "client compan"), Count(uses, "team"), Count(uses, "agreement version")];
        }

        return base.Translate(message);
    }

    /// <summary>How many of a kind of user <see cref="CalendarUsage.Reason"/> named, e.g. 2 in "2 client companies"; 0 when none.</summary>
    private static int Count(string uses, string noun) =>
        Regex.Match(uses, @"(\d+) " + noun, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) is { Success: true } m
            ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
            : 0;
}
