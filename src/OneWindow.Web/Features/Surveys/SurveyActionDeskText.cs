namespace OneWindow.Web.Features.Surveys;

/// <summary>The action desk's refusals in the page's language.</summary>
public sealed class SurveyActionDeskText(IStringLocalizer localizer) : DeskTranslator(localizer, Known)
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["Only the quality manager, an administrator or the company's CSM creates survey actions."] = "ErrNotAllowed",
        ["Only the quality manager, an administrator or the company's CSM changes survey actions."] = "ErrNotAllowed",
        ["A title is required."] = "ErrTitle",
        ["The due date is from today to three years ahead."] = "ErrDue",
        ["At most 500 companies at once."] = "ErrTooManyCompanies",
        ["The source could not be found."] = "ErrSource",
        ["No such wave of this campaign."] = "ErrWave",
        ["One of the wave's CSI attributes."] = "ErrAttribute",
        ["A client company is required (one you serve)."] = "ErrCompany",
        ["No completed response of a named campaign with this id."] = "ErrResponse",
        ["The company is the response's."] = "ErrResponseCompany",
        ["The response is not a detractor's (NPS 0 to 6)."] = "ErrNotDetractor",
        ["A text question the response answered."] = "ErrQuestion",
        ["The owner is an active SSC person or a person of the action's company."] = "ErrOwner",
        ["Give a status, an owner or a due date to change."] = "ErrNothing",
    };
}
