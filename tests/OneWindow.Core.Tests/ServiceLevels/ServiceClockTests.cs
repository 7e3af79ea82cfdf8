using OneWindow.Core.Calendars;
using OneWindow.Core.ServiceLevels;
using OneWindow.Core.Tickets;
using ClockState = OneWindow.Core.ServiceLevels.ClockState;

namespace OneWindow.Core.Tests.ServiceLevels;

public class ServiceClockTests
{
    private static readonly BusinessCalendar Russian = new("Europe/Moscow", WeeklySchedule.StandardRussian, production: ProductionCalendar.Russia);
    private static readonly TimeSpan Eight = TimeSpan.FromHours(8);
    private static readonly int[] Warnings = [75, 90];
    private static readonly Guid Desk = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Accounting = Guid.Parse("00000000-0000-0000-0000-00000000000b");

    // Monday 16 and Tuesday 17 November 2026 are ordinary working days.
    private static DateTimeOffset Mon(int h, int mi = 0) => new(2026, 11, 16, h, mi, 0, TimeSpan.FromHours(3));

    private static DateTimeOffset Tue(int h, int mi = 0) => Mon(h, mi).AddDays(1);

    private static DateTimeOffset Wed(int h, int mi = 0) => Mon(h, mi).AddDays(2);

    /// <summary>2 h for the desk on Monday, waiting for the client until Tuesday 10:00, then accounting.</summary>
    private static List<ClockSegment> History(DateTimeOffset? lastTo = null) =>
    [
        new(Mon(9), Mon(11), true, Desk),
        new(Mon(11), Tue(10), false, Desk),
        new(Tue(10), lastTo, true, Accounting),
    ];

    private static ClockLogEntry E(DateTimeOffset at, ClockLogKind kind, Guid? team, int? percent = null) => new(at, kind, percent, team);

    [Fact]
    public void A_running_clock_logs_pause_resume_warnings_and_breach_in_order()
    {
        // Elapsed: 2 h Monday; Tuesday 10–13 and 14–18. 75 % (6 h) at 15:00, 90 % (7 h 12 min) at 16:12, 8 h at 17:00.
        var r = ServiceClock.Evaluate(Russian, History(), Eight, Tue(18), false, Warnings);
        Assert.Equal(
        [
            E(Mon(9), ClockLogKind.Started, Desk),
            E(Mon(11), ClockLogKind.Paused, Desk),
            E(Tue(10), ClockLogKind.Resumed, Accounting),
            E(Tue(15), ClockLogKind.Warned, Accounting, 75),
            E(Tue(16, 12), ClockLogKind.Warned, Accounting, 90),
            E(Tue(17), ClockLogKind.Breached, Accounting),
        ], r.Log);
        Assert.Equal(ClockState.RunningBreached, r.State);
        Assert.Equal(TimeSpan.FromHours(9), r.Elapsed);
        Assert.Equal(Tue(17), r.BreachedAt);
        Assert.Equal(Tue(17), r.DueAt);
        Assert.Equal(TimeSpan.Zero, r.Remaining);
        Assert.Equal(112.5, r.Percent, 6);
        Assert.Equal(TimeSpan.FromHours(2), r.ElapsedByTeam[Desk]);
        Assert.Equal(TimeSpan.FromHours(7), r.ElapsedByTeam[Accounting]);
    }

    [Fact]
    public void A_running_clock_before_its_target_projects_its_due_instant()
    {
        var r = ServiceClock.Evaluate(Russian, History(), Eight, Tue(12), false, Warnings);
        Assert.Equal(ClockState.Running, r.State);
        Assert.Equal(TimeSpan.FromHours(4), r.Elapsed);
        Assert.Equal(Tue(17), r.DueAt);
        Assert.Equal(Tue(17), r.BreachedAt);
        Assert.Equal(50, r.Percent, 6);
        Assert.Equal([ClockLogKind.Started, ClockLogKind.Paused, ClockLogKind.Resumed], r.Log.Select(e => e.Kind));
        Assert.Equal(Tue(16, 12), ServiceClock.ProjectPercent(Russian, Tue(12), r.Elapsed, Eight, 90));
        Assert.Equal(Tue(12), ServiceClock.ProjectPercent(Russian, Tue(12), r.Elapsed, Eight, 50));
        // A live clock evaluated at the very due instant has breached.
        Assert.Equal(ClockState.RunningBreached, ServiceClock.Evaluate(Russian, History(), Eight, Tue(17), false, Warnings).State);
    }

