using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Tests.Features.Feedback;
using OneWindow.Web.Tests.Features.ServiceLevels;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Clients;

/// <summary>
/// The client 360 card (GET /api/v1/companies/{id}/overview) over the service-level scenario at 15 December 2026, with
/// ratings of company A in November: every figure is the one the report, trend, feedback dashboard, complaint-case and
/// ticket-list APIs give for the same company and period; tenancy hides other companies and the SSC-only parts.
/// </summary>
public class CompanyOverviewTests(ServiceLevelFactory app) : IClassFixture<ServiceLevelFactory>
{
    private const string Period = "2026-11";

    private static double? Number(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDouble();

    private static string? Id(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();

    private async Task<Guid> RatedCompanyAAsync()
    {
        var s = await app.ScenarioAsync();
        var employee = await app.WithDbAsync(async db => (await FeedbackFixtures.EmployeeWithLeadAsync(db)).Employee);
        await FeedbackFixtures.RateAsync(app, Demo.ClientA, employee, 5, "Спасибо", dedupe: "overview-1", at: new DateTimeOffset(2026, 11, 10, 8, 0, 0, TimeSpan.Zero));
        await FeedbackFixtures.RateAsync(app, Demo.ClientA, employee, 2, "Долго", dedupe: "overview-2", at: new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));
        await FeedbackFixtures.RateAsync(app, Demo.ExecutiveA, employee, 4, null, dedupe: "overview-3", at: new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
        // Outside the period: must not count.
        await FeedbackFixtures.RateAsync(app, Demo.ClientA, employee, 1, null, dedupe: "overview-4", at: new DateTimeOffset(2026, 10, 20, 8, 0, 0, TimeSpan.Zero));
        return s.CompanyA;
    }

    [Fact]
    public async Task The_cards_figures_equal_those_of_the_report_feedback_and_ticket_apis_for_the_same_period()
    {
        var a = await RatedCompanyAAsync();
        var quality = await app.ClientForAsync(Demo.Quality);
        var claim = await quality.PostAsJsonAsync("/api/v1/feedback/cases", new { category = "LateDocuments", companyId = a, description = "Авансовые отчёты за ноябрь переданы с опозданием." });
        Assert.Equal(HttpStatusCode.Created, claim.StatusCode);
        var card = await app.GetAsync<JsonElement>(Demo.Quality, $"/api/v1/companies/{a}/overview?period={Period}");
        Assert.Equal(Period, card.GetProperty("period").GetString());

        // SLA, OLA, index and their targets per client × process: the report's rows.
        var report = await app.GetAsync<JsonElement>(Demo.Quality, $"/api/v1/service-levels/report?period={Period}&companyId={a}");
        var rows = report.GetProperty("rows").EnumerateArray().ToList();
        var levels = card.GetProperty("serviceLevels").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.Equal(rows.Count, levels.Count);
        Assert.Contains(levels, l => Number(l, "index") is not null);
        foreach (var row in rows)
        {
            var level = Assert.Single(levels, l => Id(l, "serviceId") == Id(row, "serviceId"));
            Assert.Equal(Number(row, "slaAttainment"), Number(level, "sla"));
            Assert.Equal(Number(row, "olaAttainment"), Number(level, "ola"));
            Assert.Equal(Number(row, "index"), Number(level, "index"));
            Assert.Equal(Number(row, "slaTarget"), Number(level, "slaTarget"));
            Assert.Equal(Number(row, "olaTarget"), Number(level, "olaTarget"));
            Assert.Equal(Number(row, "indexTarget"), Number(level, "indexTarget"));
        }

        // The trend: the trend API's points for the same last period and count.
        var trend = await app.GetAsync<JsonElement>(Demo.Quality, $"/api/v1/service-levels/trend?to={Period}&count=6&companyId={a}");
        foreach (var trendRow in trend.GetProperty("rows").EnumerateArray())
        {
            var level = Assert.Single(levels, l => Id(l, "serviceId") == Id(trendRow, "serviceId"));
            var expected = trendRow.GetProperty("points").EnumerateArray().ToList();
            var actual = level.GetProperty("trend").EnumerateArray().ToList();
            Assert.Equal(expected.Select(p => p.GetProperty("period").GetString()), actual.Select(p => p.GetProperty("period").GetString()));
            Assert.Equal(expected.Select(p => Number(p, "slaAttainment")), actual.Select(p => Number(p, "sla")));
            Assert.Equal(expected.Select(p => Number(p, "olaAttainment")), actual.Select(p => Number(p, "ola")));
            Assert.Equal(expected.Select(p => Number(p, "index")), actual.Select(p => Number(p, "index")));
        }

        // CSAT of the period: the feedback dashboard's company group.
        var dashboard = await app.GetAsync<JsonElement>(Demo.Quality, $"/api/v1/feedback/dashboard?period={Period}&by=company");
        var group = dashboard.GetProperty("groups").EnumerateArray().Single(g => Id(g, "id") == a.ToString()).GetProperty("figures");
        var csat = card.GetProperty("csat");
        Assert.Equal(3, csat.GetProperty("count").GetInt32());
        Assert.Equal(group.GetProperty("count").GetInt32(), csat.GetProperty("count").GetInt32());
        Assert.Equal(group.GetProperty("satisfied").GetInt32(), csat.GetProperty("satisfied").GetInt32());
        Assert.Equal(Number(group, "csat"), Number(csat, "csat"));
        Assert.Equal(Number(group, "averageGrade"), Number(csat, "averageGrade"));

        // Open, breached and waiting tickets: the ticket list's totals for the same filters.
        async Task<int> TotalAsync(string query) =>
            (await app.GetAsync<JsonElement>(Demo.Quality, $"/api/v1/tickets?companyId={a}&{query}")).GetProperty("total").GetInt32();
        var tickets = card.GetProperty("tickets");
        Assert.Equal(await TotalAsync("view=open"), tickets.GetProperty("open").GetInt32());
        Assert.Equal(await TotalAsync("view=open&sla=breached"), tickets.GetProperty("openBreached").GetInt32());
        Assert.Equal(await TotalAsync("view=waiting"), tickets.GetProperty("waitingForClient").GetInt32());
        Assert.True(tickets.GetProperty("open").GetInt32() > 0);

        // Open complaint cases: the case list's cases of the company that are not closed.
        var cases = await app.GetAsync<JsonElement>(Demo.Quality, $"/api/v1/feedback/cases?companyId={a}&direction=ClientComplaint");
        var open = cases.EnumerateArray().Where(c => c.GetProperty("status").GetString() != "Closed").ToList();
        var cardCases = card.GetProperty("cases");
        Assert.Equal(open.Count, cardCases.GetProperty("open").GetInt32());
        Assert.Equal(open.Count(c => c.GetProperty("overdue").GetBoolean()), cardCases.GetProperty("overdue").GetInt32());
        Assert.Equal(open.Select(c => c.GetProperty("id").GetString()).Order(), cardCases.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()).Order());

        // Claims to the business: the case list's open claims of the company; the interaction menu: the menu API's items.
        var claims = await app.GetAsync<JsonElement>(Demo.Quality, $"/api/v1/feedback/cases?companyId={a}&direction=ClaimToBusiness");
        Assert.Equal(claims.EnumerateArray().Count(c => c.GetProperty("status").GetString() != "Closed"), card.GetProperty("openClaimsToBusiness").GetInt32());
        Assert.True(card.GetProperty("openClaimsToBusiness").GetInt32() > 0);
        var menu = await app.GetAsync<JsonElement>(Demo.Quality, $"/api/v1/interaction-menu/companies/{a}");
        Assert.Equal(menu.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).Order(),
            card.GetProperty("menu").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).Order());
    }

    [Fact]
    public async Task Another_companys_executive_gets_404_and_a_client_sees_no_ssc_only_parts()
    {
        var s = await app.ScenarioAsync();
        var admin = await app.ClientForAsync(Demo.Admin);
        var created = await admin.PostAsJsonAsync($"/api/v1/companies/{s.CompanyA}/notes", new { kind = "Risk", title = "Риск оттока: тендер на аутсорсинг", text = "Только для ЦОБ" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ssc = await app.GetAsync<JsonElement>(Demo.Admin, $"/api/v1/companies/{s.CompanyA}/overview");
        Assert.Contains(ssc.GetProperty("notes").EnumerateArray(), n => n.GetProperty("title").GetString() == "Риск оттока: тендер на аутсорсинг");
        Assert.Equal(JsonValueKind.Object, ssc.GetProperty("cases").ValueKind);

        var executiveA = await app.ClientForAsync(Demo.ExecutiveA);
        Assert.Equal(HttpStatusCode.NotFound, (await executiveA.GetAsync($"/api/v1/companies/{s.CompanyB}/overview")).StatusCode);
        var own = await executiveA.GetAsync($"/api/v1/companies/{s.CompanyA}/overview");
        var body = await own.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var card = JsonDocument.Parse(body).RootElement;
        Assert.False(card.GetProperty("sscView").GetBoolean());
        Assert.Equal(JsonValueKind.Null, card.GetProperty("notes").ValueKind);
        Assert.Equal(JsonValueKind.Null, card.GetProperty("cases").ValueKind);
        Assert.DoesNotContain("Риск оттока", body);
        // The client's contacts are its executives only.
        Assert.All(card.GetProperty("people").EnumerateArray(), p => Assert.True(p.GetProperty("executive").GetBoolean()));
        Assert.Equal(HttpStatusCode.Forbidden, (await executiveA.GetAsync($"/api/v1/companies/{s.CompanyA}/notes")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await executiveA.PostAsJsonAsync($"/api/v1/companies/{s.CompanyA}/notes", new { kind = "Risk", title = "x" })).StatusCode);

        var userB = await app.ClientForAsync(Demo.ClientB);
        Assert.Equal(HttpStatusCode.NotFound, (await userB.GetAsync($"/api/v1/companies/{s.CompanyA}/overview")).StatusCode);
    }

    [Fact]
    public async Task An_account_note_is_validated_and_an_agent_may_read_but_not_write_it()
    {
        var s = await app.ScenarioAsync();
        var admin = await app.ClientForAsync(Demo.Admin);
        var invalid = await admin.PostAsJsonAsync($"/api/v1/companies/{s.CompanyA}/notes", new { kind = "Risk", title = "  " });
        await HttpAssert.FieldErrorAsync(invalid, "title");
        var created = await (await admin.PostAsJsonAsync($"/api/v1/companies/{s.CompanyA}/notes", new { kind = "Opportunity", title = "Учёт ОС" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/companies/{s.CompanyA}/notes/{id}")
        {
            Content = JsonContent.Create(new { kind = "Optimisation", title = "Учёт ОС и НМА" }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", $"\"{created.GetProperty("version").GetInt32()}\"");
        var updated = await admin.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("Optimisation", (await updated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kind").GetString());

        var agent = await app.ClientForAsync(Demo.Agent);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/v1/companies/{s.CompanyA}/notes")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.DeleteAsync($"/api/v1/companies/{s.CompanyA}/notes/{id}")).StatusCode);
        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/companies/{s.CompanyA}/notes/{id}");
        delete.Headers.TryAddWithoutValidation("If-Match", "*");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(delete)).StatusCode);
    }
}
