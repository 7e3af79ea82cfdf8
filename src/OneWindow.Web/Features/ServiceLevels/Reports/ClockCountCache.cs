using System.Collections.Concurrent;

namespace OneWindow.Web.Features.ServiceLevels.Reports;

/// <summary>
/// Per instance: the ticket-clock counts of report ranges that lie wholly before <see cref="SettledBefore"/> (the start
/// of yesterday, UTC). Time alone never moves a count there — a breach is counted at its instant, a met clock where it
/// stopped — only a save that changes such a clock does (a recalculation, a reopening, a removed metric). Such a save
/// publishes <see cref="Topic"/> once committed and every instance drops its entries; a year's report then counts in the
/// database only the clocks of the last day or two. Entries also expire after <see cref="Lifetime"/>, in case a notice
/// is lost (a crash between commit and publish, a seed run by another process).
/// </summary>
public sealed class ClockCountCache
{
    public const string Topic = "clock-counts";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, (DateTimeOffset At, IReadOnlyList<ClockCountRow> Rows)> entries = new();
    private readonly TimeProvider clock;
    private long generation;

    public ClockCountCache(LiveChanges live, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(live);
        this.clock = clock;
        // Also called on LiveChanges.Everything, when notices may have been missed.
        live.Subscribe(Topic, () =>
        {
            Clear();
            return Task.CompletedTask;
        });
    }

    /// <summary>Ranges ending at or before this instant are served from the cache.</summary>
    public static DateTimeOffset SettledBefore(DateTimeOffset now) => new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-1);

    /// <summary>The rows of <paramref name="key"/>, counted by <paramref name="count"/> when not cached (or expired).</summary>
    public async Task<IReadOnlyList<ClockCountRow>> GetOrCountAsync(string key, Func<Task<IReadOnlyList<ClockCountRow>>> count)
    {
        var now = clock.GetUtcNow();
        if (entries.TryGetValue(key, out var hit) && now - hit.At < Lifetime)
        {
            return hit.Rows;
        }

        // Read before counting: a clear that lands while we count makes the result unfit to keep.
        var before = Interlocked.Read(ref generation);
        var rows = await count();
        if (Interlocked.Read(ref generation) == before)
        {
            entries[key] = (now, rows);
        }

        return rows;
    }

    public void Clear()
    {
        Interlocked.Increment(ref generation);
        entries.Clear();
    }

    /// <summary>
    /// Whether this save changes what a settled range counts: a clock added, changed or removed whose counted instant
    /// (breach, or stop when met), before or after the change, lies before <see cref="SettledBefore"/>.
    /// </summary>
    public static bool MovesSettledCounts(AppDbContext db, DateTimeOffset now)
    {
        var settled = SettledBefore(now);
        foreach (var entry in db.ChangeTracker.Entries<TicketClock>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            var after = entry.State == EntityState.Deleted ? null : Counted(entry.CurrentValues);
            var before = entry.State == EntityState.Added ? null : Counted(entry.OriginalValues);
            if (after != before && (after?.At < settled || before?.At < settled))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How the reports count a clock: as a breach at its breach instant, or as met where it stopped; else not at all.</summary>
    private static Contribution? Counted(Microsoft.EntityFrameworkCore.ChangeTracking.PropertyValues values)
    {
        var state = values.GetValue<ClockState>(nameof(TicketClock.State));
        var metric = values.GetValue<Guid>(nameof(TicketClock.MetricId));
        var company = values.GetValue<Guid>(nameof(TicketClock.CompanyId));
        return state == ClockState.Met
            ? values.GetValue<DateTimeOffset?>(nameof(TicketClock.StoppedAt)) is { } stopped ? new Contribution(metric, company, true, stopped) : null
            : values.GetValue<DateTimeOffset?>(nameof(TicketClock.BreachedAt)) is { } breached ? new Contribution(metric, company, false, breached) : null;
    }

    private sealed record Contribution(Guid Metric, Guid Company, bool Met, DateTimeOffset At);
}

/// <summary>Clocks of a metric counted in a bucket: how many met their target, out of how many counted.</summary>
public sealed record ClockCountRow(Guid MetricId, int Bucket, int Met, int Counted);
