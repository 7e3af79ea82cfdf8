using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using OneWindow.Web.Features.Clients;
using OneWindow.Web.Features.Documents;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Documents;

/// <summary>
/// Issue 15, Done when 3: the demo's service in stabilisation has named people on both sides for each activity, and the
/// gap report lists the deliberately empty one. Plus resolution on the day, tenancy, field errors and the XLSX.
/// </summary>
public class InteractionMatrixTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private const string DeliveryLead = "Дмитрий Орлов";

    private Task<(Guid Company, Guid Service)> GapServiceAsync() => app.WithDbAsync(async db =>
    {
        var company = await db.Companies.Where(c => c.Name == DemoInteractionMatrix.GapCompany).Select(c => c.Id).SingleAsync();
        var service = await db.Services.Where(s => s.Code == DemoInteractionMatrix.GapServiceCode).Select(s => s.Id).SingleAsync();
        return (company, service);
    });

    private static JsonElement.ArrayEnumerator Cells(JsonElement matrix) => matrix.GetProperty("cells").EnumerateArray();

    private static IEnumerable<string> People(JsonElement cell) => cell.GetProperty("people").EnumerateArray().Select(p => p.GetProperty("fullName").GetString()!);

    [Fact]
    public async Task The_demo_service_in_stabilisation_names_people_on_both_sides_for_each_activity_and_the_gap_report_lists_the_deliberate_gap()
    {
        var (company, service) = await GapServiceAsync();
        var quality = await app.ClientForAsync(Demo.Quality);
        var matrix = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/interaction-matrix/companies/{company}?serviceId={service}&stage=Stabilisation");
        Assert.Equal("Stabilisation", matrix.GetProperty("currentStage").GetString());
        foreach (var activity in Enum.GetNames<MatrixActivity>())
        {
            foreach (var side in Enum.GetNames<MatrixSide>())
            {
                Assert.True(Cells(matrix).Any(c => c.GetProperty("activity").GetString() == activity && c.GetProperty("side").GetString() == side && People(c).Any()),
                    $"{activity} / {side} names nobody");
            }
        }

        var gaps = (await quality.GetFromJsonAsync<JsonElement>($"/api/v1/interaction-matrix/companies/{company}/gaps")).EnumerateArray().ToList();
        var gap = Assert.Single(gaps, g => g.GetProperty("serviceId").GetGuid() == service);
        Assert.Equal("Changes", gap.GetProperty("activity").GetString());
        Assert.Equal("Client", gap.GetProperty("side").GetString());
        Assert.Equal("Unresolved", gap.GetProperty("kind").GetString());
        Assert.Contains(gap.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("ClientExecutive", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_account_team_role_resolves_to_whoever_is_assigned_today_and_names_nobody_once_the_assignment_ends()
    {
        var (company, service) = await GapServiceAsync();
        var admin = await app.ClientForAsync(Demo.Admin);
        var url = $"/api/v1/interaction-matrix/companies/{company}?serviceId={service}&stage=Stabilisation";
        JsonElement TransferAccountable(JsonElement m) => Cells(m).Single(c => c.GetProperty("activity").GetString() == "Transfer" && c.GetProperty("side").GetString() == "Ssc"
            && c.GetProperty("letter").GetString() == "A");
        Assert.Contains(DeliveryLead, People(TransferAccountable(await admin.GetFromJsonAsync<JsonElement>(url))));

        await app.WithDbAsync(async db =>
        {
            var assignment = await db.ClientAssignments.SingleAsync(a => a.CompanyId == company && a.ServiceId == service && a.Role == AssignmentRole.DeliveryLead);
            assignment.EndsOn = DateOnly.FromDateTime(app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime).AddDays(-2);
            await db.SaveChangesAsync();
            return 0;
        });

        var after = TransferAccountable(await admin.GetFromJsonAsync<JsonElement>(url));
        Assert.Empty(People(after));
        Assert.NotNull(after.GetProperty("entries")[0].GetProperty("unresolved").GetString());
        var gaps = (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/interaction-matrix/companies/{company}/gaps")).EnumerateArray();
        Assert.Contains(gaps, g => g.GetProperty("serviceId").GetGuid() == service && g.GetProperty("activity").GetString() == "Transfer" && g.GetProperty("side").GetString() == "Ssc");
    }

    [Fact]
    public async Task Another_companys_executive_gets_404_and_reads_their_own_company()
    {
        var (company, service) = await GapServiceAsync();
        var executive = await app.ClientForAsync(Demo.ExecutiveA);
        Assert.Equal(HttpStatusCode.NotFound, (await executive.GetAsync($"/api/v1/interaction-matrix/companies/{company}?serviceId={service}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await executive.GetAsync($"/api/v1/interaction-matrix/companies/{company}/gaps")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await executive.GetAsync($"/api/v1/interaction-matrix/companies/{company}/export.xlsx")).StatusCode);

        var own = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.ExecutiveA).Select(u => u.CompanyId!.Value).SingleAsync());
        Assert.Equal(HttpStatusCode.OK, (await executive.GetAsync($"/api/v1/interaction-matrix/companies/{own}/gaps")).StatusCode);
        // Writing is the SSC's.
        var write = await executive.PostAsJsonAsync("/api/v1/interaction-matrix/apply-template", new { companyId = own });
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }

    [Fact]
    public async Task A_bad_letter_or_a_too_long_note_is_a_field_error()
    {
        var (company, service) = await GapServiceAsync();
        var quality = await app.ClientForAsync(Demo.Quality);
        object Row(string letter, string? note) => new
        {
            companyId = company, serviceId = service, stage = "Stabilisation", activity = "Changes", side = "Client", letter, target = "ClientDepartment",
            clientDepartment = "Планово-экономический отдел", note,
        };

        var bad = await quality.PostAsJsonAsync("/api/v1/interaction-matrix/rows", Row("X", null));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("letter", out _));

        var longNote = await quality.PostAsJsonAsync("/api/v1/interaction-matrix/rows", Row("A", new string('н', 501)));
        Assert.Equal(HttpStatusCode.BadRequest, longNote.StatusCode);
        Assert.True((await longNote.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("note", out _));

        var ok = await quality.PostAsJsonAsync("/api/v1/interaction-matrix/rows", Row("C", "Согласует сроки"));
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var id = (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await quality.DeleteAsync($"/api/v1/interaction-matrix/rows/{id}")).StatusCode);
    }

    [Fact]
    public async Task The_xlsx_opens_with_the_named_people_and_the_gap()
    {
        var (company, _) = await GapServiceAsync();
        var quality = await app.ClientForAsync(Demo.Quality);
        var response = await quality.GetAsync($"/api/v1/interaction-matrix/companies/{company}/export.xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var sheets = MiniExcel.GetSheetNames(stream);
        Assert.Equal(2, sheets.Count);
        var rows = MiniExcel.Query(stream, useHeaderRow: true, sheetName: sheets[0]).Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(rows, r => r.Values.OfType<string>().Any(v => v.Contains(DeliveryLead, StringComparison.Ordinal)));
        var gaps = MiniExcel.Query(stream, useHeaderRow: true, sheetName: sheets[1]).Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(gaps, r => r.Values.OfType<string>().Any(v => v.Contains("ClientExecutive", StringComparison.Ordinal)));
    }
}
