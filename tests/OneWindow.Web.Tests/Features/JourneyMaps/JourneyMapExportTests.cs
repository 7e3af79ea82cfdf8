using System.Buffers.Binary;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OneWindow.Core.ServiceLevels;
using OneWindow.Web.Features.JourneyMaps;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.JourneyMaps;

/// <summary>
/// Issue 15, Deliver 5: the demo journey map exported as PDF and PNG for the month of company A's latest demo invoice
/// payment. The PDF's text carries the title, the persona and every bound touchpoint's volume as the figures API gives
/// it; the PNG is a real image as wide as the document asks; another company's executive gets 404, a bad period 400.
/// </summary>
public class JourneyMapExportTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private async Task<(JourneyMapDto Map, JourneyFiguresDto Figures, HttpClient Executive)> DemoAsync()
    {
        var at = await app.WithDbAsync(db => db.Tickets.Where(t => t.Company!.Name == Demo.CompanyA && t.RequestType!.Code == "PAY-INV")
            .OrderByDescending(t => t.CreatedAt).Select(t => t.CreatedAt).FirstAsync());
        var period = new ReportPeriod(PeriodUnit.Month, DateOnly.FromDateTime(at.UtcDateTime)).Key;
        var executive = await app.ClientForAsync(Demo.ExecutiveA);
        var maps = JsonSerializer.Deserialize<List<JourneyMapSummary>>(await executive.GetStringAsync("/api/v1/journey-maps"), Json)!;
        var id = Assert.Single(maps, m => m.Title == DemoJourneyMaps.Title).Id;
        var map = JsonSerializer.Deserialize<JourneyMapDto>(await executive.GetStringAsync($"/api/v1/journey-maps/{id}"), Json)!;
        var figures = JsonSerializer.Deserialize<JourneyFiguresDto>(await executive.GetStringAsync($"/api/v1/journey-maps/{id}/figures?period={period}"), Json)!;
        return (map, figures, executive);
    }

    [Fact]
    public async Task The_demo_map_prints_to_a_pdf_with_its_title_persona_and_the_figures_APIs_volumes()
    {
        var (map, figures, executive) = await DemoAsync();
        Assert.Contains(figures.Steps, f => f.Volume > 0);

        var response = await executive.GetAsync($"/api/v1/journey-maps/{map.Id}/export.pdf?period={figures.Period}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));

        var layout = await PdfText.ReadAsync(pdf);
        var text = Regex.Replace(layout, @"\s+", " ");
        Assert.Contains(map.Title, text, StringComparison.Ordinal);
        Assert.Contains(map.Persona, text, StringComparison.Ordinal);
        Assert.Contains(figures.Period, text, StringComparison.Ordinal);

        // The volume row reads across the map: each step's volume from the figures API, "—" where a step is not bound to tickets.
        var expected = map.Stages.SelectMany(s => s.Steps)
            .Select(s => figures.Steps.FirstOrDefault(f => f.StepId == s.Id) is { HasTickets: true } f ? f.Volume.ToString(System.Globalization.CultureInfo.InvariantCulture) : "—");
        var row = Assert.Single(layout.Split('\n'), l => l.TrimStart().StartsWith("ОБРАЩЕНИЙ", StringComparison.Ordinal));
        Assert.Equal(string.Join(" ", expected), Regex.Replace(row.Trim()["ОБРАЩЕНИЙ".Length..], @"\s+", " ").Trim());
    }

    [Fact]
    public async Task The_demo_map_shoots_to_a_png_as_wide_as_its_steps_ask()
    {
        var (map, figures, executive) = await DemoAsync();
        var response = await executive.GetAsync($"/api/v1/journey-maps/{map.Id}/export.png?period={figures.Period}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        var width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4));
        var height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4));
        var steps = map.Stages.Sum(s => s.Steps.Count);
        Assert.Equal(Math.Clamp(140 + 170 * steps, 1120, 6000), width);
        Assert.InRange(height, 400, 20000);
    }

    [Fact]
    public async Task Another_companys_executive_gets_404_and_a_bad_period_is_a_field_error()
    {
        var (map, figures, executive) = await DemoAsync();
        var other = await app.ClientForAsync("cfo@sib-agro.demo");
        foreach (var kind in new[] { "pdf", "png" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/journey-maps/{map.Id}/export.{kind}?period={figures.Period}")).StatusCode);
            await HttpAssert.FieldErrorAsync(await executive.GetAsync($"/api/v1/journey-maps/{map.Id}/export.{kind}?period=9999-12"), "period");
            await HttpAssert.FieldErrorAsync(await executive.GetAsync($"/api/v1/journey-maps/{map.Id}/export.{kind}?period=ноябрь"), "period");
        }
    }
}
