using System.Diagnostics;

namespace OneWindow.Web.Tests.Infrastructure;

/// <summary>The text of a PDF as poppler's pdftotext reads it (layout kept, UTF-8), for tests that check printed figures.</summary>
public static class PdfText
{
    public static async Task<string> ReadAsync(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ow-pdf-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            using var extract = Process.Start(new ProcessStartInfo("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"]) { RedirectStandardOutput = true })!;
            var text = await extract.StandardOutput.ReadToEndAsync();
            await extract.WaitForExitAsync();
            Assert.Equal(0, extract.ExitCode);
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
