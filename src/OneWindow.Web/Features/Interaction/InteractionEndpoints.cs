namespace OneWindow.Web.Features.Interaction;

/// <summary>
/// /api/v1/interaction-menu: the catalogue of formats (read by everyone who may read menus, written by an
/// administrator), each company's menu (chosen by its executives, proposed by the CSM) and its delivery log. A company
/// out of the caller's scope, and its items, are 404.
/// </summary>
public static class InteractionEndpoints
{
    public static RouteGroupBuilder MapInteractionEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/interaction-menu").WithTags("Interaction menu").RequireAuthorization(InteractionSetup.ReadPolicy);
        g.MapGet("/formats", FormatsAsync).WithName("ListInteractionFormats")
            .WithSummary("The catalogue of interaction formats with the frequencies and channels each allows.");
        g.MapPost("/formats", CreateFormatAsync).WithName("CreateInteractionFormat").RequireAuthorization(Policies.Admin).AddEndpointFilter<IdempotencyFilter>();
        g.MapPut("/formats/{id:guid}", ChangeFormatAsync).WithName("ChangeInteractionFormat").RequireAuthorization(Policies.Admin);
        g.MapGet("/companies/{id:guid}", MenuAsync).WithName("GetCompanyInteractionMenu")
            .WithSummary("A company's menu: the items chosen or proposed and the next deliveries and meetings.");
        g.MapPost("/companies/{id:guid}/items", AddAsync).WithName("AddCompanyInteraction")
            .WithSummary("The company's executive chooses an item (in force at once); the CSM proposes one (the executive accepts it).")
            .AddEndpointFilter<IdempotencyFilter>();
        g.MapGet("/companies/{id:guid}/deliveries", DeliveriesAsync).WithName("ListInteractionDeliveries")
            .WithSummary("The company's delivery log: what was sent or held, and why.");
        g.MapGet("/items/{id:guid}", ItemAsync).WithName("GetCompanyInteraction");
        g.MapPut("/items/{id:guid}", ChangeAsync).WithName("ChangeCompanyInteraction");
        g.MapPost("/items/{id:guid}/accept", AcceptAsync).WithName("AcceptCompanyInteraction");
        g.MapPost("/items/{id:guid}/decline", DeclineAsync).WithName("DeclineCompanyInteraction");
        g.MapDelete("/items/{id:guid}", EndAsync).WithName("EndCompanyInteraction");
        return api;
    }

    private static string Culture => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    private static async Task<Ok<List<FormatDto>>> FormatsAsync(bool? all, AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await InteractionQueries.FormatsAsync(db, all != true, Culture, ct));

    private static async Task<Results<Created<FormatDto>, ValidationProblem, ProblemHttpResult>> CreateFormatAsync(FormatInput input, InteractionDesk desk, AppDbContext db,
        CancellationToken ct)
    {
        var result = await desk.CreateFormatAsync(input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "interaction format");
        }

        var format = await db.Set<InteractionFormat>().AsNoTracking().FirstAsync(f => f.Id == result.Id, ct);
        return TypedResults.Created($"/api/v1/interaction-menu/formats/{format.Id}", InteractionQueries.ToDto(format, Culture));
    }

    private static async Task<Results<Ok<FormatDto>, ValidationProblem, ProblemHttpResult>> ChangeFormatAsync(Guid id, FormatInput input, InteractionDesk desk, AppDbContext db,
        HttpContext http, CancellationToken ct)
    {
        var found = await db.Set<InteractionFormat>().FindForChangeAsync(id, http, "interaction format", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var result = await desk.ChangeFormatAsync(found.Entity, input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "interaction format");
        }

        Api.SetETag(http, found.Entity.Version);
        return TypedResults.Ok(InteractionQueries.ToDto(found.Entity, Culture));
    }

    private static async Task<Results<Ok<CompanyMenu>, ProblemHttpResult>> MenuAsync(Guid id, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
        await InteractionQueries.ForCompanyAsync(db, id, Culture, clock.GetUtcNow(), ct) is { } menu ? TypedResults.Ok(menu) : Api.NotFound("company");

    private static async Task<Results<Ok<List<DeliveryDto>>, ProblemHttpResult>> DeliveriesAsync(Guid id, int? limit, AppDbContext db, CancellationToken ct) =>
        await InteractionQueries.DeliveriesAsync(db, id, Culture, limit ?? 200, ct) is { } log ? TypedResults.Ok(log) : Api.NotFound("company");

    private static async Task<Results<Ok<InteractionItemDto>, ProblemHttpResult>> ItemAsync(Guid id, AppDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (await InteractionQueries.ItemAsync(db, id, Culture, clock.GetUtcNow(), ct) is not { } item)
        {
            return Api.NotFound("interaction item");
        }

        Api.SetETag(http, item.Version);
        return TypedResults.Ok(item);
    }

    private static async Task<Results<Created<InteractionItemDto>, ValidationProblem, ProblemHttpResult>> AddAsync(Guid id, ItemInput input, InteractionDesk desk,
        AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var result = await desk.AddAsync(id, input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "company");
        }

        return TypedResults.Created($"/api/v1/interaction-menu/items/{result.Id}", (await InteractionQueries.ItemAsync(db, result.Id!.Value, Culture, clock.GetUtcNow(), ct))!);
    }

    private static async Task<Results<Ok<InteractionItemDto>, ValidationProblem, ProblemHttpResult>> ChangeAsync(Guid id, ItemInput input, InteractionDesk desk, AppDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var found = await db.Set<CompanyInteraction>().FindForChangeAsync(id, http, "interaction item", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var result = await desk.ChangeAsync(found.Entity, input, ct);
        return await AnswerAsync(result, id, db, clock, http, ct);
    }

    private static Task<Results<Ok<InteractionItemDto>, ValidationProblem, ProblemHttpResult>> AcceptAsync(Guid id, InteractionDesk desk, AppDbContext db, TimeProvider clock,
        HttpContext http, CancellationToken ct) => ActAsync(id, desk.AcceptAsync, db, clock, http, ct);

    private static Task<Results<Ok<InteractionItemDto>, ValidationProblem, ProblemHttpResult>> DeclineAsync(Guid id, InteractionDesk desk, AppDbContext db, TimeProvider clock,
        HttpContext http, CancellationToken ct) => ActAsync(id, desk.DeclineAsync, db, clock, http, ct);

    private static Task<Results<Ok<InteractionItemDto>, ValidationProblem, ProblemHttpResult>> EndAsync(Guid id, InteractionDesk desk, AppDbContext db, TimeProvider clock,
        HttpContext http, CancellationToken ct) => ActAsync(id, desk.EndAsync, db, clock, http, ct);

    private static async Task<Results<Ok<InteractionItemDto>, ValidationProblem, ProblemHttpResult>> ActAsync(Guid id, Func<CompanyInteraction, CancellationToken, Task<DeskResult>> act,
        AppDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var item = await db.Set<CompanyInteraction>().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (item is null)
        {
            return Api.NotFound("interaction item");
        }

        return await AnswerAsync(await act(item, ct), id, db, clock, http, ct);
    }

    private static async Task<Results<Ok<InteractionItemDto>, ValidationProblem, ProblemHttpResult>> AnswerAsync(DeskResult result, Guid id, AppDbContext db, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "interaction item");
        }

        var dto = (await InteractionQueries.ItemAsync(db, id, Culture, clock.GetUtcNow(), ct))!;
        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }
}
