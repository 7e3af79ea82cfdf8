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
    /// <para>
    /// Details: changes after <paramref name="now"/> are ignored and changes before creation count as made at creation;
    /// several changes at one instant leave the last one in force. The team before the first team change is none (null).
    /// Episodes are numbered from 1 (always 1 for the SLA timers). A run that has not ended ends with an open segment
    /// (To null) in the state the ticket is in at <paramref name="now"/>; a run that has ended ends with a closed segment at
    /// its stop instant (for Resolution, the start of the final resolved/closed stretch; the stretches between a
    /// resolution and a reopening are paused segments). Consecutive stretches with the same running state and team are
    /// merged; a run is never empty (it may be one zero-length segment).
    /// </para>
    /// </summary>
    public static IReadOnlyList<TimerRun> Runs(TimerKind kind, TicketTimeline timeline, bool pauseWhileWaiting, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(timeline.Changes);
        ArgumentNullException.ThrowIfNull(timeline.Teams);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown timer kind.");
        }

        if (timeline.CreatedAt > now)
        {
            return [];
        }

        var stretches = Stretches(timeline, now);
        var created = timeline.CreatedAt;
        switch (kind)
        {
            case TimerKind.FirstResponse:
            {
                DateTimeOffset? stop = null;
                if (timeline.FirstResponseAt is { } reply && reply <= now)
                {
                    stop = reply < created ? created : reply;
                }

                foreach (var s in stretches)
                {
                    if (IsResolved(s.Status))
                    {
                        if (stop is null || s.From < stop)
                        {
                            stop = s.From;
                        }

                        break;
                    }
                }

                var segments = Build(stretches, created, stop ?? now, stop is null, s => !(pauseWhileWaiting && s == TicketStatus.WaitingForClient));
                return [new TimerRun(1, segments, stop is not null)];
            }

            case TimerKind.Resolution:
            {
                // The run ends at the start of the final resolved/closed stretch, if the ticket is in one now.
                DateTimeOffset? stop = null;
                for (var i = stretches.Count - 1; i >= 0 && IsResolved(stretches[i].Status); i--)
                {
                    stop = stretches[i].From;
                }

                var segments = Build(stretches, created, stop ?? now, stop is null,
                    s => !IsResolved(s) && !(pauseWhileWaiting && s == TicketStatus.WaitingForClient));
                return [new TimerRun(1, segments, stop is not null)];
            }

            default:
            {
                var runs = new List<TimerRun>();
                for (var i = 0; i < stretches.Count; i++)
                {
                    if (stretches[i].Status != TicketStatus.WaitingForClient || (i > 0 && stretches[i - 1].Status == TicketStatus.WaitingForClient))
                    {
                        continue;
                    }

                    var j = i;
                    while (j + 1 < stretches.Count && stretches[j + 1].Status == TicketStatus.WaitingForClient)
                    {
                        j++;
                    }

                    var open = j + 1 == stretches.Count;
                    var end = open ? now : stretches[j + 1].From;
                    var segments = Build(stretches, stretches[i].From, end, open, _ => true);
                    runs.Add(new TimerRun(runs.Count + 1, segments, !open));
                }

                return runs;
            }
        }
    }

    private static bool IsResolved(TicketStatus status) => status is TicketStatus.Resolved or TicketStatus.Closed;

    private readonly record struct Stretch(DateTimeOffset From, TicketStatus Status, Guid? Team);

    /// <summary>The ticket's history over [created, now] as stretches of constant status and team, each non-empty except a last one starting at now.</summary>
    private static List<Stretch> Stretches(TicketTimeline timeline, DateTimeOffset now)
    {
        var created = timeline.CreatedAt;
        // Stable sorts: changes at one instant keep their given order, so the last one given wins.
        var statuses = timeline.Changes.Where(c => c.At <= now).OrderBy(c => c.At < created ? created : c.At).ToList();
        var teams = timeline.Teams.Where(c => c.At <= now).OrderBy(c => c.At < created ? created : c.At).ToList();
        var status = timeline.InitialStatus;
        Guid? team = null;
        int si = 0, ti = 0;
        var result = new List<Stretch>();
        var at = created;
        while (true)
        {
            while (si < statuses.Count && Clamp(statuses[si].At, created) <= at)
            {
                status = statuses[si++].To;
            }

            while (ti < teams.Count && Clamp(teams[ti].At, created) <= at)
            {
                team = teams[ti++].TeamId;
            }

            result.Add(new Stretch(at, status, team));
            if (si == statuses.Count && ti == teams.Count)
            {
                return result;
            }

            var next = DateTimeOffset.MaxValue;
            if (si < statuses.Count)
            {
                next = Clamp(statuses[si].At, created);
            }

            if (ti < teams.Count && Clamp(teams[ti].At, created) < next)
            {
                next = Clamp(teams[ti].At, created);
            }

            at = next;
        }
    }

    private static DateTimeOffset Clamp(DateTimeOffset at, DateTimeOffset created) => at < created ? created : at;

    /// <summary>Segments over [from, to] of the stretches; the last is left open when the run has not ended.</summary>
    private static List<ClockSegment> Build(List<Stretch> stretches, DateTimeOffset from, DateTimeOffset to, bool open, Func<TicketStatus, bool> running)
    {
        var segments = new List<ClockSegment>();
        for (var i = 0; i < stretches.Count; i++)
        {
            var s = stretches[i];
            var next = i + 1 < stretches.Count ? stretches[i + 1].From : DateTimeOffset.MaxValue;
            if (next <= from)
            {
                continue;
            }

            // A stretch starting exactly at the end only matters for an open run: it is the state the clock is in now.
            if (s.From > to || (s.From == to && segments.Count > 0 && !open))
            {
                break;
            }

            var a = s.From < from ? from : s.From;
            var b = next < to ? next : to;
            var isRunning = running(s.Status);
            if (segments.Count > 0 && segments[^1].Running == isRunning && segments[^1].TeamId == s.Team)
            {
                segments[^1] = segments[^1] with { To = b };
            }
            else
            {
                segments.Add(new ClockSegment(a, b, isRunning, s.Team));
            }

            if (next > to)
            {
                break;
            }
        }

        if (open)
        {
            segments[^1] = segments[^1] with { To = null };
        }
        else if (segments.Count == 1 && segments[0].From == segments[0].To)
        {
            // Ended the instant it began (say, created resolved): a clock that ran for no time, not a paused one.
            segments[0] = segments[0] with { Running = true };
        }

        return segments;
    }
}
