using OneWindow.Web.Features.Tickets;

namespace OneWindow.Web.Features.ServiceLevels;

/// <summary>One clock of a ticket as its history replays: the metric, the timer's run and what it adds up to.</summary>
internal sealed record PlannedClock(AgreementMetric Metric, TimerRun Run, ClockResult Result);

/// <summary>
/// The in-memory part of clock planning, shared by <see cref="ClockKeeper"/> (one ticket per save, its inputs read from
/// the database) and <see cref="SeededClocks"/> (many generated tickets, the inputs loaded once): which agreement version
/// measures a ticket, the timeline its events make, the clocks that replay, and how a result is stored on a clock row.
/// </summary>
internal static class ClockPlanning
{
    // The history clocks read: status changes and forwarding.
    private static readonly TicketEventKind[] TimelineKinds = [TicketEventKind.StatusChanged, TicketEventKind.Forwarded];

    /// <summary>
    /// Of candidate versions, the one in force on the ticket's creation date (in the company's zone) for its service:
    /// an agreement for the service beats one for all services, then the latest start, then the latest number.
    /// </summary>
    public static AgreementVersion? Choose(IEnumerable<AgreementVersion> candidates, Guid? serviceId, DateOnly created) =>
        candidates
            .Where(v => v.InForce && v.Covers(created) && (v.Agreement!.ServiceId == null || v.Agreement.ServiceId == serviceId))
            .OrderByDescending(v => v.Agreement!.ServiceId is not null).ThenByDescending(v => v.ValidFrom).ThenByDescending(v => v.Number)
            .FirstOrDefault();

    /// <summary>The ticket's creation date in its company's zone: the day an agreement version must cover.</summary>
    public static DateOnly CreatedOn(Ticket ticket, string companyZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(ticket.CreatedAt, ViewerTime.Zone(companyZone)).DateTime);

    /// <summary>
    /// The facts clocks read from a ticket's events (any order; stored ones before unsaved ones at the same instant):
    /// status changes, the first response, and the holding team, which only forwarding changes after creation.
    /// </summary>
    public static TicketTimeline Timeline(Ticket ticket, IEnumerable<TicketEvent> history)
    {
        var events = history.Where(e => TimelineKinds.Contains(e.Kind)).OrderBy(e => e.At).ThenBy(e => e.Id == 0 ? long.MaxValue : e.Id).ToList();
        var changes = events.Where(e => e.Kind == TicketEventKind.StatusChanged && e.ToStatus is not null).Select(e => new StatusChange(e.At, e.ToStatus!.Value)).ToList();
        var initial = events.FirstOrDefault(e => e.Kind == TicketEventKind.StatusChanged)?.FromStatus ?? (changes.Count == 0 ? ticket.Status : TicketStatus.New);
        var forwards = events.Where(e => e.Kind == TicketEventKind.Forwarded).ToList();
        // Only forwarding moves a ticket between teams after creation; before the first one it was with the team it left.
        var firstTeam = forwards.Count > 0 ? TeamIn(forwards[0], "fromTeamId") : ticket.TeamId;
        List<TeamChange> teams = [new(ticket.CreatedAt, firstTeam), .. forwards.Select(f => new TeamChange(f.At, TeamIn(f, "teamId")))];
        return new TicketTimeline(ticket.CreatedAt, initial, changes, ticket.FirstResponseAt, teams);
    }

    private static Guid? TeamIn(TicketEvent e, string key) =>
        JsonNode.Parse(e.Data)?[key]?.GetValue<string>() is { } s && Guid.TryParse(s, out var id) ? id : null;

    /// <summary>The escalation levels of a version (the default ones when its stored levels cannot be read).</summary>
    public static IReadOnlyList<EscalationLevel> Levels(AgreementVersion version) => EscalationPolicy.Parse(version.Escalations, out _) ?? EscalationPolicy.Default;

