namespace OneWindow.Web.Features.Committees;

public sealed record IssueInput(
    [property: MaxLength(500)] string? Title,
    [property: MaxLength(4000)] string? Description,
    IssueSource? Source,
    Guid? SourceId);

/// <summary>How an issue was settled, and at which pre-meeting (by default the committee's pre-meeting held today, if any).</summary>
public sealed record IssueSettleInput([property: MaxLength(4000)] string? Resolution, Guid? PreMeetingId = null);

/// <summary>The committee meeting to escalate to (by default the next planned one) and the pre-meeting that decided it.</summary>
public sealed record IssueEscalateInput(Guid? MeetingId, Guid? PreMeetingId = null);

public sealed record IssueDto(Guid Id, Guid CommitteeId, string Title, string? Description, CommitteeSide RaisedBySide, Guid RaisedById, string? RaisedBy,
    IssueSource Source, Guid? SourceId, string? SourceLink, IssueStatus Status, Guid? MeetingId, string? Resolution, DateTimeOffset? SettledAt,
    DateTimeOffset CreatedAt, int Version, Guid? PreMeetingId = null);

/// <summary>
/// Issues for a committee: raised by either side (the SSC, and the people of the covered companies — tenancy decides
/// which committees they see), worked at pre-meetings where they are settled, or escalated onto the next committee meeting.
/// </summary>
public sealed class IssueDesk(AppDbContext db, CurrentActor actor, TimeProvider clock)
{
    public const string NotAllowed = "Only the SSC settles or escalates issues.";
    public const string SourceNotFound = "No such source is visible to you.";
    public const string NotAPreMeeting = "Not a pre-meeting of this committee.";

    public static IQueryable<IssueDto> Project(AppDbContext db, IQueryable<CommitteeIssue> issues) =>
        issues.Select(i => new IssueDto(i.Id, i.CommitteeId, i.Title, i.Description, i.RaisedBySide, i.RaisedById,
            db.Users.Where(u => u.Id == i.RaisedById).Select(u => u.FullName).FirstOrDefault(), i.Source, i.SourceId, null, i.Status, i.MeetingId,
            i.Resolution, i.SettledAt, i.CreatedAt, i.Version, i.PreMeetingId));

    public static async Task<List<IssueDto>> ListAsync(AppDbContext db, Guid committeeId, CancellationToken ct) =>
        [.. (await Project(db, db.Set<CommitteeIssue>().AsNoTracking().Where(i => i.CommitteeId == committeeId)).ToListAsync(ct))
            .OrderBy(i => i.Status).ThenByDescending(i => i.CreatedAt).Select(i => i with { SourceLink = IssueLinks.Source(i.Source, i.SourceId) })];

    public static async Task<IssueDto?> GetAsync(AppDbContext db, Guid id, CancellationToken ct) =>
        (await Project(db, db.Set<CommitteeIssue>().AsNoTracking().Where(i => i.Id == id)).FirstOrDefaultAsync(ct)) is { } i
            ? i with { SourceLink = IssueLinks.Source(i.Source, i.SourceId) }
            : null;

    public static bool CanManage(CurrentActor actor) => actor is { Kind: ActorKind.Person, IsClient: false };

    public async Task<DeskResult> RaiseAsync(Guid committeeId, IssueInput input, CancellationToken ct)
    {
        if (actor.UserId is not { } me || !await db.Set<Committee>().AnyAsync(c => c.Id == committeeId, ct))
        {
            return DeskResult.Missing;
        }

        var errors = Annotations.Check(input);
        var source = input.Source ?? IssueSource.FreeText;
        if (!Enum.IsDefined(source))
        {
            errors["source"] = ["source must be FreeText, Ticket, ComplaintCase, ClaimToBusiness, SurveyAction or Breach."];
        }

        string? sourceTitle = null;
        if (errors.Count == 0 && source != IssueSource.FreeText)
        {
            if (input.SourceId is not { } sid)
            {
                errors["sourceId"] = ["A source id is required for this source."];
            }
            else if ((sourceTitle = await SourceTitleAsync(source, sid, ct)) is null)
            {
                errors["sourceId"] = [SourceNotFound];
            }
        }

        var title = string.IsNullOrWhiteSpace(input.Title) ? sourceTitle : input.Title.Trim();
        if (string.IsNullOrWhiteSpace(title) && !errors.ContainsKey("sourceId"))
        {
            errors["title"] = ["A title is required."];
        }

        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        var issue = new CommitteeIssue
        {
            CommitteeId = committeeId,
            Title = TextLimit.Truncate(title!, 500),
            Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(),
            RaisedById = me,
            RaisedBySide = actor.IsClient ? CommitteeSide.Client : CommitteeSide.Ssc,
            Source = source,
            SourceId = source == IssueSource.FreeText ? null : input.SourceId,
            Status = IssueStatus.Open,
        };
        db.Set<CommitteeIssue>().Add(issue);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(issue.Id);
    }

