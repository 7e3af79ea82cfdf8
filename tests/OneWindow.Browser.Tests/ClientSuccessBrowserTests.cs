using Microsoft.Playwright;
using OneWindow.Web.Tests.Features.Clients;
using OneWindow.Web.Tests.Features.ServiceLevels;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests;

/// <summary>The app at the fixed instant of <see cref="ServiceLevelFactory"/> (Tuesday 15 December 2026), with the report scenario.</summary>
public sealed class ClientSuccessBrowserFixture() : BrowserFixture(new ServiceLevelFactory())
{
    public ServiceLevelFactory Levels => (ServiceLevelFactory)App;
}

public class ClientSuccessBrowserTests(ClientSuccessBrowserFixture browser) : IClassFixture<ClientSuccessBrowserFixture>
{
    [Fact]
    public async Task A_client_users_home_lists_an_ola_obligation_of_their_company_due_tomorrow_with_who_is_responsible()
    {
        var responsible = await ClientHomeTests.ArrangeAsync(browser.Levels);
        var page = await browser.SignInAsync(Demo.ClientA);
        await page.GotoAsync("/");
        var obligation = page.Locator("[data-testid=home-obligation]").Filter(new LocatorFilterOptions { HasText = ClientHomeTests.ActsA });
        await Assertions.Expect(obligation).ToHaveCountAsync(1);
        await Assertions.Expect(obligation.Locator("[data-testid=home-obligation-due]")).ToContainTextAsync("16.12.2026");
        await Assertions.Expect(obligation.Locator("[data-testid=home-obligation-responsible]")).ToContainTextAsync(responsible);
        await Assertions.Expect(page.Locator("[data-testid=home-obligation]").Filter(new LocatorFilterOptions { HasText = ClientHomeTests.ActsB })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=home-new-request]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=stat-companies]")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_client_card_shows_the_figures_of_the_apis()
    {
        var s = await browser.Levels.ScenarioAsync();
        var page = await browser.SignInAsync(Demo.Quality);
        await page.GotoAsync($"/companies/{s.CompanyA}");
        await Assertions.Expect(page.Locator("[data-testid=overview-open]")).ToBeVisibleAsync();
        var open = await page.EvaluateAsync<int>($"async () => (await (await fetch('/api/v1/tickets?companyId={s.CompanyA}&view=open')).json()).total");
        var waiting = await page.EvaluateAsync<int>($"async () => (await (await fetch('/api/v1/tickets?companyId={s.CompanyA}&view=waiting')).json()).total");
        await Assertions.Expect(page.Locator("[data-testid=overview-open]")).ToHaveTextAsync(open.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("[data-testid=overview-waiting]")).ToHaveTextAsync(waiting.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(await page.Locator("[data-testid=overview-sl-row]").CountAsync() > 0);
        await Assertions.Expect(page.Locator("[data-testid=overview-csat-value]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=account-notes]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=company-inn]")).Not.ToHaveTextAsync("");
        await page.Context.CloseAsync();
    }
}