    /// <summary>The levels below the target, which a clock's log records as warnings.</summary>
    public static int[] Warnings(IReadOnlyList<EscalationLevel> levels) => [.. levels.Where(l => l.Percent < 100).Select(l => l.Percent)];

    /// <summary>Every clock the ticket timers of <paramref name="metrics"/> run over a timeline, replayed at <paramref name="now"/>.</summary>
    public static List<PlannedClock> Plan(IEnumerable<AgreementMetric> metrics, IReadOnlyList<int> warnings, BusinessCalendar calendar, TicketTimeline timeline, DateTimeOffset now)
    {
        var clocks = new List<PlannedClock>();
        foreach (var metric in metrics)
        {
            var target = TimeSpan.FromMinutes(metric.TargetMinutes!.Value);
            foreach (var run in TicketTimers.Runs(metric.Timer!.Value, timeline, metric.PauseWhileWaiting, now))
            {
                clocks.Add(new PlannedClock(metric, run, ServiceClock.Evaluate(calendar, run.Segments, target, now, run.Stopped, warnings)));
            }
        }

        return clocks;
    }

    /// <summary>The ticket timers that apply: per side and timer, a metric for the ticket's priority wins over a general one.</summary>
    public static IEnumerable<AgreementMetric> MetricsFor(AgreementVersion version, TicketPriority priority) =>
        version.Metrics
            .Where(m => m.Kind == MetricKind.TicketTimer && m.Timer is not null && m.TargetMinutes is > 0 && (m.Priority is null || m.Priority == priority))
            .GroupBy(m => (m.Side, m.Timer))
            .Select(g => g.OrderByDescending(m => m.Priority is not null).ThenBy(m => m.CreatedAt).First());

    /// <summary>
    /// Copies onto the ticket row what its lists need of its clocks — the nearest due of a running SLA clock and the
    /// earliest SLA breach — in the same save that stores the clocks, so lists, filters and sorting never read clocks.
    /// </summary>
    public static void Summarize(Ticket ticket, IEnumerable<TicketClock> clocks)
    {
        // Writing an unchanged value leaves the row unmodified: EF compares with its snapshot.
        var sla = clocks.Where(c => c.Side == MetricSide.Sla).ToList();
        ticket.SlaDueAt = sla.Where(c => c.State is ClockState.Running or ClockState.RunningBreached && c.DueAt is not null).Min(c => c.DueAt);
        ticket.SlaBreachAt = sla.Min(c => c.BreachedAt);
    }

    /// <summary>Writes a replayed clock onto its row: state, elapsed, due, breach, stop and a fresh log (the alert index is the caller's).</summary>
    public static void Store(TicketClock clock, PlannedClock planned, Ticket ticket, Guid versionId, Guid calendarId, DateTimeOffset now)
    {
        var result = planned.Result;
        clock.ServiceId = ticket.ServiceId;
        clock.VersionId = versionId;
        clock.CalendarId = calendarId;
        clock.Side = planned.Metric.Side;
        clock.Timer = planned.Metric.Timer!.Value;
        clock.Priority = ticket.Priority;
        clock.TargetMinutes = planned.Metric.TargetMinutes!.Value;
        clock.State = result.State;
        clock.ElapsedSeconds = (long)result.Elapsed.TotalSeconds;
        clock.StartedAt = planned.Run.Segments[0].From;
        clock.DueAt = result.DueAt;
        clock.BreachedAt = result.BreachedAt;
        clock.StoppedAt = planned.Run.Stopped ? planned.Run.Segments[^1].To : null;
        clock.ComputedAt = now;
        // The log is the replay of the history: rewritten whole, so a recalculation leaves no stale entries.
        clock.Events = [.. result.Log.Select(l => new TicketClockEvent { CompanyId = ticket.CompanyId, At = l.At, Kind = l.Kind, Percent = l.Percent, TeamId = l.TeamId })];
    }
}
