using System.Text.Json;
using System.Text.Json.Serialization;
using OneWindow.Web.Features.Feedback;
using OneWindow.Web.Features.ServiceLevels.Reports;
using OneWindow.Web.Features.Surveys;

namespace OneWindow.Web.Features.Committees;

/// <summary>
/// Builds a meeting's agenda pack from live data through the other features' seams — the SL report and trend, the
/// feedback figures and case list, the survey results — so its figures are theirs for the same period and viewer; and
/// freezes it when the meeting starts. Tenancy comes from the data layer: a meeting out of scope is null (not found).
/// </summary>
public sealed class PackBuilder(AppDbContext db, CurrentActor actor, ServiceLevelReports reports, SurveyResults surveys, TimeProvider clock)
{
    public const int TrendCount = 6;
    public const string NotStartable = "Only a planned meeting can be started.";
    public const string NotAllowed = "Only the SSC's committee managers start a meeting.";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Whether the actor may read the meeting's pack: the SSC and client executives in scope, other client people only as members.</summary>
    public async Task<bool> CanReadAsync(CommitteeMeeting meeting, CancellationToken ct) =>
        !actor.IsClient || actor.Principal.IsInRole(Roles.ClientExecutive)
        || await db.Set<CommitteeMember>().AnyAsync(m => m.CommitteeId == meeting.CommitteeId && m.PersonId == actor.UserId, ct);

    public static bool CanStart(CurrentActor actor) =>
        actor is { Kind: ActorKind.Person, IsClient: false }
        && (actor.Principal.IsInRole(Roles.Admin) || actor.Principal.IsInRole(Roles.QualityManager)
            || actor.Principal.IsInRole(Roles.ClientSuccessManager) || actor.Principal.IsInRole(Roles.DeliveryLead));

    /// <summary>The frozen pack once the meeting started, else the live one; null when the meeting is not visible or not readable.</summary>
    public async Task<CommitteePackDto?> LoadAsync(Guid meetingId, CancellationToken ct)
    {
        var meeting = await db.Set<CommitteeMeeting>().AsNoTracking().Include(m => m.Committee).FirstOrDefaultAsync(m => m.Id == meetingId, ct);
        if (meeting?.Committee is null || !await CanReadAsync(meeting, ct))
        {
            return null;
        }

        return meeting.FrozenPack is { } frozen ? JsonSerializer.Deserialize<CommitteePackDto>(frozen, Json) : await BuildAsync(meeting, ct);
    }

    /// <summary>The live pack of a meeting; null when it is not visible.</summary>
    public async Task<CommitteePackDto?> BuildAsync(Guid meetingId, CancellationToken ct)
    {
        var meeting = await db.Set<CommitteeMeeting>().AsNoTracking().Include(m => m.Committee).FirstOrDefaultAsync(m => m.Id == meetingId, ct);
        return meeting?.Committee is null ? null : await BuildAsync(meeting, ct);
    }

    /// <summary>Starts the meeting: Started, the start instant, and the pack frozen as it stands now.</summary>
    public async Task<DeskResult> StartAsync(Guid meetingId, CancellationToken ct)
    {
        if (!CanStart(actor))
        {
            return DeskResult.Refused(NotAllowed);
        }

        var meeting = await db.Set<CommitteeMeeting>().Include(m => m.Committee).FirstOrDefaultAsync(m => m.Id == meetingId, ct);
        if (meeting?.Committee is null)
        {
            return DeskResult.Missing;
        }

        if (meeting.Status != MeetingStatus.Planned)
        {
            return DeskResult.Clash(NotStartable);
        }

        var pack = await BuildAsync(meeting, ct);
        var now = clock.GetUtcNow();
        meeting.Status = MeetingStatus.Started;
        meeting.StartedAt = now;
        meeting.FrozenPack = Freeze(pack, MeetingStatus.Started);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(meeting.Id);
    }

    /// <summary>The pack as the meeting keeps it once started.</summary>
    internal static string Freeze(CommitteePackDto pack, MeetingStatus status) => JsonSerializer.Serialize(pack with { Status = status, Frozen = true }, Json);

