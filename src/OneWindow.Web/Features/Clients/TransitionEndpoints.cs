namespace OneWindow.Web.Features.Clients;

/// <summary>
/// The transition lifecycle under /api/v1/company-services/{id}: read it, tick its checklist and sign its stage off
/// (the SSC side by an administrator, CSM or delivery lead; the client side by the company's executive, or recorded by an
/// administrator), and move it on (administrators). Checklist templates under /api/v1/transition-checklist (administrators).
/// </summary>
public static class TransitionEndpoints
{
    private const string What = "company service";

    public static RouteGroupBuilder MapTransitionEndpoints(this RouteGroupBuilder api)
    {
        var services = api.MapGroup("/company-services/{id:guid}").WithTags("Companies");
        services.MapGet("/lifecycle", GetAsync).WithName("GetCompanyServiceLifecycle");
        services.MapPost("/stage", AdvanceAsync).WithName("AdvanceCompanyServiceStage").RequireAuthorization(Policies.Admin);
        services.MapPut("/checklist/{templateId:guid}", TickAsync).WithName("TickCompanyServiceChecklist").RequireAuthorization(Policies.ServiceLevelManagers);
        services.MapPost("/sign-offs", SignOffAsync).WithName("SignOffCompanyServiceStage");

        var templates = api.MapGroup("/transition-checklist").WithTags("Companies");
        templates.MapGet("/", ListTemplatesAsync).WithName("ListTransitionChecklistItems").RequireAuthorization(Policies.Ssc);
        templates.MapPost("/", CreateTemplateAsync).ForAdminsOnce("CreateTransitionChecklistItem");
        templates.MapPut("/{templateId:guid}", UpdateTemplateAsync).ForAdmins("UpdateTransitionChecklistItem");
        templates.MapDelete("/{templateId:guid}", DeleteTemplateAsync).ForAdmins("DeleteTransitionChecklistItem");
        return api;
    }

    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    private static async Task<Results<Ok<LifecycleDto>, ProblemHttpResult>> GetAsync(Guid id, AppDbContext db, TransitionDesk desk, CancellationToken ct) =>
        await TransitionQueries.LoadAsync(db, desk, id, English, ct) is { } dto ? TypedResults.Ok(dto) : Api.NotFound(What);

    private static Task<Results<Ok<LifecycleDto>, ValidationProblem, ProblemHttpResult>> AdvanceAsync(Guid id, StageMoveInput input, AppDbContext db, TransitionDesk desk,
        CancellationToken ct) => ChangeAsync(id, db, desk, (link, c) => desk.AdvanceAsync(link, input, c), ct);

    private static Task<Results<Ok<LifecycleDto>, ValidationProblem, ProblemHttpResult>> TickAsync(Guid id, Guid templateId, ChecklistTickState input, AppDbContext db,
        TransitionDesk desk, CancellationToken ct) => ChangeAsync(id, db, desk, (link, c) => desk.TickAsync(link, new ChecklistTickInput(templateId, input.Done), c), ct);

    private static Task<Results<Ok<LifecycleDto>, ValidationProblem, ProblemHttpResult>> SignOffAsync(Guid id, SignOffInput input, AppDbContext db, TransitionDesk desk,
        CancellationToken ct) => ChangeAsync(id, db, desk, (link, c) => desk.SignOffAsync(link, input, c), ct);

    private static async Task<Results<Ok<LifecycleDto>, ValidationProblem, ProblemHttpResult>> ChangeAsync(Guid id, AppDbContext db, TransitionDesk desk,
        Func<ClientService, CancellationToken, Task<DeskResult>> change, CancellationToken ct)
    {
        if (await db.ClientServices.FirstOrDefaultAsync(s => s.Id == id, ct) is not { } link)
        {
            return Api.NotFound(What);
        }

        var result = await change(link, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, What);
        }

        return TypedResults.Ok((await TransitionQueries.LoadAsync(db, desk, id, English, ct))!);
    }

    private static async Task<Ok<List<ChecklistTemplateDto>>> ListTemplatesAsync(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await TransitionQueries.TemplatesAsync(db, ct));

    private static async Task<Results<Created<ChecklistTemplateDto>, ValidationProblem>> CreateTemplateAsync(ChecklistTemplateInput input, TransitionDesk desk,
        AppDbContext db, CancellationToken ct)
    {
        var result = await desk.CreateTemplateAsync(input, ct);
        if (!result.IsDone)
        {
            return Api.Invalid(result.Errors!);
        }

        var dto = (await TransitionQueries.TemplatesAsync(db, ct)).Single(t => t.Id == result.Id);
        return TypedResults.Created($"/api/v1/transition-checklist/{dto.Id}", dto);
    }

    private static async Task<Results<Ok<ChecklistTemplateDto>, ValidationProblem, ProblemHttpResult>> UpdateTemplateAsync(Guid templateId, ChecklistTemplateInput input,
        TransitionDesk desk, AppDbContext db, CancellationToken ct)
    {
        if (await db.Set<TransitionChecklistTemplate>().FirstOrDefaultAsync(t => t.Id == templateId, ct) is not { } template)
        {
            return Api.NotFound("checklist item");
        }

        var result = await desk.UpdateTemplateAsync(template, input, ct);
        if (!result.IsDone)
        {
            return Api.Invalid(result.Errors!);
        }

        return TypedResults.Ok((await TransitionQueries.TemplatesAsync(db, ct)).Single(t => t.Id == templateId));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteTemplateAsync(Guid templateId, TransitionDesk desk, AppDbContext db, CancellationToken ct)
    {
        if (await db.Set<TransitionChecklistTemplate>().FirstOrDefaultAsync(t => t.Id == templateId, ct) is not { } template)
        {
            return Api.NotFound("checklist item");
        }

        var result = await desk.DeleteTemplateAsync(template, ct);
        return result.IsDone ? TypedResults.NoContent() : Api.Problem(result, "checklist item");
    }
}

/// <summary>The body of a checklist tick: done or not.</summary>
public sealed record ChecklistTickState(bool Done = true);
