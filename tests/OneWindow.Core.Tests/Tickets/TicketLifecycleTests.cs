using OneWindow.Core.Tickets;
using static OneWindow.Core.Tickets.TicketAction;
using static OneWindow.Core.Tickets.TicketStatus;

namespace OneWindow.Core.Tests.Tickets;

public class TicketLifecycleTests
{
    private static readonly DateTimeOffset ResolvedAt = new(2026, 11, 3, 10, 0, 0, TimeSpan.FromHours(3));
    private static readonly TimeSpan Window = TimeSpan.FromDays(7);
    private static readonly TicketLifecycleContext InWindow = new(ResolvedAt.AddDays(1), ResolvedAt, Window);
    private static readonly TicketLifecycleContext AfterWindow = new(ResolvedAt.AddDays(8), ResolvedAt, Window);

    // Every accepted (from, action) pair inside the reopen window; every pair not listed must be rejected.
    private static readonly Dictionary<(TicketStatus, TicketAction), TicketStatus> Valid = new()
    {
        [(New, Assign)] = Assigned,
        [(New, Start)] = InProgress,
        [(New, ClientReplied)] = New,
        [(New, Forward)] = New,

        [(Assigned, Assign)] = Assigned,
        [(Assigned, Unassign)] = New,
        [(Assigned, Start)] = InProgress,
        [(Assigned, ClientReplied)] = Assigned,
        [(Assigned, Resolve)] = Resolved,
        [(Assigned, Forward)] = Assigned,

        [(InProgress, Assign)] = InProgress,
        [(InProgress, AskClient)] = WaitingForClient,
        [(InProgress, ClientReplied)] = InProgress,
        [(InProgress, Resolve)] = Resolved,
        [(InProgress, Forward)] = InProgress,

        [(WaitingForClient, Assign)] = WaitingForClient,
        [(WaitingForClient, ClientReplied)] = InProgress,
        [(WaitingForClient, Forward)] = WaitingForClient,

        [(Resolved, ClientReplied)] = Reopened,
        [(Resolved, ConfirmResolution)] = Closed,
        [(Resolved, Reopen)] = Reopened,
        [(Resolved, Close)] = Closed,
        [(Resolved, AutoClose)] = Closed,
        [(Resolved, Forward)] = Resolved,

        [(Reopened, Assign)] = Reopened,
        [(Reopened, Start)] = InProgress,
        [(Reopened, ClientReplied)] = Reopened,
        [(Reopened, Resolve)] = Resolved,
        [(Reopened, Forward)] = Reopened,
    };