    private async Task<CommitteePackDto> BuildAsync(CommitteeMeeting meeting, CancellationToken ct)
    {
        var committee = meeting.Committee!;
        var now = clock.GetUtcNow();
        if (!ReportPeriod.TryParse(meeting.PeriodKey, out var period))
        {
            // A meeting without a readable period looks back on the month before it.
            period = ReportPeriod.Of(PeriodUnit.Month, meeting.Date).Previous;
        }

        var companyIds = await db.Set<CommitteeCompany>().AsNoTracking().Where(c => c.CommitteeId == committee.Id).Select(c => c.CompanyId).ToListAsync(ct);
        var companies = (await db.Companies.AsNoTracking().Where(c => companyIds.Contains(c.Id)).Select(c => new PackCompany(c.Id, c.Name)).ToListAsync(ct))
            .OrderBy(c => c.Name, StringComparer.CurrentCulture).ToList();
        var today = LocalDates.Of(now, ViewerTime.Zone(committee.TimeZoneId));
        var ssc = !actor.IsClient;

        var levels = new List<PackServiceLevel>();
        var feedback = new List<PackFeedback>();
        var surveyList = new List<PackSurvey>();
        var sscZone = await TimeZones.ServiceCenterAsync(db, ct);
        foreach (var company in companies)
        {
            levels.AddRange(await LevelsAsync(company, period, ct));
            feedback.Add(await FeedbackAsync(company, period, sscZone, now, ssc, ct));
            if (await surveys.LatestForCompanyAsync(company.Id, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, ct) is { } s)
            {
                surveyList.Add(new PackSurvey(company.Id, company.Name, s.CampaignId, s.Campaign, s.Wave, s.Closes, s.Figures.Responses, s.Figures.Hidden,
                    s.Figures.Nps?.Score, s.Figures.Csi?.Index, $"/surveys/{s.CampaignId}/results"));
            }
        }

        return new CommitteePackDto(meeting.Id, committee.Id, committee.Name, meeting.Number, meeting.Date, period.Key, meeting.Status,
            meeting.FrozenPack is not null, now, companies, levels, feedback, surveyList,
            await ActionsAsync(committee.Id, today, ct),
            await IssuesAsync(meeting, ct),
            await PlannedChangesAsync(companies, ct));
    }

    private async Task<List<PackServiceLevel>> LevelsAsync(PackCompany company, ReportPeriod period, CancellationToken ct)
    {
        var report = await reports.ReportAsync(period, company.Id, ProcessFilter.Anything, ct);
        var trend = await reports.TrendAsync(period.Unit, TrendCount, period, company.Id, ProcessFilter.Anything, ct);
        return [.. report.Rows.Select(r =>
        {
            var points = trend.Rows.FirstOrDefault(t => t.CompanyId == r.CompanyId && t.ServiceId == r.ServiceId)?.Points ?? [];
            var process = r.ServiceId?.ToString() ?? ProcessFilter.AllProcessesKey;
            var link = $"/service-levels?period={period.Key}&companyId={r.CompanyId}&serviceId={process}";
            return new PackServiceLevel(r.CompanyId, r.CompanyName, r.ServiceId, r.ServiceName, r.AllProcesses, r.SlaAttainment, r.OlaAttainment, r.Index,
                r.SlaTarget, r.OlaTarget, r.IndexTarget,
                r.Metrics.Where(m => m.Side == ServiceLevels.MetricSide.Sla).Sum(m => m.Breached), r.Metrics.Where(m => m.Side == ServiceLevels.MetricSide.Ola).Sum(m => m.Breached),
                [.. points.Select(p => new PackTrendPoint(p.Period, p.SlaAttainment, p.OlaAttainment, p.Index))],
                link, $"/service-levels/items?period={period.Key}&companyId={r.CompanyId}&serviceId={process}&breachesOnly=true");
        })];
    }

    private async Task<PackFeedback> FeedbackAsync(PackCompany company, ReportPeriod period, TimeZoneInfo sscZone, DateTimeOffset now, bool ssc,
        CancellationToken ct)
    {
        var grades = await FeedbackFigures.CompanyGradesAsync(db, company.Id, period, ct);
        var complaints = await FeedbackCaseFigures.ForCompanyAsync(db, actor, company.Id, FeedbackCaseDirection.ClientComplaint, now, ct);
        var claims = await FeedbackCaseFigures.ForCompanyAsync(db, actor, company.Id, FeedbackCaseDirection.ClaimToBusiness, now, ct);
        bool InPeriod(DateTimeOffset? at) => at is { } a && period.Contains(LocalDates.Of(a, sscZone));
        PackCaseCounts Counts(List<CaseSummary> cases, string link) => new(
            cases.Count(c => c.Status != FeedbackCaseStatus.Closed), cases.Count(c => c.Status != FeedbackCaseStatus.Closed && c.Overdue),
            cases.Count(c => InPeriod(c.OpenedAt)), cases.Count(c => c.Status == FeedbackCaseStatus.Closed && InPeriod(c.ClosedAt)), link);
        var caseLink = (string direction) => ssc ? $"/feedback/cases?company={company.Id}&direction={direction}" : direction == nameof(FeedbackCaseDirection.ClaimToBusiness) ? "/claims" : "/feedback/cases";
        var items = complaints.Concat(claims).Where(c => c.Status != FeedbackCaseStatus.Closed || InPeriod(c.OpenedAt) || InPeriod(c.ClosedAt))
            .OrderBy(c => c.Direction).ThenBy(c => c.OpenedAt)
            .Select(c => new PackCase(c.Id, c.Number, c.Direction.ToString(), c.Status.ToString(), c.OpenedAt, c.DueAt, c.Status != FeedbackCaseStatus.Closed && c.Overdue,
                c.Grade, c.Scale, $"/feedback/cases/{c.Id}"))
            .ToList();
        return new PackFeedback(company.Id, company.Name, new PackCsat(grades.Count, grades.Satisfied, grades.Csat, grades.AverageGrade),
            $"/feedback/ratings?period={period.Key}&companyId={company.Id}",
            Counts(complaints, caseLink(nameof(FeedbackCaseDirection.ClientComplaint))), Counts(claims, caseLink(nameof(FeedbackCaseDirection.ClaimToBusiness))), items);
    }

