namespace OneWindow.Web.Features.Committees;

/// <summary>/api/v1/planned-changes: the planned-changes register, answered by the company's executives and the SSC.</summary>
public static class PlannedChangeEndpoints
{
    public static RouteGroupBuilder MapPlannedChangeRoutes(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/planned-changes").WithTags("Committees").RequireAuthorization(PackSetup.PlannedChangePolicy);
        g.MapGet("/", ListAsync).WithName("ListPlannedChanges");
        g.MapPost("/", CreateAsync).WithName("CreatePlannedChange").AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Adds an answer to the register: what, when, which processes, the impact and the SSC's owner.");
        g.MapGet("/{id:guid}", GetAsync).WithName("GetPlannedChange");
        g.MapPut("/{id:guid}", UpdateAsync).WithName("UpdatePlannedChange").ProducesProblem(412).ProducesProblem(428);
        g.MapPost("/{id:guid}/status", StatusAsync).WithName("SetPlannedChangeStatus");
        return api;
    }

    private static async Task<Ok<List<PlannedChangeDto>>> ListAsync(Guid? companyId, Guid? committeeId, AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await PlannedChangeDesk.ListAsync(db, companyId, committeeId, ct));

    private static async Task<Results<Ok<PlannedChangeDto>, ProblemHttpResult>> GetAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        if (await PlannedChangeDesk.GetAsync(db, id, ct) is not { } dto)
        {
            return Api.NotFound("planned change");
        }

        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Created<PlannedChangeDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(PlannedChangeInput input,
        PlannedChangeDesk desk, AppDbContext db, CancellationToken ct)
    {
        var result = await desk.CreateAsync(input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "company");
        }

        return TypedResults.Created($"/api/v1/planned-changes/{result.Id}", (await PlannedChangeDesk.GetAsync(db, result.Id!.Value, ct))!);
    }

    private static async Task<Results<Ok<PlannedChangeDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(Guid id, PlannedChangeInput input,
        PlannedChangeDesk desk, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.Set<PlannedChange>().FindForChangeAsync(id, http, "planned change", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        return await AnswerAsync(await desk.UpdateAsync(found.Entity, input, ct), db, http, ct);
    }

    private static async Task<Results<Ok<PlannedChangeDto>, ValidationProblem, ProblemHttpResult>> StatusAsync(Guid id, PlannedChangeStatusInput input,
        PlannedChangeDesk desk, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var change = await db.Set<PlannedChange>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (change is null)
        {
            return Api.NotFound("planned change");
        }

        return await AnswerAsync(await desk.SetStatusAsync(change, input, ct), db, http, ct);
    }

    private static async Task<Results<Ok<PlannedChangeDto>, ValidationProblem, ProblemHttpResult>> AnswerAsync(DeskResult result, AppDbContext db, HttpContext http,
        CancellationToken ct)
    {
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "planned change");
        }

        var dto = (await PlannedChangeDesk.GetAsync(db, result.Id!.Value, ct))!;
        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }
}