    public static TheoryData<TicketStatus, TicketAction> EveryPair()
    {
        var data = new TheoryData<TicketStatus, TicketAction>();
        foreach (var status in Enum.GetValues<TicketStatus>())
        {
            foreach (var action in Enum.GetValues<TicketAction>())
            {
                data.Add(status, action);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Every_status_and_action_pair_follows_the_transition_table(TicketStatus from, TicketAction action)
    {
        var result = TicketLifecycle.Apply(from, action, InWindow);

        if (from == Closed && action == ClientReplied)
        {
            Assert.Equal(new TicketTransition(true, Closed, null, StartsNewTicket: true), result);
        }
        else if (Valid.TryGetValue((from, action), out var to))
        {
            Assert.Equal(new TicketTransition(true, to, null), result);
        }
        else
        {
            Assert.False(result.Ok);
            Assert.False(result.StartsNewTicket);
            Assert.Equal(from, result.To);
            Assert.Equal(from == Closed ? TicketLifecycle.TicketClosed : TicketLifecycle.InvalidTransition, result.Error);
        }
    }

    [Theory]
    [InlineData(New, Unassign)]
    [InlineData(New, Resolve)]
    [InlineData(New, Close)]
    [InlineData(InProgress, Unassign)]
    [InlineData(InProgress, Close)]
    [InlineData(WaitingForClient, Resolve)]
    [InlineData(WaitingForClient, Start)]
    [InlineData(Resolved, Start)]
    [InlineData(Reopened, Close)]
    public void Rejects_shortcuts_with_the_invalid_transition_code(TicketStatus from, TicketAction action)
    {
        Assert.Equal(new TicketTransition(false, from, TicketLifecycle.InvalidTransition), TicketLifecycle.Apply(from, action, InWindow));
    }

    [Theory]
    [InlineData(Forward)]
    [InlineData(Reopen)]
    [InlineData(Close)]
    [InlineData(Assign)]
    public void Closed_is_final(TicketAction action)
    {
        Assert.Equal(TicketLifecycle.TicketClosed, TicketLifecycle.Apply(Closed, action, InWindow).Error);
    }

    [Fact]
    public void Reopen_after_the_window_is_refused_with_its_own_code()
    {
        Assert.Equal(new TicketTransition(false, Resolved, TicketLifecycle.ReopenWindowExpired), TicketLifecycle.Apply(Resolved, Reopen, AfterWindow));
    }

    [Theory]
    [InlineData(Resolved)]
    [InlineData(Closed)]
    public void A_client_reply_after_the_window_starts_a_new_ticket_instead_of_failing(TicketStatus from)
    {
        var result = TicketLifecycle.Apply(from, ClientReplied, AfterWindow);
        Assert.True(result.Ok);
        Assert.True(result.StartsNewTicket);
        Assert.Equal(from, result.To);
        Assert.Null(result.Error);
    }

    [Fact]
    public void The_end_of_the_reopen_window_is_inclusive()
    {
        var atEnd = new TicketLifecycleContext(ResolvedAt + Window, ResolvedAt, Window);
        var justAfter = atEnd with { Now = ResolvedAt + Window + TimeSpan.FromTicks(1) };
        Assert.Equal(Reopened, TicketLifecycle.Apply(Resolved, Reopen, atEnd).To);
        Assert.False(TicketLifecycle.Apply(Resolved, Reopen, justAfter).Ok);
    }

    [Fact]
    public void The_window_is_compared_as_instants_whatever_the_offsets()
    {
        var now = new DateTimeOffset(2026, 11, 10, 7, 0, 0, TimeSpan.Zero); // 10:00 in Moscow
        Assert.True(TicketLifecycle.Apply(Resolved, Reopen, new(now, ResolvedAt, Window)).Ok);
    }

    [Fact]
    public void A_zero_window_allows_reopening_only_at_the_resolution_instant()
    {
        Assert.True(TicketLifecycle.Apply(Resolved, Reopen, new(ResolvedAt, ResolvedAt, TimeSpan.Zero)).Ok);
        Assert.True(TicketLifecycle.Apply(Resolved, ClientReplied, new(ResolvedAt.AddSeconds(1), ResolvedAt, TimeSpan.Zero)).StartsNewTicket);
    }

    [Fact]
    public void A_resolved_ticket_without_a_resolution_instant_counts_as_outside_the_window()
    {
        var unknown = new TicketLifecycleContext(ResolvedAt, null, Window);
        Assert.Equal(TicketLifecycle.ReopenWindowExpired, TicketLifecycle.Apply(Resolved, Reopen, unknown).Error);
        Assert.True(TicketLifecycle.Apply(Resolved, ClientReplied, unknown).StartsNewTicket);
    }

    [Fact]
    public void A_huge_window_does_not_overflow()
    {
        Assert.True(TicketLifecycle.Apply(Resolved, Reopen, new(DateTimeOffset.MaxValue, DateTimeOffset.MinValue, TimeSpan.MaxValue)).Ok);
    }

    [Fact]
    public void A_negative_window_is_a_configuration_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TicketLifecycle.Apply(Resolved, Reopen, new(ResolvedAt, ResolvedAt, TimeSpan.FromDays(-1))));
    }

    [Fact]
    public void Undefined_enum_values_are_rejected_not_thrown()
    {
        Assert.Equal(TicketLifecycle.InvalidTransition, TicketLifecycle.Apply((TicketStatus)42, Assign, InWindow).Error);
        Assert.Equal(TicketLifecycle.InvalidTransition, TicketLifecycle.Apply(New, (TicketAction)42, InWindow).Error);
    }

    [Fact]
    public void Allowed_actions_match_the_transition_table()
    {
        foreach (var status in Enum.GetValues<TicketStatus>())
        {
            var expected = Enum.GetValues<TicketAction>()
                .Where(a => Valid.ContainsKey((status, a)) || (status == Closed && a == ClientReplied))
                .ToList();
            Assert.Equal(expected, TicketLifecycle.AllowedActions(status));
        }
    }

    [Fact]
    public void Allowed_actions_with_a_context_drop_reopen_after_the_window_but_keep_the_client_reply()
    {
        var actions = TicketLifecycle.AllowedActions(Resolved, AfterWindow);
        Assert.DoesNotContain(Reopen, actions);
        Assert.Contains(ClientReplied, actions);
        Assert.Contains(Close, actions);
    }

    [Theory]
    [InlineData(New, true, true, false)]
    [InlineData(Assigned, true, true, false)]
    [InlineData(InProgress, true, true, false)]
    [InlineData(WaitingForClient, true, false, true)]
    [InlineData(Resolved, false, false, false)]
    [InlineData(Closed, false, false, false)]
    [InlineData(Reopened, true, true, false)]
    public void Open_state_and_clocks_follow_the_status(TicketStatus status, bool open, bool sla, bool ola)
    {
        Assert.Equal(open, TicketLifecycle.IsOpen(status));
        Assert.Equal(sla, StatusClocks.SlaClockRunning(status));
        Assert.Equal(ola, StatusClocks.OlaClockRunning(status));
    }

    [Fact]
    public void A_typical_ticket_walks_the_happy_path_with_a_clarification()
    {
        var status = New;
        foreach (var action in new[] { Assign, Start, AskClient, ClientReplied, Forward, Resolve, ClientReplied, Start, Resolve, ConfirmResolution })
        {
            var result = TicketLifecycle.Apply(status, action, InWindow);
            Assert.True(result.Ok, $"{action} from {status}");
            status = result.To;
        }

        Assert.Equal(Closed, status);
    }
}
