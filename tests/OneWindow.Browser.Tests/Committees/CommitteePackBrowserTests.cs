using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OneWindow.Browser.Tests.ServiceLevels;
using OneWindow.Web.Features.Committees;
using OneWindow.Web.Tests.Features.Committees;
using OneWindow.Web.Tests.Features.Feedback;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests.Committees;

/// <summary>
/// Issue 14, Done when 1, end to end: a monthly committee for a demo client is created in the browser, its first meeting's
/// agenda pack equals the report and feedback APIs for November, the meeting starts in the browser, the pack prints to
/// PDF, the minutes are written and approved in the browser, and the DOCX reads back with «РЕШИЛИ» and each decision.
/// On the service-level scenario at 15 December 2026.
/// </summary>
public class CommitteePackBrowserTests(ServiceLevelBrowserFixture browser) : IClassFixture<ServiceLevelBrowserFixture>
{
    private const string Period = "2026-11";

    private static async Task PickAsync(IPage page, string testId, string item)
    {
        await page.ClickAsync($"div.mud-select:has([data-testid={testId}]), div.mud-select[data-testid={testId}]");
        await page.Locator(".mud-popover-open").GetByText(item, new LocatorGetByTextOptions { Exact = true }).First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
    }

    [Fact]
    public async Task A_monthly_committee_created_in_the_browser_gives_a_pack_equal_to_the_apis_a_pdf_and_minutes_whose_docx_reads_back()
    {
        var app = browser.Levels;
        var s = await app.ScenarioAsync();
        // November's ratings and an open claim, so the pack's feedback figures are not all zero.
        var employee = await app.WithDbAsync(async db => (await FeedbackFixtures.EmployeeWithLeadAsync(db)).Employee);
        await FeedbackFixtures.RateAsync(app, Demo.ClientA, employee, 5, "Быстро и понятно", dedupe: "e2e-pack-1", at: new DateTimeOffset(2026, 11, 12, 8, 0, 0, TimeSpan.Zero));
        await FeedbackFixtures.RateAsync(app, Demo.ExecutiveA, employee, 2, "Счёт оплатили с опозданием", dedupe: "e2e-pack-2", at: new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));
        var quality = await app.ClientForAsync(Demo.Quality);
        Assert.Equal(HttpStatusCode.Created, (await quality.PostAsJsonAsync("/api/v1/feedback/cases",
            new { category = "LateDocuments", companyId = s.CompanyA, description = "Первичные документы за ноябрь переданы на неделю позже срока." })).StatusCode);

        // The committee, created in the browser: monthly is the default cadence.
        var name = "Комитет по качеству " + Guid.NewGuid().ToString("N")[..6];
        var page = await browser.SignInAsync(Demo.Quality);
        await BrowserFixture.GotoInteractiveAsync(page, "/committees");
        await page.ClickAsync("[data-testid=committee-new]");
        await BrowserFixture.FillAsync(page, "committee-name", name);
        await PickAsync(page, "committee-company", Demo.CompanyA);
        await page.ClickAsync("[data-testid=committee-save]");
        await page.WaitForURLAsync("**/committees/*");
        await Assertions.Expect(page.Locator("[data-testid=committee-title]")).ToHaveTextAsync(name);
        await Assertions.Expect(page.Locator("[data-testid=committee-page-cadence]")).ToHaveTextAsync("Ежемесячно");
        await BrowserFixture.WaitInteractiveAsync(page);
        var committee = await app.WithDbAsync(db => db.Set<Committee>().Where(c => c.Name == name).Select(c => c.Id).SingleAsync());

        // The quality manager chairs it, the client's executive is a member; the next meetings are planned.
        var members = page.Locator("[data-testid=committee-members] tbody tr");
        await PickAsync(page, "member-person", "Елена Морозова");
        await PickAsync(page, "member-role", "Председатель");
        await page.ClickAsync("[data-testid=member-add]");
        await Assertions.Expect(members.Filter(new LocatorFilterOptions { HasText = "Елена Морозова" })).ToHaveCountAsync(1);
        await PickAsync(page, "member-person", "Наталья Лебедева");
        await PickAsync(page, "member-role", "Член комитета");
        await page.ClickAsync("[data-testid=member-add]");
        await Assertions.Expect(members.Filter(new LocatorFilterOptions { HasText = "Наталья Лебедева" })).ToHaveCountAsync(1);
        await page.ClickAsync("[data-testid=meetings-schedule]");
        await Assertions.Expect(page.Locator("[data-testid=committee-meetings] tbody tr")).ToHaveCountAsync(3);
        var meeting = await app.WithDbAsync(db => db.Set<CommitteeMeeting>().Where(m => m.CommitteeId == committee).OrderBy(m => m.Date).FirstAsync());
        Assert.Equal(Period, meeting.PeriodKey);

