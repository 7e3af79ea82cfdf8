namespace OneWindow.Core.Tickets;

/// <summary>How a team hands new tickets to its agents.</summary>
public enum AssignmentStrategy
{
    Manual,
    RoundRobin,
    LeastLoaded,
    Skills,
}

/// <summary>An agent of the team as the picker sees them at the moment of assignment.</summary>
public sealed record AgentCandidate(Guid Id, int OpenTickets, IReadOnlyCollection<string> Skills, bool Available, DateTimeOffset? LastAssignedAt);

/// <summary>
/// Chooses the agent for a new ticket; null means "leave it in the team queue". Unavailable agents are never picked.
/// </summary>
public static class AssignmentPicker
{
    /// <summary>
    /// <list type="bullet">
    /// <item>Manual: always null.</item>
    /// <item>RoundRobin: the first available agent whose id follows <paramref name="lastAssignedId"/> in id order,
    /// wrapping around; the last agent need not be a candidate any more. Fed its own previous pick, N agents get
    /// exactly k tickets each over N·k picks.</item>
    /// <item>LeastLoaded: fewest open tickets, then the longest since the last assignment (never assigned first), then id.</item>
    /// <item>Skills: like LeastLoaded among the agents having all <paramref name="requiredSkills"/> (case-insensitive).</item>
    /// </list>
    /// RoundRobin and LeastLoaded ignore skills.
    /// </summary>
    public static Guid? Pick(
        AssignmentStrategy strategy,
        IReadOnlyList<AgentCandidate> candidates,
        IReadOnlyCollection<string> requiredSkills,
        Guid? lastAssignedId)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(requiredSkills);

        var available = candidates.Where(c => c.Available);
        return strategy switch
        {
            AssignmentStrategy.RoundRobin => NextAfter(available, lastAssignedId),
            AssignmentStrategy.LeastLoaded => LeastLoaded(available),
            AssignmentStrategy.Skills => LeastLoaded(available.Where(c => HasAll(c, requiredSkills))),
            _ => null,
        };
    }

    private static Guid? NextAfter(IEnumerable<AgentCandidate> available, Guid? lastAssignedId)
    {
        var ids = available.Select(c => c.Id).Distinct().Order().ToList();
        if (ids.Count == 0)
        {
            return null;
        }

        if (lastAssignedId is { } last)
        {
            foreach (var id in ids)
            {
                if (id.CompareTo(last) > 0)
                {
                    return id;
                }
            }
        }

        return ids[0];
    }

    private static Guid? LeastLoaded(IEnumerable<AgentCandidate> available) =>
        available
            .OrderBy(c => c.OpenTickets)
            .ThenBy(c => c.LastAssignedAt ?? DateTimeOffset.MinValue)
            .ThenBy(c => c.Id)
            .Select(c => (Guid?)c.Id)
            .FirstOrDefault();

    private static bool HasAll(AgentCandidate candidate, IReadOnlyCollection<string> requiredSkills)
    {
        if (requiredSkills.Count == 0)
        {
            return true;
        }

        var skills = new HashSet<string>((candidate.Skills ?? []).Select(s => s.Trim()), StringComparer.OrdinalIgnoreCase);
        return requiredSkills.Where(r => !string.IsNullOrWhiteSpace(r)).All(r => skills.Contains(r.Trim()));
    }
}
