using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Core.Calendars;
using OneWindow.Core.Surveys;
using OneWindow.Core.Time;
using OneWindow.Web.Features.Surveys;
using OneWindow.Web.Tests.Features.ServiceLevels;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Surveys;

/// <summary>The app on a moved clock with the Quartz scheduler off: the test runs the survey job's firing itself, at the instants it chooses.</summary>
public sealed class SurveyClockFactory : OneWindowFactory
{
    public TestClock Clock { get; } = new() { Now = new DateTimeOffset(2027, 2, 1, 7, 0, 0, TimeSpan.Zero) };

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Identity:BearerTokenMinutes", "1000000"), new("Jobs:Enabled", "false"), new("Surveys:FatigueDays", "30")];

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.ConfigureTestServices(builder, s => s.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>
/// A quarterly campaign on the scheduler: its waves open on their days without anybody pressing a button, people
/// surveyed by another campaign within the fatigue window are skipped, and the reminder reaches only those who have not
/// answered, at the send hour of their own zone.
/// </summary>
public sealed class SurveyScheduleTests(SurveyClockFactory app) : IClassFixture<SurveyClockFactory>
{
    private const string Other = "user@nord-shipyard.demo";

    private Task<(int Opened, int Reminded)> FireAsync() => SurveyScheduleJob.RunOnceAsync(app.Services.GetRequiredService<IServiceScopeFactory>(), default);

    private Task<Guid> PersonAsync(string email) => app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private Task<List<(string To, DateTimeOffset Due, string Text)>> MailsAsync(string campaignName) => app.WithDbAsync(async db =>
        (await db.OutboxMessages.Where(m => m.Subject.Contains(campaignName)).OrderBy(m => m.CreatedAt).Select(m => new { m.ToAddress, m.NextAttemptAt, m.TextBody }).ToListAsync())
            .Select(m => (m.ToAddress, m.NextAttemptAt, m.TextBody)).ToList());

    private Task<List<(int Number, DateOnly Opens, DateOnly Closes)>> WavesAsync(Guid campaign) => app.WithDbAsync(async db =>
        (await db.Set<SurveyWave>().Where(w => w.CampaignId == campaign).OrderBy(w => w.Number).Select(w => new { w.Number, w.Opens, w.Closes }).ToListAsync())
            .Select(w => (w.Number, w.Opens, w.Closes)).ToList());

    private async Task<Guid> CreateAsync(HttpClient quality, string name, string questionnaireKey, string recurrence, DateOnly? firstOpens, int reminderWorkingDays, params Guid[] people)
    {
        var questionnaires = await quality.GetFromJsonAsync<JsonElement>("/api/v1/surveys/questionnaires");
        var questionnaire = questionnaires.EnumerateArray().Single(q => q.GetProperty("key").GetString() == questionnaireKey).GetProperty("id").GetGuid();
        var created = await quality.PostAsJsonAsync("/api/v1/surveys", new
        {
            name, questionnaireId = questionnaire, recurrence, firstOpens, openDays = 14, reminderWorkingDays, audience = new { people },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task A_quarterly_campaign_opens_its_waves_on_schedule_skips_the_recently_surveyed_and_reminds_only_those_who_have_not_answered()
    {
        var quality = await app.ClientForAsync(Demo.Quality);
        var (client, executive, other) = (await PersonAsync(Demo.ClientA), await PersonAsync(Demo.ExecutiveA), await PersonAsync(Other));
        var zone = await app.WithDbAsync(db => db.Companies.Where(c => db.Users.Any(u => u.Id == client && u.CompanyId == c.Id)).Select(c => c.TimeZoneId).SingleAsync());

        // Monday 1 February 2027: another campaign surveys the shipyard's user by hand.
        var pulse = await CreateAsync(quality, "Пульс верфи", QuestionnaireLibrary.Pulse, "Once", null, 0, other);
        Assert.Equal(HttpStatusCode.Created, (await quality.PostAsync($"/api/v1/surveys/{pulse}/waves", null)).StatusCode);

        // The quarterly campaign's first wave is planned for Wednesday 3 February; on the 1st nothing opens.
        var campaign = await CreateAsync(quality, "Квартальный опрос по расписанию", QuestionnaireLibrary.Yearly, "Quarterly", new DateOnly(2027, 2, 3), 3, client, executive, other);
        // A draft is never opened by the scheduler, however due; put on the schedule, it waits for its day.
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 3, 3, 0, 0, TimeSpan.Zero));
        Assert.Equal((0, 0), await FireAsync());
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 1, 7, 30, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.OK, (await quality.PostAsync($"/api/v1/surveys/{campaign}/schedule", null)).StatusCode);
        Assert.Equal((0, 0), await FireAsync());
        Assert.Empty(await WavesAsync(campaign));

        // 06:00 Moscow on the 3rd: the wave opens, the two Ural people are invited and the shipyard's user is skipped (surveyed two days ago).
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 3, 3, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, (await FireAsync()).Opened);
        Assert.Equal([(1, new DateOnly(2027, 2, 3), new DateOnly(2027, 2, 16))], await WavesAsync(campaign));
        var invitations = await app.WithDbAsync(db => db.Set<SurveyInvitation>().Where(i => db.Set<SurveyWave>().Any(w => w.Id == i.WaveId && w.CampaignId == campaign))
            .ToDictionaryAsync(i => i.PersonId, i => i.SkippedReason));
        Assert.Equal(SkipReasons.Fatigue, invitations[other]);
        Assert.Null(invitations[client]);
        Assert.Null(invitations[executive]);
        var mails = await MailsAsync("Квартальный опрос по расписанию");
        Assert.Equal([Demo.ExecutiveA, Demo.ClientA], mails.Select(m => m.To).Order(StringComparer.Ordinal));
        // Delivered at 09:00 of the opening day in the client company's own zone, not at the scheduler's hour.
        var nine = LocalDates.StartOf(new DateOnly(2027, 2, 3), TimeZoneInfo.FindSystemTimeZoneById(zone)).AddHours(9);
        Assert.All(mails, m => Assert.Equal(nine, m.Due));
        // A second firing the same day opens nothing more.
        Assert.Equal((0, 0), await FireAsync());

        // The client answers through the emailed link; the executive does not.
        var token = SurveyTests.Link.Match(mails.Single(m => m.To == Demo.ClientA).Text).Groups[1].Value;
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 4, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.OK, (await SurveyTests.AnswerAsync(app, token, "submit", 9, (9, 8), (7, 8))).StatusCode);

        // Three working days before the close (Tuesday 16 February) by the production calendar; the day before it, no reminder.
        var reminderDay = SurveyWaves.ReminderDay(new DateOnly(2027, 2, 16), 3, ProductionCalendar.Russia.IsWorkingDay);
        Assert.Equal(new DateOnly(2027, 2, 11), reminderDay);
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 10, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal((0, 0), await FireAsync());
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 11, 3, 0, 0, TimeSpan.Zero));
        Assert.Equal((0, 1), await FireAsync());
        Assert.Equal((0, 0), await FireAsync());
        mails = await MailsAsync("Квартальный опрос по расписанию");
        Assert.Equal(1, mails.Count(m => m.To == Demo.ClientA));
        var toExecutive = mails.Where(m => m.To == Demo.ExecutiveA).ToList();
        Assert.Equal(2, toExecutive.Count);
        // The reminder carries the same personal link as the invitation.
        Assert.Equal(SurveyTests.Link.Match(toExecutive[0].Text).Value, SurveyTests.Link.Match(toExecutive[1].Text).Value);
        Assert.Equal(LocalDates.StartOf(reminderDay, TimeZoneInfo.FindSystemTimeZoneById(zone)).AddHours(9), toExecutive[1].Due);

        // Nothing opens in between the quarters.
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 4, 1, 6, 0, 0, TimeSpan.Zero));
        Assert.Equal((0, 0), await FireAsync());

        // 3 May, the next quarter: the second wave opens by itself, and the shipyard's user, surveyed three months ago, is invited now.
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 5, 3, 3, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, (await FireAsync()).Opened);
        var waves = await WavesAsync(campaign);
        Assert.Equal((2, new DateOnly(2027, 5, 3), new DateOnly(2027, 5, 16)), waves[^1]);
        var second = await app.WithDbAsync(db => db.Set<SurveyInvitation>()
            .Where(i => db.Set<SurveyWave>().Any(w => w.Id == i.WaveId && w.CampaignId == campaign && w.Number == 2))
            .ToDictionaryAsync(i => i.PersonId, i => i.SkippedReason));
        Assert.Equal(3, second.Count);
        Assert.All(second.Values, Assert.Null);
        // The first wave's links are forgotten once it closed: only hashes remain.
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<SurveyInvitation>().CountAsync(i => i.ProtectedToken != null
            && db.Set<SurveyWave>().Any(w => w.Id == i.WaveId && w.CampaignId == campaign && w.Number == 1))));
    }
}
