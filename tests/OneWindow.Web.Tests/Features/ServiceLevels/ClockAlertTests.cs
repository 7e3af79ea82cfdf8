using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Time.Testing;
using OneWindow.Core.ServiceLevels;
using OneWindow.Web.Features.Clients;
using OneWindow.Web.Features.Notifications;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Features.Tickets;
using OneWindow.Web.Resources;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.ServiceLevels;

/// <summary>The application without its scheduler, on a clock the test moves: each sweep is the test's own call.</summary>
public sealed class ClockAlertFactory : OneWindowFactory
{
    // Whole seconds, so instants compare equal after any database's rounding.
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()));

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Jobs:Enabled", "false")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public async Task<int> SweepAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ClockAlertSweeper>().SweepAsync("test", CancellationToken.None);
    }
}

public class ClockAlertTests(ClockAlertFactory app) : IClassFixture<ClockAlertFactory>
{
    private sealed record Sent(Guid UserId, TicketEventKind Kind, int Percent);

    private Task<List<Sent>> NotificationsOfAsync(Guid ticketId) => app.WithDbAsync(async db =>
        (await db.Notifications.Where(n => n.TicketId == ticketId).ToListAsync())
            .Select(n => new Sent(n.UserId, n.Kind, ClockAlerts.ReadNotice(n.Data)!.Percent)).ToList());

    private Task<TicketClock> ClockAsync(long id) => app.WithDbAsync(db => db.TicketClocks.AsNoTracking().SingleAsync(c => c.Id == id));

    // The demo data has clocks of its own that the same sweeps alert: only this test's clock counts.
    private Task<List<int>> LevelsSentAsync(long clockId) =>
        app.WithDbAsync(db => db.ClockAlerts.Where(a => a.ClockId == clockId).OrderBy(a => a.Percent).Select(a => a.Percent).ToListAsync());

