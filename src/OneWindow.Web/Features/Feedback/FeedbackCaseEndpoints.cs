namespace OneWindow.Web.Features.Feedback;

/// <summary>A feedback case as the SSC sees it; the internal fields are null for the client.</summary>
public sealed record FeedbackCaseDto(Guid Id, string Number, Guid CompanyId, string CompanyName, Guid ClientId, string ClientName,
    Guid? EmployeeId, string? EmployeeName, Guid? TeamId, string? TeamName, Guid? ServiceId, string? ServiceName, Guid? TicketId,
    Guid? RatingId, Guid? ReviewId, int Grade, int Scale, string? ClientComment, Guid? OwnerId, string? OwnerName,
    FeedbackCaseStatus Status, DateTimeOffset OpenedAt, DateTimeOffset DueAt, bool Overdue,
    DateTimeOffset? ContactedAt, FeedbackContactChannel? ContactChannel, string? ContactNotes, FeedbackRootCause? RootCause, string? Actions,
    string? WhatWeDid, DateTimeOffset? WhatWeDidSentAt, bool? ClientSatisfied, string? ClientAnswer, DateTimeOffset? ClientAnsweredAt,
    DateTimeOffset? ClosedAt, int Reopened, string? Notes, int Version);

public sealed record CaseWorkBody(DateTimeOffset? ContactedAt, FeedbackContactChannel? ContactChannel, [property: MaxLength(4000)] string? ContactNotes,
    FeedbackRootCause? RootCause, [property: MaxLength(4000)] string? Actions);

public sealed record WhatWeDidBody([property: MaxLength(4000)] string? Message);

public sealed record ClientAnswerBody([property: Required] bool? Satisfied, [property: MaxLength(4000)] string? Comment);

/// <summary>/api/v1/feedback/cases: the complaint loop.</summary>
public static class FeedbackCaseEndpoints
{
    public static RouteGroupBuilder MapFeedbackCaseRoutes(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/feedback/cases").WithTags("Feedback");
        group.MapGet("/", ListRouteAsync).WithName("ListFeedbackCases").RequireAuthorization(Policies.Ssc);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetFeedbackCase");
        group.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateFeedbackCase").RequireAuthorization(Policies.Ssc);
        group.MapPost("/{id:guid}/send-what-we-did", SendAsync).WithName("SendFeedbackCaseMessage").RequireAuthorization(Policies.Ssc);
        group.MapPost("/{id:guid}/client-answer", AnswerAsync).WithName("AnswerFeedbackCase");
        group.MapPost("/{id:guid}/close", CloseAsync).WithName("CloseFeedbackCase").RequireAuthorization(Policies.Ssc);
        return api;
    }

    /// <summary>The cases the actor may see: SSC staff every case in their scope, a client person only the cases about their own grades.</summary>
    public static IQueryable<FeedbackCase> Visible(AppDbContext db, CurrentActor actor)
    {
        var cases = db.FeedbackCases().AsNoTracking();
        return actor.IsClient ? cases.Where(c => c.ClientId == actor.UserId) : cases;
    }

    public static IQueryable<FeedbackCaseDto> Project(AppDbContext db, IQueryable<FeedbackCase> query, DateTimeOffset now) => query.Select(c => new FeedbackCaseDto(
        c.Id, c.Number, c.CompanyId, db.Companies.Where(x => x.Id == c.CompanyId).Select(x => x.Name).FirstOrDefault() ?? "",
        c.ClientId, c.Client!.FullName,
        c.EmployeeId, db.Users.Where(u => u.Id == c.EmployeeId).Select(u => u.FullName).FirstOrDefault(),
        c.TeamId, db.Teams.Where(t => t.Id == c.TeamId).Select(t => t.Name).FirstOrDefault(),
        c.ServiceId, db.Services.Where(s => s.Id == c.ServiceId).Select(s => s.Name).FirstOrDefault(),
        c.TicketId, c.RatingId, c.ReviewId, c.Grade, c.Scale, c.ClientComment, c.OwnerId, c.Owner != null ? c.Owner.FullName : null,
        c.Status, c.OpenedAt, c.DueAt, c.Status != FeedbackCaseStatus.Closed && c.DueAt < now,
        c.ContactedAt, c.ContactChannel, c.ContactNotes, c.RootCause, c.Actions, c.WhatWeDid, c.WhatWeDidSentAt, c.ClientSatisfied, c.ClientAnswer,
        c.ClientAnsweredAt, c.ClosedAt, c.Reopened, c.Notes, c.Version));

    /// <summary>What a client sees of their case: the grade, their words, what was done and their answer.</summary>
    public static FeedbackCaseDto ForClient(FeedbackCaseDto dto) => dto with
    {
        ContactNotes = null, RootCause = null, Actions = null, Notes = null, OwnerId = null, OwnerName = null, ContactChannel = null,
    };

