using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using OneWindow.Web.Features.Calendars;
using OneWindow.Web.Features.Mail;
using Quartz;

namespace OneWindow.Web.Features.ServiceLevels;

public enum ObligationReminderKind
{
    /// <summary>The obligation falls due before the end of the next working day.</summary>
    DueSoon = 0,
    /// <summary>The due instant has passed and nothing was delivered.</summary>
    Late = 1,
}

/// <summary>
/// A reminder sent to the client about one period of an OLA deadline. Unique per metric, period and kind: the database
/// itself guarantees that however many app instances sweep, each reminder goes out once.
/// </summary>
public sealed class ObligationReminder : ICompanyOwned
{
    public long Id { get; set; }
    public Guid MetricId { get; set; }
    public Guid CompanyId { get; set; }
    public DateOnly PeriodStart { get; set; }
    public ObligationReminderKind Kind { get; set; }
    /// <summary>The due instant the reminder announced.</summary>
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset SentAt { get; set; }
    /// <summary>Which app instance sent it (diagnostics for clustered runs).</summary>
    public string? SentBy { get; set; }
}

internal sealed class ObligationReminderConfiguration : IEntityTypeConfiguration<ObligationReminder>
{
    public void Configure(EntityTypeBuilder<ObligationReminder> b)
    {
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.SentBy).HasMaxLength(200);
        b.HasOne<AgreementMetric>().WithMany().HasForeignKey(x => x.MetricId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.MetricId, x.PeriodStart, x.Kind }).IsUnique();
    }
}

/// <summary>The obligation sweep as a Quartz job, one instance at a time; the reminders' unique index covers any overlap.</summary>
[DisallowConcurrentExecution]
public sealed class ObligationReminderJob(IServiceScopeFactory scopes) : IJob
{
    public const string Name = "ola-obligation-reminders";

    public static void Schedule(IQuartzBuilder q, TimeSpan every) => q.ScheduleJob<ObligationReminderJob>(
        // A little after start-up: the app is up and migrated, and a fresh demo's first minute stays quiet.
        trigger => trigger.WithIdentity(Name).StartAt(TimeProvider.System.GetUtcNow().AddMinutes(2)).WithSimpleSchedule(s => s.WithInterval(every).RepeatForever()
            .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
        job => job.WithIdentity(Name));

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ObligationReminderSweeper>().SweepAsync(context.Scheduler.SchedulerInstanceId, cancellationToken);
    }
}

