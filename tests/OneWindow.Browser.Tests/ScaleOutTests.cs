using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests;

/// <summary>Two app instances on Kestrel over one PostgreSQL database, as two nodes behind a load balancer.</summary>
public sealed class TwoInstanceBrowserFixture : BrowserFixture
{
    public TwoInstanceBrowserFixture()
        : base(new TwoInstanceFactory())
    {
    }

    public TwoInstanceFactory Second { get; private set; } = null!;

    public string SecondUrl { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Second = ((TwoInstanceFactory)App).Second();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Second.UseKestrel(port);
        Second.StartServer();
        SecondUrl = $"http://127.0.0.1:{port}";
        Second.ServerAddress = new Uri(SecondUrl);
    }

    public override async Task DisposeAsync()
    {
        await Second.DisposeAsync();
        await base.DisposeAsync();
    }
}

public class ScaleOutTests(TwoInstanceBrowserFixture browser) : IClassFixture<TwoInstanceBrowserFixture>
{
    [Fact]
    public async Task A_page_served_by_one_instance_shows_at_once_a_reply_saved_through_the_other()
    {
        var client = await browser.App.ClientForAsync(Demo.ClientA);
        var types = (await client.GetFromJsonAsync<JsonElement>("/api/v1/request-types")).GetProperty("items");
        var type = types.EnumerateArray().First(t => t.GetProperty("fields").GetArrayLength() == 0).GetProperty("id").GetGuid();
        var created = await client.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = type, subject = "Заявка для двух узлов", description = "Проверка живой страницы" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var summary = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary");
        var id = summary.GetProperty("id").GetGuid();

        // Signed in on the first instance; the cookie (host-wide, keys in the database) opens the page on the second.
        var agent = await browser.SignInAsync(Demo.Agent);
        await BrowserFixture.GotoInteractiveAsync(agent, $"{browser.SecondUrl}/tickets/{id}");
        Assert.Equal(summary.GetProperty("number").GetString(), (await agent.InnerTextAsync("[data-testid=ticket-number]")).Trim());
        await browser.Second.Services.GetRequiredService<Web.Infrastructure.Live.LiveChanges>().Listening.WaitAsync(TimeSpan.FromSeconds(20));

        // The reply is saved through the first instance's API…
        var api = await browser.App.ClientForAsync(Demo.Agent);
        var reply = await api.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { kind = "PublicReply", body = "Ответ, сохранённый на первом узле" });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);

        // …and the second instance's page shows it well before its 60-second safety check: LISTEN/NOTIFY carried it.
        await agent.GetByText("Ответ, сохранённый на первом узле").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.StartsWith(browser.SecondUrl, agent.Url, StringComparison.Ordinal);
        await agent.Context.CloseAsync();
    }
}
