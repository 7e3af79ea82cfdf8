using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MiniExcelLibs;
using OneWindow.Web.Infrastructure.Pdf;

namespace OneWindow.Web.Features.Committees;

/// <summary>
/// The pack as files: a PDF printed in Chromium from <see cref="PackDocument"/> (rendered on the server by Blazor's
/// HtmlRenderer, as the interaction menu's SLA report is) and an Excel workbook with a sheet per section (MiniExcel).
/// </summary>
public sealed class PackFiles(PdfPrinter printer, IServiceProvider services, ILoggerFactory loggers, IStringLocalizer<PackResource> text)
{
    public async Task<PdfResult> PdfAsync(CommitteePackDto pack, CancellationToken ct)
    {
        if (!printer.Available)
        {
            return await printer.PrintAsync("", ct);
        }

        await using var renderer = new HtmlRenderer(services, loggers);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<PackDocument>(ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(PackDocument.Pack)] = pack })))
                .ToHtmlString());
        return await printer.PrintAsync(html, ct);
    }

    public async Task<byte[]> WorkbookAsync(CommitteePackDto pack, CancellationToken ct)
    {
        string T(string key) => text[key].Value;
        var levels = pack.ServiceLevels.Select(r => XlsxRows.Row(
            (T("Col_Company"), r.Company), (T("Col_Process"), r.Service ?? T("AllProcesses")), (T("Col_Period"), pack.Period),
            ("SLA", r.Sla), (T("Col_SlaTarget"), r.SlaTarget), ("OLA", r.Ola), (T("Col_OlaTarget"), r.OlaTarget),
            (T("Col_Index"), r.Index), (T("Col_IndexTarget"), r.IndexTarget), (T("Col_SlaBreaches"), r.SlaBreaches), (T("Col_OlaBreaches"), r.OlaBreaches),
            (T("Col_Trend"), string.Join("; ", r.Trend.Select(p => $"{p.Period}: {ReportPercent(p.Index)}"))))).ToList();
        var feedback = pack.Feedback.Select(f => XlsxRows.Row(
            (T("Col_Company"), f.Company), (T("Col_Ratings"), f.Csat.Count), ("CSAT", f.Csat.Csat), (T("Col_AverageGrade"), f.Csat.AverageGrade),
            (T("Col_ComplaintsOpen"), f.Complaints.Open), (T("Col_ComplaintsOverdue"), f.Complaints.Overdue), (T("Col_ComplaintsOpened"), f.Complaints.OpenedInPeriod),
            (T("Col_ClaimsOpen"), f.Claims.Open), (T("Col_ClaimsOverdue"), f.Claims.Overdue), (T("Col_ClaimsOpened"), f.Claims.OpenedInPeriod))).ToList();
        var cases = pack.Feedback.SelectMany(f => f.Cases.Select(c => XlsxRows.Row(
            (T("Col_Company"), f.Company), (T("Col_Number"), c.Number), (T("Col_Direction"), T("Direction_" + c.Direction)), (T("Col_Status"), c.Status),
            (T("Col_Opened"), c.OpenedAt.UtcDateTime), (T("Col_Due"), c.DueAt.UtcDateTime), (T("Col_Overdue"), c.Overdue)))).ToList();
        var surveys = pack.Surveys.Select(s => XlsxRows.Row(
            (T("Col_Company"), s.Company), (T("Col_Campaign"), s.Campaign), (T("Col_Wave"), s.Wave), (T("Col_Closes"), s.Closes.ToDateTime(TimeOnly.MinValue)),
            (T("Col_Responses"), s.Responses), ("NPS", s.Nps), ("CSI", s.Csi))).ToList();
        var actions = pack.Actions.Items.Select(a => XlsxRows.Row(
            (T("Col_Title"), a.Title), (T("Col_Owner"), a.Owner), (T("Col_Side"), T("Side_" + a.Side)), (T("Col_Due"), a.DueOn.ToDateTime(TimeOnly.MinValue)),
            (T("Col_Status"), a.Status.ToString()), (T("Col_Overdue"), a.Overdue))).ToList();
        var issues = pack.Issues.Escalated.Select(i => XlsxRows.Row(
            (T("Col_Title"), i.Title), (T("Col_Description"), i.Description), (T("Col_Side"), T("Side_" + i.RaisedBySide)), (T("Col_Source"), i.Source.ToString()))).ToList();
        issues.Add(XlsxRows.Row((T("Col_Title"), T("SettledBefore")), (T("Col_Description"), pack.Issues.SettledBefore.ToString(CultureInfo.CurrentCulture))));
        var changes = pack.PlannedChanges.Select(c => XlsxRows.Row(
            (T("Col_Company"), c.Company), (T("Col_What"), c.What), (T("Col_When"), c.PlannedOn?.ToDateTime(TimeOnly.MinValue)), (T("Col_Processes"), c.Processes),
            (T("Col_Impact"), c.Impact), (T("Col_SscOwner"), c.SscOwner), (T("Col_Status"), c.Status.ToString()))).ToList();

        List<Dictionary<string, object?>> OrEmpty(List<Dictionary<string, object?>> rows, string header) => rows.Count > 0 ? rows : [XlsxRows.Row((T(header), (object?)null))];
        var sheets = new Dictionary<string, object>
        {
            ["ServiceLevels"] = OrEmpty(levels, "Col_Company"),
            ["Feedback"] = OrEmpty(feedback, "Col_Company"),
            ["Cases"] = OrEmpty(cases, "Col_Company"),
            ["Surveys"] = OrEmpty(surveys, "Col_Company"),
            ["Actions"] = OrEmpty(actions, "Col_Title"),
            ["Issues"] = issues,
            ["PlannedChanges"] = OrEmpty(changes, "Col_Company"),
        };
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets, excelType: ExcelType.XLSX, cancellationToken: ct);
        return stream.ToArray();
    }

    private static string ReportPercent(double? value) => ServiceLevels.Reports.ReportFigures.Percent(value);
}