    [Fact]
    public async Task Each_level_is_sent_once_to_the_people_it_names_and_the_clock_then_waits_for_the_next()
    {
        var start = app.Clock.GetUtcNow();
        var (people, ticket, clock, dl) = await app.WithDbAsync(async db =>
        {
            var people = await ClockFixtures.PeopleAsync(db);
            // Delivery leads: one for the ticket's service (told at 150 %), one for another service and one whose
            // assignment has ended (neither told).
            var dl = await db.Users.Where(u => u.Email == Demo.DeliveryLead).Select(u => u.Id).SingleAsync();
            var other = await db.Services.Where(s => s.Id != people.ServiceId).Select(s => s.Id).FirstAsync();
            var csm2 = await db.Users.Where(u => u.Email == "csm2@onewindow.demo").Select(u => u.Id).SingleAsync();
            var agent2 = await db.Users.Where(u => u.Email == "agent2@onewindow.demo").Select(u => u.Id).SingleAsync();
            var since = new DateOnly(2024, 1, 1);
            db.ClientAssignments.AddRange(
                new ClientAssignment { CompanyId = people.CompanyId, UserId = dl, Role = AssignmentRole.DeliveryLead, ServiceId = people.ServiceId, StartsOn = since },
                new ClientAssignment { CompanyId = people.CompanyId, UserId = csm2, Role = AssignmentRole.DeliveryLead, ServiceId = other, StartsOn = since },
                new ClientAssignment
                {
                    CompanyId = people.CompanyId,
                    UserId = agent2,
                    Role = AssignmentRole.DeliveryLead,
                    ServiceId = people.ServiceId,
                    StartsOn = since,
                    EndsOn = DateOnly.FromDateTime(start.UtcDateTime).AddDays(-1),
                });
            var metric = await ClockFixtures.MetricAsync(db, people, ClockFixtures.Levels, targetMinutes: 100);
            var (ticket, clock) = ClockFixtures.Clock(people, metric, ClockFixtures.Levels, ClockState.Running, TimeSpan.Zero, start);
            db.TicketClocks.Add(clock);
            await db.SaveChangesAsync();
            return (people, ticket, clock, dl);
        });
        Assert.Equal(start.AddMinutes(75), clock.NextAlertAt);

        // Nothing is due yet.
        await app.SweepAsync();
        Assert.Empty(await LevelsSentAsync(clock.Id));

        // 75 %: the assignee alone; then the clock waits for 90 %. A second sweep sends nothing again.
        app.Clock.SetUtcNow(start.AddMinutes(76));
        await app.SweepAsync();
        await app.SweepAsync();
        Assert.Equal([75], await LevelsSentAsync(clock.Id));
        Assert.Equal([new Sent(people.AgentId, TicketEventKind.ClockWarning, 75)], await NotificationsOfAsync(ticket.Id));
        Assert.Equal(start.AddMinutes(90), (await ClockAsync(clock.Id)).NextAlertAt);

        // 90 % and 100 % come due together: the warning and the breach, each to its own people.
        app.Clock.SetUtcNow(start.AddMinutes(101));
        await app.SweepAsync();
        Assert.Equal([75, 90, 100], await LevelsSentAsync(clock.Id));
        Assert.Equal(start.AddMinutes(150), (await ClockAsync(clock.Id)).NextAlertAt);

        // 150 %: the service manager and the delivery lead of the ticket's service, nobody else; then nothing is left.
        app.Clock.SetUtcNow(start.AddMinutes(151));
        await app.SweepAsync();
        Assert.Null((await ClockAsync(clock.Id)).NextAlertAt);
        await app.SweepAsync();

        Sent[] expected =
        [
            new(people.AgentId, TicketEventKind.ClockWarning, 75),
            new(people.AgentId, TicketEventKind.ClockWarning, 90),
            new(people.TeamLeadId, TicketEventKind.ClockWarning, 90),
            new(people.AgentId, TicketEventKind.ClockBreached, 100),
            new(people.TeamLeadId, TicketEventKind.ClockBreached, 100),
            new(people.CsmId, TicketEventKind.ClockBreached, 100),
            new(people.ServiceManagerId, TicketEventKind.ClockBreached, 150),
            new(dl, TicketEventKind.ClockBreached, 150),
        ];
        var order = (Sent s) => (s.Percent, s.Kind, s.UserId);
        Assert.Equal(expected.OrderBy(order), (await NotificationsOfAsync(ticket.Id)).OrderBy(order));

        // One alert per level, and internal timeline events that name the clock and the people told.
        var alerts = await app.WithDbAsync(db => db.ClockAlerts.Where(a => a.ClockId == clock.Id).OrderBy(a => a.Percent).ToListAsync());
        Assert.Equal([75, 90, 100, 150], alerts.Select(a => a.Percent));
        Assert.All(alerts, a => Assert.Equal("test", a.SentBy));
        Assert.Equal(start.AddMinutes(90), alerts[1].ReachedAt);
        Assert.Equal(start.AddMinutes(101), alerts[1].SentAt);
        var events = await app.WithDbAsync(db => db.TicketEvents.Where(e => e.TicketId == ticket.Id).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([TicketEventKind.ClockWarning, TicketEventKind.ClockWarning, TicketEventKind.ClockBreached, TicketEventKind.ClockBreached], events.Select(e => e.Kind));
        Assert.All(events, e => Assert.False(e.IsPublic));
        var breach = ClockAlerts.ReadData(events[2].Data)!;
        Assert.Equal((clock.Id, ClockFixtures.MetricName, MetricSide.Sla, TimerKind.Resolution, 100), (breach.ClockId, breach.Metric, breach.Side, breach.Timer, breach.Percent));
        Assert.Equal(new[] { people.AgentId, people.TeamLeadId, people.CsmId }.Order(), breach.Recipients.Order());

        // The people see them in their own lists with the clock's details; the client hears nothing of it.
        var mine = await (await app.ClientForAsync(Demo.TeamLead)).GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        var clockItems = mine.GetProperty("items").EnumerateArray().Where(n => n.GetProperty("ticketId").GetGuid() == ticket.Id).ToList();
        Assert.Equal(["ClockBreached", "ClockBreached", "ClockWarning"], clockItems.Select(n => n.GetProperty("kind").GetString()));
        Assert.Equal([150, 100, 90], clockItems.Select(n => n.GetProperty("clock").GetProperty("percent").GetInt32()));
        Assert.Equal("Sla", clockItems[1].GetProperty("clock").GetProperty("side").GetString());
        Assert.Equal("Resolution", clockItems[1].GetProperty("clock").GetProperty("timer").GetString());
        var client = await (await app.ClientForAsync(Demo.ClientA)).GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        Assert.DoesNotContain(client.GetProperty("items").EnumerateArray(), n => n.GetProperty("ticketId").GetGuid() == ticket.Id);
    }

    [Fact]
    public async Task A_paused_clock_is_not_alerted_and_leaves_the_index()
    {
        var now = app.Clock.GetUtcNow();
        var clock = await app.WithDbAsync(async db =>
        {
            var people = await ClockFixtures.PeopleAsync(db);
            var metric = await ClockFixtures.MetricAsync(db, people, ClockFixtures.Levels, targetMinutes: 60);
            // Paused at 95 % of its target; an index entry left from when it ran says it is due.
            var (_, clock) = ClockFixtures.Clock(people, metric, ClockFixtures.Levels, ClockState.Paused, TimeSpan.FromMinutes(57), now.AddMinutes(-5));
            Assert.Null(clock.NextAlertAt);
            clock.NextAlertAt = now.AddMinutes(-20);
            db.TicketClocks.Add(clock);
            await db.SaveChangesAsync();
            return clock;
        });

        await app.SweepAsync();

        Assert.Empty(await LevelsSentAsync(clock.Id));
        Assert.Empty(await app.WithDbAsync(db => db.TicketEvents.Where(e => e.TicketId == clock.TicketId).ToListAsync()));
        Assert.Null((await ClockAsync(clock.Id)).NextAlertAt);
    }

    [Fact]
    public void The_bell_tells_escalations_in_the_viewers_language()
    {
        var t = app.Services.GetRequiredService<IStringLocalizer<TicketResource>>();
        var l = app.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        NotificationDto Of(TicketEventKind kind, int percent) => new(1, Guid.NewGuid(), "OW-2026-000001", "Счёт", kind, null, "system", DateTimeOffset.UnixEpoch, null,
            new ClockNotice(MetricSide.Sla, TimerKind.Resolution, percent, ClockFixtures.MetricName));
        string In(string culture, NotificationDto n)
        {
            var before = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            try
            {
                return NotificationBell.Text(n, t, l);
            }
            finally
            {
                CultureInfo.CurrentUICulture = before;
            }
        }

        Assert.Equal("SLA: 75 % времени на решение израсходовано", In("ru", Of(TicketEventKind.ClockWarning, 75)));
        Assert.Equal("SLA нарушен: решение", In("ru", Of(TicketEventKind.ClockBreached, 100)));
        Assert.Equal("SLA: 75 % of the resolution time used", In("en", Of(TicketEventKind.ClockWarning, 75)));
        Assert.Equal("SLA breached: resolution", In("en", Of(TicketEventKind.ClockBreached, 100)));
        Assert.Equal("SLA breached: resolution, 150 % of the time used", In("en", Of(TicketEventKind.ClockBreached, 150)));
    }
}

/// <summary>The index helper the clock keeper calls after every recomputation.</summary>
public class NextAlertAtTests
{
    private static readonly BusinessCalendar Always = BusinessCalendar.TwentyFourSeven("Europe/Moscow");
    private static readonly DateTimeOffset At = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private static TicketClock Running(int elapsedMinutes, ClockState state = ClockState.Running) =>
        new() { State = state, TargetMinutes = 100, ElapsedSeconds = elapsedMinutes * 60, ComputedAt = At };