    [Fact]
    public void Stopped_in_time_is_met()
    {
        var r = ServiceClock.Evaluate(Russian, History(Tue(16)), Eight, Wed(9), true, Warnings);
        Assert.Equal(ClockState.Met, r.State);
        Assert.Null(r.BreachedAt);
        Assert.Null(r.DueAt);
        Assert.Equal(TimeSpan.FromHours(7), r.Elapsed);
        Assert.Equal(E(Tue(15), ClockLogKind.Warned, Accounting, 75), r.Log[^2]);
        Assert.Equal(E(Tue(16), ClockLogKind.Met, Accounting), r.Log[^1]);
    }

    [Fact]
    public void Stopped_exactly_at_the_due_instant_is_met()
    {
        var r = ServiceClock.Evaluate(Russian, History(Tue(17)), Eight, Wed(9), true, Warnings);
        Assert.Equal(ClockState.Met, r.State);
        Assert.Equal(Eight, r.Elapsed);
        Assert.DoesNotContain(r.Log, e => e.Kind == ClockLogKind.Breached);
        Assert.Equal(ClockLogKind.Met, r.Log[^1].Kind);
    }

    [Fact]
    public void Stopped_late_is_breached_and_logs_stopped()
    {
        var r = ServiceClock.Evaluate(Russian, History(Tue(17, 30)), Eight, Wed(9), true, Warnings);
        Assert.Equal(ClockState.Breached, r.State);
        Assert.Equal(Tue(17), r.BreachedAt);
        Assert.Null(r.DueAt);
        Assert.Equal([E(Tue(17), ClockLogKind.Breached, Accounting), E(Tue(17, 30), ClockLogKind.Stopped, Accounting)], r.Log.TakeLast(2));
        // Resolved in the evening after the due instant: still late, though no working time passed since.
        Assert.Equal(ClockState.Breached, ServiceClock.Evaluate(Russian, History(Tue(20)), Eight, Wed(9), true, Warnings).State);
    }

    [Fact]
    public void A_stop_later_than_now_is_not_yet_a_stop()
    {
        var r = ServiceClock.Evaluate(Russian, History(Tue(16)), Eight, Tue(12), true, Warnings);
        Assert.Equal(ClockState.Running, r.State);
        Assert.Equal(TimeSpan.FromHours(4), r.Elapsed);
    }

    [Fact]
    public void Paused_before_and_after_the_target()
    {
        var pausedBefore = History(Tue(16, 30)).Append(new ClockSegment(Tue(16, 30), null, false, Accounting)).ToList();
        var r = ServiceClock.Evaluate(Russian, pausedBefore, Eight, Tue(18), false, Warnings);
        Assert.Equal(ClockState.Paused, r.State);
        Assert.Null(r.BreachedAt);
        Assert.Null(r.DueAt);
        Assert.Equal(TimeSpan.FromMinutes(450), r.Elapsed);
        Assert.Equal(E(Tue(16, 30), ClockLogKind.Paused, Accounting), r.Log[^1]);

        var pausedAfter = History(Tue(17, 30)).Append(new ClockSegment(Tue(17, 30), null, false, Accounting)).ToList();
        var b = ServiceClock.Evaluate(Russian, pausedAfter, Eight, Wed(12), false, Warnings);
        Assert.Equal(ClockState.PausedBreached, b.State);
        Assert.Equal(Tue(17), b.BreachedAt);
        Assert.Null(b.DueAt);
        Assert.Equal(TimeSpan.FromMinutes(510), b.Elapsed);
    }

    [Fact]
    public void A_closed_last_segment_of_a_live_clock_is_followed_by_a_pause()
    {
        var r = ServiceClock.Evaluate(Russian, History(Tue(12)), Eight, Tue(18), false, Warnings);
        Assert.Equal(ClockState.Paused, r.State);
        Assert.Equal(TimeSpan.FromHours(4), r.Elapsed);
        Assert.Equal(E(Tue(12), ClockLogKind.Paused, Accounting), r.Log[^1]);
    }

    [Fact]
    public void Zero_targets_thresholds_above_100_and_clocks_that_have_not_started()
    {
        var zero = ServiceClock.Evaluate(Russian, [new ClockSegment(Mon(10), null, true)], TimeSpan.Zero, Mon(11), false, Warnings);
        Assert.Equal(ClockState.RunningBreached, zero.State);
        Assert.Equal(Mon(10), zero.BreachedAt);
        Assert.Equal(100, zero.Percent);

        var escalated = ServiceClock.Evaluate(Russian, History(), Eight, Wed(18), false, [150, 90, 90]);
        Assert.Equal([90, 150], escalated.Log.Where(e => e.Kind == ClockLogKind.Warned).Select(e => e.Percent!.Value));
        Assert.Equal(E(Wed(12), ClockLogKind.Warned, Accounting, 150), escalated.Log[^1]);

        var future = ServiceClock.Evaluate(Russian, History(), Eight, Mon(8), false, Warnings);
        Assert.Empty(future.Log);
        Assert.Equal(TimeSpan.Zero, future.Elapsed);
        Assert.Equal(Mon(18), future.DueAt);
    }

