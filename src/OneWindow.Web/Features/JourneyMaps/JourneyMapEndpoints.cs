using OneWindow.Web.Features.ServiceLevels.Reports;

namespace OneWindow.Web.Features.JourneyMaps;

/// <summary>
/// /api/v1/journey-maps: customer journey maps, their step comments and live figures. SSC people read the SSC's maps
/// and those of the companies in their scope, client people their company's; the SSC's editors create and replace maps
/// (If-Match on the replace). A map out of the caller's reach is 404.
/// </summary>
public static class JourneyMapEndpoints
{
    public static RouteGroupBuilder MapJourneyMapEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/journey-maps").WithTags("Journey maps").RequireAuthorization();
        g.MapGet("/", ListAsync).WithName("ListJourneyMaps");
        g.MapPost("/", CreateAsync).WithName("CreateJourneyMap").RequireAuthorization(JourneyMapsSetup.EditPolicy).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Creates a journey map, optionally with its stages and steps.");
        g.MapGet("/{id:guid}", GetAsync).WithName("GetJourneyMap").WithSummary("The map with its stages, steps, touchpoint bindings and comments; the ETag is its version.");
        g.MapPut("/{id:guid}", ReplaceAsync).WithName("ReplaceJourneyMap").RequireAuthorization(JourneyMapsSetup.EditPolicy)
            .WithSummary("Replaces the map's header and whole structure (stages and steps in order; ids keep existing ones) under If-Match.");
        g.MapPost("/{id:guid}/steps/{stepId:guid}/comments", CommentAsync).WithName("CommentJourneyStep")
            .WithSummary("Comments on a step (or proposes a change): SSC people and the client people of the map's company.");
        g.MapGet("/{id:guid}/figures", FiguresAsync).WithName("JourneyMapFigures")
            .WithSummary("Live figures of the bound touchpoints (request types, the intake mailbox, survey questions, OLA metrics) for a period (2026-11, 2026-Q4 or 2026).");
        g.MapJourneyMapExportRoutes();
        return api;
    }

    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    private static async Task<Ok<List<JourneyMapSummary>>> ListAsync(AppDbContext db, CurrentActor actor, CancellationToken ct) =>
        TypedResults.Ok(await JourneyMapQueries.ListAsync(db, actor, English, ct));

    private static async Task<Results<Ok<JourneyMapDto>, ProblemHttpResult>> GetAsync(Guid id, AppDbContext db, CurrentActor actor, HttpContext http, CancellationToken ct)
    {
        if (await JourneyMapQueries.GetAsync(db, actor, id, English, ct) is not { } dto)
        {
            return Api.NotFound("journey map");
        }

        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Created<JourneyMapDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(JourneyMapInput input, JourneyMapDesk desk,
        AppDbContext db, CurrentActor actor, CancellationToken ct)
    {
        var result = await desk.CreateAsync(input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "journey map");
        }

        return TypedResults.Created($"/api/v1/journey-maps/{result.Id}", (await JourneyMapQueries.GetAsync(db, actor, result.Id!.Value, English, ct))!);
    }

    private static async Task<Results<Ok<JourneyMapDto>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(Guid id, JourneyMapInput input, JourneyMapDesk desk,
        AppDbContext db, CurrentActor actor, HttpContext http, CancellationToken ct)
    {
        var current = await JourneyMapDesk.Visible(db.Set<JourneyMap>().AsNoTracking(), actor).Where(m => m.Id == id).Select(m => (int?)m.Version).FirstOrDefaultAsync(ct);
        if (current is not { } version)
        {
            return Api.NotFound("journey map");
        }

        if (Api.CheckIfMatch(http, version) is { } precondition)
        {
            return precondition;
        }

        var result = await desk.ReplaceAsync(id, input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "journey map");
        }

        var dto = (await JourneyMapQueries.GetAsync(db, actor, id, English, ct))!;
        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Created<JourneyCommentDto>, ValidationProblem, ProblemHttpResult>> CommentAsync(Guid id, Guid stepId, JourneyCommentInput input,
        JourneyMapDesk desk, AppDbContext db, CurrentActor actor, CancellationToken ct)
    {
        var result = await desk.CommentAsync(id, stepId, input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "journey map");
        }

        var map = (await JourneyMapQueries.GetAsync(db, actor, id, English, ct))!;
        var comment = map.Stages.SelectMany(s => s.Steps).SelectMany(s => s.Comments).First(c => c.Id == result.Id);
        return TypedResults.Created($"/api/v1/journey-maps/{id}", comment);
    }

    private static async Task<Results<Ok<JourneyFiguresDto>, ValidationProblem, ProblemHttpResult>> FiguresAsync(Guid id, string? period, AppDbContext db,
        CurrentActor actor, ServiceLevelReports reports, TimeProvider clock, CancellationToken ct)
    {
        if (!JourneyFigures.TryReadPeriod(period, clock, out var parsed))
        {
            return Api.Invalid("period", "A month (2026-11), quarter (2026-Q4) or year (2026) from 2000 to 2100.");
        }

        return await JourneyFigures.ComputeAsync(db, actor, reports, id, parsed, English, ct) is { } figures ? TypedResults.Ok(figures) : Api.NotFound("journey map");
    }
}
