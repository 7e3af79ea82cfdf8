using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OneWindow.Core.Committees;
using OneWindow.Web.Features.Committees;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests.Committees;

/// <summary>An administrator creates a monthly committee for a demo client on /committees and lands on its page.</summary>
public class CommitteeBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static async Task PickAsync(IPage page, string testId, string item)
    {
        await page.ClickAsync($"[data-testid={testId}]");
        await page.Locator(".mud-popover-open").GetByText(item, new LocatorGetByTextOptions { Exact = true }).First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
    }

    [Fact]
    public async Task An_admin_creates_a_monthly_committee_for_a_demo_client_and_sees_it_on_its_page()
    {
        var page = await browser.SignInAsync(Demo.Admin);
        await BrowserFixture.GotoInteractiveAsync(page, "/committees");
        await page.ClickAsync("[data-testid=committee-new]");
        await BrowserFixture.FillAsync(page, "committee-name", "Комитет по качеству: Уральская горная");
        await PickAsync(page, "committee-company", Demo.CompanyA);
        await page.ClickAsync("[data-testid=committee-save]");

        await page.WaitForURLAsync("**/committees/*");
        await Assertions.Expect(page.Locator("[data-testid=committee-title]")).ToHaveTextAsync("Комитет по качеству: Уральская горная");
        await Assertions.Expect(page.Locator("[data-testid=committee-page-cadence]")).ToHaveTextAsync("Ежемесячно");
        var saved = await browser.App.WithDbAsync(db => db.Set<Committee>().Include(c => c.Companies).SingleAsync(c => c.Name == "Комитет по качеству: Уральская горная"));
        Assert.Equal(CommitteeCadence.Monthly, saved.Cadence);
        Assert.Single(saved.Companies);

        await BrowserFixture.GotoInteractiveAsync(page, "/committees");
        await Assertions.Expect(page.Locator("[data-testid=committee-link]").Filter(new LocatorFilterOptions { HasText = "Уральская горная" })).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }
}
