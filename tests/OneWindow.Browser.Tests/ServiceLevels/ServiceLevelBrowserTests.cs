using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OneWindow.Web.Tests.Features.ServiceLevels;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests.ServiceLevels;

/// <summary>The app at the fixed instant of <see cref="ServiceLevelFactory"/>, with the report scenario arranged.</summary>
public sealed class ServiceLevelBrowserFixture() : BrowserFixture(new ServiceLevelFactory())
{
    public ServiceLevelFactory Levels => (ServiceLevelFactory)App;
}

public class ServiceLevelBrowserTests(ServiceLevelBrowserFixture browser) : IClassFixture<ServiceLevelBrowserFixture>
{
    // The visible select box around the tagged input: MudSelect swaps its inner element between renders.
    private static ILocator Select(IPage page, string testId) =>
        page.Locator("div.mud-select").Filter(new LocatorFilterOptions { Has = page.Locator($"[data-testid={testId}]") }).First;

    [Fact]
    public async Task A_quality_manager_sees_sla_ola_and_the_index_of_a_client_and_opens_the_items_behind_a_figure()
    {
        var s = await browser.Levels.ScenarioAsync();
        var page = await browser.SignInAsync(Demo.Quality);
        await page.ClickAsync("[data-testid=nav-service-levels]");
        await page.WaitForURLAsync("**/service-levels");
        await BrowserFixture.WaitInteractiveAsync(page);

        // October 2026, company A.
        // A pick can go nowhere when the popover is still opening on a loaded machine (seen in CI): pick again.
        await BrowserFixture.UntilUrlAsync(page, async () =>
        {
            await Select(page, "sl-period").ClickAsync();
            await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { NameRegex = new Regex("октябрь 2026", RegexOptions.IgnoreCase) }).ClickAsync();
        }, "**period=2026-10**");
        await BrowserFixture.UntilUrlAsync(page, async () =>
        {
            await Select(page, "sl-company").ClickAsync();
            await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = Demo.CompanyA }).ClickAsync();
        }, $"**companyId={s.CompanyA}**");

        var rows = page.Locator("[data-testid=sl-table] tbody tr");
        await Assertions.Expect(rows.Filter(new LocatorFilterOptions { HasText = Demo.CompanyB })).ToHaveCountAsync(0);
        var ap = rows.Filter(new LocatorFilterOptions { HasText = Demo.CompanyA }).Filter(new LocatorFilterOptions { HasText = "Расчёты с поставщиками" });
        await Assertions.Expect(ap.Locator("[data-testid=sl-sla]")).ToHaveTextAsync("75,0 %");
        await Assertions.Expect(ap.Locator("[data-testid=sl-ola]")).ToHaveTextAsync("100,0 %");
        await Assertions.Expect(ap.Locator("[data-testid=sl-index]")).ToHaveTextAsync("85,0 %");
        await Assertions.Expect(page.Locator("[data-testid=sl-trend] svg").First).ToBeVisibleAsync();

        // The SLA figure opens the items behind it: the October resolution clocks and the payments figure.
        await ap.Locator("[data-testid=sl-sla]").ClickAsync();
        await page.WaitForURLAsync("**/service-levels/items?**");
        await BrowserFixture.WaitInteractiveAsync(page);
        var items = page.Locator("[data-testid=sl-items] tbody tr");
        await Assertions.Expect(items.Filter(new LocatorFilterOptions { HasText = s.Tickets["C1"] })).ToHaveCountAsync(1);
        await Assertions.Expect(items.Filter(new LocatorFilterOptions { HasText = s.Tickets["C2"] })).ToHaveCountAsync(1);
        await Assertions.Expect(items).ToHaveCountAsync(3);

        await page.ClickAsync("[data-testid=sl-items-breaches]");
        await Assertions.Expect(items).ToHaveCountAsync(1);
        await Assertions.Expect(items.First).ToContainTextAsync(s.Tickets["C1"]);
        await page.Context.CloseAsync();
    }
}
