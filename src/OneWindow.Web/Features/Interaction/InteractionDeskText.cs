namespace OneWindow.Web.Features.Interaction;

/// <summary>The interaction desk's sentences in the UI language.</summary>
public sealed class InteractionDeskText(IStringLocalizer localizer) : DeskTranslator(localizer, Known)
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["Only an administrator keeps the interaction catalogue."] = "ErrCatalogue",
        ["The company's executive chooses its menu; the CSM may propose items."] = "ErrChoose",
        ["The company's executive changes its menu; the CSM may edit a proposal not yet answered."] = "ErrChoose",
        ["Only the company's executive answers a proposal."] = "ErrAnswer",
        ["The company's executive ends items of its menu."] = "ErrChoose",
        ["The item is not a proposal waiting for an answer."] = "ErrNotProposal",
        ["The item has ended; choose it again."] = "ErrEnded",
        ["No such format in the catalogue."] = "ErrFormat",
        ["Working day 1 to 20 of the period's first month."] = "ErrWorkingDay",
        ["The first date is required for a weekly item."] = "ErrFirstDate",
        ["Every 1 to 12 weeks."] = "ErrInterval",
        ["A meeting lasts 15 to 480 minutes."] = "ErrMinutes",
        ["A format with this key exists."] = "ErrKeyTaken",
        ["The key is lower-case letters, digits and hyphens."] = "ErrKey",
        ["Name at least one frequency the format allows."] = "ErrFrequencies",
        ["Name at least one channel the format allows."] = "ErrChannels",
        ["A report goes out monthly, quarterly or yearly (for the period before)."] = "ErrReportFrequencies",
        ["A report is emailed as PDF or XLSX."] = "ErrReportChannels",
    };

    public override string Translate(string message) =>
        message.StartsWith("The format allows ", StringComparison.Ordinal) ? Localizer["ErrNotAllowed"] : base.Translate(message);
}
