namespace OneWindow.Web.Features.Feedback;

/// <summary>
/// Feedback figures other features show beside their own (the client 360 card): a company's grades of a period, counted
/// exactly as the feedback dashboard counts its company group — ratings whose instant falls in the period's days in the
/// SSC's zone.
/// </summary>
[FeatureSeam]
public static class FeedbackFigures
{
    /// <summary>CSAT, grade count and average of one company's ratings in the period.</summary>
    public static async Task<GradeFigures> CompanyGradesAsync(AppDbContext db, Guid companyId, ReportPeriod period, CancellationToken ct)
    {
        var zone = await TimeZones.ServiceCenterAsync(db, ct);
        var (from, to) = (LocalDates.StartOf(period.Start, zone), LocalDates.StartOf(period.End, zone));
        var grades = await db.Ratings.AsNoTracking().Where(r => r.CompanyId == companyId && r.RatedAt >= from && r.RatedAt < to)
            .Select(r => new GradeSample(r.Grade, r.Scale)).ToListAsync(ct);
        return FeedbackMath.Grades(grades);
    }
}
