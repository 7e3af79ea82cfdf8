using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Core.Calendars;
using System.Globalization;
using OneWindow.Core.Interaction;
using OneWindow.Core.ServiceLevels;
using OneWindow.Web.Features.Clients;
using OneWindow.Web.Features.Interaction;
using OneWindow.Web.Features.Mail;
using OneWindow.Web.Tests.Features.ServiceLevels;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Interaction;

/// <summary>
/// The app on a moved clock with the scheduler off (the test fires the delivery job itself) and no Chromium at the
/// configured path, so a PDF delivery is held with its reason while XLSX and invitations go out.
/// </summary>
public sealed class InteractionClockFactory : OneWindowFactory
{
    public TestClock Clock { get; } = new() { Now = new DateTimeOffset(2027, 2, 1, 7, 0, 0, TimeSpan.Zero) };

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Identity:BearerTokenMinutes", "1000000"), new("Jobs:Enabled", "false"), new("Pdf:ChromiumPath", "/nonexistent/chromium")];

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.ConfigureTestServices(builder, s => s.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>The interaction menu: catalogue rules, tenancy, proposals, and the delivery job's once-only, logged deliveries.</summary>
public sealed class InteractionMenuTests : IClassFixture<InteractionClockFactory>
{
    private static readonly DateTimeOffset Start = new(2027, 2, 1, 7, 0, 0, TimeSpan.Zero);
    private readonly InteractionClockFactory app;

    public InteractionMenuTests(InteractionClockFactory app)
    {
        // Each test starts on the same day, whatever the one before moved the clock to.
        this.app = app;
        app.Clock.SetUtcNow(Start);
    }

    private const string ExecutiveB = "cfo@sib-agro.demo";

    private Task<int> FireAsync() => InteractionDeliveryJob.RunOnceAsync(app.Services.GetRequiredService<IServiceScopeFactory>(), default);

    private Task<Guid> CompanyOfAsync(string email) => app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.CompanyId!.Value).SingleAsync());

    private Task<Guid> FormatAsync(string key) => app.WithDbAsync(db => db.Set<InteractionFormat>().Where(f => f.Key == key).Select(f => f.Id).SingleAsync());

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private async Task<Guid> ChooseAsync(string executive, object item)
    {
        var http = await app.ClientForAsync(executive);
        var company = await CompanyOfAsync(executive);
        return (await CreatedAsync(await http.PostAsJsonAsync($"/api/v1/interaction-menu/companies/{company}/items", item))).GetProperty("id").GetGuid();
    }

    private Task<List<InteractionDelivery>> LogAsync(Guid item) => app.WithDbAsync(db => db.Set<InteractionDelivery>().Where(d => d.ItemId == item).OrderBy(d => d.DueOn).ToListAsync());

