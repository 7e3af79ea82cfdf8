using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using OneWindow.Core.Api;

namespace OneWindow.Web.Features.ServiceLevels.Reports;

/// <summary>The report's filters as sent; strings so that bad values become field errors naming the parameter.</summary>
public sealed record ReportParameters(
    [property: FromQuery(Name = "period")] string? Period,
    [property: FromQuery(Name = "companyId")] string? CompanyId,
    [property: FromQuery(Name = "serviceId")] string? ServiceId);

/// <summary>
/// SLA/OLA reports under /api/v1/service-levels: the period report, the items behind its figures, trends and an Excel
/// workbook. Every signed-in person may read; what they see is what tenancy lets them see (a client its own company, a
/// CSM or Delivery Lead the assigned ones, the rest of the SSC everything).
/// </summary>
public static class ServiceLevelReportEndpoints
{
    public const string XlsxContentType = XlsxRows.ContentType;

    public static RouteGroupBuilder MapServiceLevelReportEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/service-levels").WithTags("Service levels").RequireAuthorization(p => p.RequireRole([.. Roles.All]));
        group.MapBottleneckEndpoints();
        group.MapGet("/report", ReportAsync).WithName("GetServiceLevelReport")
            .WithSummary("SLA attainment, OLA attainment and the unified quality index per client × process for a period (2026-11, 2026-Q4 or 2026; default: this month).");
        group.MapGet("/report/items", ItemsAsync).WithName("ListServiceLevelReportItems")
            .WithSummary("The items behind a report's figures: ticket clocks, deliveries and ratio figures; breachesOnly=true for breaches.");
        group.MapGet("/trend", TrendAsync).WithName("GetServiceLevelTrend")
            .WithSummary("The report's figures over the last periods (default 12 months, 8 quarters or 5 years).");
        group.MapGet("/report.xlsx", WorkbookAsync).WithName("ExportServiceLevelReport")
            .WithSummary("The report as an Excel workbook: Summary, Metrics and Items sheets, headers in the viewer's language.")
            .Produces(200, contentType: XlsxContentType);
        return api;
    }

    private sealed record Filters(ReportPeriod Period, Guid? CompanyId, ProcessFilter Process);

    private static bool TryParse(ReportParameters p, ServiceLevelReports reports, Dictionary<string, string[]> errors, out Filters filters)
    {
        var period = reports.CurrentPeriod(PeriodUnit.Month);
        if (!string.IsNullOrWhiteSpace(p.Period) && !ReportPeriod.TryParse(p.Period, out period))
        {
            errors["period"] = ["period must be a month (2026-11), a quarter (2026-Q4) or a year (2026)."];
        }
        else if (period.Start.Year is < 2000 or > 2100)
        {
            errors["period"] = ["period must lie between 2000 and 2100."];
        }

        Guid? company = null;
        if (!string.IsNullOrWhiteSpace(p.CompanyId))
        {
            if (Guid.TryParse(p.CompanyId, out var c))
            {
                company = c;
            }
            else
            {
                errors["companyId"] = ["companyId must be a company id."];
            }
        }

        if (!ProcessFilter.TryParse(p.ServiceId, out var process))
        {
            errors["serviceId"] = ["serviceId must be a service id, or \"all\" for agreements covering all processes."];
        }

        filters = new Filters(period, company, process);
        return errors.Count == 0;
    }

    private static async Task<Results<Ok<ServiceLevelReport>, ValidationProblem>> ReportAsync(
        [AsParameters] ReportParameters parameters, ServiceLevelReports reports, AppDbContext db, CurrentActor actor, HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!TryParse(parameters, reports, errors, out var f))
        {
            return Api.Invalid(errors);
        }

        await ViewerCulture.UseAsync(http, db, actor, ct);
        return TypedResults.Ok(await reports.ReportAsync(f.Period, f.CompanyId, f.Process, ct));
    }

    private static async Task<Results<Ok<Page<ReportItem>>, ValidationProblem, ProblemHttpResult>> ItemsAsync(
        [AsParameters] ReportParameters parameters, string? metricId, string? side, string? breachesOnly, string? page, string? pageSize,
        ServiceLevelReports reports, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        TryParse(parameters, reports, errors, out var f);
        Guid? metric = null;
        if (!string.IsNullOrWhiteSpace(metricId))
        {
            if (Guid.TryParse(metricId, out var m))
            {
                metric = m;
            }
            else
            {
                errors["metricId"] = ["metricId must be a metric id."];
            }
        }

        MetricSide? sideFilter = null;
        if (!string.IsNullOrWhiteSpace(side))
        {
            if (Enum.TryParse<MetricSide>(side, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(side, out _))
            {
                sideFilter = s;
            }
            else
            {
                errors["side"] = ["side must be Sla or Ola."];
            }
        }

        var breaches = false;
        if (!string.IsNullOrWhiteSpace(breachesOnly) && !bool.TryParse(breachesOnly, out breaches))
        {
            errors["breachesOnly"] = ["breachesOnly must be true or false."];
        }

        var (list, listErrors) = ListRequest.Parse(page, pageSize, null, null, []);
        foreach (var (key, value) in listErrors)
        {
            errors[key] = value;
        }

        if (errors.Count > 0 || list is null)
        {
            return Api.Invalid(errors);
        }

        var result = await reports.ItemsAsync(new ItemQuery(f.Period, f.CompanyId, f.Process, metric, sideFilter, breaches), list.Page, list.PageSize, ct);
        return result is null ? Api.NotFound("metric") : TypedResults.Ok(result);
    }

    private static async Task<Results<Ok<ServiceLevelTrend>, ValidationProblem>> TrendAsync(
        string? unit, string? count, string? to, [FromQuery(Name = "companyId")] string? companyId, [FromQuery(Name = "serviceId")] string? serviceId,
        ServiceLevelReports reports, AppDbContext db, CurrentActor actor, HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        TryParse(new ReportParameters(to, companyId, serviceId), reports, errors, out var f);
        if (errors.Remove("period", out var periodError))
        {
            errors["to"] = periodError;
        }

        var periodUnit = PeriodUnit.Month;
        if (!string.IsNullOrWhiteSpace(unit) && !(Enum.TryParse(unit, ignoreCase: true, out periodUnit) && Enum.IsDefined(periodUnit) && !int.TryParse(unit, out _)))
        {
            errors["unit"] = ["unit must be month, quarter or year."];
        }

        var n = ReportFigures.DefaultTrendCount(periodUnit);
        if (!string.IsNullOrWhiteSpace(count) && !(int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out n) && n is >= 1 and <= ReportFigures.MaxTrendCount))
        {
            errors["count"] = [$"count must be a whole number from 1 to {ReportFigures.MaxTrendCount}."];
        }

        if (errors.Count > 0)
        {
            return Api.Invalid(errors);
        }

        ReportPeriod? last = null;
        if (!string.IsNullOrWhiteSpace(to))
        {
            // "to" may be given at any unit; the trend ends with the period of its unit that contains to's last day.
            last = ReportPeriod.Of(periodUnit, f.Period.End.AddDays(-1));
        }

        await ViewerCulture.UseAsync(http, db, actor, ct);
        return TypedResults.Ok(await reports.TrendAsync(periodUnit, n, last, f.CompanyId, f.Process, ct));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> WorkbookAsync(
        [AsParameters] ReportParameters parameters, string? breachesOnly, ServiceLevelReports reports, ReportWorkbook workbook,
        AppDbContext db, CurrentActor actor, HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        TryParse(parameters, reports, errors, out var f);
        var breaches = false;
        if (!string.IsNullOrWhiteSpace(breachesOnly) && !bool.TryParse(breachesOnly, out breaches))
        {
            errors["breachesOnly"] = ["breachesOnly must be true or false."];
        }

        if (errors.Count > 0)
        {
            return Api.Invalid(errors);
        }

        await ViewerCulture.UseAsync(http, db, actor, ct);
        var bytes = await workbook.BuildAsync(f.Period, f.CompanyId, f.Process, breaches, ct);
        return TypedResults.File(bytes, XlsxContentType, $"service-levels-{f.Period.Key}.xlsx");
    }
}
