using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OneWindow.Web.Features.Feedback;
using OneWindow.Web.Tests.Features.Feedback;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests;

/// <summary>The complaint loop in the browser: the team lead works the case, the client answers in their own session.</summary>
public class FeedbackCaseTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static ILocator Input(IPage page, string testId) => BrowserFixture.Input(page, testId);

    /// <summary>Opens a MudSelect and picks its first option (the labels follow the viewer's language).</summary>
    private static async Task PickFirstAsync(IPage page, string testId)
    {
        await page.ClickAsync($"[data-testid={testId}]");
        await page.Locator(".mud-popover-open .mud-list-item").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
    }

    [Fact]
    public async Task The_team_lead_works_the_case_and_the_clients_satisfied_answer_closes_it()
    {
        var (employee, _, _) = await browser.App.WithDbAsync(FeedbackFixtures.EmployeeWithLeadAsync);
        var rating = await FeedbackFixtures.RateAsync(browser.App, Demo.ClientA, employee, 1, "Браузер: акт сверки с ошибкой");
        var c = await browser.App.WithDbAsync(db => db.Set<FeedbackCase>().SingleAsync(x => x.RatingId == rating.Id));

        var lead = await browser.SignInAsync(Demo.TeamLead);
        try
        {
            await BrowserFixture.GotoInteractiveAsync(lead, "/feedback/cases");
            await lead.Locator("[data-testid=case-link]").Filter(new LocatorFilterOptions { HasText = c.Number }).ClickAsync();
            await Assertions.Expect(lead.Locator("[data-testid=case-number]")).ToContainTextAsync(c.Number);
            await lead.Locator("[data-testid=case-status][data-status=Open]").WaitForAsync();

            await PickFirstAsync(lead, "case-channel");
            await PickFirstAsync(lead, "case-root-cause");
            await BrowserFixture.FillAsync(lead, "case-contact-notes", "Позвонили клиенту, извинились");
            await BrowserFixture.FillAsync(lead, "case-actions", "Добавили сверку в чек-лист группы");
            await lead.ClickAsync("[data-testid=case-save]");
            await lead.Locator("[data-testid=case-saved]").WaitForAsync();

            await BrowserFixture.FillAsync(lead, "case-message", "Мы исправили акт сверки и добавили проверку.");
            await lead.ClickAsync("[data-testid=case-send]");
            await lead.Locator("[data-testid=case-status][data-status=AwaitingClient]").WaitForAsync();
        }
        catch
        {
            await lead.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "ow-feedback-lead.png"), FullPage = true });
            throw;
        }

        var saved = await browser.App.WithDbAsync(db => db.Set<FeedbackCase>().SingleAsync(x => x.Id == c.Id));
        Assert.Equal(FeedbackRootCause.Process, saved.RootCause);
        Assert.Equal("Добавили сверку в чек-лист группы", saved.Actions);
        Assert.True(await browser.App.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == Demo.ClientA && m.TextBody.Contains("Мы исправили акт сверки и добавили проверку."))));

        var client = await browser.SignInAsync(Demo.ClientA);
        try
        {
            await BrowserFixture.GotoInteractiveAsync(client, $"/feedback/cases/{c.Id}");
            await Assertions.Expect(client.Locator("[data-testid=case-what-we-did]")).ToHaveTextAsync("Мы исправили акт сверки и добавили проверку.");
            await client.Locator("[data-testid=case-answer-yes]").ClickAsync();
            await BrowserFixture.FillAsync(client, "case-answer-comment", "Спасибо, всё верно");
            await client.ClickAsync("[data-testid=case-answer-send]");
            await client.Locator("[data-testid=case-status][data-status=Closed]").WaitForAsync();
        }
        catch
        {
            await client.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "ow-feedback-client.png"), FullPage = true });
            throw;
        }

        await BrowserFixture.GotoInteractiveAsync(lead, $"/feedback/cases/{c.Id}");
        await lead.Locator("[data-testid=case-status][data-status=Closed]").WaitForAsync();
        await lead.Locator("[data-testid=case-client-answer]").WaitForAsync();
    }
}
