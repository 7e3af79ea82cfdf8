using Microsoft.AspNetCore.Hosting.Server;
using OneWindow.Web.Features.Mail;

namespace OneWindow.Web.Features.Committees;

/// <summary>One item of the minutes as written: what was heard («СЛУШАЛИ») and what was decided («РЕШИЛИ»), and its place.</summary>
public sealed record DecisionInput(
    [property: Required, MaxLength(4000)] string? Heard,
    [property: Required, MaxLength(4000)] string? Decided,
    int? Order = null,
    Guid? IssueId = null);

/// <summary>Whether one person was present at the meeting.</summary>
public sealed record AttendanceInput([property: Required] Guid? PersonId, bool Present, [property: MaxLength(500)] string? Note = null);

public sealed record DecisionDto(Guid Id, int Order, string Heard, string Decided, Guid? IssueId, IReadOnlyList<MinutesActionItem> ActionItems, int Version);

public sealed record MinutesActionItem(Guid Id, string Title, string Owner, CommitteeSide Side, DateOnly DueOn, ActionItemStatus Status);

public sealed record MinutesPerson(Guid PersonId, string Name, CommitteeRole? Role, CommitteeSide Side, bool Present, string? Note);

/// <summary>The minutes of one meeting: the committee, number, date and place, chair and secretary, who attended, the decisions with their action items, the approval.</summary>
public sealed record MinutesView(Guid MeetingId, Guid CommitteeId, string Committee, IReadOnlyList<string> Companies, int Number, DateOnly Date, string? Place,
    MeetingStatus Status, string? Chair, string? Secretary, IReadOnlyList<MinutesPerson> People, IReadOnlyList<DecisionDto> Decisions,
    DateTimeOffset? ApprovedAt, string? ApprovedBy, DateTimeOffset? SentAt, bool CanEdit, bool CanApprove);

/// <summary>
/// The minutes' one write path (API and page): decisions and attendance are written by the SSC's managers or the
/// committee's chair or secretary until the chair approves the minutes; from then the decisions are read-only. On
/// approval the minutes (DOCX) are emailed to every member in the same save, and the meeting is stamped as sent.
/// </summary>
public sealed class MinutesDesk(AppDbContext db, CurrentActor actor, TimeProvider clock, Mailer mailer, IConfiguration configuration, IServer server)
{
    public const int MaxDecisions = 100;

