using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OneWindow.Core.ServiceLevels;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests.Calendars;

public class CalendarBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>Saves a picture of the page when OW_SCREENSHOTS names a folder (for looking at the UI, not for asserting).</summary>
    private static async Task ShotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("OW_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    [Fact]
    public async Task An_admin_adds_a_holiday_sees_it_in_the_month_view_and_calculates_a_due_date()
    {
        var page = await browser.SignInAsync(Demo.Admin);
        await BrowserFixture.GotoInteractiveAsync(page, "/admin/calendars");
        await page.Locator("[data-testid=nav-admin-calendars]").WaitForAsync();
        var panel = page.Locator("[data-testid=calendar-panel]");
        await panel.GetByText("Пятидневка по производственному календарю РФ (Москва)").WaitForAsync();

        await page.GetByRole(AriaRole.Tab, new() { Name = "Исключения" }).ClickAsync();
        await page.ClickAsync("[data-testid=calendar-day-add]");
        await BrowserFixture.FillAsync(page, "day-date", "2027-03-16");
        await BrowserFixture.FillAsync(page, "day-name", "День открытых дверей");
        await page.ClickAsync("[data-testid=day-save]");
        await page.Locator("[data-testid=calendar-exceptions-table]").GetByText("День открытых дверей").WaitForAsync();

        await page.GetByRole(AriaRole.Tab, new() { Name = "Месяц и год" }).ClickAsync();
        var day = page.Locator("[data-testid=calendar-day][data-date='2027-03-16']");
        await day.WaitForAsync();
        Assert.Equal("holiday", await day.GetAttributeAsync("data-kind"));
        Assert.Contains("День открытых дверей", await day.InnerTextAsync());
        Assert.Equal("working", await page.Locator("[data-testid=calendar-day][data-date='2027-03-17']").GetAttributeAsync("data-kind"));
        await ShotAsync(page, "calendar-month");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Калькулятор сроков" }).ClickAsync();
        await BrowserFixture.FillAsync(page, "due-date", "2026-12-30");
        await BrowserFixture.FillAsync(page, "due-time", "17:30");
        await page.ClickAsync("[data-testid=due-calculate]");
        var due = page.Locator("[data-testid=due-result-calendar]");
        await due.WaitForAsync();
        var text = await due.InnerTextAsync();
        Assert.Contains("11 января 2027", text);
        Assert.Contains("17:30", text);
        Assert.Equal("2027-01-11T14:30:00Z", await page.Locator("[data-testid=due-result-utc]").InnerTextAsync());
        Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync());
        await ShotAsync(page, "calendar-due");

        // The weekly hours open as one row of spans per day, in step with the text form.
        await page.Locator("[data-testid=calendar-edit]").First.ClickAsync();
        await page.Locator("[data-testid=calendar-dialog]").WaitForAsync();
        Assert.Equal("09:00-13:00, 14:00-18:00", await BrowserFixture.Input(page, "weekly-hours-monday").InputValueAsync());
        Assert.Equal("", await BrowserFixture.Input(page, "weekly-hours-saturday").InputValueAsync());
        Assert.Equal("Mon-Fri 09:00-13:00,14:00-18:00", await BrowserFixture.Input(page, "weekly-hours-text").InputValueAsync());
        await ShotAsync(page, "calendar-edit");

        var saved = await browser.App.WithDbAsync(db => db.CalendarDays.SingleAsync(d => d.Date == new DateOnly(2027, 3, 16)));
        Assert.Equal(CalendarDayKind.Holiday, saved.Kind);
        await page.Context.CloseAsync();
    }
}
