namespace OneWindow.Web.Features.Committees;

/// <summary>/api/v1/committees/{id}/issues and /api/v1/committees/issues/{id}/settle|escalate.</summary>
public static class IssueEndpoints
{
    public static RouteGroupBuilder MapIssueRoutes(this RouteGroupBuilder committees)
    {
        committees.MapGet("/{id:guid}/issues", ListAsync).WithName("ListCommitteeIssues");
        committees.MapPost("/{id:guid}/issues", RaiseAsync).WithName("RaiseCommitteeIssue").AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Raises an issue for the committee, as free text or from a ticket, complaint case, claim, survey action or breach (metric).");
        committees.MapGet("/issues/{id:guid}", GetAsync).WithName("GetCommitteeIssue");
        committees.MapPost("/issues/{id:guid}/settle", SettleAsync).WithName("SettleCommitteeIssue").RequireAuthorization(Policies.Ssc).ProducesProblem(409);
        committees.MapPost("/issues/{id:guid}/escalate", EscalateAsync).WithName("EscalateCommitteeIssue").RequireAuthorization(Policies.Ssc).ProducesProblem(409);
        return committees;
    }

    private static async Task<Results<Ok<List<IssueDto>>, ProblemHttpResult>> ListAsync(Guid id, AppDbContext db, CancellationToken ct) =>
        await db.Set<Committee>().AnyAsync(c => c.Id == id, ct) ? TypedResults.Ok(await IssueDesk.ListAsync(db, id, ct)) : Api.NotFound("committee");

    private static async Task<Results<Ok<IssueDto>, ProblemHttpResult>> GetAsync(Guid id, AppDbContext db, CancellationToken ct) =>
        await IssueDesk.GetAsync(db, id, ct) is { } issue ? TypedResults.Ok(issue) : Api.NotFound("issue");

    private static async Task<Results<Created<IssueDto>, ValidationProblem, ProblemHttpResult>> RaiseAsync(Guid id, IssueInput input, IssueDesk desk,
        AppDbContext db, CancellationToken ct)
    {
        var result = await desk.RaiseAsync(id, input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "committee");
        }

        return TypedResults.Created($"/api/v1/committees/issues/{result.Id}", (await IssueDesk.GetAsync(db, result.Id!.Value, ct))!);
    }

    private static async Task<Results<Ok<IssueDto>, ValidationProblem, ProblemHttpResult>> SettleAsync(Guid id, IssueSettleInput input, IssueDesk desk,
        AppDbContext db, CancellationToken ct) => await AnswerAsync(await desk.SettleAsync(id, input, ct), db, ct);

    private static async Task<Results<Ok<IssueDto>, ValidationProblem, ProblemHttpResult>> EscalateAsync(Guid id, IssueEscalateInput? input, IssueDesk desk,
        AppDbContext db, CancellationToken ct) => await AnswerAsync(await desk.EscalateAsync(id, input, ct), db, ct);

    private static async Task<Results<Ok<IssueDto>, ValidationProblem, ProblemHttpResult>> AnswerAsync(DeskResult result, AppDbContext db, CancellationToken ct)
    {
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "issue");
        }

        return TypedResults.Ok((await IssueDesk.GetAsync(db, result.Id!.Value, ct))!);
    }
}
