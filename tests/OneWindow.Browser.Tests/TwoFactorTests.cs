using System.Net.Http.Json;
using System.Text.Json;
using OneWindow.Web.Features.Shell;
using OneWindow.Web.Tests.Infrastructure;
using OtpNet;

namespace OneWindow.Browser.Tests;

public class TwoFactorTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_person_with_two_factor_signs_in_with_the_authenticator_code()
    {
        var api = await browser.App.ClientForAsync(Demo.TeamLead);
        var setup = await (await api.PostAsync("/api/v1/me/two-factor/setup", null)).Content.ReadFromJsonAsync<JsonElement>();
        var totp = new Totp(Base32Encoding.ToBytes(setup.GetProperty("sharedKey").GetString()!));
        (await api.PostAsJsonAsync("/api/v1/me/two-factor/enable", new { code = totp.ComputeTotp() })).EnsureSuccessStatusCode();

        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("[data-testid=login-email]", Demo.TeamLead);
        await page.FillAsync("[data-testid=login-password]", DemoData.Password);
        await page.ClickAsync("[data-testid=login-submit]");

        await page.FillAsync("[data-testid=login-code]", "000000" == totp.ComputeTotp() ? "111111" : "000000");
        await page.ClickAsync("[data-testid=login-code-submit]");
        Assert.Contains("Неверный код", await (await page.WaitForSelectorAsync("[data-testid=login-error]"))!.InnerTextAsync());

        await page.FillAsync("[data-testid=login-code]", totp.ComputeTotp());
        await page.ClickAsync("[data-testid=login-code-submit]");
        await BrowserFixture.WaitInteractiveAsync(page);
        Assert.Equal(1, await page.Locator("[data-testid=nav-companies]").CountAsync());
        await page.Context.CloseAsync();
    }
}
