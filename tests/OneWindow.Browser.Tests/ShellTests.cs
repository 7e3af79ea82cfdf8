using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests;

public class ShellTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string[] AllLinks = ["nav-home", "nav-my-company", "nav-companies", "nav-catalogue", "nav-admin-companies", "nav-admin-people", "nav-admin-audit", "nav-security", "nav-service-levels"];

    public static TheoryData<string, string[]> RoleNavigation() => new()
    {
        { Demo.Admin, ["nav-home", "nav-companies", "nav-catalogue", "nav-admin-companies", "nav-admin-people", "nav-admin-audit", "nav-security", "nav-service-levels"] },
        { Demo.Agent, ["nav-home", "nav-companies", "nav-catalogue", "nav-security", "nav-service-levels"] },
        { Demo.TeamLead, ["nav-home", "nav-companies", "nav-catalogue", "nav-security", "nav-service-levels"] },
        { Demo.Csm, ["nav-home", "nav-companies", "nav-catalogue", "nav-security", "nav-service-levels"] },
        { Demo.DeliveryLead, ["nav-home", "nav-companies", "nav-catalogue", "nav-security", "nav-service-levels"] },
        { Demo.Quality, ["nav-home", "nav-companies", "nav-catalogue", "nav-security", "nav-service-levels"] },
        { Demo.ClientA, ["nav-home", "nav-my-company", "nav-security", "nav-service-levels"] },
        { Demo.ExecutiveA, ["nav-home", "nav-my-company", "nav-security", "nav-service-levels"] },
    };

    [Theory]
    [MemberData(nameof(RoleNavigation))]
    public async Task Each_role_signs_in_and_sees_its_own_navigation(string email, string[] visible)
    {
        var page = await browser.SignInAsync(email);
        foreach (var link in AllLinks)
        {
            var count = await page.Locator($"[data-testid={link}]").CountAsync();
            Assert.True(visible.Contains(link) ? count == 1 : count == 0, $"{email}: link {link} count {count}");
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_client_user_cannot_open_another_companys_pages_or_api_resources()
    {
        var companyB = await browser.App.WithDbAsync(db => db.Companies.Where(c => c.Name == Demo.CompanyB).Select(c => c.Id).SingleAsync());
        var page = await browser.SignInAsync(Demo.ClientA);

        await page.GotoAsync($"/companies/{companyB}");
        await page.WaitForSelectorAsync("[data-testid=not-found], [data-testid=access-denied]");
        Assert.DoesNotContain("Сибирский", await page.ContentAsync());

        await page.GotoAsync("/admin/companies");
        await page.WaitForSelectorAsync("[data-testid=access-denied]");
        Assert.DoesNotContain("Сибирский", await page.ContentAsync());

        // The same browser session (cookie) against the API.
        var status = await page.EvaluateAsync<int>($"async () => (await fetch('/api/v1/companies/{companyB}')).status");
        Assert.Equal(404, status);
        var own = await page.EvaluateAsync<string>("async () => await (await fetch('/api/v1/companies')).text()");
        Assert.Contains("Уральская", own);
        Assert.DoesNotContain("Сибирский", own);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_language_switch_turns_the_interface_to_english_and_back()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/login");
        Assert.Equal("Вход", (await page.InnerTextAsync("h1")).Trim());
        await page.ClickAsync("[data-testid=culture-en]");
        await page.WaitForSelectorAsync("h1:has-text('Sign in')");
        await page.ClickAsync("[data-testid=culture-ru]");
        await page.WaitForSelectorAsync("h1:has-text('Вход')");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_password_shows_a_readable_message()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("[data-testid=login-email]", Demo.Agent);
        await page.FillAsync("[data-testid=login-password]", "Wrong-Password-1");
        await page.ClickAsync("[data-testid=login-submit]");
        var error = await page.WaitForSelectorAsync("[data-testid=login-error]");
        Assert.Contains("Неверный", await error!.InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_shell_works_on_a_phone_sized_screen()
    {
        var page = await browser.SignInAsync(Demo.ClientA, width: 390);
        await page.ClickAsync("[data-testid=menu-toggle]");
        await page.Locator("[data-testid=nav-my-company]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 400, $"the page scrolls sideways on a phone: {scrollWidth}px");
        await page.Context.CloseAsync();
    }
}
