namespace OneWindow.Web.Features.Surveys;

/// <summary>The survey desk's refusals in the UI language.</summary>
public sealed class SurveyDeskText(IStringLocalizer<SurveyAdminResource> text) : DeskTranslator(text, new Dictionary<string, string>
{
    ["A name of at most 300 characters is required."] = "Err_Name",
    ["No such questionnaire."] = "Err_Questionnaire",
    ["A wave stays open 1 to 90 days."] = "Err_OpenDays",
    ["0 to 30 working days before closing."] = "Err_ReminderDays",
    ["Roles are ClientUser or ClientExecutive; each list holds at most 5000 ids."] = "Err_Audience",
    ["The campaign has ended."] = "Err_Ended",
    ["A wave of this campaign is still open."] = "Err_WaveOpen",
    ["The campaign has no further wave."] = "Err_NoFurtherWave",
});
