using OneWindow.Core.JourneyMaps;
using OneWindow.Web.Features.Feedback;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Features.Tickets;

namespace OneWindow.Web.Features.JourneyMaps;

/// <summary>
/// One bound touchpoint's live figures for a period. Volume counts the tickets of the bound request types created in
/// the period (days in the viewer's zone, as the ticket list's createdFrom/createdTo); resolution times are the
/// business minutes of those tickets' stopped SLA resolution clocks; CSAT is over the ratings of those tickets;
/// complaints are the client complaint cases linked to them. Emotion from ratings is the average grade on 1–5 moved
/// onto −2…+2; the step disagrees when it is a point or more from the team's assumed (as-is) emotion.
/// </summary>
public sealed record StepFigures(Guid StepId, List<Guid> RequestTypeIds, int Volume, double? MedianMinutes, double? P90Minutes, int StoppedClocks, int MetClocks,
    double? SlaAttainment, int Ratings, int Satisfied, double? Csat, double? AverageGrade, double? LiveEmotion, int AssumedEmotion, bool Disagrees, int Complaints);

public sealed record JourneyFiguresDto(Guid MapId, string Period, DateOnly From, DateOnly To, Guid? CompanyId, List<StepFigures> Steps);

public static class JourneyFigures
{
    /// <summary>The figures of every step bound to request types, or null when the map is not visible to the actor.</summary>
    public static async Task<JourneyFiguresDto?> ComputeAsync(AppDbContext db, CurrentActor actor, Guid mapId, ReportPeriod period, CancellationToken ct)
    {
        var map = await JourneyMapDesk.Visible(db.Set<JourneyMap>().AsNoTracking(), actor).Where(m => m.Id == mapId)
            .Select(m => new { m.Id, m.CompanyId }).FirstOrDefaultAsync(ct);
        if (map is null)
        {
            return null;
        }

        var steps = await db.Set<JourneyStep>().AsNoTracking().Where(s => s.MapId == mapId)
            .Select(s => new { s.Id, s.EmotionAsIs, Types = s.Bindings.Where(b => b.Kind == TouchpointKind.RequestType).Select(b => b.TargetId).ToList() })
            .ToListAsync(ct);
        var zone = await ViewerTime.ForUserAsync(db, actor.UserId, ct);
        var start = LocalDates.StartOf(period.Start, zone);
        var end = LocalDates.StartOf(period.End, zone);
        var result = new List<StepFigures>();
        foreach (var step in steps.Where(s => s.Types.Count > 0))
        {
            result.Add(await StepAsync(db, actor, map.CompanyId, step.Id, step.Types, step.EmotionAsIs, start, end, ct));
        }

        return new JourneyFiguresDto(mapId, period.Key, period.Start, period.End.AddDays(-1), map.CompanyId, result);
    }

    private static async Task<StepFigures> StepAsync(AppDbContext db, CurrentActor actor, Guid? companyId, Guid stepId, List<Guid> types, int assumed,
        DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var tickets = db.Tickets.AsNoTracking().VisibleTo(actor)
            .Where(t => t.RequestTypeId != null && types.Contains(t.RequestTypeId.Value) && t.CreatedAt >= start && t.CreatedAt < end);
        if (companyId is { } company)
        {
            tickets = tickets.Where(t => t.CompanyId == company);
        }

        var ids = tickets.Select(t => t.Id);
        var volume = await tickets.CountAsync(ct);
        var clocks = await db.TicketClocks.AsNoTracking()
            .Where(c => ids.Contains(c.TicketId) && c.Side == MetricSide.Sla && c.Timer == TimerKind.Resolution && c.StoppedAt != null)
            .Select(c => new { c.ElapsedSeconds, c.State }).ToListAsync(ct);
        // Minutes with one decimal, as the clocks API shows them, so the map and the ticket agree to the figure.
        var minutes = clocks.Select(c => Math.Round(c.ElapsedSeconds / 60.0, 1)).ToList();
        var met = clocks.Count(c => c.State == ClockState.Met);
        var ratings = await db.Ratings.AsNoTracking().Where(r => r.TicketId != null && ids.Contains(r.TicketId.Value))
            .Select(r => new { r.Grade, r.Scale }).ToListAsync(ct);
        var satisfied = ratings.Count(r => r.Scale == 3 ? r.Grade == 3 : r.Grade >= 4);
        double? average = ratings.Count == 0 ? null : Math.Round(ratings.Average(r => JourneyMath.OnFivePoints(r.Grade, r.Scale)), 2);
        var live = JourneyMath.EmotionFromGrade(average);
        var complaints = await db.Set<FeedbackCase>().AsNoTracking()
            .CountAsync(c => c.TicketId != null && ids.Contains(c.TicketId.Value) && c.Direction == FeedbackCaseDirection.ClientComplaint, ct);
        return new StepFigures(stepId, types, volume, RoundOrNull(JourneyMath.Median(minutes)), RoundOrNull(JourneyMath.Percentile(minutes, 0.9)), clocks.Count, met,
            JourneyMath.Attainment(met, clocks.Count), ratings.Count, satisfied, ratings.Count == 0 ? null : Math.Round(100.0 * satisfied / ratings.Count, 1), average, live,
            assumed, JourneyMath.Disagrees(live, assumed), complaints);
    }

    private static double? RoundOrNull(double? value) => value is { } v ? Math.Round(v, 2) : null;
}
