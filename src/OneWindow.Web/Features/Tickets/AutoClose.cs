using OneWindow.Core.Calendars;

namespace OneWindow.Web.Features.Tickets;

/// <summary>
/// Closes resolved tickets the client neither confirmed nor reopened within the configured number of working days
/// of the Russian production calendar, counted in the client company's own time zone.
/// </summary>
public sealed class AutoCloser(IServiceScopeFactory scopes, TimeProvider clock, IOptions<TicketOptions> options, ILogger<AutoCloser> logger)
{
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var days = options.Value.AutoCloseWorkingDays;
        if (days <= 0)
        {
            return 0;
        }

        await using var scope = scopes.CreateAsyncScope();
        var actor = scope.ServiceProvider.GetRequiredService<CurrentActor>();
        actor.EstablishSystem();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow();
        // A cheap pre-filter: nothing resolved in the last `days` calendar days can be due yet.
        var cutoff = now.AddDays(-days);
        var candidates = await db.Tickets.Where(t => t.Status == TicketStatus.Resolved && t.ResolvedAt != null && t.ResolvedAt < cutoff)
            .Select(t => new { t.Id, t.ResolvedAt, t.Company!.TimeZoneId }).ToListAsync(ct);
        var closed = 0;
        foreach (var c in candidates)
        {
            var zone = TimeZoneInfo.TryFindSystemTimeZoneById(c.TimeZoneId, out var z) ? z : TimeZoneInfo.Utc;
            var resolvedOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(c.ResolvedAt!.Value, zone).DateTime);
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
            if (ProductionCalendar.Russia.WorkingDaysBetween(resolvedOn, today) < days)
            {
                continue;
            }

            var ticket = await db.Tickets.FirstAsync(t => t.Id == c.Id, ct);
            var transition = TicketLifecycle.Apply(ticket.Status, TicketAction.AutoClose, new TicketLifecycleContext(now, ticket.ResolvedAt, TimeSpan.Zero));
            if (!transition.Ok)
            {
                continue;
            }

            ticket.Events.Add(TicketEvents.StatusChange(ticket, now, actor, ticket.Status, transition.To));
            ticket.Status = transition.To;
            ticket.ClosedAt = now;
            ticket.LastActivityAt = now;
            try
            {
                await db.SaveChangesAsync(ct);
                closed++;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another instance or a person changed it meanwhile; the next run decides again.
                db.ChangeTracker.Clear();
            }
        }

        if (closed > 0)
        {
            logger.LogInformation("Auto-closed {Count} resolved ticket(s) after {Days} working days", closed, days);
        }

        return closed;
    }
}

internal sealed class AutoCloseWorker(AutoCloser closer, TimeProvider clock, ILogger<AutoCloseWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(30), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await closer.RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Auto-close run failed; will retry");
            }
        }
    }
}
