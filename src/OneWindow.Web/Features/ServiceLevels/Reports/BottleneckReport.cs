using OneWindow.Core.ServiceLevels;
using OneWindow.Core.Time;

namespace OneWindow.Web.Features.ServiceLevels.Reports;

/// <summary>One client person the SSC waited for: their clarifications in the period, how many ran late, and the time waited.</summary>
public sealed record BottleneckPersonDto(Guid? PersonId, string Person, string? JobTitle, string Company, int Clarifications, int LateClarifications, long WaitingMinutes);

/// <summary>A periodic document the client delivered late, or has not delivered past its due time.</summary>
public sealed record LateDocumentDto(Guid MetricId, string Obligation, string Company, DateOnly PeriodStart, DateTimeOffset DueAt, DateTimeOffset? DeliveredAt, double HoursLate);

/// <summary>
/// Where the business's side holds the SSC up in a period: the working time its tickets waited for the client (the OLA
/// clarification clocks, as last computed), clarifications answered late, by the requester who owed them, and late documents.
/// Client people carry no department in OneWindow, so people are shown with their job title.
/// </summary>
public sealed record BottleneckReportDto(Guid? CompanyId, DateOnly From, DateOnly To, long WaitingMinutes, int Clarifications, int LateClarifications, int LateDocuments,
    IReadOnlyList<BottleneckPersonDto> People, IReadOnlyList<LateDocumentDto> Documents);

/// <summary>The OLA bottleneck report: its query (tenancy narrows it by the central filters) and GET /api/v1/service-levels/bottlenecks.</summary>
public static class BottleneckReport
{
    /// <summary>The CSMs, delivery leads, quality and administrators, and the client company's executives.</summary>
    public const string Policy = "service-level-bottlenecks";

    public static async Task<BottleneckReportDto> LoadAsync(AppDbContext db, Guid? companyId, DateOnly from, DateOnly to, DateTimeOffset now, CancellationToken ct)
    {
        if (companyId is { } named && !await db.Companies.AnyAsync(c => c.Id == named, ct))
        {
            // A company outside the viewer's scope: nothing, and not even its id echoed back.
            return new BottleneckReportDto(null, from, to, 0, 0, 0, 0, [], []);
        }

        // Periods are the SSC's days: it is the SSC that waits.
        var zone = await TimeZones.ServiceCenterAsync(db, ct);
        var start = LocalDates.StartOf(from, zone);
        var end = LocalDates.StartOf(to.AddDays(1), zone);
        var clocks = await db.TicketClocks.AsNoTracking()
            .Where(c => c.Timer == TimerKind.ClientClarification && c.StartedAt >= start && c.StartedAt < end)
            .Where(c => companyId == null || c.CompanyId == companyId)
            .Select(c => new { c.CompanyId, c.Ticket!.RequesterId, c.State, c.ElapsedSeconds })
            .ToListAsync(ct);
        var documents = await db.Set<DeadlineDelivery>().AsNoTracking()
            .Where(d => d.DueAt >= start && d.DueAt < end && (d.DeliveredAt > d.DueAt || (d.DeliveredAt == null && d.DueAt < now)))
            .Where(d => companyId == null || d.CompanyId == companyId)
            .Select(d => new { d.MetricId, Obligation = d.Metric!.Name, d.CompanyId, d.PeriodStart, d.DueAt, d.DeliveredAt })
            .ToListAsync(ct);
        var requesterIds = clocks.Where(c => c.RequesterId != null).Select(c => c.RequesterId!.Value).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => requesterIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new { u.FullName, u.JobTitle }, ct);
        var companyIds = clocks.Select(c => c.CompanyId).Concat(documents.Select(d => d.CompanyId)).Distinct().ToList();
        var companies = await db.Companies.AsNoTracking().Where(c => companyIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);

        static bool Late(ClockState s) => s is ClockState.Breached or ClockState.RunningBreached;
        var byPerson = clocks.GroupBy(c => (c.CompanyId, c.RequesterId))
            .Select(g => new BottleneckPersonDto(g.Key.RequesterId,
                g.Key.RequesterId is { } id && people.TryGetValue(id, out var p) ? p.FullName : "—",
                g.Key.RequesterId is { } id2 && people.TryGetValue(id2, out var q) ? q.JobTitle : null,
                companies.GetValueOrDefault(g.Key.CompanyId, ""),
                g.Count(), g.Count(c => Late(c.State)), g.Sum(c => c.ElapsedSeconds) / 60))
            .OrderByDescending(p => p.WaitingMinutes).ThenBy(p => p.Person, StringComparer.Ordinal).ToList();
        var late = documents
            .Select(d => new LateDocumentDto(d.MetricId, d.Obligation, companies.GetValueOrDefault(d.CompanyId, ""), d.PeriodStart, d.DueAt, d.DeliveredAt,
                Math.Round(((d.DeliveredAt ?? now) - d.DueAt).TotalHours, 1)))
            .OrderByDescending(d => d.HoursLate).ToList();
        return new BottleneckReportDto(companyId, from, to, clocks.Sum(c => c.ElapsedSeconds) / 60, clocks.Count, clocks.Count(c => Late(c.State)), late.Count, byPerson, late);
    }

    public static IServiceCollection AddOneWindowBottleneckReport(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireRole(Roles.Admin, Roles.QualityManager, Roles.ClientSuccessManager, Roles.DeliveryLead,
            Roles.ClientExecutive));
        return services;
    }

    public static RouteGroupBuilder MapBottleneckEndpoints(this RouteGroupBuilder serviceLevels)
    {
        serviceLevels.MapGet("/bottlenecks", GetAsync).WithName("GetServiceLevelBottlenecks").RequireAuthorization(Policy);
        return serviceLevels;
    }

    private static async Task<Results<Ok<BottleneckReportDto>, ValidationProblem>> GetAsync(Guid? companyId, DateOnly? from, DateOnly? to, AppDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Dates far outside any agreement would overflow the day arithmetic below (found by the API fuzz test: to=0001-01-01).
        DateOnly earliest = new(2000, 1, 1), latest = new(2100, 12, 31);
        foreach (var (field, value) in new[] { ("from", from), ("to", to) })
        {
            if (value is { } day && (day < earliest || day > latest))
            {
                return Api.Invalid(field, $"{field} must be between 2000-01-01 and 2100-12-31.");
            }
        }

        var last = to ?? DateOnly.FromDateTime(now.UtcDateTime);
        var first = from ?? last.AddDays(-30);
        if (first > last)
        {
            return Api.Invalid("from", "from must not be after to.");
        }

        if (last.DayNumber - first.DayNumber > 400)
        {
            return Api.Invalid("to", "The period may span at most 400 days.");
        }

        return TypedResults.Ok(await LoadAsync(db, companyId, first, last, now, ct));
    }
}
