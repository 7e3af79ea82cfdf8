namespace OneWindow.Web.Features.Tickets;

/// <summary>Loads the routing rules and lets OneWindow.Core decide; the rules live as JSON so they can grow without migrations.</summary>
public sealed class TicketRouting(AppDbContext db)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public async Task<RoutingDecision> DecideAsync(RoutingInput input, CancellationToken ct)
    {
        var rules = await db.RoutingRules.AsNoTracking().Where(r => r.IsActive).ToListAsync(ct);
        return RoutingEngine.Route(rules.Select(ToCore), input);
    }

    public static RoutingRule ToCore(TicketRoutingRule r) => new(
        r.Id, r.Name, r.Order, r.IsActive,
        JsonSerializer.Deserialize<RoutingConditions>(r.Conditions, Json) ?? new RoutingConditions(),
        JsonSerializer.Deserialize<RoutingActions>(r.Actions, Json) ?? new RoutingActions(),
        r.StopProcessing);
}

/// <summary>Finds an assignee for a ticket routed to a team, by the team's strategy (OneWindow.Core's AssignmentPicker).</summary>
public sealed class TicketAssigner(AppDbContext db, Data.Tenancy.CurrentActor actor)
{
    public async Task AssignAutomaticallyAsync(Ticket ticket, Guid teamId, DateTimeOffset now, CancellationToken ct)
    {
        var team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == teamId, ct);
        if (team is null || team.AssignmentStrategy == AssignmentStrategy.Manual)
        {
            return;
        }

        // Open-ticket counts and last assignments are read across companies: load balancing is an SSC matter, not a client's data.
        var members = await db.Users.IgnoreQueryFilters()
            .Where(u => u.TeamId == teamId && u.CompanyId == null && u.IsActive)
            .Select(u => new
            {
                u.Id,
                u.Skills,
                u.AcceptsTickets,
                Open = db.Tickets.IgnoreQueryFilters().Count(t => t.AssigneeId == u.Id && t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed),
                Last = db.Tickets.IgnoreQueryFilters().Where(t => t.AssigneeId == u.Id).Max(t => (DateTimeOffset?)t.CreatedAt),
            })
            .ToListAsync(ct);
        var candidates = members.Select(m => new AgentCandidate(m.Id, m.Open, m.Skills.Split(' ', StringSplitOptions.RemoveEmptyEntries), m.AcceptsTickets, m.Last)).ToList();
        var required = ticket.Tags.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // Round-robin continues after whoever got the team's latest ticket; no counter row to contend on.
        var last = await db.Tickets.IgnoreQueryFilters().Where(t => t.TeamId == teamId && t.AssigneeId != null)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Number).Select(t => t.AssigneeId).FirstOrDefaultAsync(ct);
        var chosen = AssignmentPicker.Pick(team.AssignmentStrategy, candidates, required, last);
        if (chosen is not { } assignee)
        {
            return;
        }

        var from = ticket.Status;
        ticket.AssigneeId = assignee;
        ticket.Status = TicketLifecycle.Apply(from, TicketAction.Assign, new TicketLifecycleContext(now, null, TimeSpan.Zero)).To;
        ticket.Events.Add(TicketEvents.New(ticket, now, actor, TicketEventKind.Assigned, isPublic: false,
            new System.Text.Json.Nodes.JsonObject { ["assigneeId"] = assignee.ToString(), ["strategy"] = team.AssignmentStrategy.ToString() }));
        ticket.Events.Add(TicketEvents.StatusChange(ticket, now, actor, from, ticket.Status));
    }
}

public static class TicketEvents
{
    public static TicketEvent New(Ticket ticket, DateTimeOffset at, Data.Tenancy.CurrentActor actor, TicketEventKind kind, bool isPublic, System.Text.Json.Nodes.JsonObject? data = null) => new()
    {
        TicketId = ticket.Id,
        CompanyId = ticket.CompanyId,
        At = at,
        ActorId = actor.UserId,
        ActorName = actor.Name,
        Kind = kind,
        IsPublic = isPublic,
        Data = (data ?? []).ToJsonString(),
    };

    /// <summary>A status change is always public: the client sees where the request is.</summary>
    public static TicketEvent StatusChange(Ticket ticket, DateTimeOffset at, Data.Tenancy.CurrentActor actor, TicketStatus from, TicketStatus to)
    {
        var e = New(ticket, at, actor, TicketEventKind.StatusChanged, isPublic: true);
        e.FromStatus = from;
        e.ToStatus = to;
        return e;
    }
}
