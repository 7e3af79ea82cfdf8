namespace OneWindow.Web.Features.Committees;

/// <summary>The committee desks' sentences in the UI language.</summary>
public sealed class CommitteeDeskText(IStringLocalizer localizer) : DeskTranslator(localizer, Known)
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        [CommitteeDesk.NotManager] = "ErrNotManager",
        ["The name is required."] = "ErrName",
        ["At most 200 characters."] = "ErrName",
        ["Choose a client company."] = "ErrCompany",
        ["Choose a holding with client companies."] = "ErrHolding",
        ["Choose a service some client company receives."] = "ErrService",
        ["The first date is required (2000 to 2100)."] = "ErrFirstDate",
        ["An http(s) link of at most 1000 characters."] = "ErrLink",
        ["No such person."] = "ErrPerson",
        ["The person's company is not covered by the committee."] = "ErrPersonCompany",
        ["The person is already a member."] = "ErrMember",
        ["The proposal is already answered."] = "ErrAnswered",
        ["Only a planned meeting can be changed."] = "ErrNotPlanned",
        ["Only a planned meeting can be cancelled."] = "ErrNotPlanned",
        ["An IANA time zone, e.g. Asia/Vladivostok."] = "ErrTimeZone",
        ["The pre-meeting's date is required."] = "ErrPreMeetingDate",
        ["A date from 2000 to 2100."] = "ErrPreMeetingDate",
        ["The committee is not active."] = "ErrInactive",
    };
}
