namespace OneWindow.Web.Features.People;

/// <summary>The people desk's refusals, Identity's included, in the admin page's language.</summary>
public sealed partial class PeopleDeskText(IStringLocalizer<AdminResource> text) : AdminDeskText(text, Known)
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        [PeopleDesk.EmailTaken] = "EmailTaken",
        [PeopleDesk.NoCompany] = "RecordGone",
        [PeopleDesk.NoDepartment] = "RecordGone",
        [PeopleDesk.NoTeam] = "RecordGone",
        [PeopleDesk.KeepOwnAdmin] = "KeepOwnAdmin",
        [PeopleDesk.KeepSelfActive] = "KeepOwnAdmin",
        [PeopleDesk.ClientRolesNeedCompany] = "ClientRoleNeedsCompany",
        [PeopleDesk.SscRolesNeedNoCompany] = "SscRoleNoCompany",
        [PeopleDesk.ClientDepartmentNeedsCompany] = "ClientDepartmentNeedsCompany",
        ["The Email field is not a valid e-mail address."] = "EmailInvalid",
        [new IdentityErrorDescriber().ConcurrencyFailure().Description] = "ConcurrencyConflict",
    };

    /// <summary>Identity's own sentences that carry a value: a taken or malformed email or user name, the password rules.</summary>
    [GeneratedRegex(@"^(Email|Username) '.*' is already taken\.$")]
    private static partial Regex TakenPattern();

    [GeneratedRegex(@"^(Email|Username) '.*' is invalid")]
    private static partial Regex InvalidPattern();

    public override string Translate(string message) =>
        TakenPattern().IsMatch(message) ? Localizer["EmailTaken"]
        : InvalidPattern().IsMatch(message) ? Localizer["EmailInvalid"]
        : message.StartsWith("Passwords must", StringComparison.Ordinal) ? Localizer["PasswordHint"]
        : base.Translate(message);
}
