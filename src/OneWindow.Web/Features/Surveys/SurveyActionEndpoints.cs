using Microsoft.AspNetCore.Authorization;

namespace OneWindow.Web.Features.Surveys;

/// <summary>Action plans: the desk, the detractor follow-up, the demo actions, the policies and /api/v1/surveys/actions.</summary>
public static class SurveyActionSetup
{
    /// <summary>Reading actions: SSC staff (their scope), and client people (their company's, as <see cref="SurveyActionQueries.VisibleTo"/> narrows).</summary>
    public const string ReadPolicy = "survey-actions-read";
    /// <summary>Creating and changing actions: the quality manager, an administrator or a CSM, never a client person.</summary>
    public const string WritePolicy = "survey-actions-write";

    public static IServiceCollection AddOneWindowSurveyActions(this IServiceCollection services)
    {
        services.AddScoped<SurveyActionDesk>();
        services.AddScoped<ISurveyListener, SurveyFollowUps>();
        services.AddScoped<IDemoDataSeeder, DemoSurveyActions>();
        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, p => p.RequireRole([.. Roles.All]))
            .AddPolicy(WritePolicy, p => p.RequireRole(Roles.Admin, Roles.QualityManager, Roles.ClientSuccessManager).RequireAssertion(NoCompany));
        return services;
    }

    private static bool NoCompany(AuthorizationHandlerContext c) => c.User.FindFirst(CurrentActor.CompanyClaim) is null;

    public static RouteGroupBuilder MapSurveyActionEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/surveys/actions").WithTags("Survey actions").RequireAuthorization(ReadPolicy);
        g.MapGet("/", ListAsync).WithName("ListSurveyActions");
        g.MapGet("/{id:guid}", GetAsync).WithName("GetSurveyAction");
        g.MapPost("/", CreateAsync).WithName("CreateSurveyAction").RequireAuthorization(WritePolicy).AddEndpointFilter<IdempotencyFilter>();
        g.MapPatch("/{id:guid}", ChangeAsync).WithName("ChangeSurveyAction").RequireAuthorization(WritePolicy);
        return api;
    }

    private static string Culture => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    private static async Task<Ok<List<SurveyActionDto>>> ListAsync(Guid? companyId, SurveyActionStatus? status, Guid? campaignId, AppDbContext db, CurrentActor actor,
        CancellationToken ct) =>
        TypedResults.Ok(await SurveyActionQueries.ListAsync(db, actor, companyId, status, campaignId, null, Culture, ct));

    private static async Task<SurveyActionDto?> OneAsync(AppDbContext db, CurrentActor actor, Guid id, CancellationToken ct) =>
        (await SurveyActionQueries.ListAsync(db, actor, null, null, null, id, Culture, ct)).FirstOrDefault();

    private static async Task<Results<Ok<SurveyActionDto>, ProblemHttpResult>> GetAsync(Guid id, AppDbContext db, CurrentActor actor, HttpContext http, CancellationToken ct)
    {
        if (await OneAsync(db, actor, id, ct) is not { } dto)
        {
            return Api.NotFound("survey action");
        }

        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Created<SurveyActionDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(SurveyActionInput input, SurveyActionDesk desk,
        AppDbContext db, CurrentActor actor, CancellationToken ct)
    {
        var result = await desk.CreateAsync(input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "survey action");
        }

        return TypedResults.Created($"/api/v1/surveys/actions/{result.Id}", (await OneAsync(db, actor, result.Id!.Value, ct))!);
    }

    private static async Task<Results<Ok<SurveyActionDto>, ValidationProblem, ProblemHttpResult>> ChangeAsync(Guid id, SurveyActionChange change, SurveyActionDesk desk,
        AppDbContext db, CurrentActor actor, HttpContext http, CancellationToken ct)
    {
        var found = await db.Set<SurveyAction>().FindForChangeAsync(id, http, "survey action", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var result = await desk.ChangeAsync(found.Entity, change, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "survey action");
        }

        var dto = (await OneAsync(db, actor, id, ct))!;
        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }
}
