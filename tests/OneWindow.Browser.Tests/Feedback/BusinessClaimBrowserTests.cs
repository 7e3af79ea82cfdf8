using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests.Feedback;

/// <summary>
/// A claim to the business in the browser: the SSC records it, the company's executive finds it from their home page on
/// /claims, opens it and answers; another company's executive sees nothing of it.
/// </summary>
public class BusinessClaimBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string ExecutiveB = "cfo@sib-agro.demo";

    [Fact]
    public async Task The_companys_executive_finds_the_claim_on_the_claims_page_and_answers_it_and_another_companys_does_not_see_it()
    {
        var a = await browser.App.WithDbAsync(db => db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync());
        var quality = await browser.App.ClientForAsync(Demo.Quality);
        var created = await (await quality.PostAsJsonAsync("/api/v1/feedback/cases", new
        {
            category = "IncompleteDocuments", companyId = a, description = "Браузер: в пакете за октябрь нет трёх товарных накладных.",
        })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();
        var number = created.GetProperty("number").GetString()!;

        var executive = await browser.SignInAsync(Demo.ExecutiveA);
        try
        {
            // The home page counts the open claims and leads to them.
            await executive.Locator("[data-testid=home-claims] a").WaitForAsync();
            await BrowserFixture.ClickUntilUrlAsync(executive, "[data-testid=home-claims] a", "**/claims");
            await BrowserFixture.WaitInteractiveAsync(executive);
            var link = executive.Locator("[data-testid=claim-link]").Filter(new LocatorFilterOptions { HasText = number });
            await link.WaitForAsync();
            await Assertions.Expect(executive.Locator("[data-testid=nav-claims]")).ToBeVisibleAsync();

            await BrowserFixture.ClickUntilUrlAsync(executive, $"[data-testid=claim-link]:has-text('{number}')", $"**/feedback/cases/{id}");
            await BrowserFixture.WaitInteractiveAsync(executive);
            await Assertions.Expect(executive.Locator("[data-testid=case-description]")).ToHaveTextAsync("Браузер: в пакете за октябрь нет трёх товарных накладных.");
            await executive.Locator("[data-testid=claim-accept]").ClickAsync();
            await BrowserFixture.FillAsync(executive, "claim-answer-text", "Согласны, досылаем накладные до пятницы.");
            await executive.ClickAsync("[data-testid=claim-answer-send]");
            await Assertions.Expect(executive.Locator("[data-testid=case-client-answer]")).ToContainTextAsync("Согласны, досылаем накладные до пятницы.");

            // Answered, the claim is with the SSC: still listed (open), no longer waiting for the executive.
            await BrowserFixture.GotoInteractiveAsync(executive, "/claims");
            await executive.Locator($"[data-testid=claim-status][data-status=Open]").First.WaitForAsync();
        }
        catch
        {
            await executive.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "ow-claims-executive.png"), FullPage = true });
            throw;
        }

        var other = await browser.SignInAsync(ExecutiveB);
        try
        {
            await BrowserFixture.GotoInteractiveAsync(other, "/claims");
            await other.Locator("[data-testid=claims-table]").WaitForAsync();
            await other.Locator("[data-testid=claims-all]").ClickAsync();
            Assert.Equal(0, await other.Locator("[data-testid=claim-link]").Filter(new LocatorFilterOptions { HasText = number }).CountAsync());
            await BrowserFixture.GotoInteractiveAsync(other, $"/feedback/cases/{id}");
            await other.Locator("[data-testid=not-found]").WaitForAsync();
        }
        catch
        {
            await other.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "ow-claims-other.png"), FullPage = true });
            throw;
        }

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await (await browser.App.ClientForAsync(ExecutiveB)).GetAsync($"/api/v1/feedback/cases/{id}")).StatusCode);
        var answered = await browser.App.WithDbAsync(db => db.Set<OneWindow.Web.Features.Feedback.FeedbackCase>().SingleAsync(c => c.Number == number));
        Assert.True(answered.ClientSatisfied);
    }
}
