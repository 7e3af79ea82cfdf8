namespace OneWindow.Web;

/// <summary>Marker for the mail template page's strings in Resources/MailTemplateResource(.en).resx. Russian is the neutral culture.</summary>
public sealed class MailTemplateResource;
