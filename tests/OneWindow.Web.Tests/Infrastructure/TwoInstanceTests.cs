using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace OneWindow.Web.Tests.Infrastructure;

/// <summary>The application; <see cref="Second"/> starts another instance on the same database, as a second node behind a load balancer.</summary>
public sealed class TwoInstanceFactory : OneWindowFactory
{
    public TwoInstanceFactory()
    {
    }

    private TwoInstanceFactory(OneWindowFactory primary)
        : base(primary)
    {
    }

    public TwoInstanceFactory Second() => new(this);
}

/// <summary>
/// Scale-out: two instances on one database serve the same person. Sessions and tokens are protected by Data
/// Protection keys kept in the database, so a cookie or a bearer token issued by one instance is honoured by the other.
/// </summary>
public sealed class TwoInstanceTests(TwoInstanceFactory first) : IClassFixture<TwoInstanceFactory>
{
    [Fact]
    public async Task A_cookie_a_bearer_token_and_a_personal_access_token_issued_by_one_instance_work_on_the_other()
    {
        await using var second = first.Second();

        // The browser's cookie jar, shared by the two nodes as a load balancer without affinity would make it.
        var jar = new System.Net.CookieContainer();
        var onFirst = first.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(jar));
        var onSecond = second.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(jar));
        Assert.Equal(HttpStatusCode.Unauthorized, (await onSecond.GetAsync("/api/v1/me")).StatusCode);
        await OneWindowFactory.SignInAsync(onFirst, Demo.Agent);
        var me = await onSecond.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal(Demo.Agent, me.GetProperty("email").GetString());

        // A bearer token from the first instance's token endpoint.
        var bearer = await first.ClientForAsync(Demo.ClientA);
        var viaSecond = second.CreateClient();
        viaSecond.DefaultRequestHeaders.Authorization = bearer.DefaultRequestHeaders.Authorization;
        Assert.Equal(Demo.ClientA, (await viaSecond.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("email").GetString());

        // A personal access token created on the first instance.
        var created = await bearer.PostAsJsonAsync("/api/v1/me/tokens", new { name = "Интеграция с 1С", scopes = new[] { "read" }, expiresInDays = 30 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var pat = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString();
        var integration = second.CreateClient();
        integration.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", pat);
        Assert.Equal(HttpStatusCode.OK, (await integration.GetAsync("/api/v1/tickets")).StatusCode);
    }

    [Fact]
    public async Task A_ticket_changed_through_one_instance_is_current_on_the_other()
    {
        await using var second = first.Second();
        var client = await first.ClientForAsync(Demo.ClientA);
        var types = (await client.GetFromJsonAsync<JsonElement>("/api/v1/request-types")).GetProperty("items");
        var type = types.EnumerateArray().First(t => t.GetProperty("fields").GetArrayLength() == 0).GetProperty("id").GetGuid();
        var created = await client.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = type, subject = "Заявка через первый узел", description = "Проверка двух экземпляров" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary");
        var id = ticket.GetProperty("id").GetGuid();

        // The second instance numbers from the same sequence: its ticket follows, never collides.
        var otherClient = second.CreateClient();
        otherClient.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
        var next = await otherClient.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = type, subject = "Заявка через второй узел", description = "Проверка двух экземпляров" });
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
        var numbers = new[] { ticket.GetProperty("number").GetString()!, (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary").GetProperty("number").GetString()! };
        Assert.True(string.CompareOrdinal(numbers[0], numbers[1]) < 0, $"{numbers[0]} then {numbers[1]}");

        // An agent's reply through the second instance is what the first instance answers at once.
        var agentOnSecond = second.CreateClient();
        agentOnSecond.DefaultRequestHeaders.Authorization = (await first.ClientForAsync(Demo.Agent)).DefaultRequestHeaders.Authorization;
        var reply = await agentOnSecond.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { kind = "PublicReply", body = "Ответ со второго узла" });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        var seen = await client.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}");
        Assert.Contains(seen.GetProperty("messages").EnumerateArray(), m => m.GetProperty("body").GetString() == "Ответ со второго узла");
    }
}
