using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using OneWindow.Core.Surveys;

namespace OneWindow.Web.Features.Surveys;

public sealed record QuestionnaireDto(Guid Id, string Key, string TitleRu, string TitleEn, int CurrentVersion, QuestionnaireDefinition Definition);

public sealed record CampaignDto(Guid Id, string Name, Guid QuestionnaireId, SurveyRecurrence Recurrence, DateOnly FirstOpens, int OpenDays,
    int ReminderWorkingDays, bool Anonymous, bool CountRatingInvitations, SurveyAudience Audience, CampaignStatus Status, IReadOnlyList<WaveDto> Waves);

public sealed record WaveDto(Guid Id, int Number, DateOnly Opens, DateOnly Closes, int Invited, int Completed, decimal? ResponseRate);

public static class SurveySetup
{
    public const string AnswerRateLimit = "surveys";

    public static IServiceCollection AddOneWindowSurveys(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SurveyOptions>(configuration.GetSection("Surveys"));
        services.PostConfigure<SurveyOptions>(o => o.PublicBaseUrl ??= configuration["Feedback:PublicBaseUrl"]);
        services.AddHttpContextAccessor();
        services.AddScoped<SurveyDesk>().AddScoped<QuestionnaireDesk>();
        var every = TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Surveys:SweepMinutes", 15)));
        services.AddOneWindowJob(q => SurveyScheduleJob.Schedule(q, every));
        services.AddScoped<SurveyResults>().AddScoped<SurveyDrillDown>().AddScoped<SurveyWorkbook>().AddScoped<VerbatimTags>();
        services.AddSingleton<SurveyAnswering>();
        services.AddScoped<IDemoDataSeeder, DemoSurveys>();
        services.AddPerAddressRateLimit(AnswerRateLimit, configuration.GetValue("RateLimits:SurveysPerMinute", 60));
        services.AddOneWindowSurveyActions();
        return services;
    }

