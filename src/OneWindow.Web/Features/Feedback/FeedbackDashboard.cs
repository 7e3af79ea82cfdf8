namespace OneWindow.Web.Features.Feedback;

public enum FeedbackGrouping
{
    Employee = 0,
    Team = 1,
    Service = 2,
    Company = 3,
}

public sealed record FeedbackGroupDto(Guid? Id, string Name, GradeFigures Figures);

public sealed record TrendPointDto(string Period, int Count, decimal? Csat, double? AverageGrade);

public sealed record RatingDto(Guid Id, Guid CompanyId, string CompanyName, Guid RaterId, string RaterName, Guid EmployeeId, string EmployeeName, Guid? TeamId,
    string? TeamName, Guid? ServiceId, string? ServiceName, Guid? TicketId, RatingSource Source, int Scale, int Grade, bool Satisfied, string? Comment,
    DateTimeOffset RatedAt, Guid? CaseId);

public sealed record FeedbackDashboardDto(string Period, FeedbackGrouping By, GradeFigures Overall, IReadOnlyList<FeedbackGroupDto> Groups,
    IReadOnlyList<TrendPointDto> Trend, IReadOnlyList<RatingDto> LatestComments, Turnaround Cases);

public sealed record RatingFilter(ReportPeriod? Period = null, Guid? EmployeeId = null, Guid? TeamId = null, Guid? ServiceId = null, Guid? CompanyId = null,
    bool? Satisfied = null, int? Grade = null);

/// <summary>CSAT, grades and case turnaround over the ratings the viewer's scope holds; every figure opens to its ratings.</summary>
public static class FeedbackDashboard
{
    public static RouteGroupBuilder MapFeedbackDashboardRoutes(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/feedback").WithTags("Feedback").RequireAuthorization(Policies.Ssc);
        group.MapGet("/dashboard", DashboardRouteAsync).WithName("FeedbackDashboard");
        group.MapGet("/ratings", RatingsRouteAsync).WithName("ListRatings");
        return api;
    }

    /// <summary>The ratings in scope matching the filter, newest first.</summary>
    public static async Task<List<RatingDto>> RatingsAsync(AppDbContext db, RatingFilter filter, int take, CancellationToken ct)
    {
        var query = db.Ratings.AsNoTracking();
        if (filter.Period is { } p)
        {
            var zone = await TimeZones.ServiceCenterAsync(db, ct);
            var (from, to) = (LocalDates.StartOf(p.Start, zone), LocalDates.StartOf(p.End, zone));
            query = query.Where(r => r.RatedAt >= from && r.RatedAt < to);
        }

        query = filter.EmployeeId is { } e ? query.Where(r => r.EmployeeId == e) : query;
        query = filter.TeamId is { } t ? query.Where(r => r.TeamId == t) : query;
        query = filter.ServiceId is { } s ? query.Where(r => r.ServiceId == s) : query;
        query = filter.CompanyId is { } c ? query.Where(r => r.CompanyId == c) : query;
        query = filter.Grade is { } g ? query.Where(r => r.Grade == g) : query;

        if (filter.Satisfied is { } sat)
        {
            query = sat ? query.Where(r => (r.Scale == 3 && r.Grade == 3) || (r.Scale != 3 && r.Grade >= 4))
                : query.Where(r => !((r.Scale == 3 && r.Grade == 3) || (r.Scale != 3 && r.Grade >= 4)));
        }

        return await query.OrderByDescending(r => r.RatedAt).Take(take).Select(r => new RatingDto(r.Id, r.CompanyId,
            db.Companies.Where(x => x.Id == r.CompanyId).Select(x => x.Name).FirstOrDefault() ?? "", r.RaterId, r.Rater!.FullName, r.EmployeeId, r.Employee!.FullName,
            r.TeamId, db.Teams.Where(x => x.Id == r.TeamId).Select(x => x.Name).FirstOrDefault(), r.ServiceId,
            db.Services.Where(x => x.Id == r.ServiceId).Select(x => x.Name).FirstOrDefault(), r.TicketId, r.Source, r.Scale, r.Grade,
            (r.Scale == 3 && r.Grade == 3) || (r.Scale != 3 && r.Grade >= 4), r.Comment, r.RatedAt,
            db.Set<FeedbackCase>().Where(x => x.RatingId == r.Id).Select(x => (Guid?)x.Id).FirstOrDefault())).ToListAsync(ct);
    }

