using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using OneWindow.Web.Features.Documents;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Documents;

/// <summary>
/// Issue 15, Deliver 1: a readable version as PDF (Chromium, with a title block) and as DOCX built from the Markdown —
/// a Heading paragraph per Markdown heading and a numbered or bulleted paragraph per list item; 404 to whoever may not read it.
/// </summary>
public sealed partial class DocumentExportTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private async Task<Guid> DemoCodeVersionAsync()
    {
        var documents = await (await app.ClientForAsync(Demo.Quality)).GetFromJsonAsync<JsonElement>("/api/v1/documents");
        return documents.EnumerateArray().Single(d => d.GetProperty("titleRu").GetString() == DemoDocuments.Title).GetProperty("publishedVersionId").GetGuid();
    }

    [Fact]
    public async Task The_demo_code_exports_to_docx_with_a_heading_per_markdown_heading_and_its_list_items()
    {
        var version = await DemoCodeVersionAsync();
        var response = await (await app.ClientForAsync(Demo.Quality)).GetAsync($"/api/v1/documents/versions/{version}/docx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(DocumentFiles.DocxType, response.Content.Headers.ContentType?.MediaType);

        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var word = WordprocessingDocument.Open(stream, false);
        var paragraphs = word.MainDocumentPart!.Document!.Body!.Elements<Paragraph>().ToList();
        var headings = paragraphs.Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value?.StartsWith("Heading", StringComparison.Ordinal) == true).ToList();
        var items = paragraphs.Where(p => p.ParagraphProperties?.NumberingProperties is not null).Select(p => p.InnerText).ToList();

        var lines = DemoDocuments.CodeV1.ReplaceLineEndings("\n").Split('\n');
        var expectedHeadings = lines.Where(l => l.StartsWith('#')).Select(l => (Level: l.TakeWhile(c => c == '#').Count(), Text: l.TrimStart('#').Trim())).ToList();
        var expectedItems = lines.Select(l => ListItem().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value.Replace("**", "", StringComparison.Ordinal)).ToList();

        Assert.Equal(expectedHeadings.Select(h => h.Text), headings.Select(h => h.InnerText));
        Assert.Equal(expectedHeadings.Select(h => $"Heading{Math.Min(h.Level, 3)}"), headings.Select(h => h.ParagraphProperties!.ParagraphStyleId!.Val!.Value));
        Assert.Equal(expectedItems, items);
        // The title block leads, and the table of participants is a Word table.
        Assert.Equal(DemoDocuments.Title, paragraphs[0].InnerText);
        Assert.Contains(word.MainDocumentPart.Document.Body.Elements<Table>(), t => t.InnerText.Contains("Клиентский менеджер (CSM)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_pdf_carries_the_title_when_chromium_exists_and_another_companys_person_gets_404()
    {
        var version = await DemoCodeVersionAsync();
        var quality = await app.ClientForAsync(Demo.Quality);
        var pdf = await quality.GetAsync($"/api/v1/documents/versions/{version}/pdf");
        var chromium = Environment.GetEnvironmentVariable("OW_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (File.Exists(chromium) && chromium == "/usr/bin/chromium")
        {
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
            Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
            var bytes = await pdf.Content.ReadAsByteArrayAsync();
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
            var text = await PdfText.ReadAsync(bytes);
            Assert.Contains(DemoDocuments.Title, text, StringComparison.Ordinal);
            Assert.Contains("Этика общения", text, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, pdf.StatusCode);
        }

        // The code is addressed to SSC staff only: a client company's person finds neither file.
        var client = await app.ClientForAsync(Demo.ClientB);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/documents/versions/{version}/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/documents/versions/{version}/docx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await quality.GetAsync($"/api/v1/documents/versions/{Guid.NewGuid()}/docx")).StatusCode);
    }

    [GeneratedRegex(@"^(?:-|\d+\.) (.+)$")]
    private static partial Regex ListItem();
}
