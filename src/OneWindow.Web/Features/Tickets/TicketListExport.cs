using MiniExcelLibs;
using OneWindow.Core.Api;

namespace OneWindow.Web.Features.Tickets;

/// <summary>
/// GET /api/v1/tickets/export.xlsx: the filtered list (same query string as the list, all pages) as one Excel sheet,
/// headers in the viewer's language and instants in their time zone. Tenancy and visibility are the list's own.
/// </summary>
public static class TicketListExport
{
    public const string XlsxContentType = XlsxRows.ContentType;

    /// <summary>More rows than this are left out (the last row says so): a workbook of that size is already unwieldy.</summary>
    public const int MaxRows = 50_000;

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportAsync(
        [AsParameters] TicketListParameters filters, string? sort, string? q, AppDbContext db, CurrentActor actor, TimeProvider clock,
        IStringLocalizer<TicketListResource> text, IStringLocalizer<SharedResource> shared, IStringLocalizer<TicketResource> tickets,
        HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var (parsed, listErrors) = ListRequest.Parse(null, null, sort, q, TicketList.SortKeys);
        foreach (var (key, value) in listErrors)
        {
            errors[key] = value;
        }

        if (!TicketList.TryParse(filters, errors, out var filter) || parsed is null)
        {
            return Api.Invalid(errors);
        }

        await ViewerCulture.UseAsync(http, db, actor, ct);
        var now = clock.GetUtcNow();
        var zone = await ViewerTime.ForUserAsync(db, actor.UserId, ct);
        var query = await TicketList.QueryAsync(db, actor, filter, parsed.Search, now, zone, personalViewsHideClosed: false, ct);
        var items = await query.Sort(db, parsed.Sort).Take(MaxRows + 1).Select(TicketList.ToSummary(now)).ToListAsync(ct);

        object? At(DateTimeOffset? instant) => instant is { } i ? TimeZoneInfo.ConvertTime(i, zone).DateTime : null;
        var suffix = $" ({zone.Id})";
        var rows = items.Take(MaxRows).Select(t => XlsxRows.Row(
            (text["Col_Number"], t.Number),
            (text["Col_Subject"], t.Subject),
            (text["Col_Company"], t.CompanyName),
            (text["Col_Status"], shared["Status" + t.Status].Value),
            (text["Col_Priority"], tickets["Priority_" + t.Priority].Value),
            (text["Col_RequestType"], t.RequestTypeName),
            (text["Col_Team"], t.TeamName),
            (text["Col_Assignee"], t.AssigneeName),
            (text["Col_Requester"], t.RequesterName),
            (text["Col_Created"] + suffix, At(t.CreatedAt)),
            (text["Col_Updated"] + suffix, At(t.LastActivityAt)),
            (text["Col_SlaDue"] + suffix, At(t.SlaDueAt)),
            (text["Col_SlaBreached"], t.SlaBreached ? text["Yes"].Value : text["No"].Value))).ToList();
        if (items.Count > MaxRows)
        {
            rows.Add(XlsxRows.Row((text["Col_Number"], text["ExportTruncated", MaxRows].Value)));
        }

        if (rows.Count == 0)
        {
            rows.Add(XlsxRows.Row((text["Col_Number"], (object?)null)));
        }

        using var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, sheetName: "Tickets", excelType: ExcelType.XLSX, cancellationToken: ct);
        return TypedResults.File(stream.ToArray(), XlsxContentType, $"tickets-{TimeZoneInfo.ConvertTime(now, zone):yyyy-MM-dd-HHmm}.xlsx");
    }
}
