using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Core.ServiceLevels;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Features.Tickets;
using OneWindow.Web.Infrastructure;
using OneWindow.Web.Tests.Infrastructure;
using Quartz;
using Xunit.Abstractions;

namespace OneWindow.Web.Tests.Features.ServiceLevels;

/// <summary>The application with the alert sweep every second; <see cref="Second"/> starts another instance on its database.</summary>
public sealed class SweepingFactory : OneWindowFactory
{
    public SweepingFactory()
    {
    }

    private SweepingFactory(OneWindowFactory primary)
        : base(primary)
    {
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("ServiceLevels:AlertSweepSeconds", "1")];

    public SweepingFactory Second() => new(this);
}

public class TwoInstanceSweepTests(SweepingFactory first, ITestOutputHelper output) : IClassFixture<SweepingFactory>
{
    private const int Clocks = 36;

    private static async Task<IScheduler> RunningSchedulerAsync(SweepingFactory instance)
    {
        var scheduler = await instance.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        return await Eventually.ThatAsync(() => Task.FromResult(scheduler), s => s.Status == SchedulerStatus.Running, "the scheduler to start");
    }

    [Fact]
    public async Task Two_instances_on_one_database_announce_every_level_exactly_once()
    {
        // The second instance starts on a database the first has migrated; both schedulers then sweep every second.
        var a = await RunningSchedulerAsync(first);
        await using var secondInstance = first.Second();
        var b = await RunningSchedulerAsync(secondInstance);
        string[] instances = [a.SchedulerInstanceId, b.SchedulerInstanceId];
        Assert.NotEqual(instances[0], instances[1]);

        // On PostgreSQL the two are members of one Quartz cluster. Quartz refuses clustering on SQLite: there each runs
        // an unclustered scheduler on the shared tables, and the unique index alone keeps each level single.
        if (OneWindowFactory.Provider == "Postgres")
        {
            // Each has checked in under its own generated id.
            var members = await Eventually.ThatAsync(
                () => first.WithDbAsync(db => db.Database.SqlQueryRaw<string>(
                    $"SELECT INSTANCE_NAME AS \"Value\" FROM {Jobs.TablePrefix}SCHEDULER_STATE WHERE SCHED_NAME = '{Jobs.SchedulerName}'").ToListAsync()),
                m => m.Count == 2, "both instances in QRTZ_SCHEDULER_STATE");
            Assert.Equal(instances.Order(), members.Order());
            Assert.True((await a.GetMetadata()).JobStoreClustered);
            Assert.True((await b.GetMetadata()).JobStoreClustered);
        }

        // A few dozen running clocks with a one-minute target, written at once: 75 % and 90 % are already due, the
        // breach comes over the next few seconds.
        var now = first.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var (people, clockIds) = await first.WithDbAsync(async db =>
        {
            var people = await ClockFixtures.PeopleAsync(db);
            var metric = await ClockFixtures.MetricAsync(db, people, EscalationPolicy.Default, targetMinutes: 1);
            var clocks = Enumerable.Range(0, Clocks)
                .Select(i => ClockFixtures.Clock(people, metric, EscalationPolicy.Default, ClockState.Running, TimeSpan.FromSeconds(56 - (i % 8)), now).Clock)
                .ToList();
            db.TicketClocks.AddRange(clocks);
            await db.SaveChangesAsync();
            return (people, clocks.Select(c => c.Id).ToList());
        });

        // Whichever instance sweeps first then goes away (its scheduler shuts down as on a host's stop, finishing its
        // sweep): the other carries on with what is left.
        var pioneer = await Eventually.ThatAsync(
            () => first.WithDbAsync(db => db.ClockAlerts.Where(x => clockIds.Contains(x.ClockId)).Select(x => x.SentBy).FirstOrDefaultAsync()),
            sentBy => sentBy is not null, "the first alert");
        await (pioneer == a.SchedulerInstanceId ? a : b).Shutdown(waitForJobsToComplete: true);

        var expectedAlerts = Clocks * EscalationPolicy.Default.Count;
        await Eventually.ThatAsync(
            () => first.WithDbAsync(async db => (
                Alerts: await db.ClockAlerts.CountAsync(x => clockIds.Contains(x.ClockId)),
                Waiting: await db.TicketClocks.CountAsync(c => clockIds.Contains(c.Id) && c.NextAlertAt != null))),
            seen => seen.Alerts >= expectedAlerts && seen.Waiting == 0, "every level of every clock to be announced", seconds: 120);

        // Exactly one alert per clock and level …
        var alerts = await first.WithDbAsync(db => db.ClockAlerts.Where(x => clockIds.Contains(x.ClockId)).ToListAsync());
        Assert.Equal(expectedAlerts, alerts.Count);
        Assert.All(alerts.GroupBy(x => (x.ClockId, x.Percent)), g => Assert.Single(g));
        Assert.Equal(instances.Order(), alerts.Select(x => x.SentBy).Distinct().Order());

        // … one timeline event per alert, and one notification per person the level names, nobody else.
        var tickets = await first.WithDbAsync(db => db.TicketClocks.Where(c => clockIds.Contains(c.Id)).Select(c => c.TicketId).ToListAsync());
        var events = await first.WithDbAsync(db => db.TicketEvents.Where(e => tickets.Contains(e.TicketId)).ToListAsync());
        Assert.Equal(expectedAlerts, events.Count(e => ClockAlerts.IsClockEvent(e.Kind)));
        var notifications = await first.WithDbAsync(async db => (await db.Notifications.Where(n => n.TicketId != null && tickets.Contains(n.TicketId.Value)).ToListAsync())
            .Select(n => (n.TicketId!.Value, n.UserId, n.Kind, ClockAlerts.ReadNotice(n.Data)!.Percent)).ToList());
        var expected = tickets.SelectMany(t => new[]
        {
            (t, people.AgentId, TicketEventKind.ClockWarning, 75),
            (t, people.AgentId, TicketEventKind.ClockWarning, 90),
            (t, people.TeamLeadId, TicketEventKind.ClockWarning, 90),
            (t, people.AgentId, TicketEventKind.ClockBreached, 100),
            (t, people.TeamLeadId, TicketEventKind.ClockBreached, 100),
            (t, people.CsmId, TicketEventKind.ClockBreached, 100),
        }).Order().ToList();
        Assert.Equal(expected, notifications.Order().ToList());

        foreach (var sender in alerts.GroupBy(x => x.SentBy))
        {
            output.WriteLine($"{sender.Key}: {sender.Count()} alert(s)");
        }
    }
}
