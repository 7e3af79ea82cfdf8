using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OneWindow.Web.Tests.Features.ServiceLevels;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests.ServiceLevels;

/// <summary>The app standing still at 17:30 Moscow time on 30 December 2026, the last working day before the New Year holidays.</summary>
public sealed class ClockBrowserFixture() : BrowserFixture(new ClockFactory());

public class TicketClockBrowserTests(ClockBrowserFixture browser) : IClassFixture<ClockBrowserFixture>
{
    [Fact]
    public async Task The_ticket_page_shows_the_due_instant_in_each_viewers_own_time_zone()
    {
        const string client = "user@dv-logistics.demo";
        var type = await browser.App.WithDbAsync(db => db.RequestTypes.Where(t => t.Code == "CLOSE-Q").Select(t => t.Id).SingleAsync());
        var api = await browser.App.ClientForAsync(client);
        var created = await api.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = type, subject = "Срочно: закрытие года", description = "Нужна проводка", priority = "High" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary").GetProperty("id").GetString();

        // The client in Vladivostok: 11 January 17:30 Moscow is 00:30 on the 12th there.
        var page = await browser.SignInAsync(client);
        await BrowserFixture.GotoInteractiveAsync(page, $"/tickets/{id}");
        var resolution = page.Locator("[data-testid=clock][data-timer=Resolution]");
        await Assertions.Expect(resolution.Locator("[data-testid=clock-due]")).ToContainTextAsync("12.01.2027 00:30");
        await Assertions.Expect(resolution.Locator("[data-testid=clock-due]")).ToContainTextAsync("Asia/Vladivostok");
        await Assertions.Expect(resolution.Locator("[data-testid=clock-remaining]")).ToContainTextAsync("8 ч 0 мин");
        await Assertions.Expect(resolution).ToHaveAttributeAsync("data-state", "Running");
        await page.Context.CloseAsync();

        // The agent in Moscow sees the same instant as 17:30 on the 11th.
        var agent = await browser.SignInAsync(Demo.Agent);
        await BrowserFixture.GotoInteractiveAsync(agent, $"/tickets/{id}");
        await Assertions.Expect(agent.Locator("[data-testid=clock][data-timer=Resolution] [data-testid=clock-due]")).ToContainTextAsync("11.01.2027 17:30");
        await Assertions.Expect(agent.Locator("[data-testid=clock][data-side=Ola]")).ToHaveCountAsync(0);
        await agent.Context.CloseAsync();
    }
}
