namespace OneWindow.Web.Features.Tickets;

public sealed record RoutingRuleDto(Guid Id, string Name, int Order, bool IsActive, bool StopProcessing, RoutingConditions When, RoutingActions Then, int Version);

public sealed record RoutingRuleInput(
    [property: Required, MaxLength(200)] string Name,
    [property: Range(0, 100000)] int Order,
    RoutingConditions? When,
    RoutingActions? Then,
    bool IsActive = true,
    bool StopProcessing = true);

/// <summary>Ordered routing rules (admin): conditions on company, service, request type, channel, priority and keywords.</summary>
public static class RoutingRuleEndpoints
{
    public static RouteGroupBuilder MapRoutingRuleEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/routing-rules").WithTags("Routing").RequireAuthorization(Policies.Admin);
        group.MapGet("/", ListAsync).WithName("ListRoutingRules");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetRoutingRule");
        group.MapPost("/", CreateAsync).WithName("CreateRoutingRule").AddEndpointFilter<IdempotencyFilter>();
        group.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateRoutingRule");
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteRoutingRule");
        return api;
    }

    private static async Task<Ok<RoutingRuleDto[]>> ListAsync(AppDbContext db, CancellationToken ct)
    {
        var rules = await db.RoutingRules.AsNoTracking().OrderBy(r => r.Order).ThenBy(r => r.Name).ToListAsync(ct);
        return TypedResults.Ok(rules.Select(ToDto).ToArray());
    }

    private static async Task<Results<Ok<RoutingRuleDto>, ProblemHttpResult>> GetAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var rule = await db.RoutingRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null)
        {
            return Api.NotFound("routing rule");
        }

        Api.SetETag(http, rule.Version);
        return TypedResults.Ok(ToDto(rule));
    }

    private static async Task<Results<Created<RoutingRuleDto>, ValidationProblem>> CreateAsync(RoutingRuleInput input, RoutingRuleDesk desk, AppDbContext db, CancellationToken ct)
    {
        var result = await desk.CreateAsync(input, ct);
        return result.IsDone
            ? TypedResults.Created($"/api/v1/routing-rules/{result.Id}", ToDto(await db.RoutingRules.AsNoTracking().FirstAsync(r => r.Id == result.Id, ct)))
            : Api.Invalid(result.Errors!);
    }

    private static async Task<Results<Ok<RoutingRuleDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(Guid id, RoutingRuleInput input, RoutingRuleDesk desk,
        AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.RoutingRules.FindForChangeAsync(id, http, "routing rule", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var result = await desk.UpdateAsync(found.Entity, input, ct);
        if (!result.IsDone)
        {
            return Api.Invalid(result.Errors!);
        }

        Api.SetETag(http, found.Entity.Version);
        return TypedResults.Ok(ToDto(found.Entity));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, RoutingRuleDesk desk, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.RoutingRules.FindForChangeAsync(id, http, "routing rule", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        await desk.DeleteAsync(found.Entity, ct);
        return TypedResults.NoContent();
    }

    private static RoutingRuleDto ToDto(TicketRoutingRule r)
    {
        var core = TicketRouting.ToCore(r);
        return new RoutingRuleDto(r.Id, r.Name, r.Order, r.IsActive, r.StopProcessing, core.When, core.Then, r.Version);
    }
}

/// <summary>The one write path for routing rules: the API and the admin page both come here.</summary>
public sealed class RoutingRuleDesk(AppDbContext db)
{
    public async Task<DeskResult> CreateAsync(RoutingRuleInput input, CancellationToken ct)
    {
        if (DeskResult.Invalid(await ErrorsAsync(input, ct)) is { } invalid)
        {
            return invalid;
        }

        var rule = new TicketRoutingRule { Name = input.Name.Trim() };
        Apply(rule, input);
        db.RoutingRules.Add(rule);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(rule.Id);
    }

    public async Task<DeskResult> UpdateAsync(TicketRoutingRule rule, RoutingRuleInput input, CancellationToken ct)
    {
        if (DeskResult.Invalid(await ErrorsAsync(input, ct)) is { } invalid)
        {
            return invalid;
        }

        Apply(rule, input);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(rule.Id);
    }

    public async Task<DeskResult> DeleteAsync(TicketRoutingRule rule, CancellationToken ct)
    {
        db.RoutingRules.Remove(rule);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok();
    }

    private async Task<Dictionary<string, string[]>> ErrorsAsync(RoutingRuleInput input, CancellationToken ct)
    {
        var errors = Annotations.Check(input);

        if (input.Then?.TeamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team, ct))
        {
            errors["then.teamId"] = ["No team with this id."];
        }

        if (input.When?.Keywords is { } keywords && (keywords.Count > 50 || keywords.Any(k => k is null || k.Length > 100)))
        {
            errors["when.keywords"] = ["At most 50 keywords of at most 100 characters."];
        }

        if (input.Then?.Tags is { } tags && (tags.Count > 20 || tags.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > 40 || t.Contains(' ', StringComparison.Ordinal))))
        {
            errors["then.tags"] = ["At most 20 tags, each one word of at most 40 characters."];
        }

        return errors;
    }

    private static void Apply(TicketRoutingRule rule, RoutingRuleInput input)
    {
        rule.Name = input.Name.Trim();
        rule.Order = input.Order;
        rule.IsActive = input.IsActive;
        rule.StopProcessing = input.StopProcessing;
        rule.Conditions = JsonSerializer.Serialize(input.When ?? new RoutingConditions(), TicketRouting.Json);
        rule.Actions = JsonSerializer.Serialize(input.Then ?? new RoutingActions(), TicketRouting.Json);
    }
}
