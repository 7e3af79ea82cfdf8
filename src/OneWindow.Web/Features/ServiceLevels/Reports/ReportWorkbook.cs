using MiniExcelLibs;

namespace OneWindow.Web.Features.ServiceLevels.Reports;

/// <summary>Names and labels of the report in the viewer's language (Russian unless English is chosen).</summary>
[FeatureSeam]
public static class ReportLabels
{
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Company(string name, string? nameEn) => English && !string.IsNullOrWhiteSpace(nameEn) ? nameEn : name;

    public static string Process(IStringLocalizer text, string? name, string? nameEn) =>
        name is null ? text["AllProcesses"] : English && !string.IsNullOrWhiteSpace(nameEn) ? nameEn : name;

    public static string Side(MetricSide side) => side == MetricSide.Sla ? "SLA" : "OLA";
}

/// <summary>
/// The report as an Excel workbook (MiniExcel): "Summary" with SLA, OLA and the index side by side, "Metrics" with every
/// metric's counts, and "Items" with the items behind them. Headers in the viewer's language; instants in their time zone.
/// </summary>
[FeatureSeam]
public sealed class ReportWorkbook(ServiceLevelReports reports, IStringLocalizer<ServiceLevelReportResource> text, AppDbContext db, CurrentActor actor)
{
    /// <summary>More items than this are left out of the Items sheet (its last row says so); the API pages through all.</summary>
    public const int MaxItems = 100_000;

    public async Task<byte[]> BuildAsync(ReportPeriod period, Guid? companyId, ProcessFilter process, bool breachesOnly, CancellationToken ct)
    {
        var report = await reports.ReportAsync(period, companyId, process, ct);
        var (items, truncated) = await reports.AllItemsAsync(new ItemQuery(period, companyId, process, BreachesOnly: breachesOnly), MaxItems, ct);
        var zone = await ViewerTime.ForUserAsync(db, actor.UserId, ct);

        var summary = report.Rows.Select(r => XlsxRows.Row(
            (text["Col_Client"], ReportLabels.Company(r.CompanyName, r.CompanyNameEn)),
            (text["Col_Process"], ReportLabels.Process(text, r.ServiceName, r.ServiceNameEn)),
            (text["Col_Period"], report.Period),
            (text["Col_Sla"], r.SlaAttainment),
            (text["Col_SlaTarget"], r.SlaTarget),
            (text["Col_Ola"], r.OlaAttainment),
            (text["Col_OlaTarget"], r.OlaTarget),
            (text["Col_Index"], r.Index),
            (text["Col_IndexTarget"], r.IndexTarget),
            (text["Col_SlaWeight"], r.SlaWeight),
            (text["Col_OlaWeight"], r.OlaWeight),
            (text["Col_SlaWeightUsed"], r.SlaWeightUsed),
            (text["Col_OlaWeightUsed"], r.OlaWeightUsed),
            (text["Col_Notes"], string.Join(" ", r.Notes.Select(n => n.Text))))).ToList();

        var metrics = report.Rows.SelectMany(r => r.Metrics.Select(m => XlsxRows.Row(
            (text["Col_Client"], ReportLabels.Company(r.CompanyName, r.CompanyNameEn)),
            (text["Col_Process"], ReportLabels.Process(text, r.ServiceName, r.ServiceNameEn)),
            (text["Col_Side"], ReportLabels.Side(m.Side)),
            (text["Col_Kind"], text["Kind_" + m.Kind].Value),
            (text["Col_Metric"], m.Name),
            (text["Col_Target"], m.Target),
            (text["Col_Counted"], m.Counted),
            (text["Col_Met"], m.Met),
            (text["Col_Breached"], m.Breached),
            (text["Col_Attainment"], m.Attainment),
            (text["Col_AttainmentTarget"], (double)m.AttainmentTarget),
            (text["Col_Weight"], m.Weight)))).ToList();

        var at = (DateTimeOffset? instant) => instant is { } i ? (object)TimeZoneInfo.ConvertTime(i, zone).DateTime : null;
        var zoneSuffix = $" ({zone.Id})";
        var itemRows = items.Select(i => XlsxRows.Row(
            (text["Col_Client"], i.CompanyName),
            (text["Col_Side"], ReportLabels.Side(i.Side)),
            (text["Col_Kind"], text["Kind_" + i.Kind].Value),
            (text["Col_Metric"], i.MetricName),
            (text["Col_Outcome"], text["Outcome_" + i.Outcome].Value),
            (text["Col_Ticket"], i.TicketNumber),
            (text["Col_Subject"], i.TicketSubject),
            (text["Col_Priority"], i.Priority is { } p ? text["Priority_" + p].Value : null),
            (text["Col_Clock"], i.Timer is { } t ? text["Timer_" + t].Value + (i.Episode > 0 ? " #" + i.Episode.Value.ToString(CultureInfo.InvariantCulture) : "") : null),
            (text["Col_Started"] + zoneSuffix, at(i.StartedAt)),
            (text["Col_Due"] + zoneSuffix, at(i.DueAt)),
            (text["Col_BreachedAt"] + zoneSuffix, at(i.BreachedAt)),
            (text["Col_Stopped"] + zoneSuffix, at(i.StoppedAt)),
            (text["Col_ElapsedHours"], i.ElapsedSeconds is { } e ? Math.Round(e / 3600.0, 2) : null),
            (text["Col_TargetHours"], i.TargetMinutes is { } m ? Math.Round(m / 60.0, 2) : null),
            (text["Col_DeliveryPeriod"], i.DeliveryPeriod ?? i.FigurePeriod),
            (text["Col_Delivered"] + zoneSuffix, at(i.DeliveredAt)),
            (text["Col_Verdict"], i.Verdict is { } v ? text["Verdict_" + v].Value : null),
            (text["Col_Value"], i.Value),
            (text["Col_RatioTarget"], i.RatioTarget is { } rt ? (i.RatioDirection == RatioDirection.AtMost ? "≤ " : "≥ ") + rt.ToString("0.###", CultureInfo.CurrentCulture) : null),
            (text["Col_Note"], i.Note))).ToList();
        if (truncated)
        {
            itemRows.Add(XlsxRows.Row((text["Col_Client"], text["ItemsTruncated", MaxItems].Value)));
        }

        var sheets = new Dictionary<string, object>
        {
            ["Summary"] = summary.Count > 0 ? summary : [XlsxRows.Row((text["Col_Client"], text["NoAgreements"].Value))],
            ["Metrics"] = metrics.Count > 0 ? metrics : [XlsxRows.Row((text["Col_Metric"], (object?)null))],
            ["Items"] = itemRows.Count > 0 ? itemRows : [XlsxRows.Row((text["Col_Metric"], (object?)null))],
        };
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets, excelType: ExcelType.XLSX, cancellationToken: ct);
        return stream.ToArray();
    }
}
