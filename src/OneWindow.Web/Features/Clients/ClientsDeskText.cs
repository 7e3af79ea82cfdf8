namespace OneWindow.Web.Features.Clients;

/// <summary>The company and client-service desks' refusals in the admin pages' language.</summary>
[FeatureSeam]
public sealed partial class ClientsDeskText(IStringLocalizer<AdminResource> text) : AdminDeskText(text, Known)
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        [CompanyDesk.InnInvalid] = "InnInvalid",
        [CompanyDesk.NameTaken] = "CompanyNameTaken",
        [CompanyDesk.NoHolding] = "RecordGone",
        [CompanyDesk.NoCalendar] = "RecordGone",
        [CompanyDesk.HoldingNameTaken] = "HoldingNameTaken",
        [ClientServiceDesk.NoCompany] = "RecordGone",
        [ClientServiceDesk.NoService] = "RecordGone",
        [ClientServiceDesk.AlreadyReceived] = "LinkExists",
        [ClientServiceDesk.LinkInUse] = "LinkInUse",
        [ClientServiceDesk.AlreadyAssigned] = "AssignmentExists",
    };

    [GeneratedRegex(@"^The person does not hold the (\w+) role needed for a \w+ assignment\.$")]
    private static partial Regex RoleMissingPattern();

    public override string Translate(string message) =>
        RoleMissingPattern().Match(message) is { Success: true } missing
            ? Localizer["AssignmentRoleMissing", Localizer["Role_" + missing.Groups[1].Value]]
            : base.Translate(message);
}
