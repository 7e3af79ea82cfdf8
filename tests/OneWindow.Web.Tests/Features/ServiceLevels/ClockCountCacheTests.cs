using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Core.ServiceLevels;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Features.ServiceLevels.Reports;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.ServiceLevels;

/// <summary>
/// Counts of settled ranges (before yesterday) are served from the per-instance cache: a change to a past clock made
/// through a save shows at once; one made behind the app's back shows once the cache is told.
/// </summary>
public class ClockCountCacheTests(ServiceLevelFactory app) : IClassFixture<ServiceLevelFactory>
{
    private async Task<(int Counted, int Met, int Breached)> ResolutionAsync(Guid metric, string period)
    {
        var report = await app.GetAsync<ServiceLevelReport>(Demo.Quality, $"/api/v1/service-levels/report?period={period}");
        var figure = report.Rows.SelectMany(r => r.Metrics).Single(m => m.MetricId == metric);
        return (figure.Counted, figure.Met, figure.Breached);
    }

    [Fact]
    public async Task Settled_counts_come_from_the_cache_and_a_saved_change_to_a_past_clock_shows_at_once()
    {
        var s = await app.ScenarioAsync();
        // Now is 15 December: October is settled; the year runs past the settled instant and is counted in two parts.
        Assert.True(ClockCountCache.SettledBefore(ServiceLevelFactory.Now) > new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal((2, 1, 1), await ResolutionAsync(s.Resolution, "2026-10"));
        var year = await ResolutionAsync(s.Resolution, "2026");

        // C2 (met on 10 October) turned into a breach by a save: the reaction tells the cache, both reports move.
        await app.WithDbAsync(async db =>
        {
            var c2 = await db.TicketClocks.SingleAsync(c => c.Id == s.Clocks["C2"]);
            c2.State = ClockState.Breached;
            c2.BreachedAt = c2.StoppedAt!.Value.AddHours(-1);
            return await db.SaveChangesAsync();
        });
        Assert.Equal((2, 0, 2), await ResolutionAsync(s.Resolution, "2026-10"));
        Assert.Equal((year.Counted, year.Met - 1, year.Breached + 1), await ResolutionAsync(s.Resolution, "2026"));

        // The same change written past the app (no save, no notice) is not seen until the cache is cleared: it is a cache.
        await app.WithDbAsync(db => db.TicketClocks.Where(c => c.Id == s.Clocks["C2"])
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.State, ClockState.Met).SetProperty(c => c.BreachedAt, (DateTimeOffset?)null)));
        Assert.Equal((2, 0, 2), await ResolutionAsync(s.Resolution, "2026-10"));
        app.Services.GetRequiredService<ClockCountCache>().Clear();
        Assert.Equal((2, 1, 1), await ResolutionAsync(s.Resolution, "2026-10"));
        Assert.Equal(year, await ResolutionAsync(s.Resolution, "2026"));
    }

    [Fact]
    public async Task A_save_that_touches_only_recent_clocks_leaves_the_cache_alone()
    {
        var s = await app.ScenarioAsync();
        await app.WithDbAsync(async db =>
        {
            var clock = await db.TicketClocks.AsNoTracking().SingleAsync(c => c.Id == s.Clocks["C4"]);
            db.Attach(clock);
            // C4 runs with its breach projected after now: moving the projection changes nothing settled.
            clock.BreachedAt = clock.BreachedAt!.Value.AddHours(1);
            Assert.False(ClockCountCache.MovesSettledCounts(db, ServiceLevelFactory.Now));
            var c3 = await db.TicketClocks.SingleAsync(c => c.Id == s.Clocks["C3"]);
            c3.StoppedAt = c3.StoppedAt!.Value.AddMinutes(1);
            Assert.True(ClockCountCache.MovesSettledCounts(db, ServiceLevelFactory.Now));
            return 0;
        });
    }
}
