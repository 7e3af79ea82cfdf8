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
/// segment is closed and the clock ended). Per-team elapsed time sums to <see cref="Elapsed"/>; running time of
/// segments held by no team is listed under <see cref="Guid.Empty"/>.
/// <para>
/// A clock is breached once its target has been reached (elapsed = target, at <see cref="BreachedAt"/>) and it did not
/// stop at that very instant: it breaches whether it then runs on or is paused, and a live clock evaluated exactly at
/// that instant is already breached; a clock that stops exactly when elapsed reaches the target is met.
/// While running and breached, <see cref="DueAt"/> equals <see cref="BreachedAt"/>; it is null while paused or ended.
/// </para>
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

/// <summary>Service-clock arithmetic over a <see cref="BusinessCalendar"/>, to the tick. Pure and deterministic.</summary>
public static class ServiceClock
{
    /// <summary>
    /// The due instant (UTC) of a clock started at <paramref name="start"/> with <paramref name="target"/> working time, where
    /// working time inside <paramref name="pauses"/> (any order, may overlap, may be open-ended) does not count.
    /// Null when an open-ended pause begins before the target is reached. A zero target is due at the start; a pause
    /// whose end is not after its start is ignored. The due instant is the earliest at which the target is reached, so a
    /// clock whose target runs out just before a pause is due then, not at the pause's end.
    /// </summary>
    public static DateTimeOffset? DueAt(BusinessCalendar calendar, DateTimeOffset start, TimeSpan target, IReadOnlyList<TimeInterval> pauses)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(pauses);
        ArgumentOutOfRangeException.ThrowIfLessThan(target, TimeSpan.Zero);
        if (target == TimeSpan.Zero)
        {
            return start.ToUniversalTime();
        }

        // Pauses as (start, end) tick pairs sorted by start: on the stack for the usual handful.
        var n = pauses.Count;
        var pairs = n <= 16 ? stackalloc long[n * 2] : new long[n * 2];
        var count = 0;
        for (var i = 0; i < n; i++)
        {
            var p = pauses[i];
            var ps = p.From.UtcTicks;
            var pe = p.To is { } to ? to.UtcTicks : long.MaxValue;
            if (pe <= ps)
            {
                continue;
            }

            // Insertion sort: pauses are few and usually already in order.
            var j = count;
            while (j > 0 && pairs[(j - 1) * 2] > ps)
            {
                pairs[j * 2] = pairs[(j - 1) * 2];
                pairs[(j * 2) + 1] = pairs[((j - 1) * 2) + 1];
                j--;
            }

            pairs[j * 2] = ps;
            pairs[(j * 2) + 1] = pe;
            count++;
        }

        long t = start.UtcTicks, remaining = target.Ticks;
        for (var i = 0; i < count;)
        {
            long ps = pairs[i * 2], pe = pairs[(i * 2) + 1];
            for (i++; i < count && pairs[i * 2] <= pe; i++)
            {
                pe = Math.Max(pe, pairs[(i * 2) + 1]);
            }

            if (pe <= t)
            {
                continue;
            }

            if (ps > t)
            {
                var available = calendar.WorkingTicks(t, ps);
                if (available >= remaining)
                {
                    return BusinessCalendar.Utc(calendar.AddTicks(t, remaining));
                }

                remaining -= available;
            }

            if (pe == long.MaxValue)
            {
                return null;
            }

            t = pe;
        }

