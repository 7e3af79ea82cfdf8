using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneWindow.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OneWindow.Web.Tests.Features.Tickets;

/// <summary>One ticket is one projection: the same few queries however long its conversation is.</summary>
public sealed class TicketProjectionTests(OneWindowFactory app, ITestOutputHelper output) : IClassFixture<OneWindowFactory>
{
    private async Task<Guid> TicketWithMessagesAsync(HttpClient agent, HttpClient client, int messages)
    {
        var types = (await client.GetFromJsonAsync<JsonElement>("/api/v1/request-types")).GetProperty("items");
        var type = types.EnumerateArray().First(t => t.GetProperty("fields").GetArrayLength() == 0).GetProperty("id").GetGuid();
        var created = await client.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = type, subject = "Сверка с поставщиком", description = "Прошу сверить расчёты за ноябрь" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary").GetProperty("id").GetGuid();
        for (var i = 0; i < messages; i++)
        {
            var kind = i % 3 == 0 ? "InternalNote" : "PublicReply";
            var reply = await agent.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { kind, body = $"Ответ №{i + 1}" });
            Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        }

        return id;
    }

    [Fact]
    public async Task Opening_a_ticket_takes_five_queries_with_20_messages_as_with_2()
    {
        var agent = await app.ClientForAsync(Demo.Agent);
        var client = await app.ClientForAsync(Demo.ClientA);
        var small = await TicketWithMessagesAsync(agent, client, 2);
        var large = await TicketWithMessagesAsync(agent, client, 20);
        using var counter = new QueryCounter(app.ConnectionString.Contains("Data Source=", StringComparison.Ordinal) ? app.ConnectionString["Data Source=".Length..] : new Npgsql.NpgsqlConnectionStringBuilder(app.ConnectionString).Database!);

        foreach (var (who, http) in new[] { ("agent", agent), ("client", client) })
        {
            // Warm: the first request compiles queries and fills caches; the steady state is what is measured.
            (await http.GetAsync($"/api/v1/tickets/{small}")).EnsureSuccessStatusCode();
            var two = await counter.CountAsync(async () => (await http.GetAsync($"/api/v1/tickets/{small}")).EnsureSuccessStatusCode());
            var twenty = await counter.CountAsync(async () => (await http.GetAsync($"/api/v1/tickets/{large}")).EnsureSuccessStatusCode());
            output.WriteLine($"{who}: {two.Count} queries with 2 messages, {twenty.Count} with 20");
            foreach (var c in twenty)
            {
                output.WriteLine("  " + c.ReplaceLineEndings(" "));
            }

            Assert.Equal(two.Count, twenty.Count);
            // The ticket with its summary, the timeline, the messages, the files, the clocks (TicketQueries.LoadAsync), and
            // the bearer token's session check (the person still active, their security stamp unchanged).
            Assert.InRange(twenty.Count, 1, 6);
        }
    }

    [Fact]
    public async Task Creating_a_ticket_takes_a_fixed_number_of_round_trips_and_no_retries()
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        var types = (await client.GetFromJsonAsync<JsonElement>("/api/v1/request-types")).GetProperty("items");
        var type = types.EnumerateArray().First(t => t.GetProperty("fields").GetArrayLength() == 0).GetProperty("id").GetGuid();
        using var counter = new QueryCounter(app.ConnectionString.Contains("Data Source=", StringComparison.Ordinal) ? app.ConnectionString["Data Source=".Length..] : new Npgsql.NpgsqlConnectionStringBuilder(app.ConnectionString).Database!);
        Task Create() => client.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = type, subject = "Оплата счёта", description = "Прошу оплатить счёт" })
            .ContinueWith(t => Assert.Equal(HttpStatusCode.Created, t.Result.StatusCode));
        await Create();
        var first = await counter.CountAsync(Create);
        var commands = await counter.CountAsync(Create);
        output.WriteLine($"{commands.Count} commands");
        foreach (var c in commands)
        {
            output.WriteLine("  " + c.ReplaceLineEndings(" "));
        }

        // Reads: request type, requester, service, routing rules, CSMs, team, number, company zone, agreement, calendar;
        // then the answer (TicketQueries.LoadCreatedAsync: the summary and the clocks; the rest is still in memory).
        // None of them loads a new ticket's (empty) stored history.
        var reads = commands.Where(c => !c.TrimStart().StartsWith("INSERT", StringComparison.Ordinal) && !c.TrimStart().StartsWith("UPDATE", StringComparison.Ordinal)).ToList();
        Assert.Equal(first.Count, commands.Count);
        Assert.InRange(reads.Count, 1, 13);
        Assert.DoesNotContain(reads, c => c.Contains("FROM \"TicketSequences\"", StringComparison.Ordinal));
        if (!app.ConnectionString.Contains("Data Source=", StringComparison.Ordinal))
        {
            // PostgreSQL batches the inserts: the ticket, its events, watchers, clocks and audit row, then the clock logs (their keys are generated).
            Assert.InRange(commands.Count - reads.Count, 1, 2);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_answer_to_a_create_is_the_ticket_as_it_is_then_read(bool byAgent)
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        var types = (await client.GetFromJsonAsync<JsonElement>("/api/v1/request-types")).GetProperty("items");
        var type = types.EnumerateArray().First(t => t.GetProperty("fields").GetArrayLength() == 0).GetProperty("id").GetGuid();
        var author = client;
        object body = new { requestTypeId = type, subject = "Ответ на создание", description = "Сравнение ответа с чтением" };
        if (byAgent)
        {
            // An agent files for the client: the answer holds the internal timeline (routing) too.
            author = await app.ClientForAsync(Demo.Agent);
            var requester = (await client.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();
            body = new { requestTypeId = type, subject = "Ответ на создание", description = "Сравнение ответа с чтением", requesterId = requester, channel = "Phone" };
        }

        var created = await author.PostAsJsonAsync("/api/v1/tickets", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var answer = await created.Content.ReadFromJsonAsync<JsonElement>();
        var read = await author.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{answer.GetProperty("summary").GetProperty("id").GetGuid()}");
        foreach (var part in new[] { "timeline", "messages", "attachments", "clocks", "fields", "tags", "trackingUrl", "description" })
        {
            Assert.Equal(read.GetProperty(part).GetRawText(), answer.GetProperty(part).GetRawText());
        }

        Assert.True(answer.GetProperty("timeline").GetArrayLength() >= 1);
        Assert.Equal(read.GetProperty("summary").GetProperty("number").GetString(), answer.GetProperty("summary").GetProperty("number").GetString());
    }
}
