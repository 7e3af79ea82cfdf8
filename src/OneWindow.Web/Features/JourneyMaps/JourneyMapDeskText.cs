namespace OneWindow.Web.Features.JourneyMaps;

/// <summary>The journey-map desk's sentences in the UI language.</summary>
public sealed class JourneyMapDeskText(IStringLocalizer localizer) : DeskTranslator(localizer, Known)
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        [JourneyMapDesk.NotEditor] = "ErrNotEditor",
        ["This field is required."] = "ErrRequired",
        ["The title is required."] = "ErrRequired",
        ["An emotion from -2 to 2."] = "ErrEmotion",
        ["Choose a service."] = "ErrService",
        ["No such client company."] = "ErrCompany",
        [JourneyMapDesk.NoRequestType] = "ErrNoRequestType",
        [JourneyMapDesk.OtherService] = "ErrOtherService",
        [JourneyMapDesk.NoMailbox] = "ErrNoMailbox",
        [JourneyMapDesk.NoQuestion] = "ErrNoQuestion",
        [JourneyMapDesk.NoMetric] = "ErrNoMetric",
        [JourneyMapDesk.OtherCompany] = "ErrOtherCompany",
        [$"The comment is required, at most {JourneyMapDesk.CommentMax} characters."] = "ErrComment",
    };
}
