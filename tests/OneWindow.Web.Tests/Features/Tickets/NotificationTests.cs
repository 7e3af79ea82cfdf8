using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Tickets;

public class NotificationTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private static async Task<JsonElement> NotificationsAsync(HttpClient client) => await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications");

    [Fact]
    public async Task People_hear_of_what_concerns_them_and_never_of_their_own_changes()
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        var agent = await app.ClientForAsync(Demo.Agent);
        var csm = await app.ClientForAsync(Demo.Csm);
        var type = await app.WithDbAsync(db => db.RequestTypes.Where(t => t.Code == "CLOSE-Q").Select(t => t.Id).SingleAsync());
        var id = (await (await client.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = type, subject = "Уведомления", description = "Проверка" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary").GetProperty("id").GetString();
        var agentId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.Agent).Select(u => u.Id).SingleAsync());

        var clientBefore = (await NotificationsAsync(client)).GetProperty("unread").GetInt32();
        await agent.PostAsJsonAsync($"/api/v1/tickets/{id}/actions", new { action = "Assign", assigneeId = agentId });
        await agent.PostAsJsonAsync($"/api/v1/tickets/{id}/actions", new { action = "Start" });
        await agent.PostAsJsonAsync($"/api/v1/tickets/{id}/actions", new { action = "AskClient", message = "Какой период?" });

        var forClient = await NotificationsAsync(client);
        Assert.True(forClient.GetProperty("unread").GetInt32() > clientBefore);
        var kinds = forClient.GetProperty("items").EnumerateArray().Where(n => n.GetProperty("ticketId").GetString() == id).Select(n => n.GetProperty("kind").GetString()).ToList();
        Assert.Contains("Replied", kinds);
        Assert.Contains("StatusChanged", kinds);
        Assert.DoesNotContain("Assigned", kinds); // internal events stay internal

        // The agent made those changes: nothing for them yet. The client's answer notifies the agent and the CSM watcher.
        Assert.DoesNotContain((await NotificationsAsync(agent)).GetProperty("items").EnumerateArray(), n => n.GetProperty("ticketId").GetString() == id && n.GetProperty("kind").GetString() == "StatusChanged");
        await client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { kind = "ClientMessage", body = "Ноябрь" });
        Assert.Contains((await NotificationsAsync(agent)).GetProperty("items").EnumerateArray(), n => n.GetProperty("ticketId").GetString() == id && n.GetProperty("kind").GetString() == "ClientReplied");
        Assert.Contains((await NotificationsAsync(csm)).GetProperty("items").EnumerateArray(), n => n.GetProperty("ticketId").GetString() == id && n.GetProperty("kind").GetString() == "ClientReplied");

        var first = forClient.GetProperty("items")[0].GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/v1/notifications/{first}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.PostAsync($"/api/v1/notifications/{first}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/v1/notifications/read-all", null)).StatusCode);
        Assert.Equal(0, (await NotificationsAsync(client)).GetProperty("unread").GetInt32());
    }
}

public class MailTemplateEditingTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    [Fact]
    public async Task Edited_templates_must_parse_and_keep_the_ticket_number_in_the_subject()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var current = await admin.GetFromJsonAsync<JsonElement>("/api/v1/mail/templates/reply/en");
        Assert.False(current.GetProperty("edited").GetBoolean());
        Assert.Contains("{{ number }}", current.GetProperty("subject").GetString());

        await HttpAssert.FieldErrorAsync(await admin.PutAsJsonAsync("/api/v1/mail/templates/reply/en", new { subject = "Hello", text = "x", html = "x" }), "subject");
        await HttpAssert.FieldErrorAsync(await admin.PutAsJsonAsync("/api/v1/mail/templates/reply/en", new { subject = "[{{ number }}]", text = "{% if %}", html = "x" }), "text");
        await HttpAssert.ProblemAsync(await admin.GetAsync("/api/v1/mail/templates/reply/de"), 404);
        await HttpAssert.ProblemAsync(await (await app.ClientForAsync(Demo.Agent)).GetAsync("/api/v1/mail/templates/reply/en"), 403);

        var saved = await admin.PutAsJsonAsync("/api/v1/mail/templates/reply/en", new { subject = "[{{ number }}] {{ subject }}", text = "Hi {{ name }}", html = "<p>Hi</p>" });
        Assert.True((await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("edited").GetBoolean());
        var reset = await (await admin.DeleteAsync("/api/v1/mail/templates/reply/en")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(reset.GetProperty("edited").GetBoolean());
    }
}
