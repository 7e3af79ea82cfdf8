using OneWindow.Core.JourneyMaps;
using OneWindow.Core.Surveys;
using OneWindow.Web.Features.Feedback;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Features.ServiceLevels.Reports;
using OneWindow.Web.Features.Surveys;
using OneWindow.Web.Features.Tickets;

namespace OneWindow.Web.Features.JourneyMaps;

/// <summary>
/// One bound touchpoint's live figures for a period. Ticket figures are over the tickets of the bound request types and,
/// when the step is bound to the intake mailbox, the tickets made from email, created in the period (days in the
/// viewer's zone, as the ticket list's createdFrom/createdTo); resolution times are the business minutes of those
/// tickets' stopped SLA resolution clocks; CSAT is over the ratings of those tickets; complaints are the client
/// complaint cases linked to them. Survey questions and OLA metrics add their own figures. The live emotion is the mean
/// of what the ratings (1–5 moved onto −2…+2) and each bound question's average suggest; the step disagrees when it is
/// a point or more from the team's assumed (as-is) emotion.
/// </summary>
public sealed record StepFigures(Guid StepId, List<Guid> RequestTypeIds, int Volume, double? MedianMinutes, double? P90Minutes, int StoppedClocks, int MetClocks,
    double? SlaAttainment, int Ratings, int Satisfied, double? Csat, double? AverageGrade, double? LiveEmotion, int AssumedEmotion, bool Disagrees, int Complaints,
    bool MailChannel, List<QuestionFigures> Questions, List<OlaFigures> Metrics)
{
    /// <summary>Whether the ticket figures mean anything: the step is bound to request types or the mailbox.</summary>
    public bool HasTickets => RequestTypeIds.Count > 0 || MailChannel;
}

/// <summary>
/// A bound survey question's answers in the waves that closed in the period: their count and average; for CSAT the
/// satisfied (4–5) and their share, for NPS the promoters as satisfied and the NPS. Hidden (counts only) where an
/// anonymous campaign has fewer answers than its anonymity threshold, as the survey results hide them.
/// </summary>
public sealed record QuestionFigures(Guid QuestionId, string Kind, string Question, int Answers, bool Hidden, double? Average, int Satisfied, double? SatisfiedShare,
    decimal? Nps, double? LiveEmotion);

/// <summary>A bound OLA metric's attainment in the period, as the service-level report counts it; null figures when no agreement in force has it.</summary>
public sealed record OlaFigures(Guid MetricId, string Name, Guid CompanyId, int Counted, int Met, int Breached, double? Attainment, decimal? AttainmentTarget, bool? OnTarget);

public sealed record JourneyFiguresDto(Guid MapId, string Period, DateOnly From, DateOnly To, Guid? CompanyId, List<StepFigures> Steps);

public static class JourneyFigures
{
    /// <summary>
    /// A period as the figures and exports read it: 2026-11, 2026-Q4 or 2026 from 2000 to 2100; none is the last full
    /// month, the one a review of the map would usually look at.
    /// </summary>
    public static bool TryReadPeriod(string? period, TimeProvider clock, out ReportPeriod parsed)
    {
        if (string.IsNullOrWhiteSpace(period))
        {
            parsed = ReportPeriod.Of(PeriodUnit.Month, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)).Previous;
            return true;
        }

