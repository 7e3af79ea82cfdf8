namespace OneWindow.Web.Features.Clients;

/// <summary>The transition desk's refusals in the UI language.</summary>
public sealed class TransitionDeskText(IStringLocalizer<TransitionResource> text) : DeskTranslator(text, new Dictionary<string, string>
{
    [TransitionDesk.ChecklistOpen] = "Err_ChecklistOpen",
    [TransitionDesk.SignOffsMissing] = "Err_SignOffsMissing",
    [TransitionDesk.NotNextStage] = "Err_NotNextStage",
    [TransitionDesk.NotLifecycle] = "Err_NotLifecycle",
    [TransitionDesk.NotProposed] = "Err_NotProposed",
    [TransitionDesk.NoTemplate] = "Err_NoTemplate",
    [TransitionDesk.AlreadySigned] = "Err_AlreadySigned",
    [TransitionDesk.NoSigner] = "Err_NoSigner",
    [TransitionDesk.SignerNotOfCompany] = "Err_SignerNotOfCompany",
    [TransitionDesk.SideNotYours] = "Err_SideNotYours",
    [TransitionDesk.StageWithoutChecklist] = "Err_StageWithoutChecklist",
});
