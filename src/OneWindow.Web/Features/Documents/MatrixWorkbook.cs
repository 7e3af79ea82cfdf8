using MiniExcelLibs;
using OneWindow.Web.Features.Clients;

namespace OneWindow.Web.Features.Documents;

/// <summary>
/// A company's interaction matrix as an Excel workbook (MiniExcel): "Matrix" one row per service, stage, activity, side
/// and letter with the named people resolved today, and "Gaps" the gap report.
/// </summary>
public sealed class MatrixWorkbook(InteractionMatrixQueries queries, IStringLocalizer<MatrixResource> text)
{
    public async Task<byte[]?> BuildAsync(Guid companyId, CancellationToken ct)
    {
        if (await queries.GapsAsync(companyId, ct) is not { } gaps)
        {
            return null;
        }

        var rows = new List<Dictionary<string, object?>>();
        foreach (var (serviceId, name, current) in await queries.ServicesAsync(companyId, ct))
        {
            foreach (var stage in MatrixDesk.Stages)
            {
                var matrix = (await queries.ResolveAsync(companyId, serviceId, stage, ct))!;
                rows.AddRange(matrix.Cells.Where(c => c.Entries.Count > 0).Select(c => XlsxRows.Row(
                    (text["Col_Service"], name), (text["Col_Stage"], text["Stage_" + stage].Value), (text["Col_Current"], stage == current ? "✓" : null),
                    (text["Col_Activity"], text["Activity_" + c.Activity].Value), (text["Col_Side"], text["Side_" + c.Side].Value), (text["Col_Letter"], c.Letter.ToString()),
                    (text["Col_People"], string.Join(", ", c.People.Select(p => p.FullName))),
                    (text["Col_Unresolved"], string.Join("; ", c.Entries.Select(e => e.Unresolved).OfType<string>())))));
            }
        }

        var gapRows = gaps.Select(g => XlsxRows.Row(
            (text["Col_Service"], g.Service), (text["Col_Stage"], text["Stage_" + g.Stage].Value), (text["Col_Activity"], text["Activity_" + g.Activity].Value),
            (text["Col_Side"], text["Side_" + g.Side].Value), (text["Col_Reason"], g.Kind == "NoRow" ? text["Gap_NoRow"].Value : string.Join("; ", g.Reasons)))).ToList();
        var sheets = new Dictionary<string, object>
        {
            [text["Sheet_Matrix"]] = rows.Count > 0 ? rows : [XlsxRows.Row((text["Col_Service"], (object?)null))],
            [text["Sheet_Gaps"]] = gapRows.Count > 0 ? gapRows : [XlsxRows.Row((text["Col_Service"], (object?)null))],
        };
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets, excelType: ExcelType.XLSX, cancellationToken: ct);
        return stream.ToArray();
    }
}