    [Fact]
    public void Bad_histories_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ServiceClock.Evaluate(Russian, [], Eight, Tue(18), false, Warnings));
        Assert.Throws<ArgumentException>(() => ServiceClock.Evaluate(Russian, History(), Eight, Tue(18), true, Warnings));
        Assert.Throws<ArgumentException>(() => ServiceClock.Evaluate(Russian,
            [new ClockSegment(Mon(9), Mon(10), true), new ClockSegment(Mon(11), null, true)], Eight, Tue(18), false, Warnings));
        Assert.Throws<ArgumentException>(() => ServiceClock.Evaluate(Russian,
            [new ClockSegment(Mon(9), null, true), new ClockSegment(Mon(11), null, true)], Eight, Tue(18), false, Warnings));
        Assert.Throws<ArgumentOutOfRangeException>(() => ServiceClock.Evaluate(Russian, History(), Eight, Tue(18), false, [0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ServiceClock.Evaluate(Russian, History(), TimeSpan.FromTicks(-1), Tue(18), false, Warnings));
    }

    // Ticket histories through TicketTimers and Evaluate together.

    private static TicketTimeline Ticket(params StatusChange[] changes) =>
        new(Mon(9), TicketStatus.New, changes, null, [new TeamChange(Mon(9), Desk)]);

    [Fact]
    public void A_ticket_waiting_for_the_client_twice_has_two_clarification_clocks_and_a_paused_resolution_clock()
    {
        var timeline = Ticket(
            new StatusChange(Mon(10), TicketStatus.InProgress),
            new StatusChange(Mon(11), TicketStatus.WaitingForClient),
            new StatusChange(Mon(15), TicketStatus.InProgress),
            new StatusChange(Tue(9), TicketStatus.WaitingForClient),
            new StatusChange(Wed(12), TicketStatus.InProgress));
        var now = Wed(13);

        var clarifications = TicketTimers.Runs(TimerKind.ClientClarification, timeline, true, now)
            .Select(run => ServiceClock.Evaluate(Russian, run.Segments, TimeSpan.FromHours(4), now, run.Stopped, Warnings)).ToList();
        Assert.Equal(2, clarifications.Count);
        // 11:00–13:00 and 14:00–15:00 on Monday: 3 of 4 hours, answered in time. 75 % is reached only as the
        // clock stops, so no warning is logged.
        Assert.Equal(ClockState.Met, clarifications[0].State);
        Assert.Equal(TimeSpan.FromHours(3), clarifications[0].Elapsed);
        Assert.Equal([E(Mon(11), ClockLogKind.Started, Desk), E(Mon(15), ClockLogKind.Met, Desk)], clarifications[0].Log);
        // Tuesday 09:00 until Wednesday 12:00: 11 working hours, due Tuesday 13:00.
        Assert.Equal(ClockState.Breached, clarifications[1].State);
        Assert.Equal(Tue(13), clarifications[1].BreachedAt);
        Assert.Equal(TimeSpan.FromHours(11), clarifications[1].Elapsed);
        Assert.Equal(ClockLogKind.Stopped, clarifications[1].Log[^1].Kind);

        var resolution = TicketTimers.Runs(TimerKind.Resolution, timeline, true, now).Single();
        var r = ServiceClock.Evaluate(Russian, resolution.Segments, Eight, now, resolution.Stopped, Warnings);
        // Monday 09–11 and 15–18, Wednesday 12–13: 6 h; the other 2 h after lunch.
        Assert.Equal(TimeSpan.FromHours(6), r.Elapsed);
        Assert.Equal(ClockState.Running, r.State);
        // 75 % (6 h) is reached right now: a live clock logs it.
        Assert.Equal(
            [ClockLogKind.Started, ClockLogKind.Paused, ClockLogKind.Resumed, ClockLogKind.Paused, ClockLogKind.Resumed, ClockLogKind.Warned],
            r.Log.Select(e => e.Kind));
        Assert.Equal(E(Wed(13), ClockLogKind.Warned, Desk, 75), r.Log[^1]);
        Assert.Equal(Wed(16), r.DueAt);
    }

    [Fact]
    public void A_reopened_ticket_resumes_its_resolution_clock_without_the_resolved_stretch()
    {
        var timeline = Ticket(
            new StatusChange(Mon(10), TicketStatus.InProgress),
            new StatusChange(Mon(12), TicketStatus.Resolved),
            new StatusChange(Tue(10), TicketStatus.Reopened),
            new StatusChange(Tue(12), TicketStatus.Resolved));
        var run = TicketTimers.Runs(TimerKind.Resolution, timeline, true, Wed(9)).Single();
        var r = ServiceClock.Evaluate(Russian, run.Segments, Eight, Wed(9), run.Stopped, Warnings);
        Assert.Equal(ClockState.Met, r.State);
        Assert.Equal(TimeSpan.FromHours(5), r.Elapsed);
        Assert.Equal(
        [
            E(Mon(9), ClockLogKind.Started, Desk),
            E(Mon(12), ClockLogKind.Paused, Desk),
            E(Tue(10), ClockLogKind.Resumed, Desk),
            E(Tue(12), ClockLogKind.Met, Desk),
        ], r.Log);

        var whileReopened = TicketTimers.Runs(TimerKind.Resolution, timeline, true, Tue(11)).Single();
        var open = ServiceClock.Evaluate(Russian, whileReopened.Segments, Eight, Tue(11), whileReopened.Stopped, Warnings);
        Assert.Equal(ClockState.Running, open.State);
        Assert.Equal(TimeSpan.FromHours(4), open.Elapsed);
        Assert.Equal(Tue(16), open.DueAt);
    }

    [Fact]
    public void First_response_is_stopped_by_a_reply()
    {
        var timeline = Ticket(new StatusChange(Mon(10), TicketStatus.Assigned)) with { FirstResponseAt = Mon(16, 30) };
        var run = TicketTimers.Runs(TimerKind.FirstResponse, timeline, true, Tue(9)).Single();
        var r = ServiceClock.Evaluate(Russian, run.Segments, TimeSpan.FromHours(4), Tue(9), run.Stopped, Warnings);
        // 09–13 is the whole target: due 13:00, replied at 16:30.
        Assert.Equal(ClockState.Breached, r.State);
        Assert.Equal(Mon(13), r.BreachedAt);
        Assert.Equal(E(Mon(16, 30), ClockLogKind.Stopped, Desk), r.Log[^1]);

        var quick = TicketTimers.Runs(TimerKind.FirstResponse, timeline with { FirstResponseAt = Mon(9, 20) }, true, Tue(9)).Single();
        var met = ServiceClock.Evaluate(Russian, quick.Segments, TimeSpan.FromHours(1), Tue(9), quick.Stopped, Warnings);
        Assert.Equal(ClockState.Met, met.State);
        Assert.Equal(TimeSpan.FromMinutes(20), met.Elapsed);
        Assert.Equal([ClockLogKind.Started, ClockLogKind.Met], met.Log.Select(e => e.Kind));
    }

    [Fact]
    public void Elapsed_time_is_split_by_the_holding_team()
    {
        var timeline = new TicketTimeline(Mon(9), TicketStatus.New, [new StatusChange(Tue(12), TicketStatus.Resolved)], null,
            [new TeamChange(Mon(10), Desk), new TeamChange(Mon(15), Accounting), new TeamChange(Tue(10), Desk)]);
        var run = TicketTimers.Runs(TimerKind.Resolution, timeline, true, Tue(18)).Single();
        var r = ServiceClock.Evaluate(Russian, run.Segments, Eight, Tue(18), run.Stopped, Warnings);
        // Monday 09–10 nobody, 10–15 the desk (lunch aside), 15–18 accounting; Tuesday 09–10 accounting, 10–12 the desk.
        Assert.Equal(TimeSpan.FromHours(11), r.Elapsed);
        Assert.Equal(ClockState.Breached, r.State);
        Assert.Equal(TimeSpan.FromHours(1), r.ElapsedByTeam[Guid.Empty]);
        Assert.Equal(TimeSpan.FromHours(4 + 2), r.ElapsedByTeam[Desk]);
        Assert.Equal(TimeSpan.FromHours(3 + 1), r.ElapsedByTeam[Accounting]);
        Assert.Equal(r.Elapsed, r.ElapsedByTeam.Values.Aggregate(TimeSpan.Zero, (a, b) => a + b));
        // The breach (8 h at Monday 18:00) happened while accounting held the ticket.
        Assert.Equal(E(Mon(18), ClockLogKind.Breached, Accounting), r.Log.Single(e => e.Kind == ClockLogKind.Breached));
    }
}
