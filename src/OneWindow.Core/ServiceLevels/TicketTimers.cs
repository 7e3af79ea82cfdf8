using OneWindow.Core.Tickets;

namespace OneWindow.Core.ServiceLevels;

/// <summary>The ticket clocks an agreement can set.</summary>
public enum TimerKind
{
    /// <summary>SLA: created → first public reply or logged call (or resolution/closure if that comes first).</summary>
    FirstResponse = 0,
    /// <summary>SLA: created → resolved/closed; a reopening resumes it, the resolved stretch does not count.</summary>
    Resolution = 1,
    /// <summary>OLA: one clock per clarification — from entering Waiting for client until the ticket leaves that status.</summary>
    ClientClarification = 2,
}

public readonly record struct StatusChange(DateTimeOffset At, TicketStatus To);

public readonly record struct TeamChange(DateTimeOffset At, Guid? TeamId);

/// <summary>The facts of a ticket's history that clocks read; changes in time order.</summary>
public sealed record TicketTimeline(
    DateTimeOffset CreatedAt,
    TicketStatus InitialStatus,
    IReadOnlyList<StatusChange> Changes,
    DateTimeOffset? FirstResponseAt,
    IReadOnlyList<TeamChange> Teams);

/// <summary>The segments of one clock instance of a ticket, and whether it has ended.</summary>
public sealed record TimerRun(int Episode, IReadOnlyList<ClockSegment> Segments, bool Stopped);

/// <summary>Turns a ticket's status history into clock segments. Pure.</summary>
public static class TicketTimers
{
    /// <summary>
    /// The runs of a timer over a ticket's history up to <paramref name="now"/>: one run for FirstResponse and Resolution
    /// (none if the ticket was created after now), one per clarification episode for ClientClarification.
    /// With <paramref name="pauseWhileWaiting"/> the SLA timers pause while the ticket waits for the client (the OLA
    /// clarification timer never pauses). Segments are split where the holding team changes.
    /// </summary>
    public static IReadOnlyList<TimerRun> Runs(TimerKind kind, TicketTimeline timeline, bool pauseWhileWaiting, DateTimeOffset now) =>
        throw new NotImplementedException();
}
