using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OneWindow.Web.Features.JourneyMaps;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests.JourneyMaps;

/// <summary>Issue 15: the CSM opens the demo journey map, sees a bound touchpoint's live figures and the client CFO's comment, and reorders a step.</summary>
public class JourneyMapBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Title = "Оплата счетов поставщиков: путь бухгалтера площадки";

    [Fact]
    public async Task The_CSM_sees_figures_and_the_executives_comment_and_moves_a_step_down()
    {
        var app = browser.App;
        var page = await browser.SignInAsync(Demo.Csm);
        await page.ClickAsync("[data-testid=nav-journey-maps]");
        await page.WaitForURLAsync("**/journey-maps");
        await page.Locator("[data-testid=journey-map-link]").Filter(new LocatorFilterOptions { HasText = Title }).ClickAsync();
        await page.WaitForURLAsync("**/journey-maps/*");
        await BrowserFixture.WaitInteractiveAsync(page);

        await page.Locator("[data-testid=figure-volume]").First.WaitForAsync();
        Assert.True(await page.Locator("[data-testid=journey-figures]").CountAsync() >= 2);
        await page.Locator("[data-testid=journey-comment]").Filter(new LocatorFilterOptions { HasText = "Код площадки" }).First.WaitForAsync();

        // The first step of the first stage goes one place down by the fallback button, and the order is saved.
        var first = await page.Locator("[data-testid=journey-step-title]").First.InnerTextAsync();
        await page.ClickAsync("[data-testid=journey-edit]");
        await page.Locator("[data-testid=journey-step-down]").First.ClickAsync();
        await page.ClickAsync("[data-testid=journey-save]");
        await page.Locator("[data-testid=journey-edit]").WaitForAsync();

        var order = await app.WithDbAsync(db => db.Set<JourneyStep>()
            .Where(s => db.Set<JourneyMap>().Any(m => m.Id == s.MapId && m.Title == Title))
            .Join(db.Set<JourneyStage>(), s => s.StageId, st => st.Id, (s, st) => new { s.Title, Stage = st.Order, s.Order })
            .Where(x => x.Stage == 0).OrderBy(x => x.Order).Select(x => x.Title).ToListAsync());
        Assert.Equal(first.Trim(), order[1]);
        await page.Context.CloseAsync();
    }
}
