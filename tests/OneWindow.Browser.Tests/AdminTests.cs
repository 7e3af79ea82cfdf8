using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests;

public class AdminTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("/admin/companies")]
    [InlineData("/admin/departments")]
    [InlineData("/admin/services")]
    [InlineData("/admin/calendars")]
    [InlineData("/admin/people")]
    [InlineData("/admin/assignments")]
    [InlineData("/admin/audit")]
    [InlineData("/admin/request-types")]
    [InlineData("/admin/routing-rules")]
    [InlineData("/admin/outbox")]
    [InlineData("/mail/triage")]
    [InlineData("/tickets")]
    [InlineData("/companies")]
    [InlineData("/catalogue")]
    [InlineData("/account/security")]
    [InlineData("/agreements")]
    public async Task An_admin_page_renders_its_table_without_an_error(string path)
    {
        var page = await browser.SignInAsync(Demo.Admin);
        await page.GotoAsync(path);
        await page.Locator("table").First.WaitForAsync();
        Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync(), $"{path} shows the error bar");
        Assert.Equal(0, await page.Locator("[data-testid=access-denied]").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_creates_a_holding_in_the_ui_and_the_audit_log_names_them()
    {
        var page = await browser.SignInAsync(Demo.Admin);
        await BrowserFixture.GotoInteractiveAsync(page, "/admin/companies");
        await page.Locator("[data-testid=admin-companies-table]").WaitForAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Холдинги" }).ClickAsync();
        await page.ClickAsync("[data-testid=holding-create]");
        var name = page.Locator("[data-testid=holding-name-input]").Locator("xpath=descendant-or-self::input").First;
        await name.FillAsync("Группа «Браузер»");
        await page.ClickAsync("[data-testid=holding-save]");
        await page.Locator("[data-testid=admin-holdings-table]").GetByText("Группа «Браузер»").WaitForAsync();

        var actor = await browser.App.WithDbAsync(async db =>
        {
            var id = (await db.Holdings.Where(h => h.Name == "Группа «Браузер»").Select(h => h.Id).SingleAsync()).ToString();
            return await db.AuditEntries.Where(e => e.EntityId == id && e.Action == "create").Select(e => e.ActorName).SingleAsync();
        });
        Assert.Equal("Ирина Соколова", actor);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_assignment_form_refuses_a_person_without_the_role_as_the_api_does()
    {
        var page = await browser.SignInAsync(Demo.Admin);
        await BrowserFixture.GotoInteractiveAsync(page, "/admin/assignments");
        await page.ClickAsync("[data-testid=assignment-create]");
        await page.ClickAsync("[data-testid=assignment-company-input]");
        await page.Locator(".mud-popover-open").GetByText(Demo.CompanyB).ClickAsync();
        await page.ClickAsync("[data-testid=assignment-person-input]");
        await page.Locator(".mud-popover-open").GetByText("Алексей Петров").ClickAsync();
        await page.ClickAsync("[data-testid=assignment-save]");

        // The agent is no client success manager: the desk says so under the person, and nothing is saved.
        await page.GetByText("У сотрудника нет роли «Менеджер по работе с клиентами (CSM)», нужной для такого закрепления.").WaitForAsync();
        var saved = await browser.App.WithDbAsync(db => db.ClientAssignments.CountAsync(a => a.User!.Email == Demo.Agent && a.Company!.Name == Demo.CompanyB));
        Assert.Equal(0, saved);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_adds_a_person_in_the_people_page_once_the_roles_fit_the_company()
    {
        var page = await browser.SignInAsync(Demo.Admin);
        await BrowserFixture.GotoInteractiveAsync(page, "/admin/people");
        await page.ClickAsync("[data-testid=person-create]");
        await BrowserFixture.FillAsync(page, "person-email-input", "newcomer@onewindow.demo");
        await BrowserFixture.FillAsync(page, "person-name-input", "Новый Сотрудник");
        await BrowserFixture.FillAsync(page, "person-password-input", "Newcomer-Password-2026");
        await page.ClickAsync("[data-testid=person-roles-input]");
        await page.Locator(".mud-popover-open").GetByText("Пользователь бизнеса").ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.ClickAsync("[data-testid=person-save]");

        // A client role without a company: the people API's rule, in Russian, under the roles.
        await page.GetByText("Для роли пользователя бизнеса выберите компанию-клиента.").WaitForAsync();
        await page.ClickAsync("[data-testid=person-roles-input]");
        await page.Locator(".mud-popover-open").GetByText("Пользователь бизнеса").ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("Специалист службы клиентского сервиса").ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.ClickAsync("[data-testid=person-save]");
        await page.Locator("[data-testid=people-table]").GetByText("newcomer@onewindow.demo").WaitForAsync();

        var roles = await browser.App.WithDbAsync(db => (from u in db.Users
                                                          join ur in db.UserRoles on u.Id equals ur.UserId
                                                          join r in db.Roles on ur.RoleId equals r.Id
                                                          where u.Email == "newcomer@onewindow.demo"
                                                          select r.Name).ToListAsync());
        Assert.Equal(["Agent"], roles);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_defines_a_request_type_with_a_choice_field_in_the_ui()
    {
        var page = await browser.SignInAsync(Demo.Admin);
        await BrowserFixture.GotoInteractiveAsync(page, "/admin/request-types");
        await page.ClickAsync("[data-testid=request-type-create]");
        await page.ClickAsync("[data-testid=rt-service]");
        await page.Locator(".mud-popover-open").GetByText("Казначейские платежи").ClickAsync();
        await BrowserFixture.FillAsync(page, "rt-code", "FX");
        await BrowserFixture.FillAsync(page, "rt-name", "Покупка валюты");
        await page.ClickAsync("[data-testid=rt-add-field]");
        var field = page.Locator("[data-testid=rt-field]").First;
        await field.Locator("input").Nth(0).FillAsync("currency");
        await field.Locator("input").Nth(1).FillAsync("Валюта");
        await page.ClickAsync("[data-testid=rt-save]");
        await page.Locator("[data-testid=request-types-table]").GetByText("Покупка валюты").WaitForAsync();

        var saved = await browser.App.WithDbAsync(db => db.RequestTypes.Include(t => t.Fields).SingleAsync(t => t.Code == "FX"));
        Assert.Equal("currency", Assert.Single(saved.Fields).Key);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_previews_the_reply_template_and_a_broken_one_is_explained()
    {
        var page = await browser.SignInAsync(Demo.Admin);
        await BrowserFixture.GotoInteractiveAsync(page, "/admin/mail-templates");
        await page.ClickAsync("[data-testid=template-preview]");
        await page.Locator("[data-testid=template-preview-result]").GetByText("OW-2026-000123").First.WaitForAsync();
        await BrowserFixture.FillAsync(page, "template-subject", "Без номера");
        await page.ClickAsync("[data-testid=template-preview]");
        await Assertions.Expect(page.Locator("[data-testid=template-preview-result]")).ToHaveCountAsync(0);
        await page.Locator(".mud-input-error").GetByText("{{ number }}").First.WaitForAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_previews_the_what_we_did_template_with_its_answer_link()
    {
        var page = await browser.SignInAsync(Demo.Admin);
        await BrowserFixture.GotoInteractiveAsync(page, "/admin/mail-templates");
        await page.ClickAsync("[data-testid=template-key-what-we-did]");
        await page.Locator("[data-testid=template-help]").GetByText("{{ link }}").First.WaitForAsync();
        await Assertions.Expect(BrowserFixture.Input(page, "template-subject")).ToHaveValueAsync("[{{ number }}] Что мы сделали по вашему отзыву");
        await page.ClickAsync("[data-testid=template-preview]");
        var preview = page.Locator("[data-testid=template-preview-result]");
        await preview.GetByText("FB-1A2B3C4D").First.WaitForAsync();
        await preview.GetByText("/feedback/cases/").First.WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=template-preview-html]")).ToHaveAttributeAsync("srcdoc", new System.Text.RegularExpressions.Regex("href=\"[^\"]*/feedback/cases/"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_csm_sees_only_assigned_companies_in_the_ui()
    {
        var page = await browser.SignInAsync(Demo.Csm);
        await page.GotoAsync("/companies");
        // The rows come after the header on a loaded machine (seen in a full run): wait for the first expected one.
        await page.Locator("table").First.GetByText("Уральская горная").First.WaitForAsync();
        var text = await page.InnerTextAsync("table");
        Assert.Contains("Уральская горная", text);
        Assert.Contains("Сибирский агрохолдинг", text);
        Assert.DoesNotContain("Дальневосточная", text);
        await page.Context.CloseAsync();
    }
}
