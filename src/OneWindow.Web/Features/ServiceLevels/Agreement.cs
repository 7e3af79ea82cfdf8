using OneWindow.Web.Features.Calendars;

namespace OneWindow.Web.Features.ServiceLevels;

/// <summary>
/// An agreement between the SSC and a client company, for one service or all of them (ServiceId null). Its terms live in
/// versions; the version in force on a date is the agreed (or since archived) one whose validity covers it.
/// </summary>
public sealed class Agreement : Entity, IServiceScoped
{
    /// <summary>An agreement without a service covers all of the company's services.</summary>
    static bool IServiceScoped.UnsetMeansAll => true;

    public Guid CompanyId { get; set; }
    public Clients.ClientCompany? Company { get; set; }
    /// <summary>Null: the agreement covers every service the company receives.</summary>
    public Guid? ServiceId { get; set; }
    public Catalogue.Service? Service { get; set; }
    public required string Name { get; set; }
    /// <summary>The document's number as the parties know it.</summary>
    public string? Reference { get; set; }
    public List<AgreementVersion> Versions { get; set; } = [];
}

public enum AgreementStatus
{
    Draft = 0,
    /// <summary>Sent to the client executive for approval in the app.</summary>
    PendingApproval = 1,
    Agreed = 2,
    /// <summary>Superseded or withdrawn; still the measure for the dates it was valid.</summary>
    Archived = 3,
}

/// <summary>One version of an agreement's terms: validity, calendar, index weights, escalations and metrics.</summary>
public sealed class AgreementVersion : Entity, ICompanyOwned
{
    public Guid AgreementId { get; set; }
    public Agreement? Agreement { get; set; }
    public Guid CompanyId { get; set; }
    public int Number { get; set; }
    public DateOnly ValidFrom { get; set; }
    /// <summary>Inclusive last day; null: open-ended.</summary>
    public DateOnly? ValidTo { get; set; }
    public AgreementStatus Status { get; set; } = AgreementStatus.Draft;
    /// <summary>Null: the company's calendar, else the team's, else the default.</summary>
    public Guid? CalendarId { get; set; }
    public ServiceCalendar? Calendar { get; set; }
    /// <summary>Weight of SLA attainment in the unified quality index.</summary>
    public double SlaWeight { get; set; } = 0.5;
    /// <summary>Weight of OLA attainment in the unified quality index.</summary>
    public double OlaWeight { get; set; } = 0.5;
    /// <summary>Escalation levels as JSON: [{"percent":75,"notify":["Assignee"]}, …]; 100 is the breach.</summary>
    public string Escalations { get; set; } = EscalationPolicy.DefaultJson;
    public string? Notes { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public Guid? ApprovedById { get; set; }
    public string? ApprovedByName { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    /// <summary>Why the client executive sent the version back.</summary>
    public string? RejectionReason { get; set; }
    public List<AgreementMetric> Metrics { get; set; } = [];

    public bool Covers(DateOnly date) => date >= ValidFrom && (ValidTo is null || date <= ValidTo);

    /// <summary>Agreed versions — and archived ones that were agreed — measure the dates they cover.</summary>
    public bool InForce => ApprovedAt is not null && Status is AgreementStatus.Agreed or AgreementStatus.Archived;
}

/// <summary>Whose promise a metric is: the SSC's (SLA) or the business's (OLA).</summary>
public enum MetricSide
{
    Sla = 0,
    Ola = 1,
}

public enum MetricKind
{
    /// <summary>A clock on each ticket (first response, resolution, client clarification).</summary>
    TicketTimer = 0,
    /// <summary>A delivery per period due by a working day (monthly accounts by working day 5).</summary>
    PeriodicDeadline = 1,
    /// <summary>A figure per period against a target (≥ 99.5 % of payments without errors).</summary>
    MeasuredRatio = 2,
}

/// <summary>One measurable promise of an agreement version.</summary>
public sealed class AgreementMetric : Entity, ICompanyOwned
{
    public Guid VersionId { get; set; }
    public AgreementVersion? AgreementVersion { get; set; }
    public Guid CompanyId { get; set; }
    public MetricSide Side { get; set; }
    public MetricKind Kind { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary>Weight within its side when the side's attainment is averaged.</summary>
    public double Weight { get; set; } = 1;
    /// <summary>The share of items that must meet the promise, in percent (e.g. 95); shown against attainment.</summary>
    public decimal AttainmentTarget { get; set; } = 95;

    // Ticket timers
    public TimerKind? Timer { get; set; }
    /// <summary>Null: tickets of every priority; a priority-specific metric wins over a general one.</summary>
    public TicketPriority? Priority { get; set; }
    public int? TargetMinutes { get; set; }
    /// <summary>SLA timers: whether waiting for the client stops the clock.</summary>
    public bool PauseWhileWaiting { get; set; } = true;

    // Periodic deadlines
    public PeriodUnit? Period { get; set; }
    public int? DueWorkingDay { get; set; }
    /// <summary>Local time on the due working day; null: the end of that day's working hours.</summary>
    public TimeOnly? DueTime { get; set; }
    /// <summary>A submission marked incomplete counts as a breach.</summary>
    public bool RequireComplete { get; set; }
    /// <summary>
    /// OLA deadlines: the person at the client company who delivers (the client home names them beside the obligation);
    /// null when the company has named nobody.
    /// </summary>
    public Guid? ClientResponsibleId { get; set; }
    public People.AppUser? ClientResponsible { get; set; }

    // Measured ratios (Period is the figure's period)
    public decimal? RatioTarget { get; set; }
    public RatioDirection? RatioDirection { get; set; }
}
