namespace OneWindow.Web.Features.ServiceLevels;

/// <summary>
/// One SLA or OLA clock of a ticket (per clarification episode for the OLA clarification timer): the cached result of
/// replaying the ticket's history against the metric of the agreement version in force. Recomputed while the ticket is
/// open; frozen once it is closed (see docs/service-levels.md).
/// </summary>
public sealed class TicketClock : IServiceScoped
{
    public long Id { get; set; }
    public Guid TicketId { get; set; }
    public Tickets.Ticket? Ticket { get; set; }
    public Guid CompanyId { get; set; }
    public Guid? ServiceId { get; set; }
    public Guid MetricId { get; set; }
    public AgreementMetric? Metric { get; set; }
    public Guid VersionId { get; set; }
    public Guid CalendarId { get; set; }
    public MetricSide Side { get; set; }
    public TimerKind Timer { get; set; }
    public TicketPriority Priority { get; set; }
    /// <summary>1 for first response and resolution; 1, 2… for clarifications.</summary>
    public int Episode { get; set; }
    public int TargetMinutes { get; set; }
    public ClockState State { get; set; }
    public long ElapsedSeconds { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    /// <summary>Projected while running; null while paused or once stopped.</summary>
    public DateTimeOffset? DueAt { get; set; }
    /// <summary>When the target was (or, while running, will be) exceeded.</summary>
    public DateTimeOffset? BreachedAt { get; set; }
    public DateTimeOffset? StoppedAt { get; set; }
    /// <summary>When the next escalation level is reached if the clock keeps running; the alert job's index.</summary>
    public DateTimeOffset? NextAlertAt { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
    public List<TicketClockEvent> Events { get; set; } = [];

    /// <summary>The clock's state at an instant, counting a projected breach that has come to pass.</summary>
    public ClockState StateAt(DateTimeOffset now) => State switch
    {
        ClockState.Running when BreachedAt is { } b && b <= now => ClockState.RunningBreached,
        _ => State,
    };
}

/// <summary>One entry of a clock's log: started, paused, resumed, warned, breached, met, stopped.</summary>
public sealed class TicketClockEvent : ICompanyOwned
{
    public long Id { get; set; }
    public long ClockId { get; set; }
    public Guid CompanyId { get; set; }
    public DateTimeOffset At { get; set; }
    public ClockLogKind Kind { get; set; }
    public int? Percent { get; set; }
    public Guid? TeamId { get; set; }
}

/// <summary>
/// An escalation sent for a clock at a level (percent of target; 100 = breach). Unique per clock and level: the database
/// itself guarantees that however many app instances sweep, a level is announced once.
/// </summary>
public sealed class ClockAlert : ICompanyOwned
{
    public long Id { get; set; }
    public long ClockId { get; set; }
    public Guid CompanyId { get; set; }
    public int Percent { get; set; }
    /// <summary>When the level was reached.</summary>
    public DateTimeOffset ReachedAt { get; set; }
    public DateTimeOffset SentAt { get; set; }
    /// <summary>Which app instance sent it (diagnostics for clustered runs).</summary>
    public string? SentBy { get; set; }
}
