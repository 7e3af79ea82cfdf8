using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneWindow.Core.ServiceLevels;
using OneWindow.Core.Tickets;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Features.ServiceLevels.Reports;
using OneWindow.Web.Features.Tickets;
using OneWindow.Web.Infrastructure.Api;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Tickets;

/// <summary>The app at a fixed instant (Monday 7 December 2026, 09:00 UTC), so the seed generates the same histories every run.</summary>
public sealed class BulkSeedFactory : OneWindowFactory
{
    public static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)));
    }
}

public class BulkSeedTests(BulkSeedFactory app) : IClassFixture<BulkSeedFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static readonly TicketStatus[] Open = [TicketStatus.New, TicketStatus.Assigned, TicketStatus.InProgress, TicketStatus.WaitingForClient];

    [Fact]
    public async Task The_seed_command_generates_distinct_numbered_tickets_for_companies_that_receive_the_service()
    {
        var before = await app.WithDbAsync(db => db.Tickets.CountAsync());
        var auditedBefore = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(Ticket)));
        var seed = ActivatorUtilities.CreateInstance<BulkSeed>(app.Services);
        Assert.Equal(700, await seed.RunAsync(700, 250, CancellationToken.None));

        var (count, numbers, orphans, events) = await app.WithDbAsync(async db => (
            await db.Tickets.CountAsync(),
            await db.Tickets.Select(t => t.Number).Distinct().CountAsync(),
            await db.Tickets.CountAsync(t => !db.ClientServices.Any(s => s.CompanyId == t.CompanyId && s.ServiceId == t.ServiceId)),
            await db.TicketEvents.CountAsync()));
        Assert.Equal(before + 700, count);
        Assert.Equal(count, numbers);
        Assert.Equal(0, orphans);
        Assert.True(events >= 700);
        Assert.Equal(auditedBefore, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(Ticket))));
    }

    [Fact]
    public async Task Seeded_histories_hang_together_on_the_ticket_its_events_and_its_conversation()
    {
        var seeded = await SeedAsync(600);
        var (tickets, events, messages) = await app.WithDbAsync(async db => (
            await db.Tickets.AsNoTracking().Where(t => seeded.Contains(t.Id)).ToListAsync(),
            (await db.TicketEvents.AsNoTracking().Where(e => seeded.Contains(e.TicketId)).ToListAsync()).ToLookup(e => e.TicketId),
            (await db.TicketMessages.AsNoTracking().Where(m => seeded.Contains(m.TicketId)).ToListAsync()).ToLookup(m => m.TicketId)));
        Assert.Contains(tickets, t => t.Status == TicketStatus.Closed);
        Assert.Contains(tickets, t => Open.Contains(t.Status));
        foreach (var t in tickets)
        {
            var history = events[t.Id].OrderBy(e => e.At).ThenBy(e => e.Id).ToList();
            Assert.Equal(TicketEventKind.Created, history[0].Kind);
            Assert.Equal(t.CreatedAt, history[0].At);
            Assert.All(history, e => Assert.True(e.At <= BulkSeedFactory.Now, "nothing happens after now"));
            Assert.All(history, e => Assert.Equal(t.CompanyId, e.CompanyId));
            Assert.All(messages[t.Id], m => Assert.Equal(t.CompanyId, m.CompanyId));
            // The status changes lead from New to the ticket's status, each from where the last one left it.
            var statuses = history.Where(e => e.Kind == TicketEventKind.StatusChanged).ToList();
            Assert.Equal(t.Status, statuses.Count == 0 ? TicketStatus.New : statuses[^1].ToStatus);
            Assert.Equal(statuses.Select(s => s.ToStatus!.Value).Prepend(TicketStatus.New).SkipLast(1), statuses.Select(s => s.FromStatus!.Value));
            Assert.Equal(statuses.LastOrDefault(s => s.ToStatus == TicketStatus.Resolved)?.At, t.ResolvedAt);
            Assert.Equal(statuses.LastOrDefault(s => s.ToStatus == TicketStatus.Closed)?.At, t.ClosedAt);
            // The first response is the first public reply, as the desk records it.
            Assert.Equal(messages[t.Id].Where(m => m.Kind == MessageKind.PublicReply).Min(m => (DateTimeOffset?)m.CreatedAt), t.FirstResponseAt);
            Assert.Equal(history[^1].At, t.LastActivityAt);
            // Each change was a save of its own, and every save moved the row version on.
            Assert.True(t.Version > statuses.Count, $"{t.Number}: version {t.Version} after {statuses.Count} status changes");
            Assert.Equal(t.Status == TicketStatus.New, t.AssigneeId is null);
        }

        // Resolved requests older than the auto-close window have been closed.
        Assert.DoesNotContain(tickets, t => t.Status == TicketStatus.Resolved && t.ResolvedAt < BulkSeedFactory.Now.AddDays(-7));
    }

    [Fact]
    public async Task Seeded_tickets_get_the_clocks_the_clock_keeper_would_have_given_them()
    {
        var seeded = await SeedAsync(2000);
        var now = BulkSeedFactory.Now;
        var (tickets, clocks, alerts, measured) = await app.WithDbAsync(async db =>
        {
            var clocks = await db.TicketClocks.AsNoTracking().Include(c => c.Events).Where(c => seeded.Contains(c.TicketId)).ToListAsync();
            var ids = clocks.Select(c => c.Id).ToList();
            return (
                await db.Tickets.AsNoTracking().Where(t => seeded.Contains(t.Id)).ToDictionaryAsync(t => t.Id),
                clocks.ToLookup(c => c.TicketId),
                (await db.ClockAlerts.AsNoTracking().Where(a => ids.Contains(a.ClockId)).ToListAsync()).ToLookup(a => a.ClockId),
                (await db.AgreementVersions.Where(v => v.Status == AgreementStatus.Agreed).Select(v => v.CompanyId).ToListAsync()).ToHashSet());
        });

        // Measured: tickets of companies with an agreed agreement created since it took effect (1 January 2026); no others.
        var inForce = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero);
        var expected = tickets.Values.Where(t => measured.Contains(t.CompanyId) && t.CreatedAt >= inForce).ToList();
        Assert.True(expected.Count > 200, $"{expected.Count} measured tickets");
        Assert.All(expected, t => Assert.Contains(clocks[t.Id], c => c.Side == MetricSide.Sla && c.Timer == TimerKind.Resolution));
        Assert.All(expected, t => Assert.Contains(clocks[t.Id], c => c.Side == MetricSide.Sla && c.Timer == TimerKind.FirstResponse));
        Assert.DoesNotContain(tickets.Values, t => clocks[t.Id].Any() && (!measured.Contains(t.CompanyId) || t.CreatedAt < inForce.AddDays(-2)));

        foreach (var clock in clocks.SelectMany(g => g))
        {
            var ticket = tickets[clock.TicketId];
            Assert.Equal(ticket.CompanyId, clock.CompanyId);
            Assert.Equal(ticket.ServiceId, clock.ServiceId);
            Assert.Equal(ticket.Priority, clock.Priority);
            Assert.NotEmpty(clock.Events);
            Assert.All(clock.Events, e => Assert.Equal(ticket.CompanyId, e.CompanyId));
            Assert.All(alerts[clock.Id], a => Assert.Equal(ticket.CompanyId, a.CompanyId));
            Assert.Equal(ClockLogKind.Started, clock.Events.OrderBy(e => e.At).ThenBy(e => e.Id).First().Kind);
            // As the keeper left it: replayed by the last save that extended the history.
            Assert.Equal(ticket.LastActivityAt, clock.ComputedAt);
            if (ticket.Status == TicketStatus.Closed)
            {
                // Frozen by the save that closed it: stopped, met or breached, nothing left to escalate.
                Assert.Equal(ticket.ClosedAt, clock.ComputedAt);
                Assert.True(clock.State is ClockState.Met or ClockState.Breached, $"clock {clock.Id} of closed {ticket.Number} is {clock.State}");
                Assert.NotNull(clock.StoppedAt);
                Assert.Null(clock.NextAlertAt);
            }

            if (clock.Timer == TimerKind.Resolution)
            {
                Assert.Equal(ticket.CreatedAt, clock.StartedAt);
                Assert.Equal(ticket.Status is TicketStatus.Resolved or TicketStatus.Closed ? ticket.ResolvedAt : null, clock.StoppedAt);
            }

            if (clock.Timer == TimerKind.FirstResponse && clock.StoppedAt is not null)
            {
                Assert.Equal(ticket.FirstResponseAt, clock.StoppedAt);
            }

            // Every level reached by now has been announced, and the sweep's next one is still ahead.
            var reached = clock.Events.Where(e => e.Kind is ClockLogKind.Warned or ClockLogKind.Breached).Select(e => e.Percent ?? 100);
            Assert.Subset(alerts[clock.Id].Select(a => a.Percent).ToHashSet(), reached.ToHashSet());
            Assert.True(clock.NextAlertAt is null || clock.NextAlertAt > now, $"clock {clock.Id} is due for an alert at {clock.NextAlertAt}");
        }

        // A request left open for over ten days is past its 16 working hours; one waiting for the client runs the OLA clock instead.
        var overdue = expected.Where(t => t.Status is TicketStatus.New or TicketStatus.Assigned or TicketStatus.InProgress && t.CreatedAt < now.AddDays(-10)).ToList();
        Assert.NotEmpty(overdue);
        Assert.All(overdue, t => Assert.Equal(ClockState.RunningBreached, clocks[t.Id].Single(c => c.Timer == TimerKind.Resolution && c.Side == MetricSide.Sla).StateAt(now)));
        Assert.All(overdue, t => Assert.Contains(100, alerts[clocks[t.Id].Single(c => c.Timer == TimerKind.Resolution).Id].Select(a => a.Percent)));
        var waiting = expected.Where(t => t.Status == TicketStatus.WaitingForClient).ToList();
        Assert.NotEmpty(waiting);
        Assert.All(waiting, t => Assert.True(clocks[t.Id].Single(c => c.Timer == TimerKind.Resolution).State is ClockState.Paused or ClockState.PausedBreached));
        Assert.All(waiting, t => Assert.Contains(clocks[t.Id], c => c.Timer == TimerKind.ClientClarification && c.StoppedAt is null));
        Assert.Contains(expected, t => t.Status == TicketStatus.Closed && clocks[t.Id].Any(c => c.Timer == TimerKind.ClientClarification && c.State == ClockState.Met));
        Assert.Contains(expected, t => t.Status == TicketStatus.Closed && clocks[t.Id].Any(c => c.Timer == TimerKind.Resolution && c.State == ClockState.Breached));

        // The ticket page replays each history with the keeper's own code: it finds every stored clock and agrees with it.
        var agent = await app.ClientForAsync(Demo.Agent);
        var sample = expected.Where(t => Open.Contains(t.Status) || t.Status == TicketStatus.Resolved).Concat(expected.Where(t => t.Status == TicketStatus.Closed).Take(40));
        foreach (var ticket in sample)
        {
            var replayed = await agent.GetFromJsonAsync<List<ClockDto>>($"/api/v1/tickets/{ticket.Id}/clocks", Json);
            var stored = clocks[ticket.Id].ToList();
            Assert.Equal(stored.Count, replayed!.Count);
            foreach (var view in replayed)
            {
                var clock = Assert.Single(stored, c => c.Id == view.Id);
                Assert.Equal((view.MetricId, view.Episode, view.State), (clock.MetricId, clock.Episode, clock.StateAt(now)));
                Assert.Equal(view.StartedAt, clock.StartedAt);
                Near(view.DueAt, clock.DueAt);
                Near(view.BreachedAt, clock.BreachedAt);
                Near(view.StoppedAt, clock.StoppedAt);
                Assert.Equal(view.AlertsSent, alerts[clock.Id].Select(a => a.Percent).Order());
            }
        }

        // The desk's lists: an overdue request is among the breached ones; sorted by SLA due, the nearest running clock comes first.
        var late = overdue[0];
        var breached = await agent.GetFromJsonAsync<Page<TicketSummaryDto>>($"/api/v1/tickets?view=all&sla=breached&q={Uri.EscapeDataString(late.Number)}", Json);
        Assert.True(Assert.Single(breached!.Items).SlaBreached);
        var byDue = await agent.GetFromJsonAsync<Page<TicketSummaryDto>>("/api/v1/tickets?view=all&sort=slaDue&pageSize=5", Json);
        var nearest = await app.WithDbAsync(db => db.TicketClocks
            .Where(c => c.Side == MetricSide.Sla && (c.State == ClockState.Running || c.State == ClockState.RunningBreached) && c.DueAt != null).MinAsync(c => c.DueAt));
        Near(nearest, byDue!.Items[0].SlaDueAt);

        // The year's report counts the seeded clocks: every stopped resolution clock as met or breached, with both kinds present.
        var quality = await app.ClientForAsync(Demo.Quality);
        var report = await quality.GetFromJsonAsync<ServiceLevelReport>("/api/v1/service-levels/report?period=2026", Json);
        foreach (var company in measured)
        {
            var stoppedByMetric = clocks.SelectMany(g => g).Where(c => c.CompanyId == company && c.Timer == TimerKind.Resolution && c.StoppedAt is not null)
                .GroupBy(c => c.MetricId).ToDictionary(g => g.Key, g => g.Count());
            var figures = report!.Rows.Where(r => r.CompanyId == company).SelectMany(r => r.Metrics).Where(m => stoppedByMetric.ContainsKey(m.MetricId)).ToList();
            Assert.NotEmpty(figures);
            Assert.All(figures, m => Assert.True(m.Counted >= stoppedByMetric[m.MetricId], $"{m.Name}: {m.Counted} counted, {stoppedByMetric[m.MetricId]} stopped"));
            Assert.Contains(figures, m => m.Met > 0 && m.Breached > 0);
        }
    }

    /// <summary>Seeds <paramref name="count"/> tickets; returns their ids.</summary>
    private async Task<List<Guid>> SeedAsync(int count)
    {
        var before = await app.WithDbAsync(db => db.Tickets.Select(t => t.Id).ToListAsync());
        await ActivatorUtilities.CreateInstance<BulkSeed>(app.Services).RunAsync(count, 500, CancellationToken.None);
        var seeded = await app.WithDbAsync(db => db.Tickets.Select(t => t.Id).ToListAsync());
        return [.. seeded.Except(before)];
    }

    /// <summary>PostgreSQL keeps instants to the microsecond; the replay computes them to the tick.</summary>
    private static void Near(DateTimeOffset? expected, DateTimeOffset? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is { } e && actual is { } a)
        {
            Assert.True((e - a).Duration() < TimeSpan.FromMilliseconds(1), $"{e:O} ≠ {a:O}");
        }
    }
}
