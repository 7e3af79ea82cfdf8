using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Documents;
using OneWindow.Web.Features.Shell;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests.Documents;

/// <summary>
/// Issue 15, Done when 2: an employee who has not acknowledged the published code sees it on sign-in; after confirming,
/// they leave the "not read" list; a new version puts them back on it (and the prompt with it).
/// </summary>
public class DocumentBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Code = "Кодекс клиентоориентированности ЦОБ";

    private static async Task<List<Guid>> NotReadAsync(HttpClient admin, Guid document)
    {
        var response = await admin.GetAsync($"/api/v1/documents/{document}/not-read");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(p => p.GetProperty("id").GetGuid())];
    }

    private static async Task<IPage> ConfirmOnSignInAsync(BrowserFixture browser, string email)
    {
        var page = await browser.SignInAsync(email);
        var dialog = page.Locator("[data-testid=doc-ack-dialog]");
        await dialog.WaitForAsync();
        Assert.Contains("переход функции в ЦОБ", await page.Locator("[data-testid=doc-ack-text]").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        await page.ClickAsync("[data-testid=doc-ack]");
        await dialog.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        return page;
    }

    [Fact]
    public async Task A_new_employee_confirms_the_code_on_sign_in_leaves_the_not_read_list_and_a_new_version_puts_them_back()
    {
        var app = browser.App;
        var admin = await app.ClientForAsync(Demo.Admin);
        var email = $"new-agent-{Guid.NewGuid():N}"[..20] + "@onewindow.demo";
        var created = await admin.PostAsJsonAsync("/api/v1/people", new { email, fullName = "Новый специалист", roles = new[] { "Agent" }, culture = "ru", password = DemoData.Password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var person = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var (document, draft) = await app.WithDbAsync(async db =>
        {
            var id = await db.Set<Document>().Where(d => d.TitleRu == Code).Select(d => d.Id).SingleAsync();
            var review = await db.Set<DocumentVersion>().Where(v => v.DocumentId == id && v.Status == DocumentVersionStatus.Review).Select(v => v.Id).SingleAsync();
            return (id, review);
        });
        Assert.Equal([person], await NotReadAsync(admin, document));

        // A demo person who has read it signs in without the prompt.
        var demo = await browser.SignInAsync(Demo.Agent);
        await demo.Locator("[data-testid=nav]").WaitForAsync();
        Assert.Equal(0, await demo.Locator("[data-testid=doc-ack-dialog]").CountAsync());
        await demo.Context.CloseAsync();

        var page = await ConfirmOnSignInAsync(browser, email);
        Assert.Empty(await NotReadAsync(admin, document));
        // Back on a page after confirming: no prompt again.
        await BrowserFixture.GotoInteractiveAsync(page, "/documents");
        Assert.Equal(0, await page.Locator("[data-testid=doc-ack-dialog]").CountAsync());
        await page.Context.CloseAsync();

        // The version under review is published: everyone is back on the list, and the employee sees the prompt again.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/documents/versions/{draft}/publish", null)).StatusCode);
        var back = await NotReadAsync(admin, document);
        Assert.Contains(person, back);
        Assert.Contains(await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.Agent).Select(u => u.Id).SingleAsync()), back);
        page = await ConfirmOnSignInAsync(browser, email);
        Assert.DoesNotContain(person, await NotReadAsync(admin, document));

        // The editor sees who has not read it by name on the document's page.
        var quality = await browser.SignInAsync(Demo.Quality);
        await quality.ClickAsync("[data-testid=doc-ack]");
        await BrowserFixture.GotoInteractiveAsync(quality, $"/documents/{document}");
        await quality.Locator("[data-testid=doc-not-read-person]").Filter(new LocatorFilterOptions { HasText = "Алексей Петров" }).First.WaitForAsync();
        Assert.Equal(0, await quality.Locator("[data-testid=doc-not-read-person]").Filter(new LocatorFilterOptions { HasText = "Новый специалист" }).CountAsync());
        await page.Context.CloseAsync();
        await quality.Context.CloseAsync();
    }
}