    /// <summary>The answer page behind the personal links: static, no sign-in, rate-limited per address.</summary>
    public static IEndpointRouteBuilder MapSurveyLinks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/s/{token}").AllowAnonymous().RequireRateLimiting(AnswerRateLimit).ExcludeFromDescription();
        group.MapGet("/", ShowAsync);
        group.MapPost("/", SaveAsync).DisableAntiforgery();
        return app;
    }

    private static RazorComponentResult<SurveyPageView> Page(SurveyForm form, string token, HttpContext http, IAntiforgery antiforgery, int status = 200,
        IReadOnlyDictionary<string, string[]>? errors = null, string? notice = null)
    {
        var parameters = new Dictionary<string, object?>
        {
            ["Form"] = form,
            ["Token"] = token,
            ["Antiforgery"] = form.State == SurveyLinkState.Open ? antiforgery.GetAndStoreTokens(http).RequestToken : null,
            ["Errors"] = errors ?? new Dictionary<string, string[]>(),
            ["Notice"] = notice,
        };
        return new RazorComponentResult<SurveyPageView>(parameters) { StatusCode = status };
    }

    private static int StatusOf(SurveyForm form) => form.State switch
    {
        SurveyLinkState.Unknown => 404,
        SurveyLinkState.Closed => 410,
        _ => 200,
    };

    private static async Task<RazorComponentResult<SurveyPageView>> ShowAsync(string token, HttpContext http, SurveyAnswering answering, IAntiforgery antiforgery,
        CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var form = await answering.OpenAsync(token, ct);
        return Page(form, token, http, antiforgery, StatusOf(form));
    }

    private static async Task<RazorComponentResult<SurveyPageView>> SaveAsync(string token, HttpContext http, SurveyAnswering answering, IAntiforgery antiforgery,
        IStringLocalizer<SurveyResource> t, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var current = await answering.OpenAsync(token, ct);
        if (current.State != SurveyLinkState.Open)
        {
            return Page(current, token, http, antiforgery, StatusOf(current));
        }

        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
        {
            return Page(current, token, http, antiforgery, 400, new Dictionary<string, string[]> { ["form"] = [t["BadForm"]] });
        }

        var posted = await http.Request.ReadFormAsync(ct);
        var submit = posted["action"] == "submit";
        var (outcome, errors, form) = await answering.SaveAsync(token, ReadAnswers(current.Definition, posted), submit, ct);
        var closes = form.Closes.ToString("d", CultureInfo.CurrentCulture);
        return outcome switch
        {
            SaveOutcome.Completed => Page(form, token, http, antiforgery, 200, notice: t["Thanks", closes]),
            SaveOutcome.Saved => Page(form, token, http, antiforgery, 200, notice: t["Saved", closes]),
            SaveOutcome.Invalid => Page(form, token, http, antiforgery, 422, errors),
            _ => Page(form, token, http, antiforgery, StatusOf(form)),
        };
    }

    /// <summary>Reads the posted fields of the questionnaire's questions; out-of-range values go through, for the desk to refuse.</summary>
    internal static SurveyAnswers ReadAnswers(QuestionnaireDefinition definition, IFormCollection form)
    {
        var answers = new SurveyAnswers();
        foreach (var q in definition.Questions)
        {
            var values = form[q.Key];
            switch (q.Kind)
            {
                case QuestionKind.Nps or QuestionKind.Csat:
                    if (int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var score))
                    {
                        answers[q.Key] = new SurveyAnswer(Score: score);
                    }
                    else if (!string.IsNullOrEmpty(values.FirstOrDefault()))
                    {
                        answers[q.Key] = new SurveyAnswer(Score: -1);
                    }

                    break;
                case QuestionKind.CsiPairs:
                    var pairs = new Dictionary<string, int[]>(StringComparer.Ordinal);
                    foreach (var option in q.Options ?? [])
                    {
                        var i = form[$"{q.Key}.{option.Key}.i"].FirstOrDefault();
                        var s = form[$"{q.Key}.{option.Key}.s"].FirstOrDefault();
                        if (string.IsNullOrEmpty(i) && string.IsNullOrEmpty(s))
                        {
                            continue;
                        }

                        // One half given: kept out of range, so the page asks for the other half.
                        pairs[option.Key] = [Parse(i), Parse(s)];
                    }

                    if (pairs.Count > 0)
                    {
                        answers[q.Key] = new SurveyAnswer(Pairs: pairs);
                    }

                    break;
                case QuestionKind.Single or QuestionKind.Multiple:
                    var chosen = values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
                    if (chosen.Count > 0)
                    {
                        answers[q.Key] = new SurveyAnswer(Choices: chosen);
                    }

                    break;
                default:
                    if (values.FirstOrDefault() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text))
                    {
                        answers[q.Key] = new SurveyAnswer(Text: text);
                    }

                    break;
            }
        }

        return answers;

        static int Parse(string? value) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    /// <summary>/api/v1/surveys: questionnaires, campaigns, their audience, waves and results (SSC staff; writes by the quality manager or an admin).</summary>
    public static RouteGroupBuilder MapSurveyEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/surveys").WithTags("Surveys").RequireAuthorization(Policies.Ssc);
        g.MapGet("/questionnaires", QuestionnairesAsync).WithName("ListQuestionnaires");
        g.MapPost("/questionnaires", CreateQuestionnaireAsync).WithName("CreateQuestionnaire").RequireAuthorization(Policies.QualityOrAdmin)
            .AddEndpointFilter<IdempotencyFilter>();
        g.MapPut("/questionnaires/{id:guid}", UpdateQuestionnaireAsync).WithName("UpdateQuestionnaire").RequireAuthorization(Policies.QualityOrAdmin)
            .WithSummary("Changes a questionnaire: in place while no wave used its current version, else as a new version later waves take.");
        g.MapGet("/questionnaires/{id:guid}/versions", VersionsAsync).WithName("ListQuestionnaireVersions");
        g.MapPost("/questionnaires/library", InstallLibraryAsync).WithName("InstallQuestionnaireLibrary").RequireAuthorization(Policies.QualityOrAdmin);
        g.MapGet("/", CampaignsAsync).WithName("ListSurveys");
        g.MapPost("/", CreateAsync).WithName("CreateSurvey").RequireAuthorization(Policies.QualityOrAdmin).AddEndpointFilter<IdempotencyFilter>();
        g.MapGet("/{id:guid}", GetAsync).WithName("GetSurvey");
        g.MapGet("/{id:guid}/audience", AudienceAsync).WithName("PreviewSurveyAudience").RequireAuthorization(Policies.QualityOrAdmin);
        g.MapPost("/{id:guid}/schedule", ScheduleAsync).WithName("ScheduleSurvey").RequireAuthorization(Policies.QualityOrAdmin);
        g.MapPost("/{id:guid}/end", EndAsync).WithName("EndSurvey").RequireAuthorization(Policies.QualityOrAdmin);
        g.MapPost("/{id:guid}/waves", LaunchAsync).WithName("LaunchSurveyWave").RequireAuthorization(Policies.QualityOrAdmin);
        g.MapGet("/{id:guid}/results", ResultsAsync).WithName("GetSurveyResults");
        g.MapGet("/{id:guid}/results.xlsx", WorkbookAsync).WithName("ExportSurveyResults")
            .WithSummary("The results as an Excel workbook: Summary, Cuts, Attributes, Verbatims and, for a named campaign, Responses.")
            .Produces(200, contentType: XlsxRows.ContentType);
        g.MapGet("/{id:guid}/responses", ResponsesAsync).WithName("ListSurveyResponses");
        g.MapPut("/{id:guid}/verbatims/tags", TagAsync).WithName("TagSurveyVerbatim").RequireAuthorization(SurveyActionSetup.WritePolicy)
            .WithSummary("Replaces a verbatim's tags: at most one sentiment (positive, neutral, negative) and topics; the key comes from the results.");
        api.MapSurveyActionEndpoints();
        return api;
    }

    private static async Task<Ok<List<QuestionnaireDto>>> QuestionnairesAsync(AppDbContext db, CancellationToken ct)
    {
        var rows = await (from q in db.Set<Questionnaire>().AsNoTracking()
                          join v in db.Set<QuestionnaireVersion>() on new { Id = q.Id, Number = q.CurrentVersion } equals new { Id = v.QuestionnaireId, v.Number }
                          orderby q.TitleRu
                          select new { q.Id, q.Key, q.TitleRu, q.TitleEn, q.CurrentVersion, v.Definition }).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => new QuestionnaireDto(r.Id, r.Key, r.TitleRu, r.TitleEn, r.CurrentVersion, QuestionnaireDefinition.Parse(r.Definition))).ToList());
    }

    private static async Task<Results<Created<QuestionnaireDto>, ValidationProblem, ProblemHttpResult>> CreateQuestionnaireAsync(QuestionnaireInput input,
        QuestionnaireDesk desk, AppDbContext db, CancellationToken ct)
    {
        var result = await desk.CreateAsync(input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "questionnaire");
        }

        return TypedResults.Created($"/api/v1/surveys/questionnaires/{result.Id}", (await QuestionnairesAsync(db, ct)).Value!.Single(q => q.Id == result.Id));
    }

    private static async Task<Results<Ok<QuestionnaireDto>, ValidationProblem, ProblemHttpResult>> UpdateQuestionnaireAsync(Guid id, QuestionnaireInput input,
        QuestionnaireDesk desk, AppDbContext db, CancellationToken ct)
    {
        var questionnaire = await db.Set<Questionnaire>().FirstOrDefaultAsync(q => q.Id == id, ct);
        if (questionnaire is null)
        {
            return Api.NotFound("questionnaire");
        }

        var result = await desk.UpdateAsync(questionnaire, input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "questionnaire");
        }

        return TypedResults.Ok((await QuestionnairesAsync(db, ct)).Value!.Single(q => q.Id == id));
    }

    public sealed record QuestionnaireVersionDto(int Number, bool Frozen, bool Current, QuestionnaireDefinition Definition);

    private static async Task<Results<Ok<List<QuestionnaireVersionDto>>, ProblemHttpResult>> VersionsAsync(Guid id, AppDbContext db, CancellationToken ct)
    {
        var current = await db.Set<Questionnaire>().Where(q => q.Id == id).Select(q => (int?)q.CurrentVersion).FirstOrDefaultAsync(ct);
        if (current is null)
        {
            return Api.NotFound("questionnaire");
        }

        var versions = await db.Set<QuestionnaireVersion>().AsNoTracking().Where(v => v.QuestionnaireId == id).OrderBy(v => v.Number).ToListAsync(ct);
        return TypedResults.Ok(versions.Select(v => new QuestionnaireVersionDto(v.Number, v.Frozen, v.Number == current, QuestionnaireDefinition.Parse(v.Definition))).ToList());
    }

    private static async Task<Ok<List<QuestionnaireDto>>> InstallLibraryAsync(AppDbContext db, CancellationToken ct)
    {
        await DemoSurveys.InstallLibraryAsync(db, ct);
        return await QuestionnairesAsync(db, ct);
    }

    private static async Task<Ok<List<CampaignDto>>> CampaignsAsync(AppDbContext db, CancellationToken ct)
    {
        // Two queries for the whole list: the campaigns, then all their waves with the counts.
        var campaigns = await db.Set<SurveyCampaign>().AsNoTracking().OrderByDescending(c => c.CreatedAt).Take(500).ToListAsync(ct);
        var ids = campaigns.Select(c => c.Id).ToList();
        var waves = (await WavesAsync(db, db.Set<SurveyWave>().Where(w => ids.Contains(w.CampaignId)), ct)).ToLookup(w => w.CampaignId, w => w.Wave);
        return TypedResults.Ok(campaigns.Select(c => ToDto(c, [.. waves[c.Id]])).ToList());
    }

    private static async Task<CampaignDto?> CampaignAsync(AppDbContext db, Guid id, CancellationToken ct)
    {
        var c = await db.Set<SurveyCampaign>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        return c is null ? null : ToDto(c, [.. (await WavesAsync(db, db.Set<SurveyWave>().Where(w => w.CampaignId == id), ct)).Select(w => w.Wave)]);
    }

    /// <summary>Waves with their counts. The counts go through the scoped sets: a CSM sees the invitations and responses of their own companies.</summary>
    private static async Task<List<(Guid CampaignId, WaveDto Wave)>> WavesAsync(AppDbContext db, IQueryable<SurveyWave> waves, CancellationToken ct)
    {
        var rows = await waves.AsNoTracking().OrderBy(w => w.Number)
            .Select(w => new
            {
                w.CampaignId, w.Id, w.Number, w.Opens, w.Closes,
                Invited = db.Set<SurveyInvitation>().Count(i => i.WaveId == w.Id && i.InvitedAt != null),
                Completed = db.Set<SurveyResponse>().Count(r => r.WaveId == w.Id && r.Completed),
            }).ToListAsync(ct);
        return [.. rows.Select(w => (w.CampaignId, new WaveDto(w.Id, w.Number, w.Opens, w.Closes, w.Invited, w.Completed, SurveyMath.ResponseRate(w.Invited, w.Completed))))];
    }

    private static CampaignDto ToDto(SurveyCampaign c, List<WaveDto> waves) =>
        new(c.Id, c.Name, c.QuestionnaireId, c.Recurrence, c.FirstOpens, c.OpenDays, c.ReminderWorkingDays, c.Anonymous, c.CountRatingInvitations,
            SurveyAudience.Parse(c.Audience), c.Status, waves);

    private static async Task<Results<Created<CampaignDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(CampaignInput input, SurveyDesk desk, AppDbContext db,
        CancellationToken ct)
    {
        var result = await desk.CreateCampaignAsync(input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "survey");
        }

        return TypedResults.Created($"/api/v1/surveys/{result.Id}", (await CampaignAsync(db, result.Id!.Value, ct))!);
    }

    private static async Task<Results<Ok<CampaignDto>, ProblemHttpResult>> GetAsync(Guid id, AppDbContext db, CancellationToken ct) =>
        await CampaignAsync(db, id, ct) is { } dto ? TypedResults.Ok(dto) : Api.NotFound("survey");

    private static async Task<Results<Ok<List<AudienceMember>>, ProblemHttpResult>> AudienceAsync(Guid id, SurveyDesk desk, AppDbContext db, CancellationToken ct)
    {
        var campaign = await db.Set<SurveyCampaign>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        return campaign is null ? Api.NotFound("survey") : TypedResults.Ok(await desk.AudienceAsync(campaign, ct));
    }

    private static async Task<Results<Created<CampaignDto>, ProblemHttpResult>> LaunchAsync(Guid id, SurveyDesk desk, AppDbContext db, CancellationToken ct)
    {
        var result = await desk.LaunchWaveAsync(id, ct);
        return result.IsDone ? TypedResults.Created($"/api/v1/surveys/{id}", (await CampaignAsync(db, id, ct))!) : Api.Problem(result, "survey");
    }

    private static async Task<Results<Ok<CampaignDto>, ProblemHttpResult>> ScheduleAsync(Guid id, SurveyDesk desk, AppDbContext db, CancellationToken ct)
    {
        var result = await desk.ScheduleAsync(id, ct);
        return result.IsDone ? TypedResults.Ok((await CampaignAsync(db, id, ct))!) : Api.Problem(result, "survey");
    }

    private static async Task<Results<Ok<CampaignDto>, ProblemHttpResult>> EndAsync(Guid id, SurveyDesk desk, AppDbContext db, CancellationToken ct)
    {
        var result = await desk.EndAsync(id, ct);
        return result.IsDone ? TypedResults.Ok((await CampaignAsync(db, id, ct))!) : Api.Problem(result, "survey");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> WorkbookAsync(Guid id, SurveyWorkbook workbook, CancellationToken ct) =>
        await workbook.BuildAsync(id, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, ct) is { } bytes
            ? TypedResults.File(bytes, XlsxRows.ContentType, $"survey-{id:N}.xlsx")
            : Api.NotFound("survey");

    /// <summary>The responses behind a figure (named campaigns only): a wave, optionally a cut (company, holding, role, service with its key) and a segment.</summary>
    private static async Task<Results<Ok<List<SurveyResponseRow>>, ValidationProblem, ProblemHttpResult>> ResponsesAsync(Guid id, Guid? waveId, string? cut, string? key,
        string? segment, SurveyDrillDown drillDown, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (waveId is null)
        {
            errors["waveId"] = ["The wave whose responses to list."];
        }

        if (cut is not null && !ResponseSegments.Cuts.Contains(cut))
        {
            errors["cut"] = [$"One of: {string.Join(", ", ResponseSegments.Cuts)}."];
        }

        if (cut is not null && string.IsNullOrWhiteSpace(key) || key is { Length: > 100 })
        {
            errors["key"] = ["A cut needs the key of its company, holding, service or role."];
        }

        if (segment is not null && !ResponseSegments.All.Contains(segment))
        {
            errors["segment"] = [$"One of: {string.Join(", ", ResponseSegments.All)}."];
        }

        if (errors.Count > 0)
        {
            return Api.Invalid(errors);
        }

        var found = await drillDown.ResponsesAsync(id, new ResponseFilter(waveId!.Value, cut, key, segment), CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, ct);
        if (found is null)
        {
            return Api.NotFound("survey");
        }

        return found.Anonymous
            ? TypedResults.Problem("An anonymous campaign's responses are not listed one by one; its results show the figures.", statusCode: StatusCodes.Status409Conflict,
                title: "Anonymous campaign")
            : TypedResults.Ok(found.Responses.ToList());
    }

    private static async Task<Results<Ok<VerbatimTagInput>, ValidationProblem, ProblemHttpResult>> TagAsync(Guid id, VerbatimTagInput input, VerbatimTags tags,
        CancellationToken ct)
    {
        var result = await tags.TagAsync(id, input, ct);
        if (result.IsDone)
        {
            return TypedResults.Ok(input with { Tags = VerbatimTags.Normalize(input.Tags) });
        }

        return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "verbatim");
    }

    private static async Task<Results<Ok<SurveyResultsDto>, ProblemHttpResult>> ResultsAsync(Guid id, SurveyResults results, CancellationToken ct) =>
        await results.ForCampaignAsync(id, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, ct) is { } dto ? TypedResults.Ok(dto) : Api.NotFound("survey");
}
