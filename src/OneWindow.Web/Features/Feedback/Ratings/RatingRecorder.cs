namespace OneWindow.Web.Features.Feedback;

public enum RatingOutcome
{
    Recorded = 0,
    /// <summary>The rater is SSC staff: staff grading staff is not client feedback, so nothing is stored.</summary>
    NotCounted = 1,
    /// <summary>The employee or the rater is unknown or inactive.</summary>
    UnknownPerson = 2,
}

public sealed record RatingResult(RatingOutcome Outcome, Guid? RatingId = null, bool IsNew = false);

/// <summary>
/// Records a click on a rating link. A signed link is the authority here, not a sign-in, so the work runs as the
/// system in its own scope; the token fixed who is rated and (for reply links) who rates.
/// </summary>
public sealed class RatingRecorder(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static string DedupeKey(RatingClaims claims, Guid raterId) => claims.MessageId is { } message
        ? $"reply:{message:N}"
        : $"sig:{claims.EmployeeId:N}:{raterId:N}:{claims.TokenId}";

    /// <summary>Whether a person is SSC staff (no client company); null when unknown or inactive.</summary>
    public async Task<bool?> IsStaffAsync(Guid userId, CancellationToken ct)
    {
        await using var scope = SystemScope(out var db);
        var person = await db.Users.IgnoreQueryFilters().Where(u => u.Id == userId).Select(u => new { u.CompanyId, u.IsActive }).FirstOrDefaultAsync(ct);
        return person is { IsActive: true } ? person.CompanyId is null : null;
    }

    public async Task<string> EmployeeNameAsync(Guid employeeId, CancellationToken ct)
    {
        await using var scope = SystemScope(out var db);
        return await db.Users.IgnoreQueryFilters().Where(u => u.Id == employeeId).Select(u => u.FullName).FirstOrDefaultAsync(ct) ?? "";
    }

    public async Task<RatingResult> RecordAsync(RatingClaims claims, int grade, Guid raterId, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var scope = SystemScope(out var db);
            var employee = await db.Users.IgnoreQueryFilters().Where(u => u.Id == claims.EmployeeId && u.CompanyId == null)
                .Select(u => new { u.TeamId }).FirstOrDefaultAsync(ct);
            var rater = await db.Users.IgnoreQueryFilters().Where(u => u.Id == raterId && u.IsActive)
                .Select(u => new { u.CompanyId }).FirstOrDefaultAsync(ct);
            if (employee is null || rater is null)
            {
                return new(RatingOutcome.UnknownPerson);
            }

            if (rater.CompanyId is not { } companyId)
            {
                return new(RatingOutcome.NotCounted);
            }

            var ticket = claims.TicketId is { } ticketId
                ? await db.Tickets.IgnoreQueryFilters().Where(t => t.Id == ticketId).Select(t => new { t.ServiceId, t.TeamId }).FirstOrDefaultAsync(ct)
                : null;
            var key = DedupeKey(claims, raterId);
            var now = clock.GetUtcNow();
            var rating = await db.Ratings.IgnoreQueryFilters().FirstOrDefaultAsync(r => r.DedupeKey == key, ct);
            var isNew = rating is null;
            if (rating is null)
            {
                rating = new Rating
                {
                    CompanyId = companyId,
                    RaterId = raterId,
                    EmployeeId = claims.EmployeeId,
                    TeamId = employee.TeamId ?? ticket?.TeamId,
                    ServiceId = ticket?.ServiceId,
                    TicketId = ticket is null ? null : claims.TicketId,
                    MessageId = claims.MessageId,
                    Source = claims.MessageId is null ? RatingSource.Signature : RatingSource.Reply,
                    Scale = claims.Scale,
                    Grade = grade,
                    DedupeKey = key,
                    RatedAt = now,
                };
                db.Ratings.Add(rating);
            }
            else if (rating.Grade == grade)
            {
                // The same choice again (a reload, a double click): nothing changes.
                return new(RatingOutcome.Recorded, rating.Id, false);
            }
            else
            {
                rating.Grade = grade;
                rating.RatedAt = now;
                rating.Changes++;
            }

            try
            {
                await FeedbackListeners.SaveRatingAsync(db, rating, isNew, scope.ServiceProvider.GetServices<IRatingListener>(), ct);
                return new(RatingOutcome.Recorded, rating.Id, isNew);
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // Two clicks raced on the same link: the other one inserted first; this one becomes a change.
            }
        }
    }

    public sealed record RatingView(Guid Id, Guid EmployeeId, string EmployeeName, int Scale, int Grade, string? Comment, string Reasons);

    public async Task<RatingView?> FindAsync(Guid ratingId, CancellationToken ct)
    {
        await using var scope = SystemScope(out var db);
        return await db.Ratings.IgnoreQueryFilters().Where(r => r.Id == ratingId)
            .Select(r => new RatingView(r.Id, r.EmployeeId, r.Employee!.FullName, r.Scale, r.Grade, r.Comment, r.Reasons)).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Adds the comment and reasons. Listeners hear of it as a changed rating in the same save: the complaint case takes the
    /// client's words, the loyalty programme tops the rating's points up for the comment.
    /// </summary>
    public async Task SaveCommentAsync(Guid ratingId, string? comment, IEnumerable<string> reasons, CancellationToken ct)
    {
        await using var scope = SystemScope(out var db);
        var rating = await db.Ratings.IgnoreQueryFilters().FirstAsync(r => r.Id == ratingId, ct);
        rating.Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        rating.Reasons = string.Join(' ', reasons.Distinct(StringComparer.Ordinal));
        await FeedbackListeners.SaveRatingAsync(db, rating, false, scope.ServiceProvider.GetServices<IRatingListener>(), ct);
    }

    private AsyncServiceScope SystemScope(out AppDbContext db)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return scope;
    }
}
