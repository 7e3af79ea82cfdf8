namespace OneWindow.Web.Features.Feedback;

/// <summary>Where a rating came from.</summary>
public enum RatingSource
{
    /// <summary>A link in a public reply the ticketing system emailed: bound to the ticket and the reply.</summary>
    Reply = 0,
    /// <summary>A link in an employee's own email signature: bound to the employee only.</summary>
    Signature = 1,
}

/// <summary>
/// A client's grade of an SSC employee's work, given with one click from an email. Not anonymous: the rater is a known
/// client person, so the SSC can come back to the case. A second click on another grade changes it (one row per
/// <see cref="DedupeKey"/>). Owned by the rater's company.
/// </summary>
public sealed class Rating : Entity, IServiceScoped
{
    /// <summary>The rater's client company.</summary>
    public Guid CompanyId { get; set; }
    public Guid RaterId { get; set; }
    public People.AppUser? Rater { get; set; }
    /// <summary>The SSC employee rated.</summary>
    public Guid EmployeeId { get; set; }
    public People.AppUser? Employee { get; set; }
    /// <summary>The employee's team when the rating was given.</summary>
    public Guid? TeamId { get; set; }
    public Guid? ServiceId { get; set; }
    public Guid? TicketId { get; set; }
    /// <summary>The emailed reply the link was bound to.</summary>
    public Guid? MessageId { get; set; }
    public RatingSource Source { get; set; }
    /// <summary>3 or 5: the scale the link offered.</summary>
    public int Scale { get; set; }
    /// <summary>1..Scale; higher is better.</summary>
    public int Grade { get; set; }
    public string? Comment { get; set; }
    /// <summary>Reason category keys, space-separated.</summary>
    public string Reasons { get; set; } = "";
    /// <summary>One rating per rated thing and rater: a reply's id, or the employee and the signature link's id.</summary>
    public required string DedupeKey { get; set; }
    public DateTimeOffset RatedAt { get; set; }
    /// <summary>How many times the grade was changed after the first click.</summary>
    public int Changes { get; set; }

    /// <summary>CSAT counts a grade as satisfied at 4–5 of 5, or 3 of 3.</summary>
    public bool Satisfied => Scale == 3 ? Grade == 3 : Grade >= 4;
}

/// <summary>A client user's longer review of a service, a team or an employee, which the SSC answers in the feed.</summary>
public enum ReviewTarget
{
    Service = 0,
    Team = 1,
    Employee = 2,
}

public sealed class Review : Entity, ICompanyOwned
{
    public Guid CompanyId { get; set; }
    public Guid AuthorId { get; set; }
    public People.AppUser? Author { get; set; }
    public ReviewTarget Target { get; set; }
    /// <summary>The service, team or employee reviewed.</summary>
    public Guid TargetId { get; set; }
    /// <summary>1..5.</summary>
    public int Grade { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public string? Answer { get; set; }
    public Guid? AnsweredById { get; set; }
    public string? AnsweredByName { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
}

/// <summary>
/// Feedback settings, one row: the rating scale, when a grade counts as a complaint, when a comment is required, the reason
/// categories offered, how long a feedback case may take, how long rating links live.
/// </summary>
public sealed class FeedbackSettings : Entity
{
    /// <summary>3 or 5.</summary>
    public int Scale { get; set; } = 5;
    /// <summary>A grade at or below this opens a feedback case (2 on a 5-point scale).</summary>
    public int ComplaintAtOrBelow { get; set; } = 2;
    /// <summary>A grade at or below this must come with a comment (0: never required).</summary>
    public int CommentRequiredAtOrBelow { get; set; } = 2;
    /// <summary>Reason categories as "key|Русский|English" lines.</summary>
    public string ReasonCategories { get; set; } = FeedbackDefaults.Reasons;
    /// <summary>Working days a feedback case may stay open.</summary>
    public int CaseDueWorkingDays { get; set; } = 3;
    /// <summary>How long a rating link in an email stays valid.</summary>
    public int LinkLifetimeDays { get; set; } = 60;
}

public static class FeedbackDefaults
{
    public const string Reasons = "speed|Скорость|Speed\nquality|Качество решения|Quality of the solution\npoliteness|Вежливость|Courtesy\nclarity|Понятность ответа|Clarity\nother|Другое|Other";
}

/// <summary>
/// What the rating and review listeners share: a second chance when the save they took part in clashed with a
/// concurrent one (two credits to one loyalty account at once, say).
/// </summary>
[FeatureSeam]
public interface IFeedbackListener
{
    /// <summary>Re-applies what this listener added to the rows as they now stand; false when it has nothing to redo (the save then fails).</summary>
    Task<bool> RetryAfterClashAsync(AppDbContext db, CancellationToken ct) => Task.FromResult(false);
}

/// <summary>
/// Told of every rating in the same save that records it, inside the unit of work that commits it (a new one, or a changed grade): the complaint loop opens a
/// case, the loyalty programme credits points. Whatever a listener adds to the context commits with the rating.
/// </summary>
[FeatureSeam]
public interface IRatingListener : IFeedbackListener
{
    Task OnRatingAsync(AppDbContext db, Rating rating, bool isNew, CancellationToken ct);
}

/// <summary>Told of every new review in the same save (complaint loop for negative ones, loyalty points).</summary>
[FeatureSeam]
public interface IReviewListener : IFeedbackListener
{
    Task OnReviewAsync(AppDbContext db, Review review, CancellationToken ct);
}

/// <summary>Tells the listeners of a rating or review and saves it with what they added, in one save.</summary>
internal static class FeedbackListeners
{
    public static async Task SaveRatingAsync(AppDbContext db, Rating rating, bool isNew, IEnumerable<IRatingListener> listeners, CancellationToken ct)
    {
        var told = listeners.ToList();
        // One unit of work from the listeners' reads to the commit, so what they lock (the rater's loyalty account) stays
        // locked until the rating and its points are written.
        await using var unit = await db.Database.BeginUnitOfWorkAsync(ct);
        foreach (var listener in told)
        {
            await listener.OnRatingAsync(db, rating, isNew, ct);
        }

        await SaveAsync(db, told, ct);
        await unit.CommitAsync(ct);
    }

    public static async Task SaveReviewAsync(AppDbContext db, Review review, IEnumerable<IReviewListener> listeners, CancellationToken ct)
    {
        var told = listeners.ToList();
        await using var unit = await db.Database.BeginUnitOfWorkAsync(ct);
        foreach (var listener in told)
        {
            await listener.OnReviewAsync(db, review, ct);
        }

        await SaveAsync(db, told, ct);
        await unit.CommitAsync(ct);
    }

    /// <summary>A clash (e.g. on a loyalty account's row version) is retried after the listeners redid their part; the feedback itself never clashes.</summary>
    private static async Task SaveAsync(AppDbContext db, IReadOnlyList<IFeedbackListener> listeners, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                var retried = false;
                foreach (var listener in listeners)
                {
                    retried |= await listener.RetryAfterClashAsync(db, ct);
                }

                if (!retried)
                {
                    throw;
                }
            }
        }
    }
}

/// <summary>
/// A one-click rating invitation sent to a client person (the links in an emailed reply). Kept so that a survey campaign
/// can count rating invitations toward its fatigue window when the admin says so.
/// </summary>
public sealed class RatingInvitation : ICompanyOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CompanyId { get; set; }
    public Guid PersonId { get; set; }
    public Guid? TicketId { get; set; }
    public DateTimeOffset SentAt { get; set; }
}