    /// <summary>Working day N of the month after the clock's, by the production calendar, and an instant at 09:00 that day in the zone.</summary>
    private static (DateOnly Day, DateTimeOffset At) WorkingDayOfNextMonth(DateTimeOffset now, string zoneId, int n)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var local = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var day = InteractionSchedule.WorkingDayOfMonth(new DateOnly(local.Year, local.Month, 1).AddMonths(1), n, ProductionCalendar.Russia.IsWorkingDay);
        var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), zone.GetUtcOffset(day.ToDateTime(new TimeOnly(9, 0))));
        return (day, at.ToUniversalTime());
    }

    [Fact]
    public async Task A_company_may_choose_only_the_frequencies_and_channels_its_format_allows_and_only_an_administrator_keeps_the_catalogue()
    {
        var executive = await app.ClientForAsync(Demo.ExecutiveA);
        var company = await CompanyOfAsync(Demo.ExecutiveA);
        var report = await FormatAsync("sla-report");

        var weekly = await executive.PostAsJsonAsync($"/api/v1/interaction-menu/companies/{company}/items",
            new { formatId = report, frequency = "Weekly", channel = "EmailPdf", firstDate = "2027-03-01", recipients = new[] { Demo.ExecutiveA } });
        Assert.True((await HttpAssert.ProblemAsync(weekly, 400)).GetProperty("errors").TryGetProperty("frequency", out _));
        var meeting = await executive.PostAsJsonAsync($"/api/v1/interaction-menu/companies/{company}/items",
            new { formatId = report, frequency = "Monthly", channel = "Meeting", workingDay = 3, recipients = new[] { Demo.ExecutiveA } });
        Assert.True((await HttpAssert.ProblemAsync(meeting, 400)).GetProperty("errors").TryGetProperty("channel", out _));
        var noDay = await executive.PostAsJsonAsync($"/api/v1/interaction-menu/companies/{company}/items",
            new { formatId = report, frequency = "Monthly", channel = "EmailPdf", recipients = new[] { "not an address" } });
        var noDayErrors = (await HttpAssert.ProblemAsync(noDay, 400)).GetProperty("errors");
        Assert.True(noDayErrors.TryGetProperty("workingDay", out _));
        Assert.True(noDayErrors.TryGetProperty("recipients", out _));

        var admin = await app.ClientForAsync(Demo.Admin);
        var empty = await admin.PostAsJsonAsync("/api/v1/interaction-menu/formats",
            new { key = "town-hall", kind = "Committee", nameRu = "Общее собрание", nameEn = "Town hall", allowedFrequencies = Array.Empty<string>(), allowedChannels = new[] { "Meeting" } });
        Assert.True((await HttpAssert.ProblemAsync(empty, 400)).GetProperty("errors").TryGetProperty("allowedFrequencies", out _));
        var reportByMeeting = await admin.PostAsJsonAsync("/api/v1/interaction-menu/formats",
            new { key = "sla-call", kind = "SlaReport", nameRu = "Отчёт на встрече", nameEn = "Report at a meeting", allowedFrequencies = new[] { "Monthly" }, allowedChannels = new[] { "Meeting" } });
        Assert.True((await HttpAssert.ProblemAsync(reportByMeeting, 400)).GetProperty("errors").TryGetProperty("allowedChannels", out _));
        var taken = await admin.PostAsJsonAsync("/api/v1/interaction-menu/formats",
            new { key = "sla-report", kind = "SlaReport", nameRu = "Дубль", nameEn = "Copy", allowedFrequencies = new[] { "Monthly" }, allowedChannels = new[] { "EmailPdf" } });
        Assert.True((await HttpAssert.ProblemAsync(taken, 400)).GetProperty("errors").TryGetProperty("key", out _));
        var created = await CreatedAsync(await admin.PostAsJsonAsync("/api/v1/interaction-menu/formats",
            new { key = "town-hall", kind = "Committee", nameRu = "Общее собрание", nameEn = "Town hall", allowedFrequencies = new[] { "HalfYearly" }, allowedChannels = new[] { "Meeting" } }));
        Assert.Equal(["HalfYearly"], created.GetProperty("allowedFrequencies").EnumerateArray().Select(f => f.GetString()));

        var csm = await app.ClientForAsync(Demo.Csm);
        Assert.Equal(HttpStatusCode.Forbidden, (await csm.PostAsJsonAsync("/api/v1/interaction-menu/formats",
            new { key = "csm-own", kind = "Committee", nameRu = "Своё", nameEn = "Own", allowedFrequencies = new[] { "Monthly" }, allowedChannels = new[] { "Meeting" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await executive.PostAsJsonAsync("/api/v1/interaction-menu/formats",
            new { key = "exec-own", kind = "Committee", nameRu = "Своё", nameEn = "Own", allowedFrequencies = new[] { "Monthly" }, allowedChannels = new[] { "Meeting" } })).StatusCode);
    }

    [Fact]
    public async Task The_demo_gives_companies_chosen_menus_a_proposal_and_months_of_delivery_log()
    {
        var csm = await app.ClientForAsync(Demo.Csm);
        var formats = await csm.GetFromJsonAsync<JsonElement>("/api/v1/interaction-menu/formats");
        // The seven formats of the article's menu (another test may have added its own).
        Assert.Subset(formats.EnumerateArray().Select(f => f.GetProperty("key").GetString()!).ToHashSet(),
            new HashSet<string> { "sla-report", "business-review", "business-meeting", "dashboard-access", "survey-waves", "committee", "duty-contact" });
        Assert.Contains(formats.EnumerateArray(), f => f.GetProperty("nameRu").GetString() == "Ежемесячный отчёт SLA/OLA" && f.GetProperty("nameEn").GetString() == "Monthly SLA/OLA report");

        var companyA = await CompanyOfAsync(Demo.ExecutiveA);
        var menu = await (await app.ClientForAsync(Demo.ExecutiveA)).GetFromJsonAsync<JsonElement>($"/api/v1/interaction-menu/companies/{companyA}");
        Assert.Contains(menu.GetProperty("items").EnumerateArray(), i => i.GetProperty("status").GetString() == "Proposed");
        Assert.Contains(menu.GetProperty("items").EnumerateArray(), i => i.GetProperty("status").GetString() == "Active");
        Assert.NotEmpty(menu.GetProperty("upcoming").EnumerateArray());

        var companyB = await CompanyOfAsync(ExecutiveB);
        var log = await csm.GetFromJsonAsync<JsonElement>($"/api/v1/interaction-menu/companies/{companyB}/deliveries");
        var sent = log.EnumerateArray().Where(d => d.GetProperty("outcome").GetString() == "Sent").ToList();
        Assert.True(sent.Select(d => d.GetProperty("period").GetString()).Distinct().Count() >= 3, "three months of reports at least");
        Assert.Contains(sent, d => d.GetProperty("fileName").GetString()!.EndsWith(".pdf", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_companys_executive_can_neither_see_nor_change_the_menu_nor_its_log()
    {
        var companyA = await CompanyOfAsync(Demo.ExecutiveA);
        var item = await ChooseAsync(Demo.ExecutiveA, new { formatId = await FormatAsync("dashboard-access"), frequency = "Continuous", channel = "Portal" });
        var other = await app.ClientForAsync(ExecutiveB);

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/interaction-menu/companies/{companyA}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/interaction-menu/companies/{companyA}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/interaction-menu/items/{item}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/v1/interaction-menu/companies/{companyA}/items",
            new { formatId = await FormatAsync("dashboard-access"), frequency = "Continuous", channel = "Portal" })).StatusCode);
        var change = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/interaction-menu/items/{item}")
        {
            Content = JsonContent.Create(new { formatId = await FormatAsync("dashboard-access"), frequency = "Continuous", channel = "Portal" }),
        };
        change.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(change)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/v1/interaction-menu/items/{item}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/v1/interaction-menu/items/{item}/accept", null)).StatusCode);

        // The company's own client user reads no menu at all; its executive and its CSM do.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientForAsync(Demo.ClientA)).GetAsync($"/api/v1/interaction-menu/companies/{companyA}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.ClientForAsync(Demo.Csm)).GetAsync($"/api/v1/interaction-menu/companies/{companyA}")).StatusCode);
        var own = await (await app.ClientForAsync(Demo.ExecutiveA)).GetFromJsonAsync<JsonElement>($"/api/v1/interaction-menu/companies/{companyA}");
        Assert.Contains(own.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == item);
        Assert.Equal(HttpStatusCode.OK, (await (await app.ClientForAsync(Demo.ExecutiveA)).GetAsync($"/api/v1/interaction-menu/items/{item}")).StatusCode);
    }

    [Fact]
    public async Task A_CSM_proposal_is_in_force_only_once_the_companys_executive_accepts_it()
    {
        var csm = await app.ClientForAsync(Demo.Csm);
        var company = await CompanyOfAsync(Demo.ExecutiveA);
        var proposal = await CreatedAsync(await csm.PostAsJsonAsync($"/api/v1/interaction-menu/companies/{company}/items",
            new { formatId = await FormatAsync("business-review"), frequency = "Quarterly", channel = "Meeting", workingDay = 6, recipients = new[] { Demo.ExecutiveA },
                note = "Квартальный обзор с финансовой службой" }));
        var id = proposal.GetProperty("id").GetGuid();
        Assert.Equal("Proposed", proposal.GetProperty("status").GetString());

        // The CSM cannot accept their own proposal, nor may a client user of the company.
        Assert.Equal(HttpStatusCode.Forbidden, (await csm.PostAsync($"/api/v1/interaction-menu/items/{id}/accept", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientForAsync(Demo.ClientA)).PostAsync($"/api/v1/interaction-menu/items/{id}/accept", null)).StatusCode);

        var executive = await app.ClientForAsync(Demo.ExecutiveA);
        var accepted = await executive.PostAsync($"/api/v1/interaction-menu/items/{id}/accept", null);
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("Active", body.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("chosenByName").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("proposedByName").GetString()));
        // Answered once: a second accept is a conflict.
        Assert.Equal(HttpStatusCode.Conflict, (await executive.PostAsync($"/api/v1/interaction-menu/items/{id}/accept", null)).StatusCode);
        var menu = await executive.GetFromJsonAsync<JsonElement>($"/api/v1/interaction-menu/companies/{company}");
        Assert.Contains(menu.GetProperty("upcoming").EnumerateArray(), u => u.GetProperty("itemId").GetGuid() == id);
    }

    [Fact]
    public async Task The_job_sends_a_due_report_once_on_its_working_day_and_a_second_run_the_same_day_sends_nothing()
    {
        var zone = await app.WithDbAsync(db => db.Companies.Where(c => db.Users.Any(u => u.Email == Demo.ExecutiveA && u.CompanyId == c.Id)).Select(c => c.TimeZoneId).SingleAsync());
        var item = await ChooseAsync(Demo.ExecutiveA, new
        {
            formatId = await FormatAsync("sla-report"), frequency = "Monthly", channel = "EmailXlsx", workingDay = 3, recipients = new[] { Demo.ExecutiveA, "board@ural-mining.demo" },
        });
        var (day, at) = WorkingDayOfNextMonth(app.Clock.GetUtcNow(), zone, 3);

        // The day before, and the day itself before the send hour, nothing is due.
        app.Clock.SetUtcNow(at.AddDays(-1));
        await FireAsync();
        app.Clock.SetUtcNow(at.AddHours(-3));
        await FireAsync();
        Assert.Empty(await LogAsync(item));

        app.Clock.SetUtcNow(at);
        await FireAsync();
        var log = Assert.Single(await LogAsync(item));
        Assert.Equal((DeliveryOutcome.Sent, day), (log.Outcome, log.DueOn));
        Assert.Equal(ReportPeriod.Of(PeriodUnit.Month, day).Previous.Key, log.Period);
        var mails = await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.CreatedAt == at && m.Subject.Contains(log.Period!)).Select(m => new
        {
            m.ToAddress, m.Subject, Files = db.Set<OutboxAttachment>().Where(a => a.MessageId == m.Id).Select(a => new { a.FileName, a.ContentType, a.Content.Length }).ToList(),
        }).ToListAsync());
        var ours = mails.Where(m => m.Subject.Contains("Уральская", StringComparison.Ordinal)).ToList();
        Assert.Equal(["board@ural-mining.demo", Demo.ExecutiveA], ours.Select(m => m.ToAddress).Order(StringComparer.Ordinal));
        Assert.All(ours, m => Assert.Equal($"sla-ola-{log.Period}.xlsx", Assert.Single(m.Files).FileName));
        Assert.All(ours, m => Assert.True(m.Files[0].Length > 1000));

        // A second run the same day, and one an hour later, send nothing more.
        var outbox = await app.WithDbAsync(db => db.OutboxMessages.CountAsync());
        Assert.Equal(0, await FireAsync());
        app.Clock.SetUtcNow(at.AddHours(1));
        Assert.Equal(0, await FireAsync());
        Assert.Single(await LogAsync(item));
        Assert.Equal(outbox, await app.WithDbAsync(db => db.OutboxMessages.CountAsync()));

        // The log is the company's: its executive reads it, another company's does not see it.
        var companyA = await CompanyOfAsync(Demo.ExecutiveA);
        var read = await (await app.ClientForAsync(Demo.ExecutiveA)).GetFromJsonAsync<JsonElement>($"/api/v1/interaction-menu/companies/{companyA}/deliveries");
        Assert.Contains(read.EnumerateArray(), d => d.GetProperty("itemId").GetGuid() == item && d.GetProperty("outcome").GetString() == "Sent");
    }

    [Fact]
    public async Task A_delivery_that_cannot_be_made_is_held_and_logged_with_its_reason()
    {
        var zone = await app.WithDbAsync(db => db.Companies.Where(c => db.Users.Any(u => u.Email == ExecutiveB && u.CompanyId == c.Id)).Select(c => c.TimeZoneId).SingleAsync());
        var noRecipients = await ChooseAsync(ExecutiveB, new { formatId = await FormatAsync("sla-report"), frequency = "Monthly", channel = "EmailXlsx", workingDay = 4 });
        var pdf = await ChooseAsync(ExecutiveB, new { formatId = await FormatAsync("sla-report"), frequency = "Monthly", channel = "EmailPdf", workingDay = 4, recipients = new[] { ExecutiveB } });

        // A company with no agreement has no figures: its report is held for want of data.
        var (emptyCompany, noData) = await app.WithDbAsync(async db =>
        {
            var company = new ClientCompany { Name = "ООО «Пустой отчёт»", TimeZoneId = zone };
            db.Companies.Add(company);
            var item = new CompanyInteraction
            {
                CompanyId = company.Id, FormatId = await db.Set<InteractionFormat>().Where(f => f.Key == "sla-report").Select(f => f.Id).SingleAsync(),
                Frequency = InteractionFrequency.Monthly, Channel = InteractionChannel.EmailXlsx, WorkingDay = 4, Recipients = "cfo@empty.demo",
                Status = InteractionStatus.Active, ChosenAt = app.Clock.GetUtcNow(),
            };
            db.Set<CompanyInteraction>().Add(item);
            await db.SaveChangesAsync();
            return (company.Id, item.Id);
        });

        var (_, at) = WorkingDayOfNextMonth(app.Clock.GetUtcNow(), zone, 4);
        app.Clock.SetUtcNow(at);
        await FireAsync();
        var held = (await LogAsync(noRecipients)).Concat(await LogAsync(pdf)).Concat(await LogAsync(noData)).ToList();
        Assert.Equal(3, held.Count);
        Assert.All(held, d => Assert.Equal(DeliveryOutcome.Held, d.Outcome));
        Assert.Equal([HeldReasons.NoRecipients, HeldReasons.RendererUnavailable, HeldReasons.NoData], held.Select(d => d.Reason));
        Assert.Contains("/nonexistent/chromium", held[1].Detail, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.CreatedAt == at && m.ToAddress == "cfo@empty.demo")));

        // The SSC reads the reasons through the API too.
        var log = await (await app.ClientForAsync(Demo.Admin)).GetFromJsonAsync<JsonElement>($"/api/v1/interaction-menu/companies/{emptyCompany}/deliveries");
        Assert.Equal(HeldReasons.NoData, Assert.Single(log.EnumerateArray()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Nothing_goes_out_on_days_off_and_a_meeting_falling_on_one_is_held()
    {
        var zone = await app.WithDbAsync(db => db.Companies.Where(c => db.Users.Any(u => u.Email == ExecutiveB && u.CompanyId == c.Id)).Select(c => c.TimeZoneId).SingleAsync());
        // 6 March 2027 is a Saturday; 8 March, the Monday after, a public holiday; the meeting is weekly from the Saturday.
        var saturday = new DateOnly(2027, 3, 6);
        Assert.False(ProductionCalendar.Russia.IsWorkingDay(saturday));
        var meeting = await ChooseAsync(ExecutiveB, new
        {
            formatId = await FormatAsync("business-meeting"), frequency = "Weekly", channel = "Meeting", firstDate = saturday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            meetingTime = "11:00:00", recipients = new[] { ExecutiveB },
        });
        var report = await ChooseAsync(ExecutiveB, new { formatId = await FormatAsync("sla-report"), frequency = "Monthly", channel = "EmailXlsx", workingDay = 1, recipients = new[] { ExecutiveB } });

        // Every day from 1 to 31 March at 10:00 local: the report goes out once, on the first working day of March.
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        for (var d = new DateOnly(2027, 3, 1); d <= new DateOnly(2027, 3, 31); d = d.AddDays(1))
        {
            var local = d.ToDateTime(new TimeOnly(10, 0));
            app.Clock.SetUtcNow(new DateTimeOffset(local, tz.GetUtcOffset(local)).ToUniversalTime());
            await FireAsync();
        }

        var reportLog = Assert.Single(await LogAsync(report));
        Assert.True(ProductionCalendar.Russia.IsWorkingDay(reportLog.DueOn));
        Assert.Equal(InteractionSchedule.WorkingDayOfMonth(new DateOnly(2027, 3, 1), 1, ProductionCalendar.Russia.IsWorkingDay), reportLog.DueOn);

        // Weekly Saturdays: no meeting of the series would take place, so no invitation goes out — held once, with the reason.
        var held = Assert.Single(await LogAsync(meeting));
        Assert.Equal((DeliveryOutcome.Held, HeldReasons.NonWorkingDay, "series-1"), (held.Outcome, held.Reason, held.Period));
        Assert.Equal(0, await app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == ExecutiveB && m.Subject.Contains("Встреча с бизнесом"))));
    }

    /// <summary>The .ics files queued for an item's series, oldest first, parsed by Ical.Net as a calendar client would.</summary>
    private Task<List<(string To, string ContentType, Ical.Net.Calendar Calendar)>> InvitationsAsync(string to) => app.WithDbAsync(async db =>
        (await db.Set<OutboxAttachment>().Where(a => a.FileName.EndsWith(".ics") && db.OutboxMessages.Any(m => m.Id == a.MessageId && m.ToAddress == to))
            .OrderBy(a => a.Id).Select(a => new { a.MessageId, a.ContentType, a.Content }).ToListAsync())
        .Select(a => (to, a.ContentType, Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(a.Content))!)).ToList());

    [Fact]
    public async Task A_meeting_every_two_weeks_is_one_calendar_series_without_the_days_off_updated_on_a_change_and_cancelled_when_ended()
    {
        const string Guest = "treasury@sib-agro.demo";
        var zone = TimeZoneInfo.FindSystemTimeZoneById(
            await app.WithDbAsync(db => db.Companies.Where(c => db.Users.Any(u => u.Email == ExecutiveB && u.CompanyId == c.Id)).Select(c => c.TimeZoneId).SingleAsync()));
        // Every two weeks on Tuesdays from 2 February 2027: 23 February (Defender of the Fatherland Day) is one of them.
        var first = new DateOnly(2027, 2, 2);
        Assert.False(ProductionCalendar.Russia.IsWorkingDay(new DateOnly(2027, 2, 23)));
        var item = await ChooseAsync(ExecutiveB, new
        {
            formatId = await FormatAsync("business-meeting"), frequency = "EveryNWeeks", intervalWeeks = 2, channel = "Meeting",
            firstDate = first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), meetingTime = "11:00:00", meetingMinutes = 45, recipients = new[] { ExecutiveB, Guest },
        });

        await FireAsync();
        var sent = Assert.Single(await LogAsync(item));
        Assert.Equal((DeliveryOutcome.Sent, "series-1", "invite.ics"), (sent.Outcome, sent.Period, sent.FileName));
        var (_, type, calendar) = Assert.Single(await InvitationsAsync(Guest));
        Assert.Equal("text/calendar; method=REQUEST; charset=utf-8", type);
        Assert.Equal("REQUEST", calendar.Method);
        var series = Assert.Single(calendar.Events);
        Assert.Equal($"{item:N}@onewindow", series.Uid);
        Assert.Equal(1, series.Sequence);
        Assert.Equal(2, series.RecurrenceRule!.Interval);
        Assert.Equal(Ical.Net.FrequencyType.Weekly, series.RecurrenceRule.Frequency);
        Assert.Equal(2, series.Attendees.Count);
        // The meetings a calendar shows in the first half of 2027: every other Tuesday at 11:00 local, 45 minutes, never on a day off.
        var shown = series.GetOccurrences(new Ical.Net.DataTypes.CalDateTime(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc)))
            .TakeWhile(o => o.Period.StartTime.AsUtc < new DateTime(2027, 7, 1, 0, 0, 0, DateTimeKind.Utc)).ToList();
        var days = shown.Select(o => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(o.Period.StartTime.AsUtc, zone))).ToList();
        Assert.Equal(first, days[0]);
        Assert.DoesNotContain(new DateOnly(2027, 2, 23), days);
        Assert.All(days, d => Assert.True(ProductionCalendar.Russia.IsWorkingDay(d), $"{d} is a day off"));
        Assert.Equal(InteractionSchedule.Occurrences(InteractionFrequency.EveryNWeeks, null, first, 2, first, new DateOnly(2027, 6, 30), ProductionCalendar.Russia.IsWorkingDay)
            .Where(ProductionCalendar.Russia.IsWorkingDay), days);
        Assert.All(shown, o => Assert.Equal(new TimeOnly(11, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(o.Period.StartTime.AsUtc, zone))));
        Assert.All(shown, o => Assert.Equal(TimeSpan.FromMinutes(45), o.Period.EffectiveDuration!.Value.ToTimeSpan(o.Period.StartTime)));

        // Nothing changed: later runs, days later, send nothing more (other tests' items may deliver meanwhile: the log and the invitations tell).
        app.Clock.SetUtcNow(Start.AddDays(3));
        await FireAsync();
        Assert.Single(await InvitationsAsync(Guest));

        // The executive moves the meetings to 15:00: the same series (UID) is updated with the next SEQUENCE.
        var exec = await app.ClientForAsync(ExecutiveB);
        var current = await exec.GetAsync($"/api/v1/interaction-menu/items/{item}");
        using var change = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/interaction-menu/items/{item}")
        {
            Content = JsonContent.Create(new
            {
                formatId = await FormatAsync("business-meeting"), frequency = "EveryNWeeks", intervalWeeks = 2, channel = "Meeting",
                firstDate = first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), meetingTime = "15:00:00", meetingMinutes = 45, recipients = new[] { ExecutiveB, Guest },
            }),
        };
        change.Headers.IfMatch.Add(current.Headers.ETag!);
        var changed = await exec.SendAsync(change);
        Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());
        await FireAsync();
        var update = (await InvitationsAsync(Guest))[^1].Calendar.Events.Single();
        Assert.Equal(($"{item:N}@onewindow", 2), (update.Uid, update.Sequence));
        Assert.Equal(new TimeOnly(15, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(update.DtStart!.AsUtc, zone)));

        // The executive ends the item: one CANCEL for the whole series, then nothing.
        Assert.True((await exec.DeleteAsync($"/api/v1/interaction-menu/items/{item}")).IsSuccessStatusCode);
        await FireAsync();
        await FireAsync();
        var cancel = (await InvitationsAsync(Guest))[^1];
        Assert.Equal(("text/calendar; method=CANCEL; charset=utf-8", "CANCEL"), (cancel.ContentType, cancel.Calendar.Method));
        var cancelled = cancel.Calendar.Events.Single();
        Assert.Equal(($"{item:N}@onewindow", 3, "CANCELLED"), (cancelled.Uid, cancelled.Sequence, cancelled.Status));
        Assert.Equal(["series-1", "series-2", "cancel-3"], (await LogAsync(item)).Select(d => d.Period!).OrderBy(p => int.Parse(p[(p.IndexOf('-', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture)));
        Assert.Equal(3, (await InvitationsAsync(ExecutiveB)).Count(i => i.Calendar.Events.Single().Uid == $"{item:N}@onewindow"));
    }

    [Fact]
    public async Task A_quarterly_meeting_on_working_day_10_is_a_series_of_its_dates_by_the_production_calendar()
    {
        const string Guest = "quarterly@sib-agro.demo";
        var item = await ChooseAsync(ExecutiveB, new
        {
            formatId = await FormatAsync("business-review"), frequency = "Quarterly", workingDay = 10, channel = "Meeting", meetingTime = "10:00:00", recipients = new[] { Guest },
        });
        await FireAsync();
        var series = Assert.Single(await InvitationsAsync(Guest)).Calendar.Events.Single();
        Assert.Null(series.RecurrenceRule);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(
            await app.WithDbAsync(db => db.Companies.Where(c => db.Users.Any(u => u.Email == ExecutiveB && u.CompanyId == c.Id)).Select(c => c.TimeZoneId).SingleAsync()));
        var days = series.GetOccurrences(new Ical.Net.DataTypes.CalDateTime(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc)))
            .Select(o => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(o.Period.StartTime.AsUtc, zone))).Take(10).ToList();
        // From 1 February 2027 a year ahead: working day 10 of April, July, October 2027 and January 2028.
        Assert.Equal(new[] { 2027, 2027, 2027, 2028 }, days.Select(d => d.Year));
        Assert.Equal(new[] { 4, 7, 10, 1 }, days.Select(d => d.Month));
        Assert.All(days, d => Assert.Equal(InteractionSchedule.WorkingDayOfMonth(new DateOnly(d.Year, d.Month, 1), 10, ProductionCalendar.Russia.IsWorkingDay), d));
        Assert.Equal("series-1", Assert.Single(await LogAsync(item)).Period);
    }
}
