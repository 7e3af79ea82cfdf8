using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests.Feedback;

public class FeedbackSettingsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_saves_the_feedback_settings_and_a_malformed_reason_is_explained_in_russian()
    {
        var page = await browser.SignInAsync(Demo.Admin);
        await BrowserFixture.GotoInteractiveAsync(page, "/admin/feedback-settings");

        await BrowserFixture.FillAsync(page, "settings-reasons", "скорость");
        await page.ClickAsync("[data-testid=settings-save]");
        await page.Locator(".mud-input-error").GetByText("ключ|Русский|English").First.WaitForAsync();
        Assert.Equal(0, await browser.App.WithDbAsync(db => db.FeedbackSettings.CountAsync()));

        await BrowserFixture.FillAsync(page, "settings-reasons", "speed|Скорость|Speed\nother|Другое|Other");
        await BrowserFixture.FillAsync(page, "settings-case-due", "5");
        await page.ClickAsync("[data-testid=settings-save]");
        await Assertions.Expect(page.Locator(".mud-input-error")).ToHaveCountAsync(0);
        await WaitForAsync(async () => await browser.App.WithDbAsync(db => db.FeedbackSettings.AnyAsync()));
        var saved = await browser.App.WithDbAsync(db => db.FeedbackSettings.SingleAsync());
        Assert.Equal(5, saved.CaseDueWorkingDays);
        Assert.Equal("speed|Скорость|Speed\nother|Другое|Other", saved.ReasonCategories);

        // A second save goes over the version the page now holds, not a stale one.
        await BrowserFixture.FillAsync(page, "settings-case-due", "4");
        await page.ClickAsync("[data-testid=settings-save]");
        await WaitForAsync(async () => await browser.App.WithDbAsync(db => db.FeedbackSettings.Select(s => s.CaseDueWorkingDays).SingleAsync()) == 4);
        Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync());
        await page.Context.CloseAsync();
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 50 && !await condition(); i++)
        {
            await Task.Delay(200);
        }

        Assert.True(await condition());
    }
}
