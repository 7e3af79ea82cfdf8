using Microsoft.AspNetCore.Authorization;

namespace OneWindow.Web.Features.Committees;

/// <summary>
/// /api/v1/action-items: committee action items. Everyone signed in reads the items in their scope (a client person:
/// their company's items of the committees covering it) and moves their own items' status; SSC managers create and
/// change any. An item out of scope is 404.
/// </summary>
public static class ActionItemEndpoints
{
    public const string ReadPolicy = "action-items-read";
    public const string ManagePolicy = "action-items-manage";

    public static void AddPolicies(AuthorizationBuilder auth)
    {
        ArgumentNullException.ThrowIfNull(auth);
        auth.AddPolicy(ReadPolicy, p => p.RequireRole([.. Roles.All]))
            .AddPolicy(ManagePolicy, p => p.RequireRole(Roles.Admin, Roles.QualityManager, Roles.ClientSuccessManager, Roles.DeliveryLead)
                .RequireAssertion(c => c.User.FindFirst(CurrentActor.CompanyClaim) is null));
    }

    public static RouteGroupBuilder MapActionItemEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/action-items").WithTags("Committee action items").RequireAuthorization(ReadPolicy);
        g.MapGet("/", ListAsync).WithName("ListActionItems")
            .WithSummary("Action items in the caller's scope: mine=true for the caller's own, overdue=true for open items past their due date.");
        g.MapPost("/", CreateAsync).WithName("CreateActionItem").RequireAuthorization(ManagePolicy).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("A new action item with a due date, or a number of working days from the meeting date by the production calendar.");
        g.MapGet("/{id:guid}", GetAsync).WithName("GetActionItem");
        g.MapPut("/{id:guid}", ChangeAsync).WithName("ChangeActionItem").RequireAuthorization(ManagePolicy);
        g.MapPost("/{id:guid}/status", StatusAsync).WithName("ChangeActionItemStatus")
            .WithSummary("The owner (or an SSC manager) moves the item: Open, InProgress, Done or Cancelled, with the outcome.");
        return api;
    }

    private static async Task<Ok<List<ActionItemDto>>> ListAsync(Guid? committeeId, bool? mine, ActionItemStatus? status, bool? overdue, ActionItemQueries queries,
        CurrentActor actor, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(actor.UserId, committeeId, mine == true, status, overdue == true, null, ct));

    private static async Task<ActionItemDto?> OneAsync(ActionItemQueries queries, CurrentActor actor, Guid id, CancellationToken ct) =>
        (await queries.ListAsync(actor.UserId, null, false, null, false, id, ct)).FirstOrDefault();

    private static async Task<Results<Ok<ActionItemDto>, ProblemHttpResult>> GetAsync(Guid id, ActionItemQueries queries, CurrentActor actor, HttpContext http,
        CancellationToken ct)
    {
        if (await OneAsync(queries, actor, id, ct) is not { } dto)
        {
            return Api.NotFound("action item");
        }

        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Created<ActionItemDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(ActionItemInput input, ActionItemDesk desk,
        ActionItemQueries queries, CurrentActor actor, CancellationToken ct)
    {
        var result = await desk.CreateAsync(input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "action item");
        }

        var dto = (await OneAsync(queries, actor, result.Id!.Value, ct))!;
        return TypedResults.Created($"/api/v1/action-items/{dto.Id}", dto);
    }

    private static async Task<Results<Ok<ActionItemDto>, ValidationProblem, ProblemHttpResult>> ChangeAsync(Guid id, ActionItemChange change, ActionItemDesk desk,
        ActionItemQueries queries, AppDbContext db, CurrentActor actor, HttpContext http, CancellationToken ct)
    {
        var found = await db.Set<ActionItem>().FindForChangeAsync(id, http, "action item", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        return await AfterAsync(await desk.ChangeAsync(found.Entity, change, ct), queries, actor, id, http, ct);
    }

    private static async Task<Results<Ok<ActionItemDto>, ValidationProblem, ProblemHttpResult>> StatusAsync(Guid id, ActionItemStatusChange change, ActionItemDesk desk,
        ActionItemQueries queries, AppDbContext db, CurrentActor actor, HttpContext http, CancellationToken ct)
    {
        var found = await db.Set<ActionItem>().FindForChangeAsync(id, http, "action item", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        return await AfterAsync(await desk.ChangeStatusAsync(found.Entity, change, ct), queries, actor, id, http, ct);
    }

    private static async Task<Results<Ok<ActionItemDto>, ValidationProblem, ProblemHttpResult>> AfterAsync(DeskResult result, ActionItemQueries queries, CurrentActor actor,
        Guid id, HttpContext http, CancellationToken ct)
    {
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "action item");
        }

        var dto = (await OneAsync(queries, actor, id, ct))!;
        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }
}
