using OneWindow.Core.ServiceLevels;
using OneWindow.Core.Time;

namespace OneWindow.Web.Features.ServiceLevels.Reports;

/// <summary>
/// One client person the SSC waited for: their clarifications in the period, how many ran late, and the time waited; with
/// their department in their company as it is now (null when none is recorded).
/// </summary>
public sealed record BottleneckPersonDto(Guid? PersonId, string Person, string? JobTitle, string Company, int Clarifications, int LateClarifications, long WaitingMinutes,
    Guid CompanyId, string? Department);

/// <summary>
/// A periodic document the client delivered late, or has not delivered past its due time; with the client person
/// responsible for it (the obligation's <c>ClientResponsibleId</c>) and their department, when the obligation names one.
/// </summary>
public sealed record LateDocumentDto(Guid MetricId, string Obligation, string Company, DateOnly PeriodStart, DateTimeOffset DueAt, DateTimeOffset? DeliveredAt, double HoursLate,
    Guid CompanyId, Guid? ResponsibleId, string? Responsible, string? ResponsibleDepartment);

/// <summary>
/// One department of a client company: the sums of its people's rows (waiting, clarifications, late ones) and of the late
/// documents its people are responsible for. <see cref="Department"/> is null for people and documents with no department.
/// </summary>
public sealed record BottleneckDepartmentDto(Guid CompanyId, string Company, string? Department, long WaitingMinutes, int Clarifications, int LateClarifications,
    int LateDocuments);

/// <summary>
/// Where the business's side holds the SSC up in a period: the working time its tickets waited for the client (the OLA
/// clarification clocks, as last computed), clarifications answered late, by the requester who owed them, and late documents
/// by the person responsible — each person with their job title and their department in their company (AppUser.ClientDepartment),
/// and the same figures summed by company and department.
/// </summary>
public sealed record BottleneckReportDto(Guid? CompanyId, DateOnly From, DateOnly To, long WaitingMinutes, int Clarifications, int LateClarifications, int LateDocuments,
    IReadOnlyList<BottleneckPersonDto> People, IReadOnlyList<LateDocumentDto> Documents, IReadOnlyList<BottleneckDepartmentDto> Departments);

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
            return new BottleneckReportDto(null, from, to, 0, 0, 0, 0, [], [], []);
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
            .Select(d => new { d.MetricId, Obligation = d.Metric!.Name, d.CompanyId, d.PeriodStart, d.DueAt, d.DeliveredAt, d.Metric.ClientResponsibleId })
            .ToListAsync(ct);
        var personIds = clocks.Where(c => c.RequesterId != null).Select(c => c.RequesterId!.Value)
            .Concat(documents.Where(d => d.ClientResponsibleId != null).Select(d => d.ClientResponsibleId!.Value)).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => personIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => new { u.FullName, u.JobTitle, u.ClientDepartment }, ct);
        var companyIds = clocks.Select(c => c.CompanyId).Concat(documents.Select(d => d.CompanyId)).Distinct().ToList();
        var companies = await db.Companies.AsNoTracking().Where(c => companyIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);

        static bool Late(ClockState s) => s is ClockState.Breached or ClockState.RunningBreached;
        var byPerson = clocks.GroupBy(c => (c.CompanyId, c.RequesterId))
            .Select(g =>
            {
                var p = g.Key.RequesterId is { } id ? people.GetValueOrDefault(id) : null;
                return new BottleneckPersonDto(g.Key.RequesterId, p?.FullName ?? "—", p?.JobTitle, companies.GetValueOrDefault(g.Key.CompanyId, ""),
                    g.Count(), g.Count(c => Late(c.State)), g.Sum(c => c.ElapsedSeconds) / 60, g.Key.CompanyId, p?.ClientDepartment);
            })
            .OrderByDescending(p => p.WaitingMinutes).ThenBy(p => p.Person, StringComparer.Ordinal).ToList();
        var late = documents
            .Select(d =>
            {
                var responsible = d.ClientResponsibleId is { } id ? people.GetValueOrDefault(id) : null;
                return new LateDocumentDto(d.MetricId, d.Obligation, companies.GetValueOrDefault(d.CompanyId, ""), d.PeriodStart, d.DueAt, d.DeliveredAt,
                    Math.Round(((d.DeliveredAt ?? now) - d.DueAt).TotalHours, 1), d.CompanyId, responsible is null ? null : d.ClientResponsibleId, responsible?.FullName,
                    responsible?.ClientDepartment);
            })
            .OrderByDescending(d => d.HoursLate).ToList();
        return new BottleneckReportDto(companyId, from, to, clocks.Sum(c => c.ElapsedSeconds) / 60, clocks.Count, clocks.Count(c => Late(c.State)), late.Count, byPerson, late,
            ByDepartment(byPerson, late, companies));
    }

    /// <summary>
    /// The person rows and the late documents summed by company and department, so each department's figures are exactly
    /// its people's. Departments are free text: spellings that differ only in case are one department.
    /// </summary>
    private static List<BottleneckDepartmentDto> ByDepartment(List<BottleneckPersonDto> byPerson, List<LateDocumentDto> late, Dictionary<Guid, string> companies)
    {
        var rows = byPerson.Select(p => (Company: p.CompanyId, p.Department, p.WaitingMinutes, p.Clarifications, p.LateClarifications, Documents: 0))
            .Concat(late.Select(d => (Company: d.CompanyId, Department: d.ResponsibleDepartment, WaitingMinutes: 0L, Clarifications: 0, LateClarifications: 0, Documents: 1)));
        return [.. rows.GroupBy(r => (r.Company, Department: r.Department?.ToUpperInvariant()))
            .Select(g => new BottleneckDepartmentDto(g.Key.Company, companies.GetValueOrDefault(g.Key.Company, ""), g.First().Department,
                g.Sum(r => r.WaitingMinutes), g.Sum(r => r.Clarifications), g.Sum(r => r.LateClarifications), g.Sum(r => r.Documents)))
            .OrderByDescending(d => d.WaitingMinutes).ThenByDescending(d => d.LateDocuments)
            .ThenBy(d => d.Company, StringComparer.Ordinal).ThenBy(d => d.Department is null).ThenBy(d => d.Department, StringComparer.Ordinal)];
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
