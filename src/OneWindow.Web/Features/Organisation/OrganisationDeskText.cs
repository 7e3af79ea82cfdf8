namespace OneWindow.Web.Features.Organisation;

/// <summary>The organisation desk's refusals in the admin page's language.</summary>
public sealed class OrganisationDeskText(IStringLocalizer<AdminResource> text) : AdminDeskText(text, Known)
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        [OrganisationDesk.DepartmentNameTaken] = "DepartmentNameTaken",
        [OrganisationDesk.NoDepartment] = "RecordGone",
        [OrganisationDesk.TeamNameTaken] = "TeamNameTaken",
        [OrganisationDesk.NoCalendar] = "RecordGone",
        ["The Email field is not a valid e-mail address."] = "EmailInvalid",
    };
}