    private async Task<PackActions> ActionsAsync(Guid committeeId, DateOnly today, CancellationToken ct)
    {
        var rows = await db.Set<ActionItem>().AsNoTracking()
            .Where(a => a.CommitteeId == committeeId && (a.Status == ActionItemStatus.Open || a.Status == ActionItemStatus.InProgress))
            .OrderBy(a => a.DueOn)
            .Select(a => new { a.Id, a.Title, Owner = a.Owner != null ? a.Owner.FullName : null, a.Side, a.DueOn, a.Status })
            .ToListAsync(ct);
        var items = rows.Select(a => new PackAction(a.Id, a.Title, a.Owner, a.Side, a.DueOn, a.Status, a.DueOn < today)).ToList();
        var overdue = items.Where(a => a.Overdue).ToList();
        return new PackActions(items.Count, overdue.Count, items, overdue, $"/committees/{committeeId}");
    }

    private async Task<PackIssues> IssuesAsync(CommitteeMeeting meeting, CancellationToken ct)
    {
        var escalated = await db.Set<CommitteeIssue>().AsNoTracking()
            .Where(i => i.CommitteeId == meeting.CommitteeId && i.Status == IssueStatus.Escalated && (i.MeetingId == null || i.MeetingId == meeting.Id))
            .Select(i => new { i.Id, i.Title, i.Description, i.RaisedBySide, i.Source, i.SourceId, i.CreatedAt })
            .ToListAsync(ct);
        // "Settled before": at pre-meetings since the committee's previous meeting (all of them before the first).
        var previous = await db.Set<CommitteeMeeting>().AsNoTracking()
            .Where(m => m.CommitteeId == meeting.CommitteeId && m.Kind == MeetingKind.Committee && m.Id != meeting.Id && m.Date < meeting.Date
                && m.Status != MeetingStatus.Cancelled)
            .OrderByDescending(m => m.Date).Select(m => (DateOnly?)m.Date).FirstOrDefaultAsync(ct);
        var settled = await db.Set<CommitteeIssue>().AsNoTracking()
            .Where(i => i.CommitteeId == meeting.CommitteeId && i.Status == IssueStatus.Settled)
            .Select(i => i.SettledAt).ToListAsync(ct);
        var since = previous is { } p ? LocalDates.StartOf(p, ViewerTime.Zone(meeting.Committee!.TimeZoneId)) : (DateTimeOffset?)null;
        return new PackIssues(
            [.. escalated.OrderBy(i => i.CreatedAt).Select(i => new PackIssue(i.Id, i.Title, i.Description, i.RaisedBySide, i.Source, i.SourceId, IssueLinks.Source(i.Source, i.SourceId)))],
            settled.Count(s => since is null || s is null || s >= since), $"/committees/{meeting.CommitteeId}/issues");
    }

    private async Task<List<PackPlannedChange>> PlannedChangesAsync(List<PackCompany> companies, CancellationToken ct)
    {
        var ids = companies.Select(c => c.Id).ToList();
        var rows = await db.Set<PlannedChange>().AsNoTracking()
            .Where(c => ids.Contains(c.CompanyId) && (c.Status == PlannedChangeStatus.Planned || c.Status == PlannedChangeStatus.InProgress))
            .Select(c => new { c.Id, c.CompanyId, c.What, c.PlannedOn, c.Processes, c.Impact, c.Status, c.SscOwnerId })
            .ToListAsync(ct);
        var ownerIds = rows.Where(r => r.SscOwnerId is not null).Select(r => r.SscOwnerId!.Value).Distinct().ToList();
        var owners = await db.Users.AsNoTracking().Where(u => ownerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        return [.. rows.OrderBy(r => r.PlannedOn ?? DateOnly.MaxValue).Select(r => new PackPlannedChange(r.Id, r.CompanyId,
            companies.First(c => c.Id == r.CompanyId).Name, r.What, r.PlannedOn, r.Processes, r.Impact,
            r.SscOwnerId is { } o ? owners.GetValueOrDefault(o) : null, r.Status, $"/planned-changes?companyId={r.CompanyId}"))];
    }
}

/// <summary>Where an issue's source opens.</summary>
public static class IssueLinks
{
    public static string? Source(IssueSource source, Guid? id) => (source, id) switch
    {
        (IssueSource.Ticket, { } t) => $"/tickets/{t}",
        (IssueSource.ComplaintCase or IssueSource.ClaimToBusiness, { } c) => $"/feedback/cases/{c}",
        (IssueSource.SurveyAction, _) => "/surveys/actions",
        (IssueSource.Breach, { } m) => $"/service-levels/items?metricId={m}&breachesOnly=true",
        _ => null,
    };
}
