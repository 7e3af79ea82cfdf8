namespace OneWindow.Web.Features.Feedback;

public sealed record ReviewDto(Guid Id, Guid CompanyId, string CompanyName, Guid AuthorId, string AuthorName, ReviewTarget Target, Guid TargetId, string TargetName,
    int Grade, string Title, string Body, string? Answer, string? AnsweredByName, DateTimeOffset? AnsweredAt, DateTimeOffset CreatedAt, Guid? CaseId);

public sealed record ReviewBody([property: Required] ReviewTarget? Target, [property: Required] Guid? TargetId, [property: Required] int? Grade,
    [property: Required, MaxLength(300)] string? Title, [property: Required, MaxLength(8000)] string? Body);

public sealed record ReviewAnswerBody([property: Required, MaxLength(8000)] string? Answer);

public sealed record ReviewFilter(Guid? CompanyId = null, ReviewTarget? Target = null, int? Grade = null, bool? Answered = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>Writing reviews (client people), the SSC's feed and answers.</summary>
public sealed class ReviewDesk(AppDbContext db, CurrentActor actor, TimeProvider clock, IEnumerable<IReviewListener> listeners)
{
    /// <summary>A new review by the signed-in client person; listeners (complaint loop, loyalty) act in the same save.</summary>
    public async Task<(Review? Review, Dictionary<string, string[]> Errors)> CreateAsync(ReviewBody input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (actor.CompanyId is not { } companyId || actor.UserId is not { } author)
        {
            errors["target"] = ["Only client company people write reviews."];
            return (null, errors);
        }

        if (input.Grade is not (>= 1 and <= 5))
        {
            errors["grade"] = ["The grade is 1 to 5."];
        }

        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Length > 300)
        {
            errors["title"] = ["A title of at most 300 characters is required."];
        }

        if (string.IsNullOrWhiteSpace(input.Body) || input.Body.Length > 8000)
        {
            errors["body"] = ["A text of at most 8000 characters is required."];
        }

        if (input.Target is not { } target || !Enum.IsDefined(target))
        {
            errors["target"] = ["Service, Team or Employee."];
        }
        else if (input.TargetId is not { } targetId || !await TargetExistsAsync(target, targetId, companyId, ct))
        {
            errors["targetId"] = ["No such service of your company, team or SSC employee."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var review = new Review
        {
            CompanyId = companyId,
            AuthorId = author,
            Target = input.Target!.Value,
            TargetId = input.TargetId!.Value,
            Grade = input.Grade!.Value,
            Title = input.Title!.Trim(),
            Body = input.Body!.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Reviews.Add(review);
        await FeedbackListeners.SaveReviewAsync(db, review, listeners, ct);
        return (review, errors);
    }

    public Task<bool> TargetExistsAsync(ReviewTarget target, Guid id, Guid companyId, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return target switch
        {
            ReviewTarget.Service => db.ClientServices.AnyAsync(s => s.CompanyId == companyId && s.ServiceId == id && s.StartsOn <= today && (s.EndsOn == null || s.EndsOn >= today), ct),
            ReviewTarget.Team => db.Teams.AnyAsync(t => t.Id == id && t.IsActive, ct),
            _ => db.Users.AnyAsync(u => u.Id == id && u.CompanyId == null && u.IsActive, ct),
        };
    }

    public async Task<string?> AnswerAsync(Review review, string? answer, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(answer) || answer.Length > 8000)
        {
            return "An answer of at most 8000 characters is required.";
        }

        review.Answer = answer.Trim();
        review.AnsweredAt = clock.GetUtcNow();
        review.AnsweredById = actor.UserId;
        review.AnsweredByName = actor.Name;
        await db.SaveChangesAsync(ct);
        return null;
    }
}

/// <summary>/api/v1/feedback/reviews.</summary>
public static class ReviewEndpoints
{
    public static RouteGroupBuilder MapReviewRoutes(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/feedback/reviews").WithTags("Feedback");
        group.MapGet("/", ListRouteAsync).WithName("ListReviews");
        group.MapPost("/", CreateAsync).WithName("CreateReview");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetReview");
        group.MapPost("/{id:guid}/answer", AnswerAsync).WithName("AnswerReview").RequireAuthorization(Policies.Ssc);
        return api;
    }

    /// <summary>SSC staff see every review in their scope; a client person their own.</summary>
    public static IQueryable<Review> Visible(AppDbContext db, CurrentActor actor)
    {
        var reviews = db.Reviews.AsNoTracking();
        return actor.IsClient ? reviews.Where(r => r.AuthorId == actor.UserId) : reviews;
    }

    public static async Task<List<ReviewDto>> ListAsync(AppDbContext db, CurrentActor actor, ReviewFilter filter, CancellationToken ct)
    {
        var query = Visible(db, actor);
        query = filter.CompanyId is { } company ? query.Where(r => r.CompanyId == company) : query;
        query = filter.Target is { } target ? query.Where(r => r.Target == target) : query;
        query = filter.Grade is { } grade ? query.Where(r => r.Grade == grade) : query;

        if (filter.Answered is { } answered)
        {
            query = answered ? query.Where(r => r.Answer != null) : query.Where(r => r.Answer == null);
        }

        var items = await Project(db, query).ToListAsync(ct);
        // Period bounds compare local dates of the instants in the SSC's zone; done in memory as SQLite cannot compare offsets.
        var zone = await TimeZones.ServiceCenterAsync(db, ct);
        return [.. items.Where(r => InRange(LocalDates.Of(r.CreatedAt, zone), filter.From, filter.To))
            .OrderByDescending(r => r.CreatedAt).Take(500)];
    }

    private static bool InRange(DateOnly date, DateOnly? from, DateOnly? to) => (from is null || date >= from) && (to is null || date < to);

    private static IQueryable<ReviewDto> Project(AppDbContext db, IQueryable<Review> query) => query.Select(r => new ReviewDto(r.Id, r.CompanyId,
        db.Companies.Where(c => c.Id == r.CompanyId).Select(c => c.Name).FirstOrDefault() ?? "", r.AuthorId, r.Author!.FullName, r.Target, r.TargetId,
        r.Target == ReviewTarget.Service ? db.Services.Where(s => s.Id == r.TargetId).Select(s => s.Name).FirstOrDefault() ?? ""
            : r.Target == ReviewTarget.Team ? db.Teams.Where(t => t.Id == r.TargetId).Select(t => t.Name).FirstOrDefault() ?? ""
            : db.Users.Where(u => u.Id == r.TargetId).Select(u => u.FullName).FirstOrDefault() ?? "",
        r.Grade, r.Title, r.Body, r.Answer, r.AnsweredByName, r.AnsweredAt, r.CreatedAt,
        db.Set<FeedbackCase>().Where(c => c.ReviewId == r.Id).Select(c => (Guid?)c.Id).FirstOrDefault()));

    private static async Task<Results<Ok<List<ReviewDto>>, ValidationProblem>> ListRouteAsync(Guid? companyId, ReviewTarget? target, int? grade, bool? answered,
        string? period, AppDbContext db, CurrentActor actor, CancellationToken ct)
    {
        DateOnly? from = null, to = null;
        if (period is not null)
        {
            if (!ReportPeriod.TryParse(period, out var p))
            {
                return Api.Invalid("period", "A month (2026-11), quarter (2026-Q4) or year (2026).");
            }

            (from, to) = (p.Start, p.End);
        }

        if (grade is not null and not (>= 1 and <= 5))
        {
            return Api.Invalid("grade", "The grade is 1 to 5.");
        }

        return TypedResults.Ok(await ListAsync(db, actor, new ReviewFilter(companyId, target, grade, answered, from, to), ct));
    }

    private static async Task<Results<Ok<ReviewDto>, ProblemHttpResult>> GetAsync(Guid id, AppDbContext db, CurrentActor actor, CancellationToken ct)
    {
        var dto = await Project(db, Visible(db, actor).Where(r => r.Id == id)).FirstOrDefaultAsync(ct);
        return dto is null ? Api.NotFound("review") : TypedResults.Ok(dto);
    }

    private static async Task<Results<Created<ReviewDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(ReviewBody body, ReviewDesk desk, AppDbContext db,
        CurrentActor actor, CancellationToken ct)
    {
        if (!actor.IsClient)
        {
            return TypedResults.Problem(statusCode: 403, type: ProblemTypes.Forbidden, title: "Forbidden.", detail: "Reviews are written by client company people.");
        }

        var (review, errors) = await desk.CreateAsync(body, ct);
        if (review is null)
        {
            return Api.Invalid(errors);
        }

        var dto = await Project(db, db.Reviews.AsNoTracking().Where(r => r.Id == review.Id)).FirstAsync(ct);
        return TypedResults.Created($"/api/v1/feedback/reviews/{dto.Id}", dto);
    }

    private static async Task<Results<Ok<ReviewDto>, ValidationProblem, ProblemHttpResult>> AnswerAsync(Guid id, ReviewAnswerBody body, ReviewDesk desk,
        AppDbContext db, CancellationToken ct)
    {
        var review = await db.Reviews.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (review is null)
        {
            return Api.NotFound("review");
        }

        if (await desk.AnswerAsync(review, body.Answer, ct) is { } problem)
        {
            return Api.Invalid("answer", problem);
        }

        return TypedResults.Ok(await Project(db, db.Reviews.AsNoTracking().Where(r => r.Id == id)).FirstAsync(ct));
    }
}
