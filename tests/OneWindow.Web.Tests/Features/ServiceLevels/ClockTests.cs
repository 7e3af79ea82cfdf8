using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Core.ServiceLevels;
using OneWindow.Web.Features.Calendars;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.ServiceLevels;

/// <summary>The app on a clock the test moves, starting 17:30 Moscow time on the last working day of 2026.</summary>
public sealed class ClockFactory : OneWindowFactory
{
    public TestClock Clock { get; } = new() { Now = new DateTimeOffset(2026, 12, 30, 14, 30, 0, TimeSpan.Zero) };

    // Bearer tokens are judged by the same clock: let them outlive the days the tests skip.
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Identity:BearerTokenMinutes", "1000000")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>A clock tests set to any instant, backwards too: each test starts its own story.</summary>
public sealed class TestClock : TimeProvider
{
    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;

    public void SetUtcNow(DateTimeOffset value) => Now = value;

    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>SLA and OLA clocks of tickets, replayed from their history on the production calendar (demo agreements).</summary>
public sealed class ClockTests(ClockFactory app) : IClassFixture<ClockFactory>
{
    private async Task<string> CreateTicketAsync(string client, string priority)
    {
        var http = await As(client);
        var type = await app.WithDbAsync(db => db.RequestTypes.Where(t => t.Code == "CLOSE-Q").Select(t => t.Id).SingleAsync());
        var response = await http.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = type, subject = "Закрытие года", description = "Вопрос по закрытию", priority });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("summary").GetProperty("id").GetString()!;
    }

    private static JsonElement Clock(JsonElement clocks, string side, string timer, int episode = 1)
    {
        var found = clocks.EnumerateArray().Where(c => c.GetProperty("side").GetString() == side && c.GetProperty("timer").GetString() == timer && c.GetProperty("episode").GetInt32() == episode).ToList();
        Assert.True(found.Count == 1, $"{side} {timer} #{episode} in {clocks}");
        return found[0];
    }

    /// <summary>A client with a token issued at the test clock's current time (tokens expire as the clock moves on).</summary>
    private async Task<HttpClient> As(string email)
    {
        var client = app.AnonymousClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = OneWindow.Web.Features.Shell.DemoData.Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task A_ticket_opened_at_1730_on_the_last_working_day_before_the_new_year_is_due_on_11_january_and_the_vladivostok_client_sees_the_same_instant()
    {
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 30, 14, 30, 0, TimeSpan.Zero));
        var id = await CreateTicketAsync("user@dv-logistics.demo", "High");

