using System.Net.Http.Json;
using Microsoft.Playwright;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests;

public class TicketListTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static async Task PickAsync(IPage page, string testId, string item)
    {
        await page.ClickAsync($"div.mud-select:has([data-testid={testId}]), [data-testid={testId}] div.mud-select, div.mud-select[data-testid={testId}]");
        await page.Locator(".mud-popover-open").GetByText(item, new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        // A multi-select stays open after a pick; a click outside it (on the page heading) closes it.
        await page.Locator("h4").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
    }

    private static async Task<List<string>> NumbersAsync(IPage page) =>
        [.. (await page.Locator("[data-testid=ticket-link]").AllInnerTextsAsync()).Select(n => n.Trim())];

    [Fact]
    public async Task An_agent_filters_by_status_and_priority_pages_reloads_the_same_page_from_the_url_and_sorts_by_sla_due()
    {
        var marker = "Инвентаризация" + Random.Shared.Next(100000, 999999);
        var api = await browser.App.ClientForAsync(Demo.ClientA);
        var type = await browser.App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.RequestTypes.Where(t => t.Code == "CLOSE-Q").Select(t => t.Id)));
        for (var i = 0; i < 30; i++)
        {
            var created = await api.PostAsJsonAsync("/api/v1/tickets",
                new { requestTypeId = type, subject = $"{marker} склад {i}", description = "Сверить остатки", priority = i < 27 ? "High" : "Low" });
            created.EnsureSuccessStatusCode();
        }

        var agent = await browser.SignInAsync(Demo.Agent);
        await BrowserFixture.GotoInteractiveAsync(agent, "/tickets?view=recent&q=" + Uri.EscapeDataString(marker));
        await agent.Locator("[data-testid=tickets-total][data-total='30']").WaitForAsync();

        await PickAsync(agent, "filter-status", "Новое");
        await agent.WaitForURLAsync("**status=New**");
        await PickAsync(agent, "filter-priority", "Высокий");
        await agent.WaitForURLAsync("**priority=High**");
        await agent.Locator("[data-testid=tickets-total][data-total='27']").WaitForAsync();
        await Assertions.Expect(agent.Locator("[data-testid=ticket-link]")).ToHaveCountAsync(25);
        Assert.Equal(25, await agent.Locator("[data-testid=ticket-priority][data-priority=High]").CountAsync());

        await agent.Locator(".mud-pagination-item button").Filter(new LocatorFilterOptions { HasTextRegex = new System.Text.RegularExpressions.Regex(@"^\s*2\s*$") }).ClickAsync();
        await agent.WaitForURLAsync("**page=2**");
        await Assertions.Expect(agent.Locator("[data-testid=ticket-link]")).ToHaveCountAsync(2);
        var pageTwo = await NumbersAsync(agent);

        await agent.ReloadAsync();
        await BrowserFixture.WaitInteractiveAsync(agent);
        await agent.Locator("[data-testid=tickets-total][data-total='27']").WaitForAsync();
        await Assertions.Expect(agent.Locator("[data-testid=ticket-link]")).ToHaveCountAsync(2);
        Assert.Equal(pageTwo, await NumbersAsync(agent));
        Assert.Contains("status=New", agent.Url);
        Assert.Contains("priority=High", agent.Url);
        var export = await agent.GetAttributeAsync("[data-testid=tickets-export]", "href");
        Assert.Contains("/api/v1/tickets/export.xlsx?", export);
        Assert.Contains("status=New", export);
        Assert.Contains("priority=High", export);

        await BrowserFixture.ClickUntilUrlAsync(agent, "[data-testid=sort-slaDue]", "**sort=slaDue**");
        await agent.Locator("[data-testid=sort-slaDue][data-direction=asc]").WaitForAsync();
        await Assertions.Expect(agent.Locator("[data-testid=ticket-link]")).ToHaveCountAsync(25);
        var dues = (await agent.Locator("[data-testid=sla-due]").EvaluateAllAsync<string?[]>("els => els.map(e => e.getAttribute('data-due'))"))
            .Select(d => string.IsNullOrEmpty(d) ? long.MaxValue : long.Parse(d, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Contains(dues, d => d != long.MaxValue);
        Assert.Equal(dues.Order().ToList(), dues);
        Assert.DoesNotContain("page=2", agent.Url);

        // The service filter: the tickets' own service keeps them all; another service leaves none.
        var service = await browser.App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.RequestTypes.Where(t => t.Code == "CLOSE-Q").Select(t => t.Service!.Name)));
        await PickAsync(agent, "filter-service", service);
        await agent.WaitForURLAsync("**serviceId=**");
        await agent.Locator("[data-testid=tickets-total][data-total='27']").WaitForAsync();
        var other = service == "Казначейские платежи" ? "Расчёты с поставщиками" : "Казначейские платежи";
        await PickAsync(agent, "filter-service", other);
        await agent.Locator("[data-testid=tickets-total][data-total='0']").WaitForAsync();
        Assert.Contains("serviceId=", await agent.GetAttributeAsync("[data-testid=tickets-export]", "href"));
        await agent.Context.CloseAsync();
    }
}
