using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using OneWindow.Web.Features.Committees;
using OneWindow.Web.Tests.Features.Feedback;
using OneWindow.Web.Tests.Features.ServiceLevels;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Committees;

/// <summary>
/// The committee agenda pack over the service-level scenario at 15 December 2026 (a monthly committee of company A, the
/// company of cfo@ural-mining.demo, meeting for November): its figures are those of the SL report, trend, feedback
/// dashboard and case list for the same period; it freezes when the meeting starts; it prints and exports. Also the
/// planned-changes register and committee issues (raised, settled before, escalated onto the pack).
/// </summary>
public class PackTests(ServiceLevelFactory app) : IClassFixture<ServiceLevelFactory>
{
    private const string Period = "2026-11";

    private static double? Number(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDouble();

    private static string? Id(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();

    /// <summary>A fresh monthly committee of company A with a planned meeting for November.</summary>
    private async Task<(Guid Company, Guid Committee, Guid Meeting)> CommitteeAsync()
    {
        var s = await app.ScenarioAsync();
        var (committee, meeting) = await app.WithDbAsync(async db =>
        {
            var c = new Committee
            {
                Name = "Комитет по качеству " + Guid.NewGuid().ToString("N")[..6], Scope = CommitteeScope.Company, CompanyId = s.CompanyA,
                Cadence = OneWindow.Core.Committees.CommitteeCadence.Monthly, FirstDate = new DateOnly(2026, 12, 18), TimeZoneId = "Asia/Yekaterinburg",
            };
            c.Companies.Add(new CommitteeCompany { CompanyId = s.CompanyA });
            var m = new CommitteeMeeting
            {
                CommitteeId = c.Id, Number = 1, Date = new DateOnly(2026, 12, 18), StartsAt = new DateTimeOffset(2026, 12, 18, 6, 0, 0, TimeSpan.Zero), PeriodKey = Period,
            };
            db.Add(c);
            db.Add(m);
            await db.SaveChangesAsync();
            return (c.Id, m.Id);
        });
        return (s.CompanyA, committee, meeting);
    }

    private async Task<Guid> PersonAsync(string email) => await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    [Fact]
    public async Task The_agenda_pack_figures_equal_the_report_and_feedback_apis_for_the_same_period()
    {
        var (a, committee, meeting) = await CommitteeAsync();
        var employee = await app.WithDbAsync(async db => (await FeedbackFixtures.EmployeeWithLeadAsync(db)).Employee);
        await FeedbackFixtures.RateAsync(app, Demo.ClientA, employee, 5, "Спасибо", dedupe: "pack-1", at: new DateTimeOffset(2026, 11, 10, 8, 0, 0, TimeSpan.Zero));
        await FeedbackFixtures.RateAsync(app, Demo.ExecutiveA, employee, 2, "Долго", dedupe: "pack-2", at: new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));
        var quality = await app.ClientForAsync(Demo.Quality);
        var claim = await quality.PostAsJsonAsync("/api/v1/feedback/cases", new { category = "LateDocuments", companyId = a, description = "Первичка за ноябрь передана с опозданием." });
        Assert.Equal(HttpStatusCode.Created, claim.StatusCode);
        // An overdue action item (due before today in Yekaterinburg, still open) and one not yet due.
        var owner = await PersonAsync(Demo.ExecutiveA);
        await app.WithDbAsync(async db =>
        {
            db.Add(new ActionItem { CommitteeId = committee, CompanyId = a, Title = "Сдать акты сверки", OwnerId = owner, Side = CommitteeSide.Client, DueOn = new DateOnly(2026, 12, 1) });
            db.Add(new ActionItem { CommitteeId = committee, CompanyId = a, Title = "Обновить регламент", OwnerId = owner, Side = CommitteeSide.Client, DueOn = new DateOnly(2026, 12, 25) });
            db.Add(new ActionItem { CommitteeId = committee, CompanyId = a, Title = "Закрытое поручение", OwnerId = owner, Side = CommitteeSide.Client, DueOn = new DateOnly(2026, 11, 1), Status = ActionItemStatus.Done });
            return await db.SaveChangesAsync();
        });

        var pack = await app.GetAsync<JsonElement>(Demo.Quality, $"/api/v1/committees/meetings/{meeting}/pack");
        Assert.Equal(Period, pack.GetProperty("period").GetString());
        Assert.False(pack.GetProperty("frozen").GetBoolean());

        // Every figure equals the report, trend, feedback dashboard and case list APIs'; this scenario has some of each.
        var feedback = await PackFigures.AssertEqualToTheApisAsync(await app.ClientForAsync(Demo.Quality), pack, a, Period);
        Assert.True(feedback.GetProperty("csat").GetProperty("count").GetInt32() >= 2);
        Assert.True(feedback.GetProperty("complaints").GetProperty("open").GetInt32() > 0);
        Assert.True(feedback.GetProperty("claims").GetProperty("open").GetInt32() > 0);

        // Action items: the open ones, and the overdue one in the overdue list.
        var actions = pack.GetProperty("actions");
        Assert.Equal(2, actions.GetProperty("open").GetInt32());
        var overdue = Assert.Single(actions.GetProperty("overdueItems").EnumerateArray());
        Assert.Equal("Сдать акты сверки", overdue.GetProperty("title").GetString());

        // The company's executive reads the pack of the committee covering it; another company's person does not.
        var executive = await (await app.ClientForAsync(Demo.ExecutiveA)).GetAsync($"/api/v1/committees/meetings/{meeting}/pack");
        Assert.Equal(HttpStatusCode.OK, executive.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.ClientForAsync(Demo.ClientB)).GetAsync($"/api/v1/committees/meetings/{meeting}/pack")).StatusCode);
        // A client user who is no member does not read it either.
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.ClientForAsync(Demo.ClientA)).GetAsync($"/api/v1/committees/meetings/{meeting}/pack")).StatusCode);
    }

    [Fact]
    public async Task Starting_the_meeting_freezes_the_pack_and_a_new_rating_does_not_change_it()
    {
        var (a, _, meeting) = await CommitteeAsync();
        var quality = await app.ClientForAsync(Demo.Quality);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientForAsync(Demo.Agent)).PostAsync($"/api/v1/committees/meetings/{meeting}/start", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientForAsync(Demo.ExecutiveA)).PostAsync($"/api/v1/committees/meetings/{meeting}/start", null)).StatusCode);

        var started = await quality.PostAsync($"/api/v1/committees/meetings/{meeting}/start", null);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var frozen = await app.GetAsync<JsonElement>(Demo.Quality, $"/api/v1/committees/meetings/{meeting}/pack");
        Assert.True(frozen.GetProperty("frozen").GetBoolean());
        Assert.Equal("Started", frozen.GetProperty("status").GetString());
        var stored = await app.WithDbAsync(db => db.Set<CommitteeMeeting>().SingleAsync(m => m.Id == meeting));
        Assert.Equal(MeetingStatus.Started, stored.Status);
        Assert.NotNull(stored.StartedAt);
        Assert.NotNull(stored.FrozenPack);
        var count = frozen.GetProperty("feedback")[0].GetProperty("csat").GetProperty("count").GetInt32();

        var employee = await app.WithDbAsync(async db => (await FeedbackFixtures.EmployeeWithLeadAsync(db)).Employee);
        await FeedbackFixtures.RateAsync(app, Demo.ClientA, employee, 4, null, dedupe: "pack-freeze", at: new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero));
        var dashboard = await app.GetAsync<JsonElement>(Demo.Quality, $"/api/v1/feedback/dashboard?period={Period}&by=company");
        var live = dashboard.GetProperty("groups").EnumerateArray().Single(g => Id(g, "id") == a.ToString()).GetProperty("figures").GetProperty("count").GetInt32();
        Assert.True(live > count);

        var after = await app.GetAsync<JsonElement>(Demo.Quality, $"/api/v1/committees/meetings/{meeting}/pack");
        Assert.Equal(count, after.GetProperty("feedback")[0].GetProperty("csat").GetProperty("count").GetInt32());
        Assert.Equal(frozen.GetProperty("builtAt").GetString(), after.GetProperty("builtAt").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await quality.PostAsync($"/api/v1/committees/meetings/{meeting}/start", null)).StatusCode);
    }

    [Fact]
    public async Task The_pack_prints_to_pdf_when_chromium_exists_and_exports_a_workbook_with_the_sla_figure()
    {
        var (_, _, meeting) = await CommitteeAsync();
        var quality = await app.ClientForAsync(Demo.Quality);
        var pack = await app.GetAsync<JsonElement>(Demo.Quality, $"/api/v1/committees/meetings/{meeting}/pack");

        var xlsx = await quality.GetAsync($"/api/v1/committees/meetings/{meeting}/pack.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var sheet = MiniExcel.Query(stream, useHeaderRow: true, sheetName: "ServiceLevels").Cast<IDictionary<string, object?>>().ToList();
        var withSla = pack.GetProperty("serviceLevels").EnumerateArray().First(l => Number(l, "sla") is not null);
        Assert.Contains(sheet, r => r["SLA"] is { } v && Math.Abs(Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) - Number(withSla, "sla")!.Value) < 1e-9);

        var chromium = Environment.GetEnvironmentVariable("OW_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        var pdf = await quality.GetAsync($"/api/v1/committees/meetings/{meeting}/pack.pdf");
        if (File.Exists(chromium) && chromium == "/usr/bin/chromium")
        {
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
            Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
            var bytes = await pdf.Content.ReadAsByteArrayAsync();
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        }
        else
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, pdf.StatusCode);
            Assert.Equal("application/problem+json", pdf.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_client_executive_adds_a_planned_change_that_the_pack_shows_and_another_companys_executive_gets_404()
    {
        var (a, committee, meeting) = await CommitteeAsync();
        var executiveA = await app.ClientForAsync(Demo.ExecutiveA);
        var owner = await PersonAsync(Demo.Csm);
        var invalid = await executiveA.PostAsJsonAsync("/api/v1/planned-changes", new { companyId = a, what = " ", plannedOn = "2026-12-01" });
        await HttpAssert.FieldErrorAsync(invalid, "what");
        var tooLate = await executiveA.PostAsJsonAsync("/api/v1/planned-changes", new { companyId = a, what = "Переход на новую ERP", plannedOn = "9999-12-31" });
        await HttpAssert.FieldErrorAsync(tooLate, "plannedOn");

        var created = await executiveA.PostAsJsonAsync("/api/v1/planned-changes",
            new { companyId = a, committeeId = committee, what = "Переход на новую ERP", plannedOn = "2027-02-01", processes = "Расчёты с поставщиками", impact = "Новые форматы первички", sscOwnerId = owner });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var change = await created.Content.ReadFromJsonAsync<JsonElement>(ServiceLevelFactory.Json);
        var id = change.GetProperty("id").GetString();
        Assert.Equal("Planned", change.GetProperty("status").GetString());

        var list = await app.GetAsync<JsonElement>(Demo.ExecutiveA, $"/api/v1/planned-changes?companyId={a}");
        Assert.Contains(list.EnumerateArray(), c => c.GetProperty("id").GetString() == id);
        var pack = await app.GetAsync<JsonElement>(Demo.Quality, $"/api/v1/committees/meetings/{meeting}/pack");
        Assert.Contains(pack.GetProperty("plannedChanges").EnumerateArray(), c => c.GetProperty("id").GetString() == id && c.GetProperty("sscOwner").GetString() is not null);

        // Another company's executive: the change and the company are not found.
        var executiveB = await ExecutiveOfBAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await executiveB.GetAsync($"/api/v1/planned-changes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await executiveB.PostAsJsonAsync($"/api/v1/planned-changes/{id}/status", new { status = "Dropped" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await executiveB.PostAsJsonAsync("/api/v1/planned-changes", new { companyId = a, what = "Чужое" })).StatusCode);
        Assert.DoesNotContain((await app.GetAsync<JsonElement>("cfo@sib-agro.demo", "/api/v1/planned-changes")).EnumerateArray(), c => c.GetProperty("id").GetString() == id);

        // A client user (not an executive) may not answer; the SSC moves the status.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientForAsync(Demo.ClientA)).PostAsJsonAsync("/api/v1/planned-changes", new { companyId = a, what = "x" })).StatusCode);
        var done = await (await app.ClientForAsync(Demo.Quality)).PostAsJsonAsync($"/api/v1/planned-changes/{id}/status", new { status = "Done" });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        pack = await app.GetAsync<JsonElement>(Demo.Quality, $"/api/v1/committees/meetings/{meeting}/pack");
        Assert.DoesNotContain(pack.GetProperty("plannedChanges").EnumerateArray(), c => c.GetProperty("id").GetString() == id);
    }

    private async Task<HttpClient> ExecutiveOfBAsync() => await app.ClientForAsync("cfo@sib-agro.demo");

    [Fact]
    public async Task A_settled_issue_counts_as_settled_before_and_an_escalated_one_is_on_the_pack()
    {
        var (_, committee, meeting) = await CommitteeAsync();
        var executiveA = await app.ClientForAsync(Demo.ExecutiveA);
        var quality = await app.ClientForAsync(Demo.Quality);

        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync($"/api/v1/committees/{committee}/issues", new { title = " " }), "title");
        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync($"/api/v1/committees/{committee}/issues", new { source = "Ticket", sourceId = Guid.NewGuid() }), "sourceId");

        var raised = await executiveA.PostAsJsonAsync($"/api/v1/committees/{committee}/issues", new { title = "Долгие согласования договоров", description = "Более 10 дней" });
        Assert.Equal(HttpStatusCode.Created, raised.StatusCode);
        var routine = (await raised.Content.ReadFromJsonAsync<JsonElement>(ServiceLevelFactory.Json)).GetProperty("id").GetString();
        var caseId = await app.WithDbAsync(async db => await db.Set<OneWindow.Web.Features.Feedback.FeedbackCase>()
            .Where(c => c.CompanyId == db.Companies.Where(x => x.Name == Demo.CompanyA).Select(x => x.Id).Single()
                && c.Direction == OneWindow.Web.Features.Feedback.FeedbackCaseDirection.ClientComplaint).Select(c => (Guid?)c.Id).FirstOrDefaultAsync());
        var fromSource = caseId is { } cid
            ? await quality.PostAsJsonAsync($"/api/v1/committees/{committee}/issues", new { source = "ComplaintCase", sourceId = cid })
            : await quality.PostAsJsonAsync($"/api/v1/committees/{committee}/issues", new { title = "Просрочки по закрытию месяца" });
        Assert.True(fromSource.StatusCode == HttpStatusCode.Created, await fromSource.Content.ReadAsStringAsync());
        var major = await fromSource.Content.ReadFromJsonAsync<JsonElement>(ServiceLevelFactory.Json);
        Assert.Equal("Ssc", major.GetProperty("raisedBySide").GetString());
        Assert.False(string.IsNullOrWhiteSpace(major.GetProperty("title").GetString()));

        // Today's pre-meeting of the working group (the client may not plan one; a date is required).
        Assert.Equal(HttpStatusCode.Forbidden, (await executiveA.PostAsJsonAsync($"/api/v1/committees/{committee}/pre-meetings", new { date = "2026-12-15" })).StatusCode);
        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync($"/api/v1/committees/{committee}/pre-meetings", new { time = "10:00" }), "date");
        var planned = await quality.PostAsJsonAsync($"/api/v1/committees/{committee}/pre-meetings", new { date = "2026-12-15", time = "10:00", place = "Переговорная 2" });
        Assert.Equal(HttpStatusCode.Created, planned.StatusCode);
        var preMeeting = await planned.Content.ReadFromJsonAsync<JsonElement>(ServiceLevelFactory.Json);
        Assert.Equal("PreMeeting", preMeeting.GetProperty("kind").GetString());
        Assert.Equal(1, preMeeting.GetProperty("number").GetInt32());
        var pre = preMeeting.GetProperty("id").GetString();

        // The client may raise but not settle or escalate; the SSC settles one at the pre-meeting and escalates the other.
        Assert.Equal(HttpStatusCode.Forbidden, (await executiveA.PostAsJsonAsync($"/api/v1/committees/issues/{routine}/settle", new { resolution = "x" })).StatusCode);
        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync($"/api/v1/committees/issues/{routine}/settle", new { resolution = "" }), "resolution");
        Assert.Equal(HttpStatusCode.OK, (await quality.PostAsJsonAsync($"/api/v1/committees/issues/{routine}/settle", new { resolution = "Сократили срок согласования до 3 дней" })).StatusCode);
        // A committee meeting is no pre-meeting.
        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync($"/api/v1/committees/issues/{major.GetProperty("id").GetString()}/escalate", new { preMeetingId = meeting }), "preMeetingId");
        var escalated = await quality.PostAsJsonAsync($"/api/v1/committees/issues/{major.GetProperty("id").GetString()}/escalate", new { preMeetingId = pre });
        Assert.Equal(HttpStatusCode.OK, escalated.StatusCode);
        var escalatedIssue = await escalated.Content.ReadFromJsonAsync<JsonElement>(ServiceLevelFactory.Json);
        Assert.Equal(meeting.ToString(), escalatedIssue.GetProperty("meetingId").GetString());
        Assert.Equal(pre, escalatedIssue.GetProperty("preMeetingId").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await quality.PostAsJsonAsync($"/api/v1/committees/issues/{routine}/escalate", new { })).StatusCode);

        var issues = await app.GetAsync<JsonElement>(Demo.ExecutiveA, $"/api/v1/committees/{committee}/issues");
        Assert.Equal(2, issues.GetArrayLength());
        // Settled without naming it: at the pre-meeting held today.
        Assert.All(issues.EnumerateArray(), i => Assert.Equal(pre, i.GetProperty("preMeetingId").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await (await ExecutiveOfBAsync()).GetAsync($"/api/v1/committees/{committee}/issues")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await ExecutiveOfBAsync()).PostAsJsonAsync($"/api/v1/committees/{committee}/issues", new { title = "x" })).StatusCode);

        var pack = await app.GetAsync<JsonElement>(Demo.Quality, $"/api/v1/committees/meetings/{meeting}/pack");
        var packIssues = pack.GetProperty("issues");
        Assert.Equal(1, packIssues.GetProperty("settledBefore").GetInt32());
        var onAgenda = Assert.Single(packIssues.GetProperty("escalated").EnumerateArray());
        Assert.Equal(major.GetProperty("id").GetString(), onAgenda.GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_pack_page_shows_the_sections_and_the_start_button_for_the_ssc()
    {
        var (_, _, meeting) = await CommitteeAsync();
        var html = WebUtility.HtmlDecode(await (await app.CookieClientForAsync(Demo.Quality)).GetStringAsync($"/committees/meetings/{meeting}/pack"));
        Assert.Contains("data-testid=\"pack-service-levels\"", html);
        Assert.Contains("data-testid=\"pack-start\"", html);
        Assert.Contains($"/api/v1/committees/meetings/{meeting}/pack.pdf", html);
        var client = WebUtility.HtmlDecode(await (await app.CookieClientForAsync(Demo.ExecutiveA)).GetStringAsync($"/committees/meetings/{meeting}/pack"));
        Assert.Contains("data-testid=\"pack-feedback\"", client);
        Assert.DoesNotContain("data-testid=\"pack-start\"", client);
        var register = WebUtility.HtmlDecode(await (await app.CookieClientForAsync(Demo.ExecutiveA)).GetStringAsync("/planned-changes"));
        Assert.Contains("data-testid=\"changes-add\"", register);
    }
}
