namespace OneWindow.Web.Features.Committees;

/// <summary>
/// The agenda pack of a committee meeting: the figures of the covered companies for the meeting's period, each with the
/// link to the list behind it. Built live until the meeting starts, then frozen as JSON in <see cref="CommitteeMeeting.FrozenPack"/>.
/// </summary>
public sealed record CommitteePackDto(
    Guid MeetingId,
    Guid CommitteeId,
    string Committee,
    int Number,
    DateOnly Date,
    string Period,
    MeetingStatus Status,
    bool Frozen,
    DateTimeOffset BuiltAt,
    IReadOnlyList<PackCompany> Companies,
    IReadOnlyList<PackServiceLevel> ServiceLevels,
    IReadOnlyList<PackFeedback> Feedback,
    IReadOnlyList<PackSurvey> Surveys,
    PackActions Actions,
    PackIssues Issues,
    IReadOnlyList<PackPlannedChange> PlannedChanges);

public sealed record PackCompany(Guid Id, string Name);

public sealed record PackTrendPoint(string Period, double? Sla, double? Ola, double? Index);

/// <summary>One client × process of the period: the SL report's row with its breaches and trend.</summary>
public sealed record PackServiceLevel(Guid CompanyId, string Company, Guid? ServiceId, string? Service, bool AllProcesses, double? Sla, double? Ola,
    double? Index, double? SlaTarget, double? OlaTarget, double? IndexTarget, int SlaBreaches, int OlaBreaches, IReadOnlyList<PackTrendPoint> Trend,
    string Link, string BreachesLink);

public sealed record PackCsat(int Count, int Satisfied, decimal? Csat, double? AverageGrade);

public sealed record PackCase(Guid Id, string Number, string Direction, string Status, DateTimeOffset OpenedAt, DateTimeOffset DueAt, bool Overdue,
    int Grade, int Scale, string Link);

/// <summary>Cases of one direction: open now, of them overdue, opened and closed in the period.</summary>
public sealed record PackCaseCounts(int Open, int Overdue, int OpenedInPeriod, int ClosedInPeriod, string Link);

/// <summary>A company's feedback of the period: CSAT of the ratings, complaint cases and claims to the business.</summary>
public sealed record PackFeedback(Guid CompanyId, string Company, PackCsat Csat, string RatingsLink, PackCaseCounts Complaints, PackCaseCounts Claims,
    IReadOnlyList<PackCase> Cases);

public sealed record PackSurvey(Guid CompanyId, string Company, Guid CampaignId, string Campaign, int Wave, DateOnly Closes, int Responses, bool Hidden,
    decimal? Nps, decimal? Csi, string Link);

public sealed record PackAction(Guid Id, string Title, string? Owner, CommitteeSide Side, DateOnly DueOn, ActionItemStatus Status, bool Overdue);

public sealed record PackActions(int Open, int Overdue, IReadOnlyList<PackAction> Items, IReadOnlyList<PackAction> OverdueItems, string Link);

public sealed record PackIssue(Guid Id, string Title, string? Description, CommitteeSide RaisedBySide, IssueSource Source, Guid? SourceId, string? SourceLink);

/// <summary>Issues escalated onto the agenda, and how many were settled at pre-meetings since the previous committee meeting.</summary>
public sealed record PackIssues(IReadOnlyList<PackIssue> Escalated, int SettledBefore, string Link);

public sealed record PackPlannedChange(Guid Id, Guid CompanyId, string Company, string What, DateOnly? PlannedOn, string? Processes, string? Impact,
    string? SscOwner, PlannedChangeStatus Status, string Link);
