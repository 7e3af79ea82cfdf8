using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests.Mail;

public class MailTemplateBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_saves_an_edited_reply_template_a_broken_one_is_refused_and_reset_brings_the_default_back()
    {
        var page = await browser.SignInAsync(Demo.Admin);
        await BrowserFixture.GotoInteractiveAsync(page, "/admin/mail-templates");
        var original = await BrowserFixture.Input(page, "template-subject").InputValueAsync();

        await BrowserFixture.FillAsync(page, "template-subject", "Без номера");
        await page.ClickAsync("[data-testid=template-save]");
        await page.Locator(".mud-input-error").GetByText("{{ number }}").First.WaitForAsync();
        Assert.Equal(0, await browser.App.WithDbAsync(db => db.MailTemplates.CountAsync()));

        await BrowserFixture.FillAsync(page, "template-subject", "Обращение {{ number }}: {{ subject }}");
        await page.ClickAsync("[data-testid=template-save]");
        await page.Locator("[data-testid=template-reset]").WaitForAsync();
        var saved = await browser.App.WithDbAsync(db => db.MailTemplates.SingleAsync());
        Assert.Equal(("reply", "ru", "Обращение {{ number }}: {{ subject }}"), (saved.Key, saved.Culture, saved.Subject));

        await page.ClickAsync("[data-testid=template-reset]");
        await Assertions.Expect(BrowserFixture.Input(page, "template-subject")).ToHaveValueAsync(original);
        await Assertions.Expect(page.Locator("[data-testid=template-reset]")).ToHaveCountAsync(0);
        Assert.Equal(0, await browser.App.WithDbAsync(db => db.MailTemplates.CountAsync()));
        Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync());
        await page.Context.CloseAsync();
    }
}