        // The pack: every figure equals the report, trend, feedback and case APIs for November; the page shows its rows.
        var pack = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/committees/meetings/{meeting.Id}/pack");
        var feedback = await PackFigures.AssertEqualToTheApisAsync(quality, pack, s.CompanyA, Period);
        Assert.True(feedback.GetProperty("csat").GetProperty("count").GetInt32() >= 2);
        Assert.True(feedback.GetProperty("claims").GetProperty("open").GetInt32() + feedback.GetProperty("complaints").GetProperty("open").GetInt32() > 0);
        await BrowserFixture.GotoInteractiveAsync(page, $"/committees/meetings/{meeting.Id}/pack");
        await Assertions.Expect(page.Locator("[data-testid=pack-sl-row]")).ToHaveCountAsync(pack.GetProperty("serviceLevels").GetArrayLength());

        // The meeting starts in the browser: the pack freezes; its PDF opens and carries the committee's name.
        await page.ClickAsync("[data-testid=pack-start]");
        await Assertions.Expect(page.Locator("[data-testid=pack-state]")).ToHaveTextAsync("Зафиксировано при начале заседания");
        var pdf = await quality.GetAsync($"/api/v1/committees/meetings/{meeting.Id}/pack.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        var pdfText = await PdfText.ReadAsync(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains(name, pdfText, StringComparison.Ordinal);

        // The minutes, written and approved in the browser.
        string[][] decisions =
        [
            ["Морозова Е. — итоги SLA и OLA за ноябрь.", "Площадкам передавать первичные документы до 3-го рабочего дня."],
            ["Лебедева Н. — планы бизнеса на первый квартал.", "ЦОБ оценить нагрузку от нового карьера к следующему заседанию."],
        ];
        await BrowserFixture.GotoInteractiveAsync(page, $"/committees/meetings/{meeting.Id}/minutes");
        for (var i = 0; i < decisions.Length; i++)
        {
            await BrowserFixture.FillAsync(page, "minutes-new-heard", decisions[i][0]);
            await BrowserFixture.FillAsync(page, "minutes-new-decided", decisions[i][1]);
            await page.ClickAsync("[data-testid=minutes-add-decision]");
            await Assertions.Expect(page.Locator("[data-testid=minutes-decision]")).ToHaveCountAsync(i + 1);
        }

        var attendees = page.Locator("[data-testid=minutes-attendee] input, input[data-testid=minutes-attendee]");
        await Assertions.Expect(attendees).ToHaveCountAsync(2);
        for (var i = 0; i < 2; i++)
        {
            await attendees.Nth(i).CheckAsync();
        }

        await page.ClickAsync("[data-testid=minutes-attendance-save]");
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=minutes-approve]");
        await Assertions.Expect(page.Locator("[data-testid=minutes-approved]")).ToBeVisibleAsync();

        // The DOCX opens and reads back with «РЕШИЛИ», each decision, and who was present; the PDF opens too.
        var docx = await quality.GetAsync($"/api/v1/committees/meetings/{meeting.Id}/minutes.docx");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        using (var stream = new MemoryStream(await docx.Content.ReadAsByteArrayAsync()))
        using (var document = WordprocessingDocument.Open(stream, false))
        {
            var text = document.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains("РЕШИЛИ", text, StringComparison.Ordinal);
            Assert.Contains("СЛУШАЛИ", text, StringComparison.Ordinal);
            foreach (var d in decisions)
            {
                Assert.Contains(d[0], text, StringComparison.Ordinal);
                Assert.Contains(d[1], text, StringComparison.Ordinal);
            }

            Assert.Contains("Лебедева", text, StringComparison.Ordinal);
        }

        var minutesPdf = await quality.GetAsync($"/api/v1/committees/meetings/{meeting.Id}/minutes.pdf");
        Assert.Equal(HttpStatusCode.OK, minutesPdf.StatusCode);
        Assert.Contains("РЕШИЛИ", await PdfText.ReadAsync(await minutesPdf.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
