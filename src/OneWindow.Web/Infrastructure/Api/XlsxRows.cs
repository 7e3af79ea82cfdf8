namespace OneWindow.Web.Infrastructure.Api;

/// <summary>What every MiniExcel list export shares: the XLSX media type, and a row as header → value in column order.</summary>
public static class XlsxRows
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>One sheet row; MiniExcel takes a sheet's columns from its first row, in this order.</summary>
    public static Dictionary<string, object?> Row(params (string Header, object? Value)[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (header, value) in cells)
        {
            row[header] = value;
        }

        return row;
    }
}