    /// <summary>The minutes of a meeting in the caller's scope, or null.</summary>
    public async Task<MinutesView?> ViewAsync(Guid meetingId, CancellationToken ct)
    {
        var meeting = await db.Set<CommitteeMeeting>().AsNoTracking().Include(m => m.Committee).FirstOrDefaultAsync(m => m.Id == meetingId, ct);
        if (meeting?.Committee is not { } committee)
        {
            return null;
        }

        var members = await db.Set<CommitteeMember>().AsNoTracking().Where(m => m.CommitteeId == committee.Id)
            .Select(m => new { m.PersonId, m.Role, m.Side, Name = m.Person!.FullName }).ToListAsync(ct);
        var attendance = await db.Set<MeetingAttendance>().AsNoTracking().Where(a => a.MeetingId == meetingId).ToListAsync(ct);
        var guests = attendance.Where(a => members.All(m => m.PersonId != a.PersonId)).Select(a => a.PersonId).ToList();
        var guestPeople = await db.Users.IgnoreQueryFilters().AsNoTracking().Where(u => guests.Contains(u.Id))
            .Select(u => new { u.Id, u.FullName, u.CompanyId }).ToListAsync(ct);
        var people = members.Select(m =>
            {
                var a = attendance.FirstOrDefault(x => x.PersonId == m.PersonId);
                return new MinutesPerson(m.PersonId, m.Name, m.Role, m.Side, a?.Present == true, a?.Note);
            })
            .Concat(guestPeople.Select(g =>
            {
                var a = attendance.First(x => x.PersonId == g.Id);
                return new MinutesPerson(g.Id, g.FullName, null, g.CompanyId is null ? CommitteeSide.Ssc : CommitteeSide.Client, a.Present, a.Note);
            }))
            .OrderBy(p => p.Role ?? CommitteeRole.Invited).ThenBy(p => p.Side).ThenBy(p => p.Name, StringComparer.CurrentCulture).ToList();

        var decisions = await db.Set<MeetingDecision>().AsNoTracking().Where(d => d.MeetingId == meetingId).OrderBy(d => d.Order).ThenBy(d => d.CreatedAt).ToListAsync(ct);
        // The items are read unfiltered by company: the minutes show every decision's items to whoever may read the meeting.
        var items = await db.Set<ActionItem>().IgnoreQueryFilters().AsNoTracking().Where(a => a.MeetingId == meetingId && a.DecisionId != null)
            .OrderBy(a => a.DueOn).Select(a => new { a.DecisionId, Item = new MinutesActionItem(a.Id, a.Title, a.Owner!.FullName, a.Side, a.DueOn, a.Status) })
            .ToListAsync(ct);
        var companies = await db.Companies.IgnoreQueryFilters().AsNoTracking()
            .Where(c => db.Set<CommitteeCompany>().Any(cc => cc.CommitteeId == committee.Id && cc.CompanyId == c.Id)).Select(c => c.Name).ToListAsync(ct);
        var approvedBy = meeting.MinutesApprovedById is { } by
            ? await db.Users.IgnoreQueryFilters().Where(u => u.Id == by).Select(u => u.FullName).FirstOrDefaultAsync(ct)
            : null;
        return new MinutesView(meeting.Id, committee.Id, committee.Name, companies, meeting.Number, meeting.Date, meeting.Place ?? committee.Place, meeting.Status,
            members.FirstOrDefault(m => m.Role == CommitteeRole.Chair)?.Name, members.FirstOrDefault(m => m.Role == CommitteeRole.Secretary)?.Name, people,
            [.. decisions.Select(d => new DecisionDto(d.Id, d.Order, d.Heard, d.Decided, d.IssueId, [.. items.Where(i => i.DecisionId == d.Id).Select(i => i.Item)], d.Version))],
            meeting.MinutesApprovedAt, approvedBy, meeting.MinutesSentAt,
            meeting.MinutesApprovedAt is null && CanWrite(members.Where(m => m.PersonId == actor.UserId).Select(m => (CommitteeRole?)m.Role).FirstOrDefault()),
            meeting.MinutesApprovedAt is null && (IsAdmin || members.Any(m => m.PersonId == actor.UserId && m.Role == CommitteeRole.Chair)));
    }

    private bool IsAdmin => actor is { Kind: ActorKind.Person, IsClient: false } && actor.Principal.IsInRole(Roles.Admin);

    private bool CanWrite(CommitteeRole? role) => ActionItemDesk.CanManage(actor) || role is CommitteeRole.Chair or CommitteeRole.Secretary;

    public async Task<DeskResult> AddDecisionAsync(Guid meetingId, DecisionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await EditableAsync(meetingId, ct) is { } refused)
        {
            return refused;
        }

        var errors = Check(input);
        var count = await db.Set<MeetingDecision>().CountAsync(d => d.MeetingId == meetingId, ct);
        if (count >= MaxDecisions)
        {
            errors["order"] = ["At most 100 decisions in the minutes."];
        }

