using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OneWindow.Web.Features.Committees;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests.Committees;

/// <summary>
/// Issue 14, pre-meetings: a quality manager goes from a committee's page to its issues, raises one, settles one and
/// escalates another onto the planned meeting, whose pack then carries it; and edits the committee in its dialog.
/// </summary>
public class IssueBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>A committee of company A of its own (no demo data), with one planned committee meeting and, when asked, one open issue.</summary>
    private async Task<(Guid Committee, Guid Meeting)> CommitteeAsync(string name, string? openIssue = null) =>
        await browser.App.WithDbAsync(async db =>
        {
            var company = await db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync();
            var quality = await db.Users.Where(u => u.Email == Demo.Quality).Select(u => u.Id).SingleAsync();
            var committee = new Committee
            {
                Name = name, Scope = CommitteeScope.Company, CompanyId = company, Cadence = OneWindow.Core.Committees.CommitteeCadence.Monthly,
                FirstDate = new DateOnly(2030, 1, 10), TimeZoneId = "Asia/Yekaterinburg",
            };
            committee.Companies.Add(new CommitteeCompany { CommitteeId = committee.Id, CompanyId = company });
            var meeting = new CommitteeMeeting
            {
                CommitteeId = committee.Id, Number = 1, Date = new DateOnly(2030, 1, 10), StartsAt = new DateTimeOffset(2030, 1, 10, 6, 0, 0, TimeSpan.Zero), PeriodKey = "2029-12",
            };
            db.Add(committee);
            db.Add(meeting);
            if (openIssue is not null)
            {
                db.Add(new CommitteeIssue { CommitteeId = committee.Id, Title = openIssue, RaisedById = quality, RaisedBySide = CommitteeSide.Ssc, Source = IssueSource.FreeText });
            }

            await db.SaveChangesAsync();
            return (committee.Id, meeting.Id);
        });

    private static ILocator Row(IPage page, string title) =>
        page.Locator("[data-testid=issues] tr").Filter(new LocatorFilterOptions { HasText = title });

    [Fact]
    public async Task A_quality_manager_raises_settles_and_escalates_issues_and_the_escalated_one_is_on_the_meetings_pack()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var toEscalate = "Сроки закрытия месяца " + tag;
        var raised = "Ошибки в актах сверки " + tag;
        var (committee, meeting) = await CommitteeAsync("Комитет вопросов " + tag, toEscalate);

        var page = await browser.SignInAsync(Demo.Quality);
        await BrowserFixture.GotoInteractiveAsync(page, $"/committees/{committee}");
        await Assertions.Expect(page.Locator("[data-testid=committee-issues]")).ToContainTextAsync("1");
        await Assertions.Expect(page.Locator("[data-testid=meeting-pack]")).ToHaveAttributeAsync("href", $"/committees/meetings/{meeting}/pack");
        await Assertions.Expect(page.Locator("[data-testid=meeting-minutes]")).ToHaveAttributeAsync("href", $"/committees/meetings/{meeting}/minutes");
        // The working group's pre-meeting, a week before the meeting by default.
        await page.ClickAsync("[data-testid=pre-meeting-new]");
        await page.ClickAsync("[data-testid=meeting-save]");
        await Assertions.Expect(page.Locator("[data-testid=committee-meetings] tbody tr").Filter(new LocatorFilterOptions { Has = page.Locator("[data-testid=meeting-pre]") }))
            .ToContainTextAsync("03.01.2030");
        await BrowserFixture.ClickUntilUrlAsync(page, "[data-testid=committee-issues]", "**/issues");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Row(page, toEscalate).WaitForAsync();

        // A free-text issue: without a title the form says so under the field, with one it is listed as open.
        await page.ClickAsync("[data-testid=issue-raise]");
        await page.ClickAsync("[data-testid=issue-save]");
        await page.Locator(".mud-input-error").GetByText("Сформулируйте вопрос.").WaitForAsync();
        await BrowserFixture.FillAsync(page, "issue-title", raised);
        await page.ClickAsync("[data-testid=issue-save]");
        await Assertions.Expect(Row(page, raised).Locator("[data-testid=issue-row-status]")).ToContainTextAsync("Открыт");

        // Settled at the pre-meeting with its resolution.
        await Row(page, raised).Locator("[data-testid=issue-settle]").ClickAsync();
        await BrowserFixture.FillAsync(page, "issue-resolution", "Акты пересверены, расхождений нет");
        await page.ClickAsync("div.mud-select:has([data-testid=issue-pre-meeting])");
        await page.Locator(".mud-popover-open").GetByText("Предварительная встреча № 1, 03.01.2030").ClickAsync();
        await page.ClickAsync("[data-testid=issue-settle-save]");
        await Assertions.Expect(Row(page, raised).Locator("[data-testid=issue-row-pre-meeting]")).ToContainTextAsync("Предварительная встреча № 1");
        await Assertions.Expect(Row(page, raised).Locator("[data-testid=issue-row-status]")).ToContainTextAsync("Урегулирован до комитета");
        await Assertions.Expect(Row(page, raised).Locator("[data-testid=issue-row-resolution]")).ToContainTextAsync("Акты пересверены");

        // The other goes onto the planned meeting.
        await Row(page, toEscalate).Locator("[data-testid=issue-escalate]").ClickAsync();
        await Assertions.Expect(Row(page, toEscalate).Locator("[data-testid=issue-row-meeting]")).ToContainTextAsync("№ 1");
        await Assertions.Expect(page.Locator("[data-testid=issues-settled-count]")).ToHaveTextAsync("Урегулировано до комитета: 1");
        await Assertions.Expect(page.Locator("[data-testid=issues-escalated-count]")).ToHaveTextAsync("Вынесено на комитет: 1");

        // The filter shows the settled ones only.
        await page.ClickAsync("[data-testid=issues-filter-settled]");
        await Assertions.Expect(Row(page, toEscalate)).ToHaveCountAsync(0);
        await Assertions.Expect(Row(page, raised)).ToHaveCountAsync(1);

        var api = await browser.App.ClientForAsync(Demo.Quality);
        var pack = await api.GetFromJsonAsync<JsonElement>($"/api/v1/committees/meetings/{meeting}/pack");
        var issues = pack.GetProperty("issues");
        Assert.Equal([toEscalate], issues.GetProperty("escalated").EnumerateArray().Select(i => i.GetProperty("title").GetString()));
        Assert.Equal(1, issues.GetProperty("settledBefore").GetInt32());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_client_executive_raises_an_issue_in_english_and_cannot_settle_or_escalate()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var raised = "Late reconciliation acts " + tag;
        var (committee, _) = await CommitteeAsync("Комитет клиента " + tag);

        var page = await browser.SignInAsync(Demo.ExecutiveA);
        await page.GotoAsync($"/culture?c=en&redirect=/committees/{committee}/issues");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=issues-title]")).ToHaveTextAsync("Committee issues");
        await page.ClickAsync("[data-testid=issue-raise]");
        await BrowserFixture.FillAsync(page, "issue-title", raised);
        await page.ClickAsync("[data-testid=issue-save]");

        // Raised by the client's side; settling and escalating are the SSC's.
        await Assertions.Expect(Row(page, raised)).ToContainTextAsync("Client");
        await Assertions.Expect(Row(page, raised).Locator("[data-testid=issue-row-status]")).ToHaveTextAsync("Open");
        await Assertions.Expect(page.Locator("[data-testid=issue-settle]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=issue-escalate]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=issues-settled-count]")).ToHaveTextAsync("Settled before the committee: 0");
        var side = await browser.App.WithDbAsync(db => db.Set<CommitteeIssue>().Where(i => i.Title == raised).Select(i => i.RaisedBySide).SingleAsync());
        Assert.Equal(CommitteeSide.Client, side);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_quality_manager_renames_the_committee_in_its_edit_dialog()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (committee, _) = await CommitteeAsync("Комитет к переименованию " + tag);

        var page = await browser.SignInAsync(Demo.Quality);
        await BrowserFixture.GotoInteractiveAsync(page, $"/committees/{committee}");
        await page.ClickAsync("[data-testid=committee-edit]");

        // A zone that does not exist is refused under its field; the new name saves with a real one.
        await BrowserFixture.FillAsync(page, "committee-edit-name", "Операционный комитет " + tag);
        await BrowserFixture.FillAsync(page, "committee-edit-zone", "Mars/Olympus");
        await page.ClickAsync("[data-testid=committee-edit-save]");
        await page.Locator(".mud-input-error").GetByText("Часовой пояс IANA").WaitForAsync();
        await BrowserFixture.FillAsync(page, "committee-edit-zone", "Asia/Vladivostok");
        await page.ClickAsync("[data-testid=committee-edit-save]");

        await Assertions.Expect(page.Locator("[data-testid=committee-title]")).ToHaveTextAsync("Операционный комитет " + tag);
        var saved = await browser.App.WithDbAsync(db => db.Set<Committee>().Include(c => c.Companies).SingleAsync(c => c.Id == committee));
        Assert.Equal("Операционный комитет " + tag, saved.Name);
        Assert.Equal("Asia/Vladivostok", saved.TimeZoneId);
        Assert.Single(saved.Companies);
        await page.Context.CloseAsync();
    }
}