        return BusinessCalendar.Utc(calendar.AddTicks(t, remaining));
    }

    /// <summary>
    /// Replays a clock's segments up to <paramref name="now"/>. <paramref name="stopped"/> says the clock has ended at the
    /// end of its last (closed) segment. <paramref name="warnPercents"/> are thresholds (e.g. 75, 90) logged when reached.
    /// <para>
    /// Segments must follow each other without gaps (each From equal to the previous To) and only the last may be open;
    /// a stopped clock's last segment must be closed (otherwise <see cref="ArgumentException"/>). Segments after now are
    /// ignored and one running across now counts up to now; a stop later than now is not yet a stop. A closed last
    /// segment of a clock that is not stopped is followed by a pause (logged as Paused at its end if it was running).
    /// Thresholds are positive percents (above 100 allowed, for escalations after a breach), reached when elapsed is at
    /// least that share of the target (rounded up to the tick); each is logged once, at the instant it was reached, with
    /// the team of the running segment; Warned comes before Breached at the same instant. Entries are in time order.
    /// A clock whose first segment starts after now has an empty log and nothing elapsed.
    /// </para>
    /// </summary>
    public static ClockResult Evaluate(BusinessCalendar calendar, IReadOnlyList<ClockSegment> segments, TimeSpan target, DateTimeOffset now,
        bool stopped, IReadOnlyList<int> warnPercents)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(warnPercents);
        ArgumentOutOfRangeException.ThrowIfLessThan(target, TimeSpan.Zero);
        Validate(segments, stopped);

        // Thresholds in the order they are reached: warnings by percent, the breach (target) after a 100 % warning.
        var thresholds = new (long Ticks, int Percent)[warnPercents.Count + 1];
        var tc = 0;
        for (var w = 0; w < warnPercents.Count; w++)
        {
            // Insertion by percent, skipping repeats: a handful of thresholds, no LINQ on this path.
            var p = warnPercents[w];
            ArgumentOutOfRangeException.ThrowIfLessThan(p, 1, nameof(warnPercents));
            var j = tc;
            while (j > 0 && thresholds[j - 1].Percent > p)
            {
                j--;
            }

            if (j > 0 && thresholds[j - 1].Percent == p)
            {
                continue;
            }

            Array.Copy(thresholds, j, thresholds, j + 1, tc - j);
            thresholds[j] = (Share(target.Ticks, p), p);
            tc++;
        }

        var breachIndex = tc;
        while (breachIndex > 0 && thresholds[breachIndex - 1].Ticks > target.Ticks)
        {
            thresholds[breachIndex] = thresholds[breachIndex - 1];
            breachIndex--;
        }

        thresholds[breachIndex] = (target.Ticks, 0);
        tc++;

        var nowT = now.UtcTicks;
        var last = segments[^1];
        var ended = stopped && last.To!.Value <= now;
        var stopT = ended ? last.To!.Value.UtcTicks : long.MaxValue;

        var log = new List<ClockLogEntry>(8);
        var byTeam = new Dictionary<Guid, TimeSpan>();
        long elapsed = 0;
        var next = 0;
        long? breachT = null;
        var runningNow = false;
        var started = false;
        var first = segments[0];
        if (first.From <= now)
        {
            started = true;
            log.Add(new ClockLogEntry(first.From, ClockLogKind.Started, null, first.TeamId));
            // A zero threshold (zero target) is reached the moment the clock starts.
            next = Reach(thresholds, tc, breachIndex, next, 0, first.From.UtcTicks, stopT, first.TeamId, log, ref breachT);
        }

        for (var i = 0; i < segments.Count && segments[i].From <= now; i++)
        {
            var seg = segments[i];
            var a = seg.From.UtcTicks;
            var b = Math.Min(seg.To?.UtcTicks ?? nowT, nowT);
            if (i == 0 ? !seg.Running : seg.Running != segments[i - 1].Running)
            {
                log.Add(new ClockLogEntry(seg.From, seg.Running ? ClockLogKind.Resumed : ClockLogKind.Paused, null, seg.TeamId));
            }

            runningNow = seg.Running;
            if (!seg.Running)
            {
                continue;
            }

            var worked = calendar.WorkingTicks(a, b);
            while (next < tc && thresholds[next].Ticks <= elapsed + worked)
            {
                var at = calendar.AddTicks(a, thresholds[next].Ticks - elapsed);
                next = Reach(thresholds, tc, breachIndex, next, thresholds[next].Ticks, at, stopT, seg.TeamId, log, ref breachT);
            }

            elapsed += worked;
            var key = seg.TeamId ?? Guid.Empty;
            byTeam[key] = (byTeam.TryGetValue(key, out var sum) ? sum : TimeSpan.Zero) + new TimeSpan(worked);
        }

        if (started && !ended && last.From <= now && last.To is { } lastTo && lastTo < now)
        {
            if (last.Running)
            {
                log.Add(new ClockLogEntry(lastTo, ClockLogKind.Paused, null, last.TeamId));
            }

            runningNow = false;
        }

        var breached = breachT is not null;
        if (ended)
        {
            log.Add(new ClockLogEntry(last.To!.Value, breached ? ClockLogKind.Stopped : ClockLogKind.Met, null, last.TeamId));
        }

        ClockState state;
        DateTimeOffset? due = null, breachedAt = breached ? BusinessCalendar.Utc(breachT!.Value) : null;
        if (!started)
        {
            // Not begun yet: projected as if it started running at its first segment.
            state = first.Running ? ClockState.Running : ClockState.Paused;
            if (first.Running)
            {
                due = breachedAt = calendar.AddWorkingTime(first.From, target);
            }
        }
        else if (ended)
        {
            state = breached ? ClockState.Breached : ClockState.Met;
        }
        else if (runningNow)
        {
            state = breached ? ClockState.RunningBreached : ClockState.Running;
            due = breached ? breachedAt : BusinessCalendar.Utc(calendar.AddTicks(nowT, target.Ticks - elapsed));
            breachedAt = due;
        }
        else
        {
            state = breached ? ClockState.PausedBreached : ClockState.Paused;
        }

        return new ClockResult(state, new TimeSpan(elapsed), target, due, breachedAt, log, byTeam);
    }

    /// <summary>Logs the threshold at index <paramref name="next"/> (and any equal to it) reached at <paramref name="at"/>; returns the next index.</summary>
    private static int Reach((long Ticks, int Percent)[] thresholds, int count, int breachIndex, int next, long value, long at, long stopT,
        Guid? team, List<ClockLogEntry> log, ref long? breachT)
    {
        for (; next < count && thresholds[next].Ticks <= value; next++)
        {
            // Reached at the very instant the clock stops: the clock stopped in time for it.
            if (at >= stopT)
            {
                continue;
            }

            if (next == breachIndex)
            {
                breachT = at;
                log.Add(new ClockLogEntry(BusinessCalendar.Utc(at), ClockLogKind.Breached, null, team));
            }
            else
            {
                log.Add(new ClockLogEntry(BusinessCalendar.Utc(at), ClockLogKind.Warned, thresholds[next].Percent, team));
            }
        }

        return next;
    }

    private static long Share(long ticks, int percent)
    {
        var share = (((Int128)ticks * percent) + 99) / 100;
        return share > long.MaxValue ? long.MaxValue : (long)share;
    }

    private static void Validate(IReadOnlyList<ClockSegment> segments, bool stopped)
    {
        if (segments.Count == 0)
        {
            throw new ArgumentException("A clock needs at least one segment.", nameof(segments));
        }

        for (var i = 0; i < segments.Count; i++)
        {
            var s = segments[i];
            if (s.To is { } to && to < s.From)
            {
                throw new ArgumentException($"Segment {i} ends before it starts.", nameof(segments));
            }

            if (s.To is null && i < segments.Count - 1)
            {
                throw new ArgumentException($"Segment {i} is open but is not the last.", nameof(segments));
            }

            if (i > 0 && s.From != segments[i - 1].To)
            {
                throw new ArgumentException($"Segment {i} does not start where segment {i - 1} ends.", nameof(segments));
            }
        }

        if (stopped && segments[^1].To is null)
        {
            throw new ArgumentException("A stopped clock's last segment must be closed.", nameof(segments));
        }
    }

    /// <summary>
    /// The instant (UTC) at which the clock reaches <paramref name="percent"/> % of its target (rounded up to the tick) if it
    /// keeps running from its current state (elapsed <paramref name="elapsed"/> at <paramref name="asOf"/>); used to
    /// schedule warnings. <paramref name="asOf"/> itself when that share is already reached.
    /// </summary>
    public static DateTimeOffset ProjectPercent(BusinessCalendar calendar, DateTimeOffset asOf, TimeSpan elapsed, TimeSpan target, int percent)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentOutOfRangeException.ThrowIfLessThan(target, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        var share = Share(target.Ticks, percent);
        return elapsed.Ticks >= share ? asOf.ToUniversalTime() : BusinessCalendar.Utc(calendar.AddTicks(asOf.UtcTicks, share - elapsed.Ticks));
    }
}