        await CheckIssueAsync(meetingId, input.IssueId, errors, ct);
        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        var decision = new MeetingDecision
        {
            MeetingId = meetingId,
            Order = input.Order ?? (await db.Set<MeetingDecision>().Where(d => d.MeetingId == meetingId).MaxAsync(d => (int?)d.Order, ct) ?? 0) + 1,
            Heard = input.Heard!.Trim(),
            Decided = input.Decided!.Trim(),
            IssueId = input.IssueId,
        };
        db.Set<MeetingDecision>().Add(decision);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(decision.Id);
    }

    public async Task<DeskResult> ChangeDecisionAsync(MeetingDecision decision, DecisionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(input);
        if (await EditableAsync(decision.MeetingId, ct) is { } refused)
        {
            return refused;
        }

        var errors = Check(input);
        await CheckIssueAsync(decision.MeetingId, input.IssueId, errors, ct);
        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        decision.Heard = input.Heard!.Trim();
        decision.Decided = input.Decided!.Trim();
        decision.Order = input.Order ?? decision.Order;
        decision.IssueId = input.IssueId;
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(decision.Id);
    }

    /// <summary>Removes a decision; its action items stay, no longer tied to it.</summary>
    public async Task<DeskResult> DeleteDecisionAsync(MeetingDecision decision, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (await EditableAsync(decision.MeetingId, ct) is { } refused)
        {
            return refused;
        }

        await foreach (var item in db.Set<ActionItem>().IgnoreQueryFilters().Where(a => a.DecisionId == decision.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            item.DecisionId = null;
        }

        db.Set<MeetingDecision>().Remove(decision);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(decision.Id);
    }

    /// <summary>The attendance check-list: each person given is marked present or not (members and invited guests).</summary>
    public async Task<DeskResult> SetAttendanceAsync(Guid meetingId, IReadOnlyList<AttendanceInput?>? input, CancellationToken ct)
    {
        if (await EditableAsync(meetingId, ct) is { } refused)
        {
            return refused;
        }

        if (input is null || input.Count == 0 || input.Count > 200 || input.Any(a => a?.PersonId is null))
        {
            return DeskResult.Field("attendance", "From 1 to 200 people, each with a personId.");
        }

        if (input.Any(a => a!.Note is { Length: > 500 }))
        {
            return DeskResult.Field("note", "At most 500 characters.");
        }

        var ids = input.Select(a => a!.PersonId!.Value).Distinct().ToList();
        var known = await db.Users.IgnoreQueryFilters().Where(u => ids.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);
        if (known.Count != ids.Count)
        {
            return DeskResult.Field("personId", "No such person.");
        }

        var rows = await db.Set<MeetingAttendance>().Where(a => a.MeetingId == meetingId && ids.Contains(a.PersonId)).ToListAsync(ct);
        foreach (var a in input.DistinctBy(a => a!.PersonId))
        {
            var row = rows.FirstOrDefault(r => r.PersonId == a!.PersonId);
            if (row is null)
            {
                row = new MeetingAttendance { MeetingId = meetingId, PersonId = a!.PersonId!.Value };
                db.Set<MeetingAttendance>().Add(row);
            }

            row.Present = a!.Present;
            row.Note = string.IsNullOrWhiteSpace(a.Note) ? null : a.Note.Trim();
        }

        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(meetingId);
    }

    /// <summary>
    /// The chair (or an administrator) approves the minutes: the decisions become read-only and the minutes go to every
    /// member with an email address, the DOCX attached, in the same save that stamps the approval and the sending.
    /// </summary>
    public async Task<DeskResult> ApproveAsync(Guid meetingId, CancellationToken ct)
    {
        var meeting = await db.Set<CommitteeMeeting>().Include(m => m.Committee).FirstOrDefaultAsync(m => m.Id == meetingId, ct);
        if (meeting is null)
        {
            return DeskResult.Missing;
        }

        var chair = await db.Set<CommitteeMember>().AnyAsync(m => m.CommitteeId == meeting.CommitteeId && m.PersonId == actor.UserId && m.Role == CommitteeRole.Chair, ct);
        if (!chair && !IsAdmin)
        {
            return DeskResult.Refused("Only the committee's chair approves the minutes.");
        }

        if (meeting.MinutesApprovedAt is not null)
        {
            return DeskResult.Clash("The minutes are approved already.");
        }

        if (meeting.Status is MeetingStatus.Cancelled)
        {
            return DeskResult.Clash("The meeting is cancelled.");
        }

        if (!await db.Set<MeetingDecision>().AnyAsync(d => d.MeetingId == meetingId, ct))
        {
            return DeskResult.Field("decisions", "Write at least one decision before approving the minutes.");
        }

        var now = clock.GetUtcNow();
        meeting.MinutesApprovedAt = now;
        meeting.MinutesApprovedById = actor.UserId;
        var view = (await ViewAsync(meetingId, ct))! with { ApprovedAt = now };
        var docx = new MailAttachment(MinutesDocuments.FileName(view, "docx"), MinutesDocuments.DocxType, MinutesDocuments.Docx(view));
        var link = Infrastructure.PublicAddress.Of(configuration, server) + $"/committees/meetings/{meetingId}/minutes";
        var recipients = await db.Set<CommitteeMember>().Where(m => m.CommitteeId == meeting.CommitteeId)
            .Select(m => new { m.Person!.FullName, m.Person.Email, m.Person.Culture, m.Person.IsActive }).ToListAsync(ct);
        foreach (var to in recipients.Where(r => r.IsActive && r.Email is { Length: > 0 }))
        {
            var english = to.Culture?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true;
            var date = meeting.Date.ToString(english ? "d MMM yyyy" : "dd.MM.yyyy", CultureInfo.GetCultureInfo(english ? "en" : "ru"));
            await mailer.QueueWithAttachmentsAsync(MailTemplateKeys.CommitteeMinutes, to.Culture, new CommitteeMinutesModel(to.FullName, view.Committee, meeting.Number, date, link),
                [new MailRecipient(to.Email!, to.FullName)], [docx], ct);
        }

        meeting.MinutesSentAt = now;
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(meetingId);
    }

    /// <summary>Null when the actor may write this meeting's minutes now; else why not (missing, refused, approved).</summary>
    private async Task<DeskResult?> EditableAsync(Guid meetingId, CancellationToken ct)
    {
        var meeting = await db.Set<CommitteeMeeting>().AsNoTracking().Where(m => m.Id == meetingId)
            .Select(m => new { m.CommitteeId, m.MinutesApprovedAt }).FirstOrDefaultAsync(ct);
        if (meeting is null)
        {
            return DeskResult.Missing;
        }

        var role = await db.Set<CommitteeMember>().Where(m => m.CommitteeId == meeting.CommitteeId && m.PersonId == actor.UserId)
            .Select(m => (CommitteeRole?)m.Role).FirstOrDefaultAsync(ct);
        if (!CanWrite(role))
        {
            return DeskResult.Refused("Only the SSC's managers or the committee's chair or secretary write the minutes.");
        }

        return meeting.MinutesApprovedAt is not null ? DeskResult.Clash("The minutes are approved; decisions are read-only.") : null;
    }

    private static Dictionary<string, string[]> Check(DecisionInput input)
    {
        var errors = Annotations.Check(input);
        if (input.Heard is { } heard && string.IsNullOrWhiteSpace(heard))
        {
            errors["heard"] = ["What was heard is required."];
        }

        if (input.Decided is { } decided && string.IsNullOrWhiteSpace(decided))
        {
            errors["decided"] = ["What was decided is required."];
        }

        if (input.Order is < 0 or > 10_000)
        {
            errors["order"] = ["From 0 to 10000."];
        }

        return errors;
    }

    private async Task CheckIssueAsync(Guid meetingId, Guid? issueId, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (issueId is { } id && !await db.Set<CommitteeIssue>().AnyAsync(
                i => i.Id == id && db.Set<CommitteeMeeting>().Any(m => m.Id == meetingId && m.CommitteeId == i.CommitteeId), ct))
        {
            errors["issueId"] = ["No such issue of this committee."];
        }
    }
}
