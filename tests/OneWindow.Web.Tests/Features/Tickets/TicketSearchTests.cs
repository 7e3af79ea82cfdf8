using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Features.Tickets;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Tickets;

public class TicketSearchTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private async Task<List<string>> FindAsync(HttpClient client, string q)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/tickets?pageSize=200&q=" + Uri.EscapeDataString(q));
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetString()!)];
    }

    [Fact]
    public async Task Search_finds_russian_and_english_words_in_subjects_descriptions_and_messages()
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        var agent = await app.ClientForAsync(Demo.Agent);
        var type = await app.WithDbAsync(db => db.RequestTypes.Where(t => t.Code == "CLOSE-Q").Select(t => t.Id).SingleAsync());
        var created = await (await client.PostAsJsonAsync("/api/v1/tickets", new
        {
            requestTypeId = type,
            subject = "Амортизация основных средств",
            description = "Please check the depreciation schedule for the new warehouse.",
        })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("summary").GetProperty("id").GetString();
        await agent.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { kind = "InternalNote", body = "Проверить ликвидационную стоимость" });

        Assert.Contains("Амортизация основных средств", await FindAsync(agent, "амортизац"));
        Assert.Contains("Амортизация основных средств", await FindAsync(agent, "АМОРТИЗАЦИЯ средств"));
        Assert.Contains("Амортизация основных средств", await FindAsync(agent, "depreciation"));
        Assert.Contains("Амортизация основных средств", await FindAsync(agent, "ликвидационную"));
        Assert.Contains("Амортизация основных средств", await FindAsync(agent, created.GetProperty("summary").GetProperty("number").GetString()!));
        Assert.DoesNotContain("Амортизация основных средств", await FindAsync(agent, "амортизация бананов"));
        Assert.Empty(await FindAsync(agent, "\"*) OR (\""));
    }

    [Fact]
    public async Task A_client_finds_their_ticket_by_the_conversation_but_never_by_an_internal_note()
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        var agent = await app.ClientForAsync(Demo.Agent);
        var type = await app.WithDbAsync(db => db.RequestTypes.Where(t => t.Code == "CLOSE-Q").Select(t => t.Id).SingleAsync());
        var created = await (await client.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = type, subject = "Инвентаризация склада", description = "Когда пройдёт?" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("summary").GetProperty("id").GetString()!;
        Assert.True((await agent.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { kind = "InternalNote", body = "Кладовщик Пантелеймонов уволился" })).IsSuccessStatusCode);
        Assert.True((await agent.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { kind = "PublicReply", body = "Назначим на стеллажную неделю" })).IsSuccessStatusCode);
        Assert.True((await client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { kind = "ClientMessage", body = "Подойдёт четверг, кладовая свободна" })).IsSuccessStatusCode);

        Assert.Contains("Инвентаризация склада", await FindAsync(client, "стеллажную"));
        Assert.Contains("Инвентаризация склада", await FindAsync(client, "кладовая"));
        Assert.Contains("Инвентаризация склада", await FindAsync(agent, "Пантелеймонов"));
        Assert.DoesNotContain("Инвентаризация склада", await FindAsync(client, "Пантелеймонов"));

        // A message deleted (by an administrator in the database, say) takes its words out of the ticket's search.
        await app.WithDbAsync(async db => await db.TicketMessages.Where(m => m.TicketId == Guid.Parse(id) && m.Body.StartsWith("Назначим")).ExecuteDeleteAsync());
        Assert.DoesNotContain("Инвентаризация склада", await FindAsync(client, "стеллажную"));
        Assert.Contains("Инвентаризация склада", await FindAsync(client, "кладовая"));
        Assert.Contains("Инвентаризация склада", await FindAsync(agent, "Пантелеймонов"));
    }

    [Fact]
    public async Task Search_never_crosses_the_company_boundary()
    {
        var clientA = await app.ClientForAsync(Demo.ClientA);
        var clientB = await app.ClientForAsync(Demo.ClientB);
        var type = await app.WithDbAsync(db => db.RequestTypes.Where(t => t.Code == "PURCHASE").Select(t => t.Id).SingleAsync());
        await clientB.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = type, subject = "Секретный тендер на бульдозеры", description = "Только для СибАгро", fields = new { item = "Бульдозер" } });
        Assert.Contains("Секретный тендер на бульдозеры", await FindAsync(clientB, "бульдозер"));
        Assert.Empty(await FindAsync(clientA, "бульдозер"));
    }

    [Theory]
    [InlineData("счёт 42", "\"счёт\"* AND \"42\"*")]
    [InlineData("  \"*) OR (", "\"OR\"*")]
    [InlineData(" *** ", null)]
    [InlineData("ООО «Ромашка»", "\"ООО\"* AND \"Ромашка\"*")]
    public void User_text_becomes_quoted_prefix_terms(string text, string? expected) => Assert.Equal(expected, TicketSearch.Fts5Query(text));
}
