namespace OneWindow.Web.Features.Feedback;

/// <summary>One feedback case as other features list it (the committee pack): its state, dates and grade.</summary>
[FeatureSeam]
public sealed record CaseSummary(Guid Id, string Number, FeedbackCaseDirection Direction, FeedbackCaseStatus Status, DateTimeOffset OpenedAt,
    DateTimeOffset DueAt, DateTimeOffset? ClosedAt, bool Overdue, int Grade, int Scale, ClaimCategory? Category);

/// <summary>
/// A company's feedback cases of one direction for other features (the committee pack): read through the case list's own
/// query, so what they count equals GET /api/v1/feedback/cases?companyId=..&amp;direction=.. for the same viewer.
/// </summary>
[FeatureSeam]
public static class FeedbackCaseFigures
{
    public static async Task<List<CaseSummary>> ForCompanyAsync(AppDbContext db, CurrentActor actor, Guid companyId, FeedbackCaseDirection direction,
        DateTimeOffset now, CancellationToken ct) =>
        [.. (await FeedbackCaseEndpoints.ListAsync(db, actor, now, null, companyId, null, null, null, ct, direction))
            .Select(c => new CaseSummary(c.Id, c.Number, c.Direction, c.Status, c.OpenedAt, c.DueAt, c.ClosedAt, c.Overdue, c.Grade, c.Scale, c.Category))];
}
