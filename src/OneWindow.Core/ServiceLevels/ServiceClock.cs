namespace OneWindow.Core.ServiceLevels;

/// <summary>An interval of time [From, To); To null means still open.</summary>
public readonly record struct TimeInterval(DateTimeOffset From, DateTimeOffset? To);

/// <summary>
/// One stretch of a clock's life: running (counting working time) or paused, held by a team (for the per-team breakdown).
/// Segments are given in order, without gaps or overlaps; the last one may be open (To null).
/// </summary>
public readonly record struct ClockSegment(DateTimeOffset From, DateTimeOffset? To, bool Running, Guid? TeamId = null);

public enum ClockState
{
    /// <summary>Counting working time now.</summary>
    Running = 0,
    Paused = 1,
    /// <summary>Stopped within the target.</summary>
    Met = 2,
    /// <summary>Stopped after the target was exceeded.</summary>
    Breached = 3,
    /// <summary>Still running or paused, already past the target.</summary>
    RunningBreached = 4,
    PausedBreached = 5,
}

public enum ClockLogKind
{
    Started = 0,
    Paused = 1,
    Resumed = 2,
    Warned = 3,
    Breached = 4,
    Met = 5,
    Stopped = 6,
}

/// <summary>One entry of a clock's event log; <see cref="Percent"/> is set for warnings.</summary>
public readonly record struct ClockLogEntry(DateTimeOffset At, ClockLogKind Kind, int? Percent = null, Guid? TeamId = null);

/// <summary>
/// What a clock's history adds up to at <c>now</c>: working time elapsed (running segments only, capped at now), the
/// breach instant (when elapsed reached the target: in the past, or projected while running; null while paused before
/// the target or when met), the projected due instant while running, and the log that replays the history
/// (Started, Paused/Resumed, Warned at each threshold reached by now, Breached, and Met or Stopped when the last
/// segment is closed and the clock ended). Per-team elapsed time sums to <see cref="Elapsed"/>.
/// </summary>
public sealed record ClockResult(
    ClockState State,
    TimeSpan Elapsed,
    TimeSpan Target,
    DateTimeOffset? DueAt,
    DateTimeOffset? BreachedAt,
    IReadOnlyList<ClockLogEntry> Log,
    IReadOnlyDictionary<Guid, TimeSpan> ElapsedByTeam)
{
    public TimeSpan Remaining => Target > Elapsed ? Target - Elapsed : TimeSpan.Zero;
    public double Percent => Target <= TimeSpan.Zero ? 100 : Elapsed.TotalMinutes * 100 / Target.TotalMinutes;
}

/// <summary>Service-clock arithmetic over a <see cref="BusinessCalendar"/>. Pure and deterministic.</summary>
public static class ServiceClock
{
    /// <summary>
    /// The due instant of a clock started at <paramref name="start"/> with <paramref name="target"/> working time, where
    /// working time inside <paramref name="pauses"/> (any order, may overlap, may be open-ended) does not count.
    /// Null when an open-ended pause begins before the target is reached.
    /// </summary>
    public static DateTimeOffset? DueAt(BusinessCalendar calendar, DateTimeOffset start, TimeSpan target, IReadOnlyList<TimeInterval> pauses) =>
        throw new NotImplementedException();

    /// <summary>
    /// Replays a clock's segments up to <paramref name="now"/>. <paramref name="stopped"/> says the clock has ended at the
    /// end of its last (closed) segment. <paramref name="warnPercents"/> are thresholds (e.g. 75, 90) logged when reached.
    /// </summary>
    public static ClockResult Evaluate(BusinessCalendar calendar, IReadOnlyList<ClockSegment> segments, TimeSpan target, DateTimeOffset now,
        bool stopped, IReadOnlyList<int> warnPercents) => throw new NotImplementedException();

    /// <summary>
    /// The instant at which the clock reaches <paramref name="percent"/> % of its target if it keeps running from its
    /// current state (elapsed <paramref name="elapsed"/> at <paramref name="asOf"/>); used to schedule warnings.
    /// </summary>
    public static DateTimeOffset ProjectPercent(BusinessCalendar calendar, DateTimeOffset asOf, TimeSpan elapsed, TimeSpan target, int percent) =>
        throw new NotImplementedException();
}