    /// <summary>Settled at a pre-meeting: closed with its resolution, counted in the next pack's "settled before".</summary>
    public async Task<DeskResult> SettleAsync(Guid id, IssueSettleInput input, CancellationToken ct)
    {
        if (!CanManage(actor))
        {
            return DeskResult.Refused(NotAllowed);
        }

        var issue = await db.Set<CommitteeIssue>().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (issue is null)
        {
            return DeskResult.Missing;
        }

        var errors = Annotations.Check(input);
        if (string.IsNullOrWhiteSpace(input.Resolution))
        {
            errors["resolution"] = ["How the issue was settled is required."];
        }

        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        if (issue.Status is not (IssueStatus.Open or IssueStatus.Escalated))
        {
            return DeskResult.Clash("Only an open or escalated issue can be settled.");
        }

        if (await PreMeetingAsync(issue, input.PreMeetingId, ct) is not { } preMeeting)
        {
            return DeskResult.Field("preMeetingId", NotAPreMeeting);
        }

        issue.PreMeetingId = preMeeting.Id;
        issue.Status = IssueStatus.Settled;
        issue.Resolution = input.Resolution!.Trim();
        issue.SettledAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(issue.Id);
    }

    /// <summary>Escalated onto the committee's agenda: the meeting named, or the next planned committee meeting.</summary>
    public async Task<DeskResult> EscalateAsync(Guid id, IssueEscalateInput? input, CancellationToken ct)
    {
        if (!CanManage(actor))
        {
            return DeskResult.Refused(NotAllowed);
        }

        var issue = await db.Set<CommitteeIssue>().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (issue is null)
        {
            return DeskResult.Missing;
        }

        if (issue.Status != IssueStatus.Open)
        {
            return DeskResult.Clash("Only an open issue can be escalated.");
        }

        var meetings = db.Set<CommitteeMeeting>().Where(m => m.CommitteeId == issue.CommitteeId && m.Kind == MeetingKind.Committee && m.Status == MeetingStatus.Planned);
        Guid? meetingId;
        if (input?.MeetingId is { } wanted)
        {
            if (!await meetings.AnyAsync(m => m.Id == wanted, ct))
            {
                return DeskResult.Field("meetingId", "Not a planned meeting of this committee.");
            }

            meetingId = wanted;
        }
        else
        {
            var next = await meetings.OrderBy(m => m.Date).ThenBy(m => m.Number).Select(m => new { m.Id }).FirstOrDefaultAsync(ct);
            // With no meeting planned yet the issue waits for the next one (the pack shows escalated issues without a meeting).
            meetingId = next?.Id;
        }

        if (await PreMeetingAsync(issue, input?.PreMeetingId, ct) is not { } preMeeting)
        {
            return DeskResult.Field("preMeetingId", NotAPreMeeting);
        }

        issue.PreMeetingId = preMeeting.Id;
        issue.Status = IssueStatus.Escalated;
        issue.MeetingId = meetingId;
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(issue.Id);
    }

    /// <summary>
    /// The pre-meeting that worked the issue: the one named (a pre-meeting of the issue's committee, not cancelled), else
    /// the committee's pre-meeting dated today in its zone; wraps "none" so a missing default is not an error.
    /// </summary>
    private async Task<PreMeetingRef?> PreMeetingAsync(CommitteeIssue issue, Guid? wanted, CancellationToken ct)
    {
        var preMeetings = db.Set<CommitteeMeeting>()
            .Where(m => m.CommitteeId == issue.CommitteeId && m.Kind == MeetingKind.PreMeeting && m.Status != MeetingStatus.Cancelled);
        if (wanted is { } id)
        {
            return await preMeetings.AnyAsync(m => m.Id == id, ct) ? new PreMeetingRef(id) : null;
        }

        var zone = await db.Set<Committee>().Where(c => c.Id == issue.CommitteeId).Select(c => c.TimeZoneId).FirstAsync(ct);
        var today = LocalDates.Of(clock.GetUtcNow(), ViewerTime.Zone(zone));
        return new PreMeetingRef(await preMeetings.Where(m => m.Date == today).OrderBy(m => m.StartsAt).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(ct));
    }

    private sealed record PreMeetingRef(Guid? Id);

    private async Task<string?> SourceTitleAsync(IssueSource source, Guid id, CancellationToken ct) => source switch
    {
        IssueSource.Ticket => await db.Tickets.AsNoTracking().Where(t => t.Id == id).Select(t => t.Number + " " + t.Subject).FirstOrDefaultAsync(ct),
        IssueSource.ComplaintCase => await db.Set<Feedback.FeedbackCase>().AsNoTracking()
            .Where(c => c.Id == id && c.Direction == Feedback.FeedbackCaseDirection.ClientComplaint).Select(c => c.Number).FirstOrDefaultAsync(ct),
        IssueSource.ClaimToBusiness => await db.Set<Feedback.FeedbackCase>().AsNoTracking()
            .Where(c => c.Id == id && c.Direction == Feedback.FeedbackCaseDirection.ClaimToBusiness).Select(c => c.Number).FirstOrDefaultAsync(ct),
        IssueSource.SurveyAction => await db.Set<Surveys.SurveyAction>().AsNoTracking().Where(a => a.Id == id).Select(a => a.Title).FirstOrDefaultAsync(ct),
        IssueSource.Breach => await db.AgreementMetrics.AsNoTracking().Where(m => m.Id == id).Select(m => m.Name).FirstOrDefaultAsync(ct),
        _ => null,
    };
}