    public static async Task<FeedbackDashboardDto> BuildAsync(AppDbContext db, ReportPeriod period, FeedbackGrouping by, DateTimeOffset now, CancellationToken ct)
    {
        var zone = await TimeZones.ServiceCenterAsync(db, ct);
        // Six periods of trend, ending with the one asked for.
        var first = period;
        for (var i = 0; i < 5; i++)
        {
            first = first.Previous;
        }

        var (from, to) = (LocalDates.StartOf(first.Start, zone), LocalDates.StartOf(period.End, zone));
        // Each rating's local day is worked out once: converting it again for every trend period cost more than reading it.
        var ratings = (await db.Ratings.AsNoTracking().Where(r => r.RatedAt >= from && r.RatedAt < to)
                .Select(r => new { r.Grade, r.Scale, r.RatedAt, r.EmployeeId, r.TeamId, r.ServiceId, r.CompanyId }).ToListAsync(ct))
            .Select(r => (Rating: r, Day: LocalDates.Of(r.RatedAt, zone)))
            .ToList();
        var current = ratings.Where(r => period.Contains(r.Day)).Select(r => r.Rating).ToList();

        var trend = new List<TrendPointDto>();
        for (var p = first; p.Start <= period.Start; p = p.Next)
        {
            var inP = ratings.Where(r => p.Contains(r.Day)).Select(r => r.Rating);
            var f = FeedbackMath.Grades(inP.Select(r => new GradeSample(r.Grade, r.Scale)));
            trend.Add(new TrendPointDto(p.Key, f.Count, f.Csat, f.AverageGrade));
        }

        var keyed = current.GroupBy(r => by switch
        {
            FeedbackGrouping.Employee => (Guid?)r.EmployeeId,
            FeedbackGrouping.Team => r.TeamId,
            FeedbackGrouping.Service => r.ServiceId,
            _ => r.CompanyId,
        }).ToList();
        var ids = keyed.Where(k => k.Key is not null).Select(k => k.Key!.Value).ToList();
        var names = by switch
        {
            FeedbackGrouping.Employee => await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct),
            FeedbackGrouping.Team => await db.Teams.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct),
            FeedbackGrouping.Service => await db.Services.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct),
            _ => await db.Companies.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct),
        };
        var groups = keyed.Select(k => new FeedbackGroupDto(k.Key, k.Key is { } id ? names.GetValueOrDefault(id, "—") : "—",
                FeedbackMath.Grades(k.Select(r => new GradeSample(r.Grade, r.Scale)))))
            .OrderByDescending(g => g.Figures.Count).ThenBy(g => g.Name, StringComparer.CurrentCulture).ToList();

        var latest = (await RatingsAsync(db, new RatingFilter(period), 200, ct)).Where(r => !string.IsNullOrWhiteSpace(r.Comment)).Take(10).ToList();

        var (pFrom, pTo) = (LocalDates.StartOf(period.Start, zone), LocalDates.StartOf(period.End, zone));
        var cases = await db.FeedbackCases().AsNoTracking().Where(c => (c.OpenedAt >= pFrom && c.OpenedAt < pTo) || c.Status != FeedbackCaseStatus.Closed)
            .Select(c => new { c.OpenedAt, c.DueAt, c.ClosedAt }).ToListAsync(ct);
        var turnaround = FeedbackMath.Turnaround(cases.Select(c => (c.OpenedAt, c.DueAt, c.ClosedAt)), now);

        return new FeedbackDashboardDto(period.Key, by, FeedbackMath.Grades(current.Select(r => new GradeSample(r.Grade, r.Scale))), groups, trend, latest, turnaround);
    }

    private static async Task<Results<Ok<FeedbackDashboardDto>, ValidationProblem>> DashboardRouteAsync(string? period, string? by, AppDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var p = ReportPeriod.Of(PeriodUnit.Month, DateOnly.FromDateTime(now.UtcDateTime));
        if (period is not null && !ReportPeriod.TryParse(period, out p))
        {
            return Api.Invalid("period", "A month (2026-11), quarter (2026-Q4) or year (2026).");
        }

        var grouping = FeedbackGrouping.Employee;
        if (by is not null && (!Enum.TryParse(by, ignoreCase: true, out grouping) || !Enum.IsDefined(grouping) || int.TryParse(by, out _)))
        {
            return Api.Invalid("by", "employee, team, service or company.");
        }

        return TypedResults.Ok(await BuildAsync(db, p, grouping, now, ct));
    }

    private static async Task<Results<Ok<List<RatingDto>>, ValidationProblem>> RatingsRouteAsync(string? period, Guid? employeeId, Guid? teamId, Guid? serviceId,
        Guid? companyId, bool? satisfied, int? grade, AppDbContext db, CancellationToken ct)
    {
        ReportPeriod? p = null;
        if (period is not null)
        {
            if (!ReportPeriod.TryParse(period, out var parsed))
            {
                return Api.Invalid("period", "A month (2026-11), quarter (2026-Q4) or year (2026).");
            }

            p = parsed;
        }

        return TypedResults.Ok(await RatingsAsync(db, new RatingFilter(p, employeeId, teamId, serviceId, companyId, satisfied, grade), 1000, ct));
    }
}
