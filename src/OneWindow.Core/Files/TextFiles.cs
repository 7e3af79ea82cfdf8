using System.Text;

namespace OneWindow.Core.Files;

/// <summary>Reads the text of an uploaded CSV or iCalendar file. Pure.</summary>
public static class TextFiles
{
    /// <summary>
    /// UTF-8 (a leading byte-order mark dropped); a file that is not valid UTF-8 is read as Windows-1251, as Russian Excel
    /// saves CSV.
    /// </summary>
    public static string Decode(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            return new UTF8Encoding(false, true).GetString(content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(1251)!.GetString(content);
        }
    }
}
