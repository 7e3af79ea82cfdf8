using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OneWindow.Web.Features.Committees;
using OneWindow.Web.Tests.Features.Committees;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests.Committees;

/// <summary>Issue 14: a client executive finds their committee action item under «Мои поручения» and marks it done.</summary>
public class ActionItemBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_executive_opens_their_action_items_sees_the_item_and_marks_it_done()
    {
        var app = browser.App;
        var item = await app.WithDbAsync(async db =>
        {
            var companyA = await db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync();
            var made = await MinutesFixtures.ActionItemOfAsync(db, companyA);
            made.Title = "Согласовать регламент " + Guid.NewGuid().ToString("N")[..6];
            await db.SaveChangesAsync();
            return made;
        });

        var page = await browser.SignInAsync(Demo.ExecutiveA);
        await page.ClickAsync("[data-testid=nav-action-items]");
        await page.WaitForURLAsync("**/action-items");
        await BrowserFixture.WaitInteractiveAsync(page);
        var row = page.Locator("tr").Filter(new LocatorFilterOptions { HasText = item.Title });
        await row.WaitForAsync();
        await row.Locator("[data-testid=action-item-done]").ClickAsync();

        // Done items leave the open list; the database has it closed.
        await row.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        var status = await app.WithDbAsync(db => db.Set<ActionItem>().IgnoreQueryFilters().Where(a => a.Id == item.Id).Select(a => a.Status).SingleAsync());
        Assert.Equal(ActionItemStatus.Done, status);
        await page.Context.CloseAsync();
    }
}
