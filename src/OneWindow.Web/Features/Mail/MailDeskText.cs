namespace OneWindow.Web.Features.Mail;

/// <summary>Why a mail template is refused, in the admin's language; the parser's own words are kept as they are.</summary>
internal sealed class MailDeskText(IStringLocalizer<MailTemplateResource> text) : DeskTranslator(text, Known)
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        [MailTemplates.SubjectNeedsNumber] = "Err_SubjectNumber",
        [MailTemplates.EmailNeedsLink] = "Err_NeedsLink",
        [MailTemplates.ConfirmationNeedsLink] = "Err_ConfirmationNeedsLink",
        [MailTemplates.SurveyNeedsLink] = "Err_SurveyNeedsLink",
    };

    public override string Translate(string message) => message.StartsWith(MailTemplates.ParseError, StringComparison.Ordinal)
        ? Localizer["Err_Parse", message[MailTemplates.ParseError.Length..]]
        : base.Translate(message);

    public Dictionary<string, string[]> Translate(IReadOnlyDictionary<string, string[]> errors) => errors.ToDictionary(e => e.Key, e => e.Value.Select(Translate).ToArray());
}
