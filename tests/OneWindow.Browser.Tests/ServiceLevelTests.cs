using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OneWindow.Core.ServiceLevels;
using OneWindow.Web.Infrastructure.Time;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests;

/// <summary>Agreements negotiated in the UI (SSC drafts, client executive approves) and measurements recorded by hand and from CSV.</summary>
public class ServiceLevelTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static ILocator Input(IPage page, string testId) => BrowserFixture.Input(page, testId);

    /// <summary>Opens a MudSelect and picks the option with this text.</summary>
    private static async Task PickAsync(IPage page, string testId, string option)
    {
        await page.ClickAsync($"[data-testid={testId}]");
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = option }).First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
    }

    private static async Task<T> WithScreenshotAsync<T>(IPage page, string name, Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), $"ow-{name}.png"), FullPage = true });
            throw;
        }
    }

    [Fact]
    public async Task A_quality_manager_drafts_and_submits_an_agreement_and_the_client_executive_approves_it()
    {
        var quality = await browser.SignInAsync(Demo.Quality);
        var agreementUrl = await WithScreenshotAsync(quality, "sl-draft", async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(quality, "/agreements");
            await quality.ClickAsync("[data-testid=agreement-new]");
            await PickAsync(quality, "na-company", Demo.CompanyA);
            await BrowserFixture.FillAsync(quality, "na-name", "Соглашение об уровне сервиса — браузер");
            await BrowserFixture.FillAsync(quality, "na-reference", "SLA-UGK-BR");
            await quality.ClickAsync("[data-testid=na-save]");
            // The page moves on by client-side navigation: wait for the agreement itself rather than a load event.
            await Assertions.Expect(quality.Locator("[data-testid=agreement-name]")).ToHaveTextAsync("Соглашение об уровне сервиса — браузер");
            await quality.Locator("[data-testid=version-status] [data-status=Draft]").WaitForAsync();
            Assert.Matches("/agreements/[0-9a-f-]{36}$", quality.Url);

            // SLA: resolution of high-priority tickets within 8 business hours.
            await quality.ClickAsync("[data-testid=metric-add-sla]");
            await quality.Locator("[data-testid=metric-dialog]").WaitForAsync();
            await BrowserFixture.FillAsync(quality, "metric-name", "Решение обращений высокого приоритета");
            await PickAsync(quality, "metric-priority", "Высокий");
            await BrowserFixture.FillAsync(quality, "metric-hours", "8");
            await BrowserFixture.FillAsync(quality, "metric-minutes", "0");
            await quality.ClickAsync("[data-testid=metric-save]");
            await Assertions.Expect(quality.Locator("[data-testid=metrics-sla] [data-testid=metric-target]")).ToHaveTextAsync("Решение: 8 рабочих часов, приоритет Высокий");

            // OLA: monthly primary documents by working day 5; a submission without a name is refused in Russian first.
            await quality.ClickAsync("[data-testid=metric-add-ola]");
            await PickAsync(quality, "metric-kind", "Периодический срок");
            await BrowserFixture.FillAsync(quality, "metric-due-day", "5");
            await quality.ClickAsync("[data-testid=metric-save]");
            await quality.Locator("[data-testid=metric-dialog]").GetByText("Укажите название показателя").WaitForAsync();
            await BrowserFixture.FillAsync(quality, "metric-name", "Первичные документы за месяц");
            await quality.ClickAsync("[data-testid=metric-save]");
            await Assertions.Expect(quality.Locator("[data-testid=metrics-ola] [data-testid=metric-target]")).ToHaveTextAsync("Ежемесячно к 5-му рабочему дню следующего месяца");

            await quality.ClickAsync("[data-testid=version-submit]");
            await quality.Locator("[data-testid=version-status] [data-status=PendingApproval]").WaitForAsync();
            return quality.Url;
        });

        // The client's executive, in a browser of her own, is told an agreement waits for her and approves it.
        var cfo = await browser.SignInAsync(Demo.ExecutiveA);
        await WithScreenshotAsync(cfo, "sl-approve", async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(cfo, "/agreements");
            await Assertions.Expect(cfo.Locator("[data-testid=approval-banner]")).ToContainTextAsync(new Regex(@"\d+ соглашени\S* ожида\S* вашего согласования"));
            // The bell carries the same request and opens the agreement.
            await cfo.ClickAsync("[data-testid=notifications-bell]");
            await cfo.Locator("[data-testid=notification-item]").Filter(new() { HasText = "Соглашение об уровне сервиса — браузер" })
                .Filter(new() { HasText = "просит согласовать соглашение" }).First.ClickAsync();
            await cfo.Locator("[data-testid=version-pending]").WaitForAsync();
            Assert.Equal(agreementUrl, cfo.Url);
            await BrowserFixture.WaitInteractiveAsync(cfo);
            Assert.Equal(0, await cfo.Locator("[data-testid=version-archive], [data-testid=metric-add-sla]").CountAsync());
            await cfo.ClickAsync("[data-testid=version-approve]");
            await cfo.Locator("[data-testid=version-status] [data-status=Agreed]").WaitForAsync();
            return 0;
        });
        await cfo.Context.CloseAsync();

        // The SSC side sees the version agreed, by whom.
        await WithScreenshotAsync(quality, "sl-agreed", async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(quality, new Uri(agreementUrl).PathAndQuery);
            await quality.Locator("[data-testid=version-status] [data-status=Agreed]").WaitForAsync();
            await Assertions.Expect(quality.Locator("[data-testid=version-approved]")).ToContainTextAsync("Наталья Лебедева");
            await Assertions.Expect(quality.Locator("[data-testid=version-approved]")).ToContainTextAsync("Согласовано");

            // The next version starts as a draft copying the agreed terms and metrics.
            await quality.ClickAsync("[data-testid=agreement-new-version]");
            await Assertions.Expect(quality.Locator("[data-testid=version-title]")).ToHaveTextAsync("Версия 2");
            await quality.Locator("[data-testid=version-status] [data-status=Draft]").WaitForAsync();
            await Assertions.Expect(quality.Locator("[data-testid=metric]")).ToHaveCountAsync(2);
            Assert.Equal(0, await quality.Locator("[data-testid=agreement-new-version]").CountAsync());
            return 0;
        });

        var audited = await browser.App.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == "AgreementVersion" && e.ActorName == "Наталья Лебедева"));
        Assert.True(audited >= 1, "the approval is in the audit log");
        await quality.Context.CloseAsync();
    }

    /// <summary>An agreed agreement of company A with a monthly OLA deadline and a monthly SLA ratio, arranged through the API.</summary>
    private async Task<(Guid Deadline, Guid Ratio)> AgreedMetricsAsync(DateOnly validFrom)
    {
        var quality = await browser.App.ClientForAsync(Demo.Quality);
        var companyId = await browser.App.WithDbAsync(db => db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync());
        var created = await quality.PostAsJsonAsync("/api/v1/agreements", new { companyId, name = "Соглашение для измерений", reference = "SLA-M-1" });
        created.EnsureSuccessStatusCode();
        var versionId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("versions")[0].GetProperty("id").GetGuid();

        async Task<Guid> AddAsync(object metric)
        {
            var response = await quality.PostAsJsonAsync($"/api/v1/agreement-versions/{versionId}/metrics", metric);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }

        var deadline = await AddAsync(new { side = "Ola", kind = "PeriodicDeadline", name = "Первичные документы", period = "Month", dueWorkingDay = 5 });
        var ratio = await AddAsync(new { side = "Sla", kind = "MeasuredRatio", name = "Платежи без ошибок", period = "Month", ratioTarget = 99.5, ratioDirection = "AtLeast" });
        var draft = await quality.GetAsync($"/api/v1/agreement-versions/{versionId}");
        draft.EnsureSuccessStatusCode();
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/agreement-versions/{versionId}")
        {
            Content = JsonContent.Create(new { validFrom, slaWeight = 0.5, olaWeight = 0.5 }),
        })
        {
            put.Headers.IfMatch.Add(draft.Headers.ETag!);
            var updated = await quality.SendAsync(put);
            Assert.True(updated.IsSuccessStatusCode, await updated.Content.ReadAsStringAsync());
        }

        (await quality.PostAsync($"/api/v1/agreement-versions/{versionId}/submit", null)).EnsureSuccessStatusCode();
        var cfo = await browser.App.ClientForAsync(Demo.ExecutiveA);
        var approved = await cfo.PostAsync($"/api/v1/agreement-versions/{versionId}/approve", null);
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        return (deadline, ratio);
    }

    [Fact]
    public async Task A_client_executive_sends_a_version_back_with_a_reason_and_the_ssc_fixes_the_draft()
    {
        var quality = await browser.App.ClientForAsync(Demo.Quality);
        var companyId = await browser.App.WithDbAsync(db => db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync());
        var created = await quality.PostAsJsonAsync("/api/v1/agreements", new { companyId, name = "Соглашение на доработку", reference = "SLA-R-1" });
        created.EnsureSuccessStatusCode();
        var agreement = await created.Content.ReadFromJsonAsync<JsonElement>();
        var versionId = agreement.GetProperty("versions")[0].GetProperty("id").GetGuid();
        (await quality.PostAsJsonAsync($"/api/v1/agreement-versions/{versionId}/metrics",
            new { side = "Sla", kind = "TicketTimer", name = "Первый ответ", timer = "FirstResponse", targetMinutes = 120 })).EnsureSuccessStatusCode();
        (await quality.PostAsync($"/api/v1/agreement-versions/{versionId}/submit", null)).EnsureSuccessStatusCode();
        var path = $"/agreements/{agreement.GetProperty("id").GetGuid()}";

        var cfo = await browser.SignInAsync(Demo.ExecutiveA);
        await WithScreenshotAsync(cfo, "sl-reject", async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(cfo, path);
            await Assertions.Expect(cfo.Locator("[data-testid=metric-target]")).ToHaveTextAsync("Первый ответ: 2 рабочих часа, все приоритеты");
            await cfo.ClickAsync("[data-testid=version-reject]");
            await cfo.ClickAsync("[data-testid=reject-confirm]");
            await cfo.Locator("[data-testid=reject-dialog]").GetByText("Напишите, что нужно изменить").WaitForAsync();
            await BrowserFixture.FillAsync(cfo, "reject-reason", "Первый ответ — не дольше одного часа");
            await cfo.ClickAsync("[data-testid=reject-confirm]");
            await cfo.Locator("[data-testid=version-status] [data-status=Draft]").WaitForAsync();
            Assert.Equal(0, await cfo.Locator("[data-testid=version-approve]").CountAsync());
            return 0;
        });
        await cfo.Context.CloseAsync();

        var manager = await browser.SignInAsync(Demo.Quality);
        await WithScreenshotAsync(manager, "sl-fix", async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(manager, path);
            await Assertions.Expect(manager.Locator("[data-testid=version-sent-back]")).ToContainTextAsync("Первый ответ — не дольше одного часа");

            // A refused change is explained next to its field and what was typed stays.
            var validTo = Input(manager, "terms-valid-to");
            await validTo.FillAsync("01.01.2020");
            await validTo.PressAsync("Tab");
            await BrowserFixture.FillAsync(manager, "terms-notes", "Сроки согласованы на встрече 20.11");
            await manager.ClickAsync("[data-testid=terms-save]");
            await manager.Locator("[data-testid=version-terms]").GetByText("Дата окончания не может быть раньше даты начала").WaitForAsync();
            await Assertions.Expect(Input(manager, "terms-notes")).ToHaveValueAsync("Сроки согласованы на встрече 20.11");
            await validTo.FillAsync("");
            await validTo.PressAsync("Tab");

            await manager.ClickAsync("[data-testid=metric-edit]");
            await BrowserFixture.FillAsync(manager, "metric-hours", "1");
            await manager.ClickAsync("[data-testid=metric-save]");
            await Assertions.Expect(manager.Locator("[data-testid=metric-target]")).ToHaveTextAsync("Первый ответ: 1 рабочий час, все приоритеты");

            // Submitting takes the typed notes along.
            await manager.ClickAsync("[data-testid=version-submit]");
            await manager.Locator("[data-testid=version-status] [data-status=PendingApproval]").WaitForAsync();
            return 0;
        });
        var notes = await browser.App.WithDbAsync(db => db.AgreementVersions.Where(v => v.Id == versionId).Select(v => v.Notes).SingleAsync());
        Assert.Equal("Сроки согласованы на встрече 20.11", notes);
        await manager.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_names_the_client_responsible_of_an_ola_deadline_in_the_metric_dialog()
    {
        var admin = await browser.App.ClientForAsync(Demo.Admin);
        var companyId = await browser.App.WithDbAsync(db => db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync());
        var responsible = await browser.App.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.ClientA).Select(u => new { u.Id, u.FullName }).SingleAsync());
        var created = await admin.PostAsJsonAsync("/api/v1/agreements", new { companyId, name = "Соглашение с ответственным клиента", reference = "OLA-R-1" });
        created.EnsureSuccessStatusCode();
        var agreement = await created.Content.ReadFromJsonAsync<JsonElement>();
        var versionId = agreement.GetProperty("versions")[0].GetProperty("id").GetGuid();
        (await admin.PostAsJsonAsync($"/api/v1/agreement-versions/{versionId}/metrics",
            new { side = "Ola", kind = "PeriodicDeadline", name = "Первичные документы к 5-му рабочему дню", period = "Month", dueWorkingDay = 5 })).EnsureSuccessStatusCode();

        var page = await browser.SignInAsync(Demo.Admin);
        await WithScreenshotAsync(page, "sl-responsible", async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(page, $"/agreements/{agreement.GetProperty("id").GetGuid()}");
            await page.ClickAsync("[data-testid=metrics-ola] [data-testid=metric-edit]");
            await page.Locator("[data-testid=metric-dialog]").WaitForAsync();
            await PickAsync(page, "metric-client-responsible", responsible.FullName);
            await page.ClickAsync("[data-testid=metric-save]");
            await page.Locator("[data-testid=metric-dialog]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Hidden });
            return 0;
        });
        await page.Context.CloseAsync();

        var version = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/agreement-versions/{versionId}");
        var metric = Assert.Single(version.GetProperty("metrics").EnumerateArray());
        Assert.Equal(responsible.Id, metric.GetProperty("clientResponsibleId").GetGuid());
    }

    private static ILocator Row(IPage page, string table, ReportPeriod period) =>
        page.Locator($"[data-testid={table}] tbody tr").Filter(new LocatorFilterOptions { Has = page.Locator($"[data-period='{period.Key}']") });

    [Fact]
    public async Task An_agent_records_a_delivery_and_imports_figures_and_sees_the_verdicts()
    {
        var zone = await browser.App.WithDbAsync(async db => OneWindow.Web.Infrastructure.Time.ViewerTime.Zone(
            await db.Users.Where(u => u.Email == Demo.Agent).Select(u => u.TimeZoneId).SingleAsync()));
        var now = browser.App.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var current = ReportPeriod.Of(PeriodUnit.Month, today);
        var last = current.Previous;
        var before = last.Previous;
        var earlier = before.Previous;
        // In force from the start of the earlier month: its documents (due in the month after) are owed, older ones were not.
        await AgreedMetricsAsync(earlier.Start);
        var older = earlier.Previous.Previous;

        var agent = await browser.SignInAsync(Demo.Agent);
        await WithScreenshotAsync(agent, "sl-measure", async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(agent, "/service-levels/measurements");
            await PickAsync(agent, "ms-company", Demo.CompanyA);
            await agent.Locator("[data-testid=ms-pick-metric]").WaitForAsync();
            await PickAsync(agent, "ms-metric", "Соглашение для измерений · Версия 1 · OLA (бизнес) · Первичные документы");
            await Assertions.Expect(agent.Locator("[data-testid=ms-metric-card]")).ToContainTextAsync("Первичные документы");
            await agent.Locator("[data-testid=deadline-table]").WaitForAsync();

            // Last month's documents came on its last day: on time. The month before's came at the end of the next month: late.
            await Row(agent, "deadline-table", last).Locator("[data-testid=record-delivery]").ClickAsync();
            await BrowserFixture.FillAsync(agent, "delivery-at", last.End.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T10:00");
            await PickAsync(agent, "delivery-complete", "Полностью");
            await BrowserFixture.FillAsync(agent, "delivery-note", "Получено по ЭДО");
            await agent.ClickAsync("[data-testid=delivery-save]");
            await Row(agent, "deadline-table", last).Locator("[data-verdict=OnTime]").WaitForAsync();

            await Row(agent, "deadline-table", before).Locator("[data-testid=record-delivery]").ClickAsync();
            await BrowserFixture.FillAsync(agent, "delivery-at", before.End.AddDays(27).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T10:00");
            await agent.ClickAsync("[data-testid=delivery-save]");
            await Row(agent, "deadline-table", before).Locator("[data-verdict=Late]").WaitForAsync();

            Assert.Equal(1, await Row(agent, "deadline-table", earlier).Locator("[data-verdict=Missing]").CountAsync());
            Assert.Equal(1, await Row(agent, "deadline-table", current).Locator("[data-verdict=Pending]").CountAsync());
            Assert.Equal(1, await Row(agent, "deadline-table", older).Locator("[data-testid=outside-validity]").CountAsync());
            Assert.Contains("Получено по ЭДО", await Row(agent, "deadline-table", last).InnerTextAsync());

            // A delivery in the future is refused in Russian next to the field, and what was typed stays.
            await Row(agent, "deadline-table", current).Locator("[data-testid=record-delivery]").ClickAsync();
            var future = today.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T10:00";
            await BrowserFixture.FillAsync(agent, "delivery-at", future);
            await agent.ClickAsync("[data-testid=delivery-save]");
            await agent.Locator("[data-testid=delivery-dialog]").GetByText("Нельзя отметить сдачу в будущем").WaitForAsync();
            await Assertions.Expect(Input(agent, "delivery-at")).ToHaveValueAsync(future);
            // Cancel by the button and wait for the dialog to go: Escape reaches the dialog only when it holds the focus.
            await agent.ClickAsync("[data-testid=delivery-cancel]");
            await agent.Locator("[data-testid=delivery-dialog]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });

            // Figures of the ratio from a CSV file: a bad line refuses the file naming the line; a good file is judged per period.
            await PickAsync(agent, "ms-metric", "Соглашение для измерений · Версия 1 · SLA (ОЦО) · Платежи без ошибок");
            await Assertions.Expect(agent.Locator("[data-testid=ms-metric-card]")).ToContainTextAsync("Платежи без ошибок");
            await agent.Locator("[data-testid=figure-table]").WaitForAsync();
            // MudFileUpload adds a fresh input after each pick (so the same file can be picked again); the newest is live.
            ILocator Upload() => agent.Locator("[data-testid=ms-import] input[type=file]").Last;
            await Upload().SetInputFilesAsync(new FilePayload
            {
                Name = "плохой.csv",
                MimeType = "text/csv",
                Buffer = Encoding.UTF8.GetBytes($"Период;Значение\n{last.Key};99,7\n2026-13;98\n"),
            });
            await Assertions.Expect(agent.Locator("[data-testid=import-error]")).ToContainTextAsync("Строка 3");
            Assert.Equal(0, await agent.Locator("[data-testid=figure-met]").CountAsync());

            await Upload().SetInputFilesAsync(new FilePayload
            {
                Name = "платежи.csv",
                MimeType = "text/csv",
                Buffer = Encoding.UTF8.GetBytes($"Период;Значение;Числитель;Знаменатель\n{last.Key};99,7;997;1000\n{before.Key};98,9\n"),
            });
            await Assertions.Expect(agent.Locator("[data-testid=import-result]")).ToContainTextAsync("добавлено 2, обновлено 0");
            await Row(agent, "figure-table", last).Locator("[data-met=true]").WaitForAsync();
            await Row(agent, "figure-table", before).Locator("[data-met=false]").WaitForAsync();
            Assert.Contains("997", await Row(agent, "figure-table", last).InnerTextAsync());
            return 0;
        });

        // The figures of the two imported periods (the demo data keeps its own figures for the demo agreement's metrics).
        var sources = await browser.App.WithDbAsync(db => db.RatioFigures.Where(f => f.RecordedByName != "Демо-данные").Select(f => f.Source).Distinct().ToListAsync());
        Assert.Equal([OneWindow.Web.Features.ServiceLevels.MeasurementSource.CsvImport], sources);
        await agent.Context.CloseAsync();
    }
}