/// <summary>
/// Reminds the client company of its OLA deadlines ("primary documents by working day 5"): once when one falls due
/// before the end of the next working day (by the company's calendar, in its zone), and once when it has passed with
/// nothing delivered. The metric's client responsible is told, else the company's executives; by email in their language
/// and on the bell. Each reminder is logged in the same save as its emails and notices, under a unique index.
/// </summary>
public sealed class ObligationReminderSweeper(AppDbContext db, CurrentActor actor, OlaObligations obligations, CalendarBook calendars, TimeProvider clock,
    Mailer mailer, IConfiguration configuration, IServer server, ILogger<ObligationReminderSweeper> logger)
{
    /// <summary>Past this many days late no new reminder goes out: by then it is the CSM's and the report's business.</summary>
    public const int LateReminderDays = 7;

    /// <summary>How far ahead obligations are read: the next working day can be over a week away across long holidays.</summary>
    private static readonly TimeSpan Ahead = TimeSpan.FromDays(21);

    /// <summary>Sweeps once as the system; returns how many reminders this call sent.</summary>
    public async Task<int> SweepAsync(string? sentBy, CancellationToken ct)
    {
        actor.EstablishSystem();
        var now = clock.GetUtcNow();
        var open = (await obligations.OpenAsync(null, Ahead, ct)).Where(o => o.DueAt >= now.AddDays(-LateReminderDays)).ToList();
        if (open.Count == 0)
        {
            return 0;
        }

        var metricIds = open.Select(o => o.MetricId).Distinct().ToList();
        var sentBefore = (await db.ObligationReminders.AsNoTracking().Where(r => metricIds.Contains(r.MetricId))
            .Select(r => new { r.MetricId, r.PeriodStart, r.Kind }).ToListAsync(ct))
            .Select(r => (r.MetricId, r.PeriodStart, r.Kind)).ToHashSet();
        var horizons = new Dictionary<Guid, DateTimeOffset>();
        var sent = 0;
        foreach (var o in open)
        {
            var kind = o.Late ? ObligationReminderKind.Late : ObligationReminderKind.DueSoon;
            if (sentBefore.Contains((o.MetricId, o.PeriodStart, kind)))
            {
                continue;
            }

            try
            {
                if (!horizons.TryGetValue(o.CompanyId, out var horizon))
                {
                    horizon = await DueSoonHorizonAsync(o.CompanyId, now, ct);
                    horizons[o.CompanyId] = horizon;
                }

                if (kind == ObligationReminderKind.DueSoon && o.DueAt > horizon)
                {
                    continue;
                }

                if (await TrySendAsync(o, kind, now, sentBy, ct))
                {
                    sent++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One broken obligation (a calendar gone, a template edited badly) must not hold up everyone else's reminders.
                logger.LogWarning(e, "Reminder of OLA metric {MetricId} for {Period} failed; will retry on the next sweep", o.MetricId, o.Period);
                db.ChangeTracker.Clear();
            }
        }

        if (sent > 0)
        {
            logger.LogInformation("Sent {Count} OLA obligation reminder(s)", sent);
        }

        return sent;
    }

    /// <summary>
    /// The end of the next working day after today in the company's calendar (its zone); 24 hours from now when the
    /// company resolves to no calendar.
    /// </summary>
    private async Task<DateTimeOffset> DueSoonHorizonAsync(Guid companyId, DateTimeOffset now, CancellationToken ct)
    {
        if (await CalendarBook.ResolveIdAsync(db, null, companyId, null, ct) is not { } calendarId)
        {
            return now.AddDays(1);
        }

        var calendar = await calendars.GetAsync(db, calendarId, ct);
        var next = calendar.NthWorkingDate(calendar.LocalDate(now).AddDays(1), 1);
        return calendar.EndOfWorkingDay(next) ?? now.AddDays(1);
    }

    /// <summary>The log row, the emails and the bell notices in one save; false when another instance sent it first or nobody is there to tell.</summary>
    private async Task<bool> TrySendAsync(OlaObligation o, ObligationReminderKind kind, DateTimeOffset now, string? sentBy, CancellationToken ct)
    {
        var people = await RecipientsAsync(o, ct);
        if (people.Count == 0)
        {
            logger.LogInformation("OLA metric {MetricId} of company {CompanyId} has nobody to remind: no responsible, no active executive", o.MetricId, o.CompanyId);
            return false;
        }

        db.ObligationReminders.Add(new ObligationReminder
        {
            MetricId = o.MetricId,
            CompanyId = o.CompanyId,
            PeriodStart = o.PeriodStart,
            Kind = kind,
            DueAt = o.DueAt,
            SentAt = now,
            SentBy = sentBy is { Length: > 200 } ? sentBy[..200] : sentBy,
        });
        var link = Infrastructure.PublicAddress.Of(configuration, server) + "/";
        var zone = ViewerTime.Zone(o.CompanyTimeZoneId);
        foreach (var person in people)
        {
            // The date in the recipient's language (the mail templates choose English the same way), the time in the company's zone.
            var english = person.Culture?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true;
            var due = TimeZoneInfo.ConvertTime(o.DueAt, zone).ToString(english ? "d MMM yyyy, HH:mm" : "dd.MM.yyyy HH:mm", CultureInfo.GetCultureInfo(english ? "en" : "ru"));
            var model = new ObligationReminderModel(person.FullName, o.CompanyName, o.Metric, o.Period, due, kind == ObligationReminderKind.Late, link);
            if (person.Email is { Length: > 0 } email)
            {
                await mailer.QueueAsync(MailTemplateKeys.ObligationReminder, person.Culture, model, [new MailRecipient(email, person.FullName)], ct: ct);
            }

            db.Notifications.Add(new Notifications.Notification
            {
                UserId = person.Id,
                CompanyId = o.CompanyId,
                Link = "/",
                TicketNumber = TextLimit.Truncate(o.Period, 32),
                Subject = TextLimit.Truncate(o.Metric, 300),
                Kind = kind == ObligationReminderKind.Late ? Tickets.TicketEventKind.ObligationLate : Tickets.TicketEventKind.ObligationDueSoon,
                ActorName = "system",
                CreatedAt = now,
            });
        }

        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (Infrastructure.Api.ApiExceptionHandler.IsUniqueViolation(e))
        {
            // Another instance sent this reminder first.
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The metric's client responsible while active and of the company; else the company's active executives.</summary>
    private async Task<List<Person>> RecipientsAsync(OlaObligation o, CancellationToken ct)
    {
        var users = db.Users.IgnoreQueryFilters().AsNoTracking().Where(u => u.CompanyId == o.CompanyId && u.IsActive);
        if (o.ResponsibleId is { } responsible)
        {
            var named = await users.Where(u => u.Id == responsible).Select(u => new Person(u.Id, u.FullName, u.Email, u.Culture)).ToListAsync(ct);
            if (named.Count > 0)
            {
                return named;
            }
        }

        return await users
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.ClientExecutive)))
            .OrderBy(u => u.Email).Select(u => new Person(u.Id, u.FullName, u.Email, u.Culture)).ToListAsync(ct);
    }

    private sealed record Person(Guid Id, string FullName, string? Email, string? Culture);
}
