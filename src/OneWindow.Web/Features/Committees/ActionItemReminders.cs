using Microsoft.AspNetCore.Hosting.Server;
using OneWindow.Core.Calendars;
using OneWindow.Web.Features.Mail;
using Quartz;

namespace OneWindow.Web.Features.Committees;

public sealed class ActionItemOptions
{
    /// <summary>How many working days before the due date the owner is reminded.</summary>
    public int ReminderWorkingDays { get; set; } = 2;

    public int SweepMinutes { get; set; } = 15;
}

/// <summary>The action-item reminders as a Quartz job; the items' versions make a second instance's send drop out.</summary>
[DisallowConcurrentExecution]
public sealed class ActionItemReminderJob(IServiceScopeFactory scopes) : IJob
{
    public const string Name = "committee-action-item-reminders";

    public static void Schedule(IQuartzBuilder q, TimeSpan every) => q.ScheduleJob<ActionItemReminderJob>(
        trigger => trigger.WithIdentity(Name).StartAt(TimeProvider.System.GetUtcNow().AddMinutes(2)).WithSimpleSchedule(s => s.WithInterval(every).RepeatForever()
            .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
        job => job.WithIdentity(Name));

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ActionItemReminderSweeper>().SweepAsync(cancellationToken);
    }
}

/// <summary>
/// Reminds the owner of an open action item by email, in their language: once N working days (by the production
/// calendar) before the due date, and once when it is overdue — the day after the due date in the company's zone (the
/// committee's for SSC items). The email and the item's stamp go in one save, guarded by the item's version: when two
/// instances sweep at once, the second save fails on the version and its email is dropped with it.
/// </summary>
public sealed class ActionItemReminderSweeper(AppDbContext db, CurrentActor actor, TimeProvider clock, Mailer mailer, IOptions<ActionItemOptions> options,
    IConfiguration configuration, IServer server, ILogger<ActionItemReminderSweeper> logger)
{
    /// <summary>Sweeps once as the system; returns how many reminders this call sent.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        actor.EstablishSystem();
        var now = clock.GetUtcNow();
        var days = Math.Clamp(options.Value.ReminderWorkingDays, 0, 30);
        // Generous bounds in UTC dates; the zone's own today is checked per item.
        var ahead = DateOnly.FromDateTime(now.UtcDateTime).AddDays(days * 3 + 14);
        var ids = await db.Set<ActionItem>().AsNoTracking()
            .Where(a => (a.Status == ActionItemStatus.Open || a.Status == ActionItemStatus.InProgress) && a.ReminderOverdueSentAt == null && a.DueOn <= ahead)
            .OrderBy(a => a.DueOn).Select(a => a.Id).Take(2000).ToListAsync(ct);
        var sent = 0;
        foreach (var id in ids)
        {
            try
            {
                if (await TrySendAsync(id, now, days, ct))
                {
                    sent++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One broken item must not hold up everyone else's reminders.
                logger.LogWarning(e, "Reminder of action item {ItemId} failed; will retry on the next sweep", id);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        if (sent > 0)
        {
            logger.LogInformation("Sent {Count} action item reminder(s)", sent);
        }

        return sent;
    }

    private async Task<bool> TrySendAsync(Guid id, DateTimeOffset now, int days, CancellationToken ct)
    {
        var item = await db.Set<ActionItem>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (item is null || item.Status is ActionItemStatus.Done or ActionItemStatus.Cancelled)
        {
            return false;
        }

        var committee = await db.Set<Committee>().AsNoTracking().Where(c => c.Id == item.CommitteeId).Select(c => new { c.Name, c.TimeZoneId }).FirstAsync(ct);
        var zone = item.CompanyId is { } companyId
            ? await db.Companies.IgnoreQueryFilters().Where(c => c.Id == companyId).Select(c => c.TimeZoneId).FirstOrDefaultAsync(ct) ?? committee.TimeZoneId
            : committee.TimeZoneId;
        var today = ActionItemDesk.LocalToday(now, zone);
        bool overdue;
        if (today > item.DueOn)
        {
            overdue = true;
        }
        else if (item.ReminderBeforeSentAt is null && ProductionCalendar.Russia.WorkingDaysBetween(today, item.DueOn) <= days)
        {
            overdue = false;
        }
        else
        {
            return false;
        }

        var owner = await db.Users.IgnoreQueryFilters().AsNoTracking().Where(u => u.Id == item.OwnerId)
            .Select(u => new { u.FullName, u.Email, u.Culture, u.IsActive }).FirstAsync(ct);
        if (overdue)
        {
            item.ReminderOverdueSentAt = now;
            // An item overdue before its first reminder gets only the overdue one.
            item.ReminderBeforeSentAt ??= now;
        }
        else
        {
            item.ReminderBeforeSentAt = now;
        }

        if (owner is { IsActive: true, Email: { Length: > 0 } email })
        {
            var english = owner.Culture?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true;
            var due = item.DueOn.ToString(english ? "d MMM yyyy" : "dd.MM.yyyy", CultureInfo.GetCultureInfo(english ? "en" : "ru"));
            var link = Infrastructure.PublicAddress.Of(configuration, server) + "/action-items";
            var model = new ActionItemReminderModel(owner.FullName, committee.Name, item.Title, due, overdue, link);
            await mailer.QueueAsync(MailTemplateKeys.ActionItemReminder, owner.Culture, model, [new MailRecipient(email, owner.FullName)], ct: ct);
        }

        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance reminded (or someone changed the item) first: drop ours, the next sweep looks again.
            return false;
        }
    }
}
