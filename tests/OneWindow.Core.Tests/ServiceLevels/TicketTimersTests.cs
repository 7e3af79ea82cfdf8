using OneWindow.Core.ServiceLevels;
using OneWindow.Core.Tickets;

namespace OneWindow.Core.Tests.ServiceLevels;

public class TicketTimersTests
{
    private static readonly Guid Desk = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Accounting = Guid.Parse("00000000-0000-0000-0000-00000000000b");

    private static DateTimeOffset T(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    private static TicketTimeline Timeline(IReadOnlyList<StatusChange> changes, DateTimeOffset? firstResponse = null, IReadOnlyList<TeamChange>? teams = null) =>
        new(T(2, 10), TicketStatus.New, changes, firstResponse, teams ?? [new TeamChange(T(2, 10), Desk)]);

    [Fact]
    public void First_response_is_stopped_by_a_reply()
    {
        var timeline = Timeline([new StatusChange(T(2, 11), TicketStatus.Assigned)], firstResponse: T(2, 12));
        var run = Assert.Single(TicketTimers.Runs(TimerKind.FirstResponse, timeline, true, T(3, 9)));
        Assert.True(run.Stopped);
        Assert.Equal(1, run.Episode);
        Assert.Equal([new ClockSegment(T(2, 10), T(2, 12), true, Desk)], run.Segments);
    }

    [Fact]
    public void First_response_is_stopped_by_a_resolution_before_any_reply_and_runs_open_before()
    {
        var timeline = Timeline([new StatusChange(T(2, 11), TicketStatus.Resolved)]);
        Assert.Equal([new ClockSegment(T(2, 10), T(2, 11), true, Desk)], TicketTimers.Runs(TimerKind.FirstResponse, timeline, true, T(3, 9))[0].Segments);
        var open = TicketTimers.Runs(TimerKind.FirstResponse, timeline, true, T(2, 10, 30))[0];
        Assert.False(open.Stopped);
        Assert.Equal([new ClockSegment(T(2, 10), null, true, Desk)], open.Segments);
        // A reply known now but dated later does not count yet.
        var future = TicketTimers.Runs(TimerKind.FirstResponse, Timeline([], firstResponse: T(5, 10)), true, T(3, 9))[0];
        Assert.False(future.Stopped);
    }

    [Fact]
    public void A_ticket_created_after_now_has_no_runs()
    {
        Assert.Empty(TicketTimers.Runs(TimerKind.Resolution, Timeline([]), true, T(1, 10)));
        Assert.Empty(TicketTimers.Runs(TimerKind.ClientClarification, Timeline([]), true, T(1, 10)));
    }

    [Fact]
    public void Resolution_pauses_while_waiting_for_the_client_twice_and_each_wait_is_an_ola_episode()
    {
        var timeline = Timeline(
        [
            new StatusChange(T(2, 11), TicketStatus.InProgress),
            new StatusChange(T(2, 12), TicketStatus.WaitingForClient),
            new StatusChange(T(2, 15), TicketStatus.InProgress),
            new StatusChange(T(3, 10), TicketStatus.WaitingForClient),
            new StatusChange(T(4, 10), TicketStatus.InProgress),
            new StatusChange(T(4, 12), TicketStatus.Resolved),
        ]);
        var resolution = Assert.Single(TicketTimers.Runs(TimerKind.Resolution, timeline, true, T(5, 9)));
        Assert.True(resolution.Stopped);
        Assert.Equal(
        [
            new ClockSegment(T(2, 10), T(2, 12), true, Desk),
            new ClockSegment(T(2, 12), T(2, 15), false, Desk),
            new ClockSegment(T(2, 15), T(3, 10), true, Desk),
            new ClockSegment(T(3, 10), T(4, 10), false, Desk),
            new ClockSegment(T(4, 10), T(4, 12), true, Desk),
        ], resolution.Segments);

        // Without pausing the SLA clock runs straight through.
        Assert.Equal([new ClockSegment(T(2, 10), T(4, 12), true, Desk)], TicketTimers.Runs(TimerKind.Resolution, timeline, false, T(5, 9))[0].Segments);

        var episodes = TicketTimers.Runs(TimerKind.ClientClarification, timeline, true, T(5, 9));
        Assert.Equal(2, episodes.Count);
        Assert.Equal([1, 2], episodes.Select(e => e.Episode));
        Assert.Equal([new ClockSegment(T(2, 12), T(2, 15), true, Desk)], episodes[0].Segments);
        Assert.Equal([new ClockSegment(T(3, 10), T(4, 10), true, Desk)], episodes[1].Segments);
        Assert.All(episodes, e => Assert.True(e.Stopped));

        // In the middle of the second wait: the second episode is open, the resolution clock paused.
        var mid = TicketTimers.Runs(TimerKind.ClientClarification, timeline, true, T(3, 15));
        Assert.False(mid[1].Stopped);
        Assert.Equal([new ClockSegment(T(3, 10), null, true, Desk)], mid[1].Segments);
        var pausedNow = TicketTimers.Runs(TimerKind.Resolution, timeline, true, T(3, 15))[0];
        Assert.False(pausedNow.Stopped);
        Assert.Equal(new ClockSegment(T(3, 10), null, false, Desk), pausedNow.Segments[^1]);
    }

    [Fact]
    public void A_reopened_ticket_resumes_the_resolution_clock_without_counting_the_resolved_stretch()
    {
        var timeline = Timeline(
        [
            new StatusChange(T(2, 11), TicketStatus.InProgress),
            new StatusChange(T(2, 13), TicketStatus.Resolved),
            new StatusChange(T(3, 9), TicketStatus.Reopened),
            new StatusChange(T(3, 10), TicketStatus.InProgress),
            new StatusChange(T(3, 12), TicketStatus.Resolved),
            new StatusChange(T(4, 12), TicketStatus.Closed),
        ]);
        var run = TicketTimers.Runs(TimerKind.Resolution, timeline, true, T(6, 9))[0];
        Assert.True(run.Stopped);
        Assert.Equal(
        [
            new ClockSegment(T(2, 10), T(2, 13), true, Desk),
            new ClockSegment(T(2, 13), T(3, 9), false, Desk),
            new ClockSegment(T(3, 9), T(3, 12), true, Desk),
        ], run.Segments);

        var whileResolved = TicketTimers.Runs(TimerKind.Resolution, timeline, true, T(2, 20))[0];
        Assert.True(whileResolved.Stopped);
        Assert.Equal([new ClockSegment(T(2, 10), T(2, 13), true, Desk)], whileResolved.Segments);

        var afterReopen = TicketTimers.Runs(TimerKind.Resolution, timeline, true, T(3, 9, 30))[0];
        Assert.False(afterReopen.Stopped);
        Assert.Equal(new ClockSegment(T(3, 9), null, true, Desk), afterReopen.Segments[^1]);

        // Reopened exactly now: the open run is already running again.
        var atReopen = TicketTimers.Runs(TimerKind.Resolution, timeline, true, T(3, 9))[0];
        Assert.False(atReopen.Stopped);
        Assert.Equal(new ClockSegment(T(3, 9), null, true, Desk), atReopen.Segments[^1]);
    }

    [Fact]
    public void Segments_split_where_the_team_changes()
    {
        var timeline = Timeline(
            [new StatusChange(T(2, 12), TicketStatus.WaitingForClient), new StatusChange(T(2, 16), TicketStatus.InProgress)],
            teams: [new TeamChange(T(2, 11), Desk), new TeamChange(T(2, 14), Accounting), new TeamChange(T(3, 9), Accounting), new TeamChange(T(3, 10), Desk)]);
        var run = TicketTimers.Runs(TimerKind.Resolution, timeline, true, T(3, 12))[0];
        Assert.Equal(
        [
            new ClockSegment(T(2, 10), T(2, 11), true, null),
            new ClockSegment(T(2, 11), T(2, 12), true, Desk),
            new ClockSegment(T(2, 12), T(2, 14), false, Desk),
            new ClockSegment(T(2, 14), T(2, 16), false, Accounting),
            new ClockSegment(T(2, 16), T(3, 10), true, Accounting),
            new ClockSegment(T(3, 10), null, true, Desk),
        ], run.Segments);

        var episode = TicketTimers.Runs(TimerKind.ClientClarification, timeline, true, T(3, 12)).Single();
        Assert.Equal([new ClockSegment(T(2, 12), T(2, 14), true, Desk), new ClockSegment(T(2, 14), T(2, 16), true, Accounting)], episode.Segments);
    }

    [Fact]
    public void A_ticket_created_waiting_starts_paused_and_with_an_episode()
    {
        var timeline = new TicketTimeline(T(2, 10), TicketStatus.WaitingForClient, [new StatusChange(T(2, 11), TicketStatus.InProgress)], null, []);
        Assert.Equal(
            [new ClockSegment(T(2, 10), T(2, 11), false), new ClockSegment(T(2, 11), null, true)],
            TicketTimers.Runs(TimerKind.Resolution, timeline, true, T(2, 12))[0].Segments);
        Assert.Equal([new ClockSegment(T(2, 10), T(2, 11), true)], TicketTimers.Runs(TimerKind.ClientClarification, timeline, true, T(2, 12))[0].Segments);
    }

    [Fact]
    public void Changes_at_one_instant_leave_the_last_in_force_and_resolved_at_creation_is_a_zero_length_run()
    {
        var timeline = new TicketTimeline(T(2, 10), TicketStatus.New,
            [new StatusChange(T(2, 10), TicketStatus.Resolved), new StatusChange(T(2, 11), TicketStatus.WaitingForClient), new StatusChange(T(2, 11), TicketStatus.Closed)], null, []);
        var run = TicketTimers.Runs(TimerKind.Resolution, timeline, true, T(2, 12))[0];
        Assert.True(run.Stopped);
        Assert.Equal([new ClockSegment(T(2, 10), T(2, 10), true)], run.Segments);
        Assert.Empty(TicketTimers.Runs(TimerKind.ClientClarification, timeline, true, T(2, 12)));
    }
}
