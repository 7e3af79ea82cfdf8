using Quartz;

namespace OneWindow.Web.Features.Attachments;

/// <summary>What one orphan sweep saw and did.</summary>
public sealed record OrphanSweepReport(int Listed, int TooYoung, int Referenced, int Deleted);

/// <summary>
/// Deletes stored objects that no row references. The store writes a file before the row that names it is saved, so a
/// failed save leaves the file behind; once older than <see cref="AttachmentOptions.OrphanGraceHours"/> such a file can
/// no longer be waiting for its row, and goes. Attachment rows and raw inbound emails are the store's only users.
/// </summary>
public sealed partial class OrphanAttachmentSweeper(AppDbContext db, IAttachmentStore store, CurrentActor actor, TimeProvider clock, IOptions<AttachmentOptions> options, ILogger<OrphanAttachmentSweeper> logger)
{
    /// <summary>Keys checked against the database per query.</summary>
    public const int BatchSize = 500;

    public async Task<OrphanSweepReport> SweepAsync(CancellationToken ct)
    {
        actor.EstablishSystem();
        // Never under an hour: a file younger than that may belong to a request still saving its row.
        var grace = TimeSpan.FromHours(Math.Max(1, options.Value.OrphanGraceHours));
        var cutoff = clock.GetUtcNow() - grace;
        int listed = 0, young = 0, referenced = 0, deleted = 0;
        var batch = new List<string>(BatchSize);
        await foreach (var o in store.ListAsync(ct))
        {
            listed++;
            if (!KeyShape().IsMatch(o.Key))
            {
                // Not a key this server made (someone else's object in a shared bucket): not ours to delete.
                continue;
            }

            if (o.LastModified > cutoff)
            {
                young++;
                continue;
            }

            batch.Add(o.Key);
            if (batch.Count == BatchSize)
            {
                (referenced, deleted) = Add((referenced, deleted), await FlushAsync(batch, ct));
            }
        }

        (referenced, deleted) = Add((referenced, deleted), await FlushAsync(batch, ct));
        var report = new OrphanSweepReport(listed, young, referenced, deleted);
        logger.LogInformation("Orphan attachment sweep: {Listed} stored objects listed, {TooYoung} within the {GraceHours} h grace period, {Referenced} referenced, {Deleted} orphans deleted",
            report.Listed, report.TooYoung, grace.TotalHours, report.Referenced, report.Deleted);
        return report;
    }

    private static (int, int) Add((int R, int D) a, (int R, int D) b) => (a.R + b.R, a.D + b.D);

    private async Task<(int Referenced, int Deleted)> FlushAsync(List<string> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return (0, 0);
        }

        var keys = batch.ToList();
        batch.Clear();
        var used = new HashSet<string>(StringComparer.Ordinal);
        used.UnionWith(await db.TicketAttachments.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.StorageKey != null && keys.Contains(a.StorageKey)).Select(a => a.StorageKey!).ToListAsync(ct));
        used.UnionWith(await db.InboundEmails.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.RawKey != null && keys.Contains(e.RawKey)).Select(e => e.RawKey!).ToListAsync(ct));
        var deleted = 0;
        foreach (var key in keys.Where(k => !used.Contains(k)))
        {
            try
            {
                await store.DeleteAsync(key, ct);
                deleted++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One stubborn object must not stop the sweep; it is tried again next time.
                logger.LogWarning(e, "Could not delete orphan attachment {Key}", key);
            }
        }

        return (used.Count, deleted);
    }

    [GeneratedRegex("^[0-9]{4}/[0-9]{2}/[0-9a-f]{32}$")]
    private static partial Regex KeyShape();
}

/// <summary>The orphan sweep as a Quartz job, hourly; clustered, it runs on one instance at a time.</summary>
[DisallowConcurrentExecution]
public sealed class OrphanAttachmentJob(IServiceScopeFactory scopes) : IJob
{
    public const string Name = "orphan-attachments";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OrphanAttachmentSweeper>().SweepAsync(cancellationToken);
    }

    /// <summary>
    /// Hourly, first ten minutes after start-up: out of the way of the start, yet an instance restarted more often than hourly still sweeps. Quartz paces on the
    /// system clock (see Jobs); the sweep itself reads the application's TimeProvider.
    /// </summary>
    public static void Schedule(IQuartzBuilder q) => q.ScheduleJob<OrphanAttachmentJob>(
        trigger => trigger.WithIdentity(Name).StartAt(TimeProvider.System.GetUtcNow().AddMinutes(10)).WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromHours(1)).RepeatForever()
            .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
        job => job.WithIdentity(Name));
}
