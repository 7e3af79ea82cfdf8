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
            // The ticket with its summary, the timeline, the messages, the files, the clocks (TicketQueries.LoadAsync).
            Assert.InRange(twenty.Count, 1, 5);
        }
    }
}