    [Fact]
    public void The_next_alert_is_the_earliest_level_not_yet_sent_of_a_running_clock()
    {
        Assert.Equal(At.AddMinutes(45), ClockAlerts.NextAlertAt(Running(30), Always, ClockFixtures.Levels, new HashSet<int>()));
        Assert.Equal(At.AddMinutes(60), ClockAlerts.NextAlertAt(Running(30), Always, ClockFixtures.Levels, new HashSet<int> { 75 }));
        Assert.Equal(At.AddMinutes(120), ClockAlerts.NextAlertAt(Running(30), Always, ClockFixtures.Levels, new HashSet<int> { 75, 90, 100 }));
        Assert.Null(ClockAlerts.NextAlertAt(Running(30), Always, ClockFixtures.Levels, new HashSet<int> { 75, 90, 100, 150 }));
        // A level already passed is due at once: the sweep sends it on its next run.
        Assert.Equal(At, ClockAlerts.NextAlertAt(Running(80), Always, ClockFixtures.Levels, new HashSet<int>()));
        // Past the target the clock still runs towards the levels beyond it.
        Assert.Equal(At.AddMinutes(40), ClockAlerts.NextAlertAt(Running(110, ClockState.RunningBreached), Always, ClockFixtures.Levels, new HashSet<int> { 75, 90, 100 }));
    }

    [Theory]
    [InlineData(ClockState.Paused)]
    [InlineData(ClockState.PausedBreached)]
    [InlineData(ClockState.Met)]
    [InlineData(ClockState.Breached)]
    public void A_clock_that_is_not_running_has_no_next_alert(ClockState state) =>
        Assert.Null(ClockAlerts.NextAlertAt(Running(30, state), Always, ClockFixtures.Levels, new HashSet<int>()));
}
