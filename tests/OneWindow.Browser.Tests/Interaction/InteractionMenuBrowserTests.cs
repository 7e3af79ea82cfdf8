using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using OneWindow.Core.Calendars;
using OneWindow.Core.Interaction;
using OneWindow.Core.ServiceLevels;
using OneWindow.Web.Features.Interaction;
using OneWindow.Web.Features.Mail;
using OneWindow.Web.Tests.Features.Mail;
using OneWindow.Web.Tests.Features.ServiceLevels;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests.Interaction;

/// <summary>The app with the SMTP test receiver, the scheduler off (the test fires the delivery job) and a clock the test moves.</summary>
public sealed class InteractionAppFactory : OneWindowFactory
{
    public TestClock Clock { get; } = new() { Now = new DateTimeOffset(TimeProvider.System.GetUtcNow().UtcDateTime.Date.AddHours(7), TimeSpan.Zero) };

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Mail:Smtp:Host", MailServers.Smtp.Host),
        new("Mail:Smtp:StartTls", "None"),
        new("Mail:Smtp:Port", MailServers.Smtp.Port.ToString(CultureInfo.InvariantCulture)),
        new("Mail:Smtp:From", "desk@onewindow.test"),
        new("Mail:Smtp:PollSeconds", "0"),
        new("Mail:AcknowledgeNewTickets", "false"),
        new("Jobs:Enabled", "false"),
        new("Identity:BearerTokenMinutes", "1000000"),
    ];

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.ConfigureTestServices(builder, s => s.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class InteractionFixture() : BrowserFixture(new InteractionAppFactory());

/// <summary>
/// The issue's done-when line end to end: a client executive chooses "monthly SLA/OLA report, PDF, on working day 3" in
/// the browser; on working day 3 of the next month by the production calendar the job sends it to the SMTP receiver with
/// the PDF (printed in Chromium) attached; the delivery log shows it; and the PDF's figures are the report API's.
/// </summary>
public class InteractionMenuBrowserTests(InteractionFixture browser) : IClassFixture<InteractionFixture>
{
    private static async Task PickAsync(IPage page, string testId, string item)
    {
        await page.ClickAsync($"[data-testid={testId}]");
        await page.Locator(".mud-popover-open").GetByText(item, new LocatorGetByTextOptions { Exact = true }).First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
    }

    private static string Percent(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? "—" : value.GetDouble().ToString("0.0", CultureInfo.GetCultureInfo("ru")) + " %";

    [Fact]
    public async Task An_executive_chooses_the_monthly_PDF_report_on_working_day_3_and_gets_it_by_email_with_the_report_APIs_figures()
    {
        var app = (InteractionAppFactory)browser.App;
        var companyA = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.ExecutiveA).Select(u => u.CompanyId!.Value).SingleAsync());
        var zoneId = await app.WithDbAsync(db => db.Companies.Where(c => c.Id == companyA).Select(c => c.TimeZoneId).SingleAsync());

        // The executive chooses in the app.
        var page = await browser.SignInAsync(Demo.ExecutiveA);
        await BrowserFixture.GotoInteractiveAsync(page, "/interaction-menu");
        await PickAsync(page, "menu-format", "Ежемесячный отчёт SLA/OLA");
        await PickAsync(page, "menu-frequency", "Ежемесячно");
        await PickAsync(page, "menu-channel", "Email, PDF");
        await BrowserFixture.FillAsync(page, "menu-working-day", "3");
        await BrowserFixture.FillAsync(page, "menu-recipients", Demo.ExecutiveA);
        await page.ClickAsync("[data-testid=menu-submit]");
        await page.Locator("[data-testid=menu-item-channel]").GetByText("Email, PDF").WaitForAsync();
        var item = await app.WithDbAsync(db => db.Set<CompanyInteraction>()
            .Where(i => i.CompanyId == companyA && i.Channel == InteractionChannel.EmailPdf && i.Status == InteractionStatus.Active).SingleAsync());
        Assert.Equal((InteractionFrequency.Monthly, 3, Demo.ExecutiveA), (item.Frequency, item.WorkingDay, item.Recipients));

        // Working day 3 of next month by the production calendar, 09:00 in the company's zone: the job runs.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), zone).DateTime);
        var due = InteractionSchedule.WorkingDayOfMonth(new DateOnly(today.Year, today.Month, 1).AddMonths(1), 3, ProductionCalendar.Russia.IsWorkingDay);
        var local = due.ToDateTime(new TimeOnly(9, 0));
        app.Clock.SetUtcNow(new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime());
        await InteractionDeliveryJob.RunOnceAsync(app.Services.GetRequiredService<IServiceScopeFactory>(), default);
        var log = await app.WithDbAsync(db => db.Set<InteractionDelivery>().Where(d => d.ItemId == item.Id).SingleAsync());
        Assert.True(log.Outcome == DeliveryOutcome.Sent, $"{log.Reason}: {log.Detail}");
        var period = ReportPeriod.Of(PeriodUnit.Month, due).Previous.Key;
        Assert.Equal((due, period, $"sla-ola-{period}.pdf"), (log.DueOn, log.Period, log.FileName));

        // The outbox hands it to the SMTP receiver, PDF attached.
        var messageId = await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.ToAddress == Demo.ExecutiveA && m.CreatedAt == app.Clock.GetUtcNow()
            && db.Set<OutboxAttachment>().Any(a => a.MessageId == m.Id && a.FileName == log.FileName)).Select(m => m.MessageId).SingleAsync());
        Assert.True((await app.Services.GetRequiredService<MailOutboxSender>().DeliverPendingAsync(CancellationToken.None)).Sent >= 1);
        var email = Assert.Single(MailServers.Received(period), m => m.MessageId == messageId);
        Assert.Contains("Уральская горная компания", email.Subject ?? "", StringComparison.Ordinal);
        var pdf = Assert.Single(email.Attachments.OfType<MimePart>(), p => p.FileName == $"sla-ola-{period}.pdf");
        Assert.Equal("application/pdf", pdf.ContentType.MimeType);
        using var bytes = new MemoryStream();
        await pdf.Content!.DecodeToAsync(bytes);

        // The PDF's text (poppler's pdftotext) carries the report API's figures for the same company and month.
        var text = await PdfText.ReadAsync(bytes.ToArray());
        var api = await app.ClientForAsync(Demo.ExecutiveA);
        var report = await api.GetFromJsonAsync<JsonElement>($"/api/v1/service-levels/report?period={period}&companyId={companyA}");
        var rows = report.GetProperty("rows").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.Contains(period, text, StringComparison.Ordinal);
        var figures = 0;
        foreach (var row in rows)
        {
            foreach (var name in new[] { "slaAttainment", "olaAttainment", "index" })
            {
                Assert.Contains(Percent(row.GetProperty(name)), text, StringComparison.Ordinal);
                figures += row.GetProperty(name).ValueKind == JsonValueKind.Null ? 0 : 1;
            }

            foreach (var metric in row.GetProperty("metrics").EnumerateArray())
            {
                // Each metric's line: counted, met, breached and attainment as the API gives them, side by side.
                var line = string.Join(" ", text.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Replace(l.Trim(), @"\s+", " ")).Where(l => l.Length > 0));
                var counts = $"{metric.GetProperty("counted").GetInt32()} {metric.GetProperty("met").GetInt32()} {metric.GetProperty("breached").GetInt32()} {Percent(metric.GetProperty("attainment"))}";
                Assert.Contains(counts, line, StringComparison.Ordinal);
            }
        }

        Assert.True(figures > 0, "the month has measured figures to compare");

        // The delivery log shows it, to the executive, in the app.
        var later = await browser.SignInAsync(Demo.ExecutiveA);
        await BrowserFixture.GotoInteractiveAsync(later, "/interaction-menu/deliveries");
        var logged = later.Locator("tr").Filter(new LocatorFilterOptions { Has = later.Locator("[data-testid=delivery-file]").GetByText($"sla-ola-{period}.pdf") });
        await logged.First.WaitForAsync();
        Assert.Contains("Отправлено", await logged.First.Locator("[data-testid=delivery-outcome]").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_executive_changes_the_meeting_interval_in_the_browser_and_the_series_goes_out_again_updated()
    {
        var app = browser.App;
        var item = await app.WithDbAsync(db => db.Set<CompanyInteraction>().Where(i => i.Channel == InteractionChannel.Meeting && i.Frequency == InteractionFrequency.EveryNWeeks
            && db.Users.Any(u => u.Email == Demo.ExecutiveA && u.CompanyId == i.CompanyId)).Select(i => new { i.Id, i.SeriesSequence }).SingleAsync());

        var page = await browser.SignInAsync(Demo.ExecutiveA);
        await BrowserFixture.GotoInteractiveAsync(page, "/interaction-menu");
        var row = page.Locator("tr").Filter(new LocatorFilterOptions { Has = page.Locator("[data-testid=menu-item-frequency]").GetByText("Каждые 2 нед.") });
        await row.Locator("[data-testid=menu-edit]").ClickAsync();
        await BrowserFixture.FillAsync(page, "menu-interval", "3");
        await page.ClickAsync("[data-testid=menu-submit]");
        await page.Locator("[data-testid=menu-item-frequency]").GetByText("Каждые 3 нед.").WaitForAsync();

        var http = await app.ClientForAsync(Demo.ExecutiveA);
        Assert.Equal(3, (await http.GetFromJsonAsync<JsonElement>($"/api/v1/interaction-menu/items/{item.Id}")).GetProperty("intervalWeeks").GetInt32());

        // The job sends the same series (its UID) again with the next SEQUENCE and the new interval.
        await InteractionDeliveryJob.RunOnceAsync(app.Services.GetRequiredService<IServiceScopeFactory>(), default);
        var sequence = item.SeriesSequence + 1;
        Assert.True(await app.WithDbAsync(db => db.Set<InteractionDelivery>().AnyAsync(d => d.ItemId == item.Id && d.Period == $"series-{sequence}" && d.Outcome == DeliveryOutcome.Sent)));
        var ics = await app.WithDbAsync(db => db.Set<OutboxAttachment>().Where(a => a.FileName == "invite.ics").Select(a => a.Content).ToListAsync());
        // One email per recipient, each with the series.
        var series = ics.Select(c => Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(c))!.Events.Single()).Where(e => e.Uid == $"{item.Id:N}@onewindow" && e.Sequence == sequence).ToList();
        Assert.NotEmpty(series);
        Assert.All(series, e => Assert.Equal(3, e.RecurrenceRule!.Interval));
    }
}