        return ReportPeriod.TryParse(period, out parsed) && parsed.Start.Year is >= 2000 and <= 2100;
    }

    /// <summary>The figures of every bound step, or null when the map is not visible to the actor.</summary>
    public static async Task<JourneyFiguresDto?> ComputeAsync(AppDbContext db, CurrentActor actor, ServiceLevelReports reports, Guid mapId, ReportPeriod period,
        bool english, CancellationToken ct)
    {
        var map = await JourneyMapDesk.Visible(db.Set<JourneyMap>().AsNoTracking(), actor).Where(m => m.Id == mapId)
            .Select(m => new { m.Id, m.CompanyId }).FirstOrDefaultAsync(ct);
        if (map is null)
        {
            return null;
        }

        var steps = await db.Set<JourneyStep>().AsNoTracking().Where(s => s.MapId == mapId)
            .Select(s => new { s.Id, s.EmotionAsIs, Bindings = s.Bindings.Select(b => new { b.Kind, b.TargetId }).ToList() })
            .ToListAsync(ct);
        var zone = await ViewerTime.ForUserAsync(db, actor.UserId, ct);
        var start = LocalDates.StartOf(period.Start, zone);
        var end = LocalDates.StartOf(period.End, zone);
        var olaReports = new Dictionary<Guid, ServiceLevelReport>();
        var result = new List<StepFigures>();
        foreach (var step in steps.Where(s => s.Bindings.Count > 0))
        {
            var types = step.Bindings.Where(b => b.Kind == TouchpointKind.RequestType).Select(b => b.TargetId).ToList();
            var mail = step.Bindings.Any(b => b.Kind == TouchpointKind.MailChannel && b.TargetId == TouchpointTargets.IntakeMailbox);
            var tickets = TicketsOf(db, actor, map.CompanyId, types, mail, start, end);
            var t = await TicketFiguresAsync(db, tickets, ct);
            var questions = new List<QuestionFigures>();
            foreach (var id in step.Bindings.Where(b => b.Kind == TouchpointKind.SurveyQuestion).Select(b => b.TargetId))
            {
                if (await QuestionAsync(db, id, map.CompanyId, period, english, ct) is { } q)
                {
                    questions.Add(q);
                }
            }

            var metrics = new List<OlaFigures>();
            foreach (var id in step.Bindings.Where(b => b.Kind == TouchpointKind.OlaMetric).Select(b => b.TargetId))
            {
                if (await OlaAsync(db, reports, olaReports, id, period, ct) is { } o)
                {
                    metrics.Add(o);
                }
            }

            var live = JourneyMath.CombinedEmotion([t.Emotion, .. questions.Select(q => q.LiveEmotion)]);
            result.Add(new StepFigures(step.Id, types, t.Volume, t.Median, t.P90, t.Stopped, t.Met, JourneyMath.Attainment(t.Met, t.Stopped), t.Ratings, t.Satisfied,
                t.Ratings == 0 ? null : Math.Round(100.0 * t.Satisfied / t.Ratings, 1), t.Average, live, step.EmotionAsIs, JourneyMath.Disagrees(live, step.EmotionAsIs),
                t.Complaints, mail, questions, metrics));
        }

        return new JourneyFiguresDto(mapId, period.Key, period.Start, period.End.AddDays(-1), map.CompanyId, result);
    }

    /// <summary>The tickets a step's request types and mailbox stand for: one filter, so every ticket figure has one code path.</summary>
    private static IQueryable<Ticket> TicketsOf(AppDbContext db, CurrentActor actor, Guid? companyId, List<Guid> types, bool mail, DateTimeOffset start, DateTimeOffset end)
    {
        var tickets = db.Tickets.AsNoTracking().VisibleTo(actor)
            .Where(t => ((t.RequestTypeId != null && types.Contains(t.RequestTypeId.Value)) || (mail && t.Channel == TicketChannel.Email))
                && t.CreatedAt >= start && t.CreatedAt < end);
        return companyId is { } company ? tickets.Where(t => t.CompanyId == company) : tickets;
    }

    private sealed record TicketNumbers(int Volume, double? Median, double? P90, int Stopped, int Met, int Ratings, int Satisfied, double? Average, double? Emotion, int Complaints);

    private static async Task<TicketNumbers> TicketFiguresAsync(AppDbContext db, IQueryable<Ticket> tickets, CancellationToken ct)
    {
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
        var complaints = await db.Set<FeedbackCase>().AsNoTracking()
            .CountAsync(c => c.TicketId != null && ids.Contains(c.TicketId.Value) && c.Direction == FeedbackCaseDirection.ClientComplaint, ct);
        return new TicketNumbers(volume, RoundOrNull(JourneyMath.Median(minutes)), RoundOrNull(JourneyMath.Percentile(minutes, 0.9)), clocks.Count, met, ratings.Count,
            satisfied, average, JourneyMath.EmotionFromGrade(average), complaints);
    }

    private static async Task<QuestionFigures?> QuestionAsync(AppDbContext db, Guid id, Guid? companyId, ReportPeriod period, bool english, CancellationToken ct)
    {
        if (await new SurveyQuestionScores(db).ScoresAsync(id, companyId, period.Start, period.End.AddDays(-1), english, ct) is not { } found)
        {
            return null;
        }

        var scores = found.Scores;
        var nps = found.Question.IsNps;
        if (!SurveyMath.Shows(scores.Count, found.Anonymous))
        {
            return new QuestionFigures(id, found.Question.KindName, found.Question.Text, scores.Count, true, null, 0, null, null, null);
        }

        // Scores outside the question's scale cannot be saved; they are dropped here rather than trusted to the math's guards.
        var valid = scores.Where(s => nps ? s is >= 0 and <= 10 : s is >= 1 and <= 5).ToList();
        double? average = valid.Count == 0 ? null : Math.Round(valid.Average(), 2);
        var live = nps ? JourneyMath.EmotionFromScore(average, 0, 10) : JourneyMath.EmotionFromScore(average, 1, 5);
        if (nps)
        {
            var figure = SurveyMath.Nps(valid);
            return new QuestionFigures(id, found.Question.KindName, found.Question.Text, valid.Count, false, average, figure.Promoters,
                valid.Count == 0 ? null : Math.Round(100.0 * figure.Promoters / valid.Count, 1), figure.Score, live);
        }

        var csat = SurveyMath.Csat(valid);
        return new QuestionFigures(id, found.Question.KindName, found.Question.Text, valid.Count, false, average, csat.Satisfied,
            csat.Percent is { } p ? (double)p : null, null, live);
    }

    /// <summary>
    /// The metric's figure in its company's service-level report for the period: by id, or, when a later version of the same
    /// agreement is in force at the period's end, the metric of that version with the same side and name.
    /// </summary>
    private static async Task<OlaFigures?> OlaAsync(AppDbContext db, ServiceLevelReports reports, Dictionary<Guid, ServiceLevelReport> cache, Guid id, ReportPeriod period,
        CancellationToken ct)
    {
        var metric = await db.Set<AgreementMetric>().AsNoTracking().Where(m => m.Id == id && m.Side == MetricSide.Ola)
            .Select(m => new { m.Id, m.Name, m.CompanyId, AgreementId = m.AgreementVersion!.AgreementId }).FirstOrDefaultAsync(ct);
        if (metric is null)
        {
            return null;
        }

        if (!cache.TryGetValue(metric.CompanyId, out var report))
        {
            report = await reports.ReportAsync(period, metric.CompanyId, ProcessFilter.Anything, ct);
            cache[metric.CompanyId] = report;
        }

        var figure = report.Rows.SelectMany(r => r.Metrics).FirstOrDefault(f => f.MetricId == id)
            ?? report.Rows.Where(r => r.AgreementId == metric.AgreementId).SelectMany(r => r.Metrics)
                .FirstOrDefault(f => f.Side == MetricSide.Ola && string.Equals(f.Name, metric.Name, StringComparison.Ordinal));
        return figure is null
            ? new OlaFigures(id, metric.Name, metric.CompanyId, 0, 0, 0, null, null, null)
            : new OlaFigures(id, metric.Name, metric.CompanyId, figure.Counted, figure.Met, figure.Breached, figure.Attainment, figure.AttainmentTarget, figure.OnTarget);
    }

    private static double? RoundOrNull(double? value) => value is { } v ? Math.Round(v, 2) : null;
}
