namespace OneWindow.Web.Features.Feedback;

/// <summary>A feedback case as the SSC sees it; the internal fields are null for the client.</summary>
public sealed record FeedbackCaseDto(Guid Id, string Number, Guid CompanyId, string CompanyName, Guid ClientId, string ClientName,
    Guid? EmployeeId, string? EmployeeName, Guid? TeamId, string? TeamName, Guid? ServiceId, string? ServiceName, Guid? TicketId,
    Guid? RatingId, Guid? ReviewId, int Grade, int Scale, string? ClientComment, Guid? OwnerId, string? OwnerName,
    FeedbackCaseStatus Status, DateTimeOffset OpenedAt, DateTimeOffset DueAt, bool Overdue,
    DateTimeOffset? ContactedAt, FeedbackContactChannel? ContactChannel, string? ContactNotes, FeedbackRootCause? RootCause, string? Actions,
    string? WhatWeDid, DateTimeOffset? WhatWeDidSentAt, bool? ClientSatisfied, string? ClientAnswer, DateTimeOffset? ClientAnsweredAt,
    DateTimeOffset? ClosedAt, int Reopened, string? Notes, int Version,
    FeedbackCaseDirection Direction = FeedbackCaseDirection.ClientComplaint, ClaimCategory? Category = null, string? Description = null, Guid? MetricId = null,
    Guid? RaisedById = null, string? RaisedByName = null);

/// <summary>A claim to the business, recorded by SSC staff: what about, which company, the statement, and optionally the request or OLA metric concerned.</summary>
public sealed record ClaimBody(ClaimCategory? Category, Guid? CompanyId, [property: MaxLength(BusinessClaimDesk.DescriptionMaxLength)] string? Description,
    Guid? TicketId, Guid? MetricId, Guid? AddresseeId, Guid? OwnerId);

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
        // The SSC lists every case in its scope; a client executive the claims to their business (ListAsync filters).
        group.MapGet("/", ListRouteAsync).WithName("ListFeedbackCases");
        group.MapPost("/", CreateClaimAsync).WithName("CreateBusinessClaim").RequireAuthorization(Policies.Ssc);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetFeedbackCase");
        group.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateFeedbackCase").RequireAuthorization(Policies.Ssc);
        group.MapPost("/{id:guid}/send-what-we-did", SendAsync).WithName("SendFeedbackCaseMessage").RequireAuthorization(Policies.Ssc);
        group.MapPost("/{id:guid}/client-answer", AnswerAsync).WithName("AnswerFeedbackCase");
        group.MapPost("/{id:guid}/close", CloseAsync).WithName("CloseFeedbackCase").RequireAuthorization(Policies.Ssc);
        return api;
    }

    /// <summary>
    /// The cases the actor may see: SSC staff every case in their scope; a client person the complaints about their own
    /// grades; a client executive also every claim to their company's business (the query filter keeps them to it).
    /// </summary>
    public static IQueryable<FeedbackCase> Visible(AppDbContext db, CurrentActor actor)
    {
        var cases = db.FeedbackCases().AsNoTracking();
        if (!actor.IsClient)
        {
            return cases;
        }

        var executive = actor.Principal.IsInRole(Roles.ClientExecutive);
        var company = actor.CompanyId;
        return cases.Where(c => (c.Direction == FeedbackCaseDirection.ClientComplaint && c.ClientId == actor.UserId)
            || (executive && c.Direction == FeedbackCaseDirection.ClaimToBusiness && c.CompanyId == company));
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
        c.ClientAnsweredAt, c.ClosedAt, c.Reopened, c.Notes, c.Version,
        c.Direction, c.Category, c.Description, c.MetricId, c.RaisedById, db.Users.Where(u => u.Id == c.RaisedById).Select(u => u.FullName).FirstOrDefault()));

    /// <summary>What a client sees of their case: the grade, their words, what was done and their answer.</summary>
    public static FeedbackCaseDto ForClient(FeedbackCaseDto dto) => dto with
    {
        ContactNotes = null, RootCause = null, Actions = null, Notes = null, OwnerId = null, OwnerName = null, ContactChannel = null,
    };

    public static async Task<List<FeedbackCaseDto>> ListAsync(AppDbContext db, CurrentActor actor, DateTimeOffset now, FeedbackCaseStatus? status, Guid? companyId,
        Guid? teamId, bool? overdue, Guid? ownerId, CancellationToken ct, FeedbackCaseDirection? direction = null)
    {
        var query = Visible(db, actor);
        query = direction is { } d ? query.Where(c => c.Direction == d) : query;
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
        return [.. list.OrderBy(c => c.Status == FeedbackCaseStatus.Closed).ThenBy(c => c.DueAt).Select(c => actor.IsClient ? ForClient(c) : c)];
    }

    private static async Task<Results<Ok<List<FeedbackCaseDto>>, ProblemHttpResult>> ListRouteAsync(FeedbackCaseStatus? status, Guid? companyId, Guid? teamId,
        bool? overdue, Guid? ownerId, FeedbackCaseDirection? direction, AppDbContext db, CurrentActor actor, TimeProvider clock, CancellationToken ct)
    {
        if (actor.IsClient && !actor.Principal.IsInRole(Roles.ClientExecutive))
        {
            // A client user reaches their own cases by their links; the list is the SSC's and the executives'.
            return TypedResults.Problem(statusCode: 403, type: ProblemTypes.Forbidden, title: "Forbidden.", detail: "The case list is for SSC staff and client executives.");
        }

        return TypedResults.Ok(await ListAsync(db, actor, clock.GetUtcNow(), status, companyId, teamId, overdue, ownerId, ct, direction));
    }

    private static async Task<Results<Created<FeedbackCaseDto>, ValidationProblem, ProblemHttpResult>> CreateClaimAsync(ClaimBody body, AppDbContext db,
        BusinessClaimDesk desk, CurrentActor actor, TimeProvider clock, CancellationToken ct)
    {
        var (result, id) = await desk.CreateAsync(new ClaimInput(body.Category, body.CompanyId, body.Description, body.TicketId, body.MetricId, body.AddresseeId, body.OwnerId), ct);
        if (result.Outcome != CaseOutcome.Done)
        {
            return result.Outcome == CaseOutcome.Invalid ? Api.Invalid(result.Field!, result.Message!) : Api.NotFound("company");
        }

        return TypedResults.Created($"/api/v1/feedback/cases/{id}", (await LoadAsync(db, actor, id!.Value, clock.GetUtcNow(), ct))!);
    }

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
        var c = await db.FeedbackCases().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || !(c.Direction == FeedbackCaseDirection.ClientComplaint ? c.ClientId == actor.UserId : FeedbackCaseDesk.AnswersForBusiness(actor, c)))
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
