using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneWindow.Web.Features.Shell;
using OneWindow.Web.Tests.Features.Auth;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests;

/// <summary>The app with sessions and open pages re-checked every second.</summary>
public sealed class RevalidatingBrowserFixture : BrowserFixture
{
    public RevalidatingBrowserFixture()
        : base(new RevalidatingFactory())
    {
    }
}

/// <summary>Issue 11, item 8: an open page loses its power when its person is deactivated, without a reload.</summary>
public class SessionRevalidationTests(RevalidatingBrowserFixture browser) : IClassFixture<RevalidatingBrowserFixture>
{
    [Fact]
    public async Task An_admin_deactivated_while_their_page_is_open_is_sent_to_sign_in()
    {
        var admin = await browser.App.ClientForAsync(Demo.Admin);
        const string email = "deputy-admin@meridian.example";
        var created = await admin.PostAsJsonAsync("/api/v1/people", new { email, fullName = "Заместитель администратора", roles = new[] { "Admin" }, culture = "ru", password = DemoData.Password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var page = await browser.SignInAsync(email);
        await BrowserFixture.GotoInteractiveAsync(page, "/admin/people");
        await page.Locator("table").First.WaitForAsync();

        // Another administrator deactivates them while the tab stays open and nobody touches it.
        Assert.Equal(HttpStatusCode.NoContent, (await SessionTests.DeactivateAsync(admin, id)).StatusCode);

        // Within the revalidation interval the circuit's state turns anonymous and the page sends the browser to sign in.
        await page.WaitForURLAsync("**/account/login**", new() { Timeout = 20_000 });
        Assert.Contains("returnUrl=%2Fadmin%2Fpeople", page.Url, StringComparison.Ordinal);

        // Nor does the cookie open the page again.
        await page.GotoAsync("/admin/people");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