        var client = await As("user@dv-logistics.demo");
        var clocks = await client.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}/clocks");
        Assert.True(clocks.GetArrayLength() > 0, clocks.ToString());
        var resolution = Clock(clocks, "Sla", "Resolution");
        // 30 minutes on 30 December (till 18:00), then 31 December and 1–10 January are off; 09:00–13:00 and 14:00–17:30 on the 11th.
        Assert.Equal(new DateTimeOffset(2027, 1, 11, 14, 30, 0, TimeSpan.Zero), resolution.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(480, resolution.GetProperty("targetMinutes").GetDouble());
        Assert.Equal("Running", resolution.GetProperty("state").GetString());
        // The high-priority first-response target (1 hour): 30 minutes on the 30th, 30 minutes on the 11th.
        Assert.Equal(new DateTimeOffset(2027, 1, 11, 6, 30, 0, TimeSpan.Zero), Clock(clocks, "Sla", "FirstResponse").GetProperty("dueAt").GetDateTimeOffset());

        // The client's own profile puts them in Vladivostok: 14:30Z is 00:30 on 12 January there.
        var zone = await app.WithDbAsync(db => db.Users.Where(u => u.Email == "user@dv-logistics.demo").Select(u => u.TimeZoneId).SingleAsync());
        Assert.Equal("Asia/Vladivostok", zone);
        var local = TimeZoneInfo.ConvertTime(resolution.GetProperty("dueAt").GetDateTimeOffset(), TimeZoneInfo.FindSystemTimeZoneById(zone!));
        Assert.Equal(new DateTime(2027, 1, 12, 0, 30, 0), local.DateTime);

        // The stored clock agrees with the replay, for the reports and the alert job.
        var stored = await app.WithDbAsync(db => db.TicketClocks.Where(c => c.TicketId == Guid.Parse(id) && c.Timer == TimerKind.Resolution).SingleAsync());
        Assert.Equal(new DateTimeOffset(2027, 1, 11, 14, 30, 0, TimeSpan.Zero), stored.DueAt);
        Assert.NotNull(stored.NextAlertAt);
    }

    [Fact]
    public async Task Two_business_days_waiting_for_the_client_pause_the_sla_clock_and_run_the_ola_clock_for_exactly_that_time()
    {
        // Monday 7 December 2026, 10:00 Moscow.
        var start = new DateTimeOffset(2026, 12, 7, 7, 0, 0, TimeSpan.Zero);
        app.Clock.SetUtcNow(start);
        var id = await CreateTicketAsync(Demo.ClientA, "Normal");
        var agent = await As(Demo.Agent);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{id}/actions", new { action = "Start" })).StatusCode);
        app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{id}/actions", new { action = "AskClient", message = "Пришлите, пожалуйста, акт." })).StatusCode);

        // Two business days later (Wednesday 11:00) the client answers.
        app.Clock.Advance(TimeSpan.FromDays(2));
        var client = await As(Demo.ClientA);
        var reply = await client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { kind = "ClientMessage", body = "Акт во вложении." });
        Assert.True(reply.IsSuccessStatusCode, await reply.Content.ReadAsStringAsync());
        app.Clock.Advance(TimeSpan.FromHours(1));

        var clocks = await agent.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}/clocks");
        var ola = Clock(clocks, "Ola", "ClientClarification", 1);
        Assert.Equal(16 * 60, ola.GetProperty("elapsedMinutes").GetDouble());
        Assert.Equal("Met", ola.GetProperty("state").GetString());
        Assert.Equal(new DateTimeOffset(2026, 12, 9, 8, 0, 0, TimeSpan.Zero), ola.GetProperty("stoppedAt").GetDateTimeOffset());

        var resolution = Clock(clocks, "Sla", "Resolution");
        // One business hour before the question, one after the answer: the two days in between do not count.
        Assert.Equal(120, resolution.GetProperty("elapsedMinutes").GetDouble());
        var log = resolution.GetProperty("log").EnumerateArray().Select(l => (l.GetProperty("kind").GetString(), l.GetProperty("at").GetDateTimeOffset())).ToList();
        Assert.Contains(("Paused", start.AddHours(1)), log);
        Assert.Contains(("Resumed", start.AddHours(1).AddDays(2)), log);
        // 16 business hours from Monday 10:00 plus the two paused days: Friday 10:00 Moscow.
        Assert.Equal(new DateTimeOffset(2026, 12, 11, 7, 0, 0, TimeSpan.Zero), resolution.GetProperty("dueAt").GetDateTimeOffset());

        // The first response came with the question.
        Assert.Equal("Met", Clock(clocks, "Sla", "FirstResponse").GetProperty("state").GetString());

        // The client sees both sides of the same ticket.
        var seen = await client.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}/clocks");
        Assert.Equal(clocks.GetArrayLength(), seen.GetArrayLength());
        // Which SSC team the time went to is internal: the agent sees it, the client does not.
        Assert.Contains(clocks.EnumerateArray(), c => c.GetProperty("byTeam").EnumerateArray().Any(t => t.GetProperty("teamName").GetString() is { Length: > 0 }));
        Assert.Contains(clocks.EnumerateArray(), c => c.GetProperty("log").EnumerateArray().Any(l => l.TryGetProperty("teamId", out var team) && team.ValueKind == JsonValueKind.String));
        Assert.All(seen.EnumerateArray(), c =>
        {
            Assert.Empty(c.GetProperty("byTeam").EnumerateArray());
            Assert.All(c.GetProperty("log").EnumerateArray(), l => Assert.False(l.TryGetProperty("teamId", out var team) && team.ValueKind != JsonValueKind.Null, l.ToString()));
        });
        var other = await As(Demo.ClientB);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/tickets/{id}/clocks")).StatusCode);

        // The stored clocks say the same: the reports read them.
        var stored = await app.WithDbAsync(db => db.TicketClocks.Include(c => c.Events).Where(c => c.TicketId == Guid.Parse(id)).ToListAsync());
        var storedOla = stored.Single(c => c.Timer == TimerKind.ClientClarification);
        Assert.Equal(16 * 3600, storedOla.ElapsedSeconds);
        Assert.Equal(ClockState.Met, storedOla.State);
        Assert.Contains(stored.Single(c => c.Timer == TimerKind.Resolution).Events, e => e.Kind == ClockLogKind.Paused);

        // The December report lists the answered clarification among the OLA items, with its 16 business hours.
        var company = await app.WithDbAsync(db => db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync());
        var items = await agent.GetFromJsonAsync<JsonElement>($"/api/v1/service-levels/report/items?period=2026-12&companyId={company}&side=Ola&pageSize=200");
        var item = items.GetProperty("items").EnumerateArray().Single(i => i.TryGetProperty("ticketId", out var t) && t.GetString() == id);
        Assert.Equal("Met", item.GetProperty("outcome").GetString());
        Assert.Equal(16 * 3600, item.GetProperty("elapsedSeconds").GetInt64());
        var report = await agent.GetFromJsonAsync<JsonElement>($"/api/v1/service-levels/report?period=2026-12&companyId={company}");
        var row = report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("allProcesses").GetBoolean());
        Assert.True(row.GetProperty("olaAttainment").ValueKind == JsonValueKind.Number, row.ToString());
    }

    [Fact]
    public async Task A_closed_tickets_clocks_are_frozen_until_an_explicit_recalculation_and_open_ones_follow_calendar_changes()
    {
        var start = new DateTimeOffset(2026, 12, 14, 7, 0, 0, TimeSpan.Zero); // Monday 10:00 Moscow
        app.Clock.SetUtcNow(start);
        var open = await CreateTicketAsync(Demo.ClientA, "Normal");
        var closed = await CreateTicketAsync(Demo.ClientA, "Normal");
        var agent = await As(Demo.Agent);
        app.Clock.Advance(TimeSpan.FromHours(2));
        foreach (var action in new[] { "Start", "Resolve", "Close" })
        {
            var r = await agent.PostAsJsonAsync($"/api/v1/tickets/{closed}/actions", new { action, message = action == "Resolve" ? "Готово." : null });
            Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        }

        async Task<TicketClock> ResolutionAsync(string id) =>
            await app.WithDbAsync(db => db.TicketClocks.AsNoTracking().SingleAsync(c => c.TicketId == Guid.Parse(id) && c.Timer == TimerKind.Resolution));
        var openBefore = await ResolutionAsync(open);
        var closedBefore = await ResolutionAsync(closed);
        Assert.Equal(ClockState.Met, closedBefore.State);
        Assert.Equal(120 * 60, closedBefore.ElapsedSeconds);
        // 16 business hours from Monday 10:00: Wednesday 10:00.
        Assert.Equal(new DateTimeOffset(2026, 12, 16, 7, 0, 0, TimeSpan.Zero), openBefore.DueAt);

        // The SSC declares Monday 14 December a day off after the fact.
        await app.WithDbAsync(async db =>
        {
            var calendar = await db.Calendars.Include(c => c.Days).SingleAsync(c => c.IsDefault);
            calendar.Days.Add(new ServiceCalendarDay { Date = new DateOnly(2026, 12, 14), Kind = CalendarDayKind.Holiday, Name = "Тест" });
            return await db.SaveChangesAsync();
        });

        // The save that changed the calendar replayed the open ticket: now measured from Tuesday 09:00, due Wednesday 18:00.
        Assert.Equal(new DateTimeOffset(2026, 12, 16, 15, 0, 0, TimeSpan.Zero), (await ResolutionAsync(open)).DueAt);
        Assert.Equal(closedBefore.ElapsedSeconds, (await ResolutionAsync(closed)).ElapsedSeconds);

        // Recalculating on demand changes nothing more for either.
        var admin = await As(Demo.Admin);
        var recalculated = await admin.PostAsJsonAsync("/api/v1/service-levels/recalculate", new { });
        Assert.True(recalculated.IsSuccessStatusCode, await recalculated.Content.ReadAsStringAsync());
        Assert.Equal(new DateTimeOffset(2026, 12, 16, 15, 0, 0, TimeSpan.Zero), (await ResolutionAsync(open)).DueAt);
        Assert.Equal(closedBefore.ElapsedSeconds, (await ResolutionAsync(closed)).ElapsedSeconds);

        // An explicit recalculation that includes closed tickets rewrites it: no working time passed that Monday.
        Assert.True((await admin.PostAsJsonAsync("/api/v1/service-levels/recalculate", new { includeClosed = true })).IsSuccessStatusCode);
        Assert.Equal(0, (await ResolutionAsync(closed)).ElapsedSeconds);

        var bad = await admin.PostAsJsonAsync("/api/v1/service-levels/recalculate", new { from = start, to = start.AddDays(-1) });
        await HttpAssert.FieldErrorAsync(bad, "to");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/v1/service-levels/recalculate", new { })).StatusCode);

        await app.WithDbAsync(async db =>
        {
            var calendar = await db.Calendars.Include(c => c.Days).SingleAsync(c => c.IsDefault);
            calendar.Days.Clear();
            return await db.SaveChangesAsync();
        });
    }
}
