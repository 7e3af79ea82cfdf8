namespace OneWindow.Web.Features.Committees;

/// <summary>The minutes' and action items' desk refusals in the page's language.</summary>
public sealed class MinutesDeskText(IStringLocalizer localizer) : DeskTranslator(localizer, Known)
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["Only the SSC's managers create action items."] = "ErrNotAllowed",
        ["Only the SSC's managers change action items; the owner moves the status."] = "ErrNotAllowed",
        ["Only the item's owner or the SSC's managers change its status."] = "ErrNotAllowed",
        ["Only the SSC's managers reopen a closed item."] = "ErrReopen",
        ["Say why the item is cancelled."] = "ErrCancelOutcome",
        ["A title is required."] = "ErrTitle",
        ["No such committee."] = "ErrCommittee",
        ["No such meeting of this committee."] = "ErrMeeting",
        ["No such decision of this meeting."] = "ErrDecision",
        ["One of the companies the committee covers."] = "ErrCompany",
        ["The owner is an active SSC person or a person of a company the committee covers."] = "ErrOwner",
        ["The due date is from today to three years ahead."] = "ErrDue",
        ["Give a due date or a number of working days."] = "ErrDueMissing",
        ["From 1 to 250 working days."] = "ErrWorkingDays",
        ["Only the committee's chair approves the minutes."] = "ErrNotChair",
        ["The minutes are approved already."] = "ErrApproved",
        ["The minutes are approved; decisions are read-only."] = "ErrApproved",
        ["The meeting is cancelled."] = "ErrCancelled",
        ["Write at least one decision before approving the minutes."] = "ErrNoDecisions",
        ["Only the SSC's managers or the committee's chair or secretary write the minutes."] = "ErrNotSecretary",
        ["What was heard is required."] = "ErrHeard",
        ["What was decided is required."] = "ErrDecided",
    };
}
