using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using OneWindow.Web.Features.ServiceLevels.Reports;
using OneWindow.Web.Infrastructure.Pdf;

namespace OneWindow.Web.Features.JourneyMaps;

/// <summary>A map and its figures for one period: what an export shows.</summary>
public sealed record JourneyMapSheet(JourneyMapDto Map, JourneyFiguresDto Figures);

/// <summary>
/// A journey map as a file: <see cref="JourneyMapPrint"/> rendered on the server by Blazor's HtmlRenderer (as the
/// committee pack is), then printed to a landscape PDF or shot as a full-page PNG in Chromium.
/// </summary>
public sealed class JourneyMapExport(PdfPrinter printer, IServiceProvider services, ILoggerFactory loggers)
{
    /// <summary>From this many steps the PDF goes on A3: on landscape A4 the columns get too narrow to read.</summary>
    public const int A3FromSteps = 9;

    /// <summary>The map and its figures as the actor reads them, or null when the map is out of reach (404).</summary>
    public static async Task<JourneyMapSheet?> LoadAsync(AppDbContext db, CurrentActor actor, ServiceLevelReports reports, Guid id, ReportPeriod period, bool english,
        CancellationToken ct) =>
        await JourneyMapQueries.GetAsync(db, actor, id, english, ct) is { } map && await JourneyFigures.ComputeAsync(db, actor, reports, id, period, english, ct) is { } figures
            ? new JourneyMapSheet(map, figures)
            : null;

    public async Task<PdfResult> PdfAsync(JourneyMapSheet sheet, CancellationToken ct)
    {
        if (!printer.Available)
        {
            return await printer.PrintAsync("", ct);
        }

        var wide = sheet.Map.Stages.Sum(s => s.Steps.Count) >= A3FromSteps;
        return await printer.PrintAsync(await HtmlAsync(sheet), wide ? "A3" : "A4", landscape: true, ct);
    }

    public async Task<PdfResult> PngAsync(JourneyMapSheet sheet, CancellationToken ct)
    {
        if (!printer.Available)
        {
            return await printer.ScreenshotAsync("", 0, ct);
        }

        // About 170 CSS pixels a step next to the lane labels, never narrower than a landscape A4 page.
        var width = Math.Clamp(140 + 170 * sheet.Map.Stages.Sum(s => s.Steps.Count), 1120, 6000);
        return await printer.ScreenshotAsync(await HtmlAsync(sheet), width, ct);
    }

    private async Task<string> HtmlAsync(JourneyMapSheet sheet)
    {
        await using var renderer = new HtmlRenderer(services, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<JourneyMapPrint>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(JourneyMapPrint.Map)] = sheet.Map,
                [nameof(JourneyMapPrint.Figures)] = sheet.Figures,
            }))).ToHtmlString());
    }
}

/// <summary>
/// /api/v1/journey-maps/{id}/export.pdf and export.png: the map printed for a period, with the read rules of the map
/// (404 out of reach) and the period rules of its figures (400 for a bad one; none means the last full month).
/// </summary>
public static class JourneyMapExportEndpoints
{
    public static RouteGroupBuilder MapJourneyMapExportRoutes(this RouteGroupBuilder g)
    {
        g.MapGet("/{id:guid}/export.pdf", PdfAsync).WithName("ExportJourneyMapPdf").Produces(200, contentType: "application/pdf").ProducesProblem(503)
            .WithSummary("The map with its live figures for a period, printed to a landscape PDF (A3 for long maps); 503 when the printer (Chromium) is unavailable.");
        g.MapGet("/{id:guid}/export.png", PngAsync).WithName("ExportJourneyMapPng").Produces(200, contentType: "image/png").ProducesProblem(503)
            .WithSummary("The same document as a full-page PNG image; 503 when the printer (Chromium) is unavailable.");
        return g;
    }

    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    private static Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> PdfAsync(Guid id, string? period, JourneyMapExport export,
        AppDbContext db, CurrentActor actor, ServiceLevelReports reports, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ExportAsync(id, period, png: false, export, db, actor, reports, clock, http, ct);

    private static Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> PngAsync(Guid id, string? period, JourneyMapExport export,
        AppDbContext db, CurrentActor actor, ServiceLevelReports reports, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ExportAsync(id, period, png: true, export, db, actor, reports, clock, http, ct);

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ExportAsync(Guid id, string? period, bool png,
        JourneyMapExport export, AppDbContext db, CurrentActor actor, ServiceLevelReports reports, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (!JourneyFigures.TryReadPeriod(period, clock, out var parsed))
        {
            return Api.Invalid("period", "A month (2026-11), quarter (2026-Q4) or year (2026) from 2000 to 2100.");
        }

        await ViewerCulture.UseAsync(http, db, actor, ct);
        if (await JourneyMapExport.LoadAsync(db, actor, reports, id, parsed, English, ct) is not { } sheet)
        {
            return Api.NotFound("journey map");
        }

        var file = png ? await export.PngAsync(sheet, ct) : await export.PdfAsync(sheet, ct);
        return file.Pdf is not { } bytes
            ? TypedResults.Problem(title: "The PDF printer is unavailable.", detail: file.HeldReason, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.File(bytes, png ? "image/png" : "application/pdf", $"journey-map-{parsed.Key}.{(png ? "png" : "pdf")}");
    }
}
