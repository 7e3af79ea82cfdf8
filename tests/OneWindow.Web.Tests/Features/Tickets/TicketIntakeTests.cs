using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Tickets;

public class TicketIntakeTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private async Task<Guid> RequestTypeAsync(string code) =>
        await app.WithDbAsync(db => db.RequestTypes.Where(t => t.Code == code).Select(t => t.Id).SingleAsync());

    private async Task<object> InvoicePaymentAsync(string subject = "Оплата счёта ООО «Поставщик»") => new
    {
        requestTypeId = await RequestTypeAsync("PAY-INV"),
        subject,
        description = "Прошу оплатить счёт до конца недели.",
        fields = new Dictionary<string, object> { ["supplier"] = "ООО «Поставщик»", ["invoiceNumber"] = "СЧ-1042", ["amount"] = 125000.50m, ["currency"] = "RUB", ["dueDate"] = "2026-12-04" },
    };

    [Fact]
    public async Task A_client_sees_only_the_request_types_of_services_their_company_receives()
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/request-types?pageSize=200");
        var codes = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()).ToList();
        Assert.Contains("PAY-INV", codes);
        Assert.Contains("URGENT-PAY", codes);
        Assert.DoesNotContain("PURCHASE", codes); // procurement is not provided to the Ural company
        var fields = page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "PAY-INV").GetProperty("fields");
        Assert.Equal("Choice", fields.EnumerateArray().Single(f => f.GetProperty("key").GetString() == "currency").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_client_files_a_ticket_through_the_portal_channel_and_gets_a_number_a_team_and_a_public_timeline()
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        var response = await client.PostAsJsonAsync("/api/v1/tickets", await InvoicePaymentAsync());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var ticket = JsonDocument.Parse(body).RootElement;
        var summary = ticket.GetProperty("summary");
        Assert.Matches(@"^OW-\d{4}-\d{6}$", summary.GetProperty("number").GetString());
        // Accounts payable assigns round-robin, so the ticket arrives assigned.
        Assert.Equal("Assigned", summary.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(summary.GetProperty("assigneeName").GetString()));
        Assert.Equal("Portal", summary.GetProperty("channel").GetString());
        Assert.Equal("Normal", summary.GetProperty("priority").GetString());
        Assert.Equal("Расчёты с поставщиками", summary.GetProperty("teamName").GetString());
        Assert.Equal(Demo.CompanyA, summary.GetProperty("companyName").GetString());
        Assert.Equal(125000.50m, ticket.GetProperty("fields").GetProperty("amount").GetDecimal());
        // The client sees the public timeline only; routing and assignment decisions are internal.
        Assert.Equal(["Created", "StatusChanged"], ticket.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));

        var agent = await app.ClientForAsync(Demo.Agent);
        var seenByAgent = await agent.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{summary.GetProperty("id").GetString()}");
        Assert.Equal(["Created", "Routed", "Assigned", "StatusChanged"], seenByAgent.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
    }

    [Theory]
    [InlineData("supplier", null, "fields.supplier")]
    [InlineData("currency", "GBP", "fields.currency")]
    [InlineData("amount", "много", "fields.amount")]
    [InlineData("dueDate", "04.12.2026", "fields.dueDate")]
    [InlineData("bogus", "x", "fields.bogus")]
    public async Task Custom_fields_are_validated_by_kind_and_named_in_the_error(string key, string? value, string field)
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        var fields = new Dictionary<string, object?> { ["supplier"] = "ООО «Поставщик»", ["invoiceNumber"] = "1", ["amount"] = 10, ["currency"] = "RUB" };
        fields[key] = value;
        var response = await client.PostAsJsonAsync("/api/v1/tickets", new
        {
            requestTypeId = await RequestTypeAsync("PAY-INV"),
            subject = "Счёт",
            description = "Оплатить",
            fields,
        });
        await HttpAssert.FieldErrorAsync(response, field);
    }

    [Fact]
    public async Task A_request_type_of_a_service_the_company_does_not_receive_is_refused()
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        var response = await client.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = await RequestTypeAsync("PURCHASE"), subject = "Купить бумагу", description = "А4", fields = new { item = "Бумага" } });
        await HttpAssert.FieldErrorAsync(response, "requestTypeId");
    }

    [Fact]
    public async Task An_agent_registers_a_phone_call_on_behalf_of_a_client_contact()
    {
        var agent = await app.ClientForAsync(Demo.Agent);
        var requester = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.ClientB).Select(u => u.Id).SingleAsync());
        var noRequester = await agent.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = await RequestTypeAsync("PURCHASE"), subject = "Звонок", description = "Клиент звонил", fields = new { item = "Картриджи" }, channel = "Phone" });
        await HttpAssert.FieldErrorAsync(noRequester, "requesterId");

        var response = await agent.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = await RequestTypeAsync("PURCHASE"), subject = "Звонок", description = "Клиент звонил", fields = new { item = "Картриджи" }, channel = "Phone", requesterId = requester });
        var ticket = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Phone", ticket.GetProperty("summary").GetProperty("channel").GetString());
        Assert.Equal(Demo.CompanyB, ticket.GetProperty("summary").GetProperty("companyName").GetString());
    }

    [Fact]
    public async Task The_same_idempotency_key_never_makes_a_second_ticket()
    {
        var client = await app.ClientForAsync(Demo.ExecutiveA);
        var body = await InvoicePaymentAsync("Повторная отправка");
        var key = Guid.NewGuid().ToString();
        var numbers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tickets") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            numbers.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary").GetProperty("number").GetString()!);
        }

        Assert.Single(numbers.Distinct());
        Assert.Equal(1, await app.WithDbAsync(db => db.Tickets.CountAsync(t => t.Subject == "Повторная отправка")));
    }

    [Fact]
    public async Task Concurrent_intake_gets_distinct_consecutive_numbers()
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        var body = await InvoicePaymentAsync("Параллельная заявка");
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.PostAsJsonAsync("/api/v1/tickets", body)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var numbers = await app.WithDbAsync(db => db.Tickets.Where(t => t.Subject == "Параллельная заявка").Select(t => t.Number).ToListAsync());
        Assert.Equal(12, numbers.Distinct().Count());
        var sequence = numbers.Select(n => int.Parse(n[^6..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(sequence.Last() - sequence.First() + 1, sequence.Count);
    }

    [Fact]
    public async Task A_client_user_sees_their_own_tickets_and_the_executive_sees_the_companys()
    {
        var user = await app.ClientForAsync(Demo.ClientA);
        var executive = await app.ClientForAsync(Demo.ExecutiveA);
        var created = await (await executive.PostAsJsonAsync("/api/v1/tickets", await InvoicePaymentAsync("Заявка финансового директора"))).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("summary").GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync($"/api/v1/tickets/{id}")).StatusCode);
        var mine = await user.GetFromJsonAsync<JsonElement>("/api/v1/tickets?q=" + Uri.EscapeDataString("финансового директора"));
        Assert.Equal(0, mine.GetProperty("total").GetInt32());

        await (await user.PostAsJsonAsync("/api/v1/tickets", await InvoicePaymentAsync("Заявка бухгалтера"))).Content.ReadFromJsonAsync<JsonElement>();
        var all = await executive.GetFromJsonAsync<JsonElement>("/api/v1/tickets?pageSize=200");
        var subjects = all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetString()).ToList();
        Assert.Contains("Заявка бухгалтера", subjects);
        Assert.Contains("Заявка финансового директора", subjects);
    }

    [Fact]
    public async Task The_public_tracking_link_shows_status_and_headings_but_no_content()
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        var ticket = await (await client.PostAsJsonAsync("/api/v1/tickets", await InvoicePaymentAsync("Секретный счёт 777"))).Content.ReadFromJsonAsync<JsonElement>();
        var url = new Uri(ticket.GetProperty("trackingUrl").GetString()!).PathAndQuery;
        var html = WebUtility.HtmlDecode(await app.AnonymousClient().GetStringAsync(url));
        Assert.Contains(ticket.GetProperty("summary").GetProperty("number").GetString()!, html);
        Assert.Contains("Назначено", html);
        Assert.Contains("Обращение зарегистрировано", html);
        Assert.DoesNotContain("Секретный счёт 777", html);
        Assert.DoesNotContain("ООО «Поставщик»", html);
        Assert.DoesNotContain(Demo.CompanyA, html);

        var wrong = WebUtility.HtmlDecode(await app.AnonymousClient().GetStringAsync("/track/" + new string('a', 48)));
        Assert.Contains("не найдено", wrong);
    }
}
