using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using OneWindow.Core.ServiceLevels;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Tickets;

public class TicketListTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    /// <summary>Files tickets for a client with a word unique to the test in each subject, so searching by it isolates them.</summary>
    private async Task<(string Marker, List<JsonElement> Tickets)> FileAsync(string client, string code, params string[] priorities)
    {
        var marker = "Сверкаотчёт" + Random.Shared.Next(100000, 999999);
        var api = await app.ClientForAsync(client);
        var type = await app.WithDbAsync(db => db.RequestTypes.Where(t => t.Code == code).Select(t => t.Id).SingleAsync());
        var tickets = new List<JsonElement>();
        for (var i = 0; i < priorities.Length; i++)
        {
            var response = await api.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = type, subject = $"{marker} № {i}", description = "Проверьте данные", priority = priorities[i] });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            tickets.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary"));
        }

        return (marker, tickets);
    }

    private static async Task<JsonElement> PageAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/v1/tickets?" + query);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<string> Numbers(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetString()!)];

    [Fact]
    public async Task Filters_combine_with_cyrillic_search_and_pages_report_the_total()
    {
        var (marker, tickets) = await FileAsync(Demo.ClientA, "CLOSE-Q", "High", "High", "High", "Low", "Critical");
        var agent = await app.ClientForAsync(Demo.Agent);
        var q = "q=" + Uri.EscapeDataString(marker.ToLowerInvariant());

        var all = await PageAsync(agent, q);
        Assert.Equal(5, all.GetProperty("total").GetInt32());

        var high = tickets.Where(t => t.GetProperty("priority").GetString() == "High").Select(t => t.GetProperty("number").GetString()!).Order(StringComparer.Ordinal).ToList();
        var page1 = await PageAsync(agent, q + "&priority=High&status=New,Assigned,InProgress&pageSize=2&page=1&sort=number");
        var page2 = await PageAsync(agent, q + "&priority=High&status=New&status=Assigned&status=InProgress&pageSize=2&page=2&sort=number");
        Assert.Equal(3, page1.GetProperty("total").GetInt32());
        Assert.Equal(3, page2.GetProperty("total").GetInt32());
        Assert.Equal(high, Numbers(page1).Concat(Numbers(page2)).ToList());

        var descending = await PageAsync(agent, q + "&priority=High,Critical&sort=-number");
        Assert.Equal(tickets.Where(t => t.GetProperty("priority").GetString() is "High" or "Critical").Select(t => t.GetProperty("number").GetString()!).OrderDescending(StringComparer.Ordinal),
            Numbers(descending));

        Assert.Equal(0, (await PageAsync(agent, q + "&status=Closed")).GetProperty("total").GetInt32());
        var company = tickets[0].GetProperty("companyId").GetString();
        Assert.Equal(5, (await PageAsync(agent, q + "&companyId=" + company + "&view=all")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await PageAsync(agent, q + "&companyId=" + Guid.NewGuid())).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Assignee_unassigned_team_request_type_and_created_dates_narrow_the_list()
    {
        var (marker, tickets) = await FileAsync(Demo.ClientA, "CLOSE-Q", "Normal", "Normal");
        var agent = await app.ClientForAsync(Demo.Agent);
        var agentId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.Agent).Select(u => u.Id).SingleAsync());
        var first = tickets[0].GetProperty("id").GetString();
        var assigned = await agent.PostAsJsonAsync($"/api/v1/tickets/{first}/actions", new { action = "Assign", assigneeId = agentId });
        Assert.True(assigned.IsSuccessStatusCode, await assigned.Content.ReadAsStringAsync());
        var q = "q=" + Uri.EscapeDataString(marker);

        Assert.Equal([tickets[0].GetProperty("number").GetString()!], Numbers(await PageAsync(agent, q + "&assigneeId=" + agentId)));
        Assert.Equal([tickets[1].GetProperty("number").GetString()!], Numbers(await PageAsync(agent, q + "&assigneeId=unassigned")));

        var type = tickets[0].GetProperty("requestTypeId").GetString();
        var team = tickets[1].GetProperty("teamId").GetString();
        Assert.Equal(2, (await PageAsync(agent, q + "&requestTypeId=" + type)).GetProperty("total").GetInt32());
        Assert.Equal(0, (await PageAsync(agent, q + "&requestTypeId=" + Guid.NewGuid())).GetProperty("total").GetInt32());
        Assert.True((await PageAsync(agent, q + "&teamId=" + team)).GetProperty("total").GetInt32() >= 1);

        // Days in the viewer's zone (Moscow for the demo agent): today holds both, tomorrow none.
        var moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        var today = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), moscow).ToString("yyyy-MM-dd");
        var tomorrow = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow().AddDays(1), moscow).ToString("yyyy-MM-dd");
        Assert.Equal(2, (await PageAsync(agent, $"{q}&createdFrom={today}&createdTo={today}")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await PageAsync(agent, $"{q}&createdFrom={tomorrow}")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_sla_due_column_is_the_nearest_running_sla_clock_and_sorts_and_filters_in_sql()
    {
        var (marker, tickets) = await FileAsync(Demo.ClientA, "CLOSE-Q", "Critical", "Low", "Normal");
        var agent = await app.ClientForAsync(Demo.Agent);
        var ids = tickets.Select(t => Guid.Parse(t.GetProperty("id").GetString()!)).ToList();
        var expected = await app.WithDbAsync(async db => (await db.TicketClocks.AsNoTracking()
                .Where(k => ids.Contains(k.TicketId) && k.Side == MetricSide.Sla && k.State == ClockState.Running && k.DueAt != null)
                .Select(k => new { k.TicketId, k.DueAt }).ToListAsync())
            .GroupBy(k => k.TicketId).ToDictionary(g => g.Key, g => g.Min(k => k.DueAt)));
        Assert.True(expected.Count == 3, "the demo agreement starts an SLA clock for each new ticket");

        var list = await PageAsync(agent, "q=" + Uri.EscapeDataString(marker) + "&sort=slaDue");
        var items = list.GetProperty("items").EnumerateArray().ToList();
        foreach (var item in items)
        {
            var id = Guid.Parse(item.GetProperty("id").GetString()!);
            var due = item.GetProperty("slaDueAt");
            if (expected.TryGetValue(id, out var at))
            {
                Assert.Equal(at, due.GetDateTimeOffset());
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, due.ValueKind);
            }

            Assert.False(item.GetProperty("slaBreached").GetBoolean());
        }

        var dues = items.Select(i => i.GetProperty("slaDueAt")).Select(d => d.ValueKind == JsonValueKind.Null ? DateTimeOffset.MaxValue : d.GetDateTimeOffset()).ToList();
        Assert.Equal(dues.Order().ToList(), dues);

        // Breach one ticket's clock in the past: it alone is "breached"; a clock due within two hours is "at risk".
        var now = TimeProvider.System.GetUtcNow();
        await app.WithDbAsync(async db =>
        {
            var clocks = await db.TicketClocks.Where(k => ids.Contains(k.TicketId) && k.Side == MetricSide.Sla && k.State == ClockState.Running).ToListAsync();
            foreach (var k in clocks.Where(k => k.TicketId == ids[0]))
            {
                k.DueAt = now.AddMinutes(-5);
                k.BreachedAt = now.AddMinutes(-5);
            }

            foreach (var k in clocks.Where(k => k.TicketId == ids[1]))
            {
                k.DueAt = now.AddMinutes(30);
            }

            foreach (var k in clocks.Where(k => k.TicketId == ids[2]))
            {
                k.DueAt = now.AddDays(3);
            }

            // The lists read the ticket row's summary of its clocks, written as the keeper writes it.
            foreach (var ticket in await db.Tickets.Where(t => ids.Contains(t.Id)).ToListAsync())
            {
                ClockPlanning.Summarize(ticket, clocks.Where(k => k.TicketId == ticket.Id));
            }

            return await db.SaveChangesAsync();
        });
        var breached = await PageAsync(agent, "q=" + Uri.EscapeDataString(marker) + "&sla=breached");
        Assert.Equal([tickets[0].GetProperty("number").GetString()!], Numbers(breached));
        Assert.True(breached.GetProperty("items")[0].GetProperty("slaBreached").GetBoolean());
        Assert.Equal([tickets[1].GetProperty("number").GetString()!], Numbers(await PageAsync(agent, "q=" + Uri.EscapeDataString(marker) + "&sla=atRisk")));

        // Distinct due instants now: ascending puts the breached one first, descending last.
        var numbers = tickets.Select(t => t.GetProperty("number").GetString()!).ToList();
        Assert.Equal(numbers, Numbers(await PageAsync(agent, "q=" + Uri.EscapeDataString(marker) + "&sort=slaDue")));
        Assert.Equal(numbers.AsEnumerable().Reverse(), Numbers(await PageAsync(agent, "q=" + Uri.EscapeDataString(marker) + "&sort=-slaDue")));
    }

    /// <summary>The ticket row's SLA summary is what its stored clocks say: nearest running due, earliest breach.</summary>
    private async Task AssertSummaryMatchesClocksAsync(Guid id, string step)
    {
        var (row, clocks) = await app.WithDbAsync(async db => (
            await db.Tickets.AsNoTracking().Where(t => t.Id == id).Select(t => new { t.SlaDueAt, t.SlaBreachAt }).SingleAsync(),
            await db.TicketClocks.AsNoTracking().Where(k => k.TicketId == id && k.Side == MetricSide.Sla).ToListAsync()));
        Assert.True(clocks.Count > 0, step);
        Assert.True(clocks.Where(k => k.State is ClockState.Running or ClockState.RunningBreached).Min(k => k.DueAt) == row.SlaDueAt, $"{step}: due {row.SlaDueAt}");
        Assert.True(clocks.Min(k => k.BreachedAt) == row.SlaBreachAt, $"{step}: breach {row.SlaBreachAt}");
    }

    [Fact]
    public async Task The_ticket_row_keeps_its_sla_clocks_summary_through_pause_resume_and_resolution()
    {
        var (_, tickets) = await FileAsync(Demo.ClientA, "CLOSE-Q", "High");
        var id = Guid.Parse(tickets[0].GetProperty("id").GetString()!);
        var agent = await app.ClientForAsync(Demo.Agent);
        var client = await app.ClientForAsync(Demo.ClientA);
        async Task ActAsync(object body)
        {
            var response = await agent.PostAsJsonAsync($"/api/v1/tickets/{id}/actions", body);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        await AssertSummaryMatchesClocksAsync(id, "created");
        Assert.NotNull(tickets[0].GetProperty("slaDueAt").GetString());

        await ActAsync(new { action = "Start" });
        await AssertSummaryMatchesClocksAsync(id, "started");
        await ActAsync(new { action = "AskClient", message = "Уточните юрлицо." });
        await AssertSummaryMatchesClocksAsync(id, "waiting");
        var waiting = await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => t.SlaDueAt).SingleAsync());

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { kind = "ClientMessage", body = "ООО «УГК»" })).StatusCode);
        await AssertSummaryMatchesClocksAsync(id, "resumed");
        var resumed = await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => t.SlaDueAt).SingleAsync());
        // The pause moved the resolution clock's due instant on (or took it off the list while it waited).
        Assert.True(waiting is null || resumed >= waiting, $"{waiting} → {resumed}");

        await ActAsync(new { action = "Resolve", message = "Готово." });
        await AssertSummaryMatchesClocksAsync(id, "resolved");
        var listed = await PageAsync(agent, "q=" + Uri.EscapeDataString(tickets[0].GetProperty("number").GetString()!));
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("items")[0].GetProperty("slaDueAt").ValueKind);
    }

    [Fact]
    public async Task The_single_status_and_assignee_parameters_of_the_old_contract_still_work()
    {
        var (marker, _) = await FileAsync(Demo.ClientA, "CLOSE-Q", "Normal");
        var agent = await app.ClientForAsync(Demo.Agent);
        var page = await PageAsync(agent, "q=" + Uri.EscapeDataString(marker) + "&status=New&view=all&page=1&pageSize=50&sort=-lastActivityAt");
        Assert.Equal(1, page.GetProperty("total").GetInt32());
        Assert.Equal(1, page.GetProperty("pageNumber").GetInt32());
        Assert.Equal(50, page.GetProperty("pageSize").GetInt32());
    }

    [Theory]
    [InlineData("status=Sleeping", "status")]
    [InlineData("priority=Urgent", "priority")]
    [InlineData("assigneeId=nobody", "assigneeId")]
    [InlineData("companyId=acme", "companyId")]
    [InlineData("createdFrom=27.11.2026", "createdFrom")]
    [InlineData("createdFrom=2026-11-27&createdTo=2026-11-01", "createdTo")]
    [InlineData("sla=late", "sla")]
    [InlineData("view=everything", "view")]
    [InlineData("sort=subject", "sort")]
    [InlineData("pageSize=500", "pageSize")]
    public async Task Bad_filters_are_field_errors(string query, string field)
    {
        var agent = await app.ClientForAsync(Demo.Agent);
        await HttpAssert.FieldErrorAsync(await agent.GetAsync("/api/v1/tickets?" + query), field);
        await HttpAssert.FieldErrorAsync(await agent.GetAsync("/api/v1/tickets/export.xlsx?" + query.Replace("pageSize=500", "sort=bogus")), field == "pageSize" ? "sort" : field);
    }

    [Fact]
    public async Task The_export_holds_every_filtered_row_and_a_client_only_their_companys()
    {
        var (marker, tickets) = await FileAsync(Demo.ClientA, "CLOSE-Q", "High", "High", "Low");
        var agent = await app.ClientForAsync(Demo.Agent);
        var q = "q=" + Uri.EscapeDataString(marker);

        var response = await agent.GetAsync("/api/v1/tickets/export.xlsx?" + q + "&priority=High&sort=number");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = MiniExcel.Query(stream, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(tickets.Where(t => t.GetProperty("priority").GetString() == "High").Select(t => t.GetProperty("number").GetString()).Order(StringComparer.Ordinal),
            rows.Select(r => r["Номер"]?.ToString()));
        Assert.All(rows, r => Assert.Equal(Demo.CompanyA, r["Клиент"]));
        Assert.All(rows, r => Assert.Equal("Высокий", r["Приоритет"]));
        Assert.Contains(rows[0].Keys, k => k.StartsWith("Срок SLA", StringComparison.Ordinal));

        // Another company's user gets a workbook without a single row of company A, even searching for its marker.
        var clientB = await app.ClientForAsync(Demo.ClientB);
        using var other = new MemoryStream(await (await clientB.GetAsync("/api/v1/tickets/export.xlsx?" + q)).Content.ReadAsByteArrayAsync());
        var otherRows = MiniExcel.Query(other, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.DoesNotContain(otherRows, r => r["Номер"] is string n && tickets.Any(t => t.GetProperty("number").GetString() == n));
        using var everything = new MemoryStream(await (await clientB.GetAsync("/api/v1/tickets/export.xlsx")).Content.ReadAsByteArrayAsync());
        var bRows = MiniExcel.Query(everything, useHeaderRow: true).Cast<IDictionary<string, object?>>().Where(r => r["Номер"] is not null).ToList();
        Assert.NotEmpty(bRows);
        Assert.All(bRows, r => Assert.Equal(Demo.CompanyB, r["Клиент"]));

        // The page's export button is a plain link: the signed-in browser's cookie must be enough.
        var browser = await app.CookieClientForAsync(Demo.Agent);
        var viaCookie = await browser.GetAsync("/api/v1/tickets/export.xlsx?" + q);
        Assert.Equal(HttpStatusCode.OK, viaCookie.StatusCode);
        using var cookieStream = new MemoryStream(await viaCookie.Content.ReadAsByteArrayAsync());
        Assert.Equal(3, MiniExcel.Query(cookieStream, useHeaderRow: true).Count());

        var anonymous = app.AnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/tickets/export.xlsx")).StatusCode);
    }
}
