namespace OneWindow.Web.Features.Auth;

/// <summary>The security desk's refusals in the security page's language.</summary>
public sealed class SecurityDeskText(IStringLocalizer<AdminResource> text, IStringLocalizer<SharedResource> shared) : AdminDeskText(text, Known)
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        [SecurityDesk.UnknownScopes] = "ScopesRequired",
        [SecurityDesk.AdminScopeOnly] = "AdminScopeDenied",
        [SecurityDesk.TwoFactorAlreadyOn] = "TwoFactorAlreadyOn",
        ["The field ExpiresInDays must be between 1 and 366."] = "ExpiresInDaysInvalid",
    };

    public override string Translate(string message) => message == SecurityDesk.WrongCode ? shared["WrongCode"] : base.Translate(message);
}
