using OneWindow.Core.Tickets;

namespace OneWindow.Core.Tests.Tickets;

public class AssignmentPickerTests
{
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-000000000002");
    private static readonly Guid C = Guid.Parse("00000000-0000-0000-0000-000000000003");
    private static readonly Guid D = Guid.Parse("00000000-0000-0000-0000-000000000004");
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(3));
    private static readonly string[] NoSkills = [];

    private static AgentCandidate Agent(Guid id, int open = 0, bool available = true, DateTimeOffset? last = null, params string[] skills) =>
        new(id, open, skills, available, last);

    [Fact]
    public void Manual_never_picks()
    {
        Assert.Null(AssignmentPicker.Pick(AssignmentStrategy.Manual, [Agent(A)], NoSkills, null));
    }

    [Theory]
    [InlineData(AssignmentStrategy.RoundRobin)]
    [InlineData(AssignmentStrategy.LeastLoaded)]
    [InlineData(AssignmentStrategy.Skills)]
    public void Nobody_available_means_nobody_picked(AssignmentStrategy strategy)
    {
        Assert.Null(AssignmentPicker.Pick(strategy, [], NoSkills, null));
        Assert.Null(AssignmentPicker.Pick(strategy, [Agent(A, available: false), Agent(B, available: false)], NoSkills, A));
    }

    [Fact]
    public void Round_robin_takes_the_next_agent_by_id_and_wraps_around()
    {
        AgentCandidate[] team = [Agent(C), Agent(A), Agent(B)];
        Assert.Equal(A, AssignmentPicker.Pick(AssignmentStrategy.RoundRobin, team, NoSkills, null));
        Assert.Equal(B, AssignmentPicker.Pick(AssignmentStrategy.RoundRobin, team, NoSkills, A));
        Assert.Equal(C, AssignmentPicker.Pick(AssignmentStrategy.RoundRobin, team, NoSkills, B));
        Assert.Equal(A, AssignmentPicker.Pick(AssignmentStrategy.RoundRobin, team, NoSkills, C));
    }

    [Fact]
    public void Round_robin_skips_unavailable_agents_and_ignores_load()
    {
        AgentCandidate[] team = [Agent(A), Agent(B, available: false), Agent(C, open: 50)];
        Assert.Equal(C, AssignmentPicker.Pick(AssignmentStrategy.RoundRobin, team, NoSkills, A));
        Assert.Equal(A, AssignmentPicker.Pick(AssignmentStrategy.RoundRobin, team, NoSkills, C));
    }

    [Fact]
    public void Round_robin_continues_from_the_place_of_an_agent_who_left_the_team()
    {
        AgentCandidate[] team = [Agent(A), Agent(C), Agent(D)];
        Assert.Equal(C, AssignmentPicker.Pick(AssignmentStrategy.RoundRobin, team, NoSkills, B));
        Assert.Equal(A, AssignmentPicker.Pick(AssignmentStrategy.RoundRobin, team, NoSkills, Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff")));
    }

    [Fact]
    public void Round_robin_is_exactly_fair_over_whole_rounds_for_random_teams()
    {
        var random = new Random(20261103);
        for (var run = 0; run < 200; run++)
        {
            var size = random.Next(1, 12);
            var team = Enumerable.Range(0, size + random.Next(0, 4))
                .Select(i => Agent(RandomGuid(random), open: random.Next(0, 30), available: i < size))
                .OrderBy(_ => random.Next())
                .ToList();
            var rounds = random.Next(1, 6);
            Guid? last = random.Next(3) == 0 ? null : RandomGuid(random);
            var counts = new Dictionary<Guid, int>();

            for (var pick = 0; pick < size * rounds; pick++)
            {
                last = AssignmentPicker.Pick(AssignmentStrategy.RoundRobin, team, NoSkills, last);
                Assert.NotNull(last);
                counts[last.Value] = counts.GetValueOrDefault(last.Value) + 1;
            }

            var availableIds = team.Where(a => a.Available).Select(a => a.Id).ToHashSet();
            Assert.Equal(availableIds, counts.Keys.ToHashSet());
            Assert.All(counts.Values, c => Assert.Equal(rounds, c));
        }
    }

    [Fact]
    public void Least_loaded_takes_the_agent_with_fewest_open_tickets()
    {
        AgentCandidate[] team = [Agent(A, open: 5), Agent(B, open: 2), Agent(C, open: 0, available: false), Agent(D, open: 3)];
        Assert.Equal(B, AssignmentPicker.Pick(AssignmentStrategy.LeastLoaded, team, NoSkills, B));
    }

    [Fact]
    public void Least_loaded_ties_go_to_the_never_assigned_then_the_longest_waiting_then_the_lowest_id()
    {
        Assert.Equal(C, AssignmentPicker.Pick(AssignmentStrategy.LeastLoaded, [Agent(A, 1, last: Monday), Agent(B, 1, last: Monday.AddHours(-1)), Agent(C, 1)], NoSkills, null));
        Assert.Equal(B, AssignmentPicker.Pick(AssignmentStrategy.LeastLoaded, [Agent(A, 1, last: Monday), Agent(B, 1, last: Monday.AddHours(-1))], NoSkills, null));
        Assert.Equal(A, AssignmentPicker.Pick(AssignmentStrategy.LeastLoaded, [Agent(B, 1, last: Monday), Agent(A, 1, last: Monday)], NoSkills, null));
        Assert.Equal(A, AssignmentPicker.Pick(AssignmentStrategy.LeastLoaded, [Agent(B, 1), Agent(A, 1)], NoSkills, null));
    }

    [Fact]
    public void Least_loaded_compares_last_assignment_as_instants()
    {
        // 09:00 in Moscow is 06:00 UTC, earlier than 08:00 UTC.
        var moscow = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(3));
        var utc = new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);
        Assert.Equal(B, AssignmentPicker.Pick(AssignmentStrategy.LeastLoaded, [Agent(A, 1, last: utc), Agent(B, 1, last: moscow)], NoSkills, null));
    }

    [Fact]
    public void Least_loaded_keeps_a_simulated_team_balanced()
    {
        var random = new Random(42);
        var team = Enumerable.Range(0, 7).Select(_ => Agent(RandomGuid(random), open: random.Next(0, 5))).ToList();
        var now = Monday;
        for (var i = 0; i < 500; i++)
        {
            var picked = AssignmentPicker.Pick(AssignmentStrategy.LeastLoaded, team, NoSkills, null)!.Value;
            var index = team.FindIndex(a => a.Id == picked);
            Assert.Equal(team.Min(a => a.OpenTickets), team[index].OpenTickets);
            now = now.AddMinutes(1);
            team[index] = team[index] with { OpenTickets = team[index].OpenTickets + 1, LastAssignedAt = now };
        }

        Assert.True(team.Max(a => a.OpenTickets) - team.Min(a => a.OpenTickets) <= 1);
    }

    [Fact]
    public void Skills_requires_all_skills_case_insensitively_then_least_loaded()
    {
        AgentCandidate[] team =
        [
            Agent(A, open: 0, skills: ["VAT"]),
            Agent(B, open: 4, skills: ["vat", "Export"]),
            Agent(C, open: 2, skills: ["НДС", "vat", "export"]),
            Agent(D, open: 0, available: false, skills: ["vat", "export"]),
        ];
        Assert.Equal(C, AssignmentPicker.Pick(AssignmentStrategy.Skills, team, ["Vat", "EXPORT"], null));
        Assert.Equal(C, AssignmentPicker.Pick(AssignmentStrategy.Skills, team, ["ндс"], null));
        Assert.Equal(A, AssignmentPicker.Pick(AssignmentStrategy.Skills, team, ["vat"], null));
    }

    [Fact]
    public void Skills_without_a_qualified_agent_leaves_the_ticket_in_the_queue()
    {
        AgentCandidate[] team = [Agent(A, skills: ["vat"]), Agent(B, available: false, skills: ["payroll"])];
        Assert.Null(AssignmentPicker.Pick(AssignmentStrategy.Skills, team, ["payroll"], null));
    }

    [Fact]
    public void Skills_with_no_required_skills_falls_back_to_least_loaded()
    {
        AgentCandidate[] team = [Agent(A, open: 3), Agent(B, open: 1)];
        Assert.Equal(B, AssignmentPicker.Pick(AssignmentStrategy.Skills, team, NoSkills, null));
    }

    [Fact]
    public void Undefined_strategies_pick_nobody()
    {
        Assert.Null(AssignmentPicker.Pick((AssignmentStrategy)99, [Agent(A)], NoSkills, null));
    }

    private static Guid RandomGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
