using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests;

public sealed class OidcFactory(string authority) : OneWindowFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Authentication:Oidc:Enabled", "true"),
        new("Authentication:Oidc:Authority", authority),
        new("Authentication:Oidc:ClientId", "onewindow"),
        new("Authentication:Oidc:ClientSecret", "secret"),
        new("Authentication:Oidc:DisplayName", "Keycloak"),
        new("Authentication:Oidc:RequireHttpsMetadata", "false"),
    ];
}

public sealed class SsoBrowserFixture : BrowserFixture
{
    public SsoBrowserFixture()
        : this(FakeIdentityProvider.Start())
    {
    }

    private SsoBrowserFixture(FakeIdentityProvider idp)
        : base(new OidcFactory(idp.Url)) => Idp = idp;

    public FakeIdentityProvider Idp { get; }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Idp.DisposeAsync();
    }
}

public class SsoTests(SsoBrowserFixture browser) : IClassFixture<SsoBrowserFixture>
{
    [Fact]
    public async Task A_registered_person_signs_in_through_the_corporate_identity_provider()
    {
        browser.Idp.Email = Demo.Agent;
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.ClickAsync("[data-testid=login-sso]");
        await BrowserFixture.WaitInteractiveAsync(page);
        Assert.Equal(1, await page.Locator("[data-testid=nav-companies]").CountAsync());
        Assert.Contains("Алексей Петров", await page.InnerTextAsync("[data-testid=current-user]"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_address_the_identity_provider_did_not_verify_does_not_sign_in()
    {
        // Issue 11, item 13: matching by email alone let anyone who set a registered address at the provider become that person.
        browser.Idp.Email = Demo.Agent;
        browser.Idp.EmailVerified = false;
        try
        {
            var page = await browser.NewPageAsync();
            await page.GotoAsync("/account/login");
            await page.ClickAsync("[data-testid=login-sso]");
            var error = await page.WaitForSelectorAsync("[data-testid=login-error]");
            Assert.Contains("не подтвердил", await error!.InnerTextAsync());
            Assert.Equal(0, await page.Locator("[data-testid=current-user]").CountAsync());
            await page.Context.CloseAsync();
        }
        finally
        {
            browser.Idp.EmailVerified = true;
        }
    }

    [Fact]
    public async Task An_unknown_person_from_the_identity_provider_is_refused_with_a_message()
    {
        browser.Idp.Email = "stranger@example.com";
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.ClickAsync("[data-testid=login-sso]");
        var error = await page.WaitForSelectorAsync("[data-testid=login-error]");
        Assert.Contains("не зарегистрирован", await error!.InnerTextAsync());
        await page.Context.CloseAsync();
    }
}