    public static async Task<List<FeedbackCaseDto>> ListAsync(AppDbContext db, CurrentActor actor, DateTimeOffset now, FeedbackCaseStatus? status, Guid? companyId,
        Guid? teamId, bool? overdue, Guid? ownerId, CancellationToken ct)
    {
        var query = Visible(db, actor);
        query = status is { } s ? query.Where(c => c.Status == s) : query;
        query = companyId is { } company ? query.Where(c => c.CompanyId == company) : query;
        query = teamId is { } team ? query.Where(c => c.TeamId == team) : query;
        query = ownerId is { } owner ? query.Where(c => c.OwnerId == owner) : query;

        if (overdue is { } o)
        {
            query = o ? query.Where(c => c.Status != FeedbackCaseStatus.Closed && c.DueAt < now) : query.Where(c => !(c.Status != FeedbackCaseStatus.Closed && c.DueAt < now));
        }

        // Sorted in memory: SQLite cannot order by DateTimeOffset.
        var list = await Project(db, query, now).Take(1000).ToListAsync(ct);
        return [.. list.OrderBy(c => c.Status == FeedbackCaseStatus.Closed).ThenBy(c => c.DueAt)];
    }

    private static async Task<Ok<List<FeedbackCaseDto>>> ListRouteAsync(FeedbackCaseStatus? status, Guid? companyId, Guid? teamId, bool? overdue, Guid? ownerId,
        AppDbContext db, CurrentActor actor, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await ListAsync(db, actor, clock.GetUtcNow(), status, companyId, teamId, overdue, ownerId, ct));

    public static async Task<FeedbackCaseDto?> LoadAsync(AppDbContext db, CurrentActor actor, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        var dto = await Project(db, Visible(db, actor).Where(c => c.Id == id), now).FirstOrDefaultAsync(ct);
        return dto is not null && actor.IsClient ? ForClient(dto) : dto;
    }

    private static async Task<Results<Ok<FeedbackCaseDto>, ProblemHttpResult>> GetAsync(Guid id, AppDbContext db, CurrentActor actor, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var dto = await LoadAsync(db, actor, id, clock.GetUtcNow(), ct);
        if (dto is null)
        {
            return Api.NotFound("feedback case");
        }

        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Ok<FeedbackCaseDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(Guid id, CaseWorkBody body, AppDbContext db,
        FeedbackCaseDesk desk, CurrentActor actor, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var found = await db.FeedbackCases().FindForChangeAsync(id, http, "feedback case", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var result = await desk.RecordWorkAsync(found.Entity, new CaseWorkInput(body.ContactedAt, body.ContactChannel, body.ContactNotes, body.RootCause, body.Actions), ct);
        return await RespondAsync(result, db, actor, id, clock, ct);
    }

    private static async Task<Results<Ok<FeedbackCaseDto>, ValidationProblem, ProblemHttpResult>> SendAsync(Guid id, WhatWeDidBody body, AppDbContext db,
        FeedbackCaseDesk desk, CurrentActor actor, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var c = await db.FeedbackCases().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return Api.NotFound("feedback case");
        }

        var result = await desk.SendWhatWeDidAsync(c, body.Message, $"{http.Request.Scheme}://{http.Request.Host}/", ct);
        return await RespondAsync(result, db, actor, id, clock, ct);
    }

    private static async Task<Results<Ok<FeedbackCaseDto>, ValidationProblem, ProblemHttpResult>> AnswerAsync(Guid id, ClientAnswerBody body, AppDbContext db,
        FeedbackCaseDesk desk, CurrentActor actor, TimeProvider clock, CancellationToken ct)
    {
        var c = await db.FeedbackCases().FirstOrDefaultAsync(x => x.Id == id && x.ClientId == actor.UserId, ct);
        if (c is null)
        {
            return Api.NotFound("feedback case");
        }

        var result = await desk.ClientAnswerAsync(c, body.Satisfied ?? false, body.Comment, ct);
        return await RespondAsync(result, db, actor, id, clock, ct);
    }

    private static async Task<Results<Ok<FeedbackCaseDto>, ValidationProblem, ProblemHttpResult>> CloseAsync(Guid id, AppDbContext db, FeedbackCaseDesk desk,
        CurrentActor actor, TimeProvider clock, CancellationToken ct)
    {
        var c = await db.FeedbackCases().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return Api.NotFound("feedback case");
        }

        return await RespondAsync(await desk.CloseAsync(c, ct), db, actor, id, clock, ct);
    }

    private static async Task<Results<Ok<FeedbackCaseDto>, ValidationProblem, ProblemHttpResult>> RespondAsync(CaseResult result, AppDbContext db, CurrentActor actor,
        Guid id, TimeProvider clock, CancellationToken ct) => result.Outcome switch
        {
            CaseOutcome.Done => TypedResults.Ok((await LoadAsync(db, actor, id, clock.GetUtcNow(), ct))!),
            CaseOutcome.Invalid => Api.Invalid(result.Field!, result.Message!),
            CaseOutcome.Conflict => Api.Conflict(result.Message!),
            _ => Api.NotFound("feedback case"),
        };
}
