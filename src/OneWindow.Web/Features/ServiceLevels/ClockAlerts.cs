using OneWindow.Web.Features.Calendars;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OneWindow.Web.Features.Clients;
using OneWindow.Web.Features.Mail;
using OneWindow.Web.Features.Notifications;
using OneWindow.Web.Features.Tickets;
using Quartz;

namespace OneWindow.Web.Features.ServiceLevels;

/// <summary>
/// What a <see cref="TicketEventKind.ClockWarning"/> or <see cref="TicketEventKind.ClockBreached"/> event carries as its
/// Data: which clock reached which level, and whom the level tells (the notification planner notifies exactly them).
/// </summary>
public sealed record ClockAlertData(long ClockId, string Metric, MetricSide Side, TimerKind Timer, int Percent, DateTimeOffset ReachedAt,
    IReadOnlyList<Guid> Recipients);

/// <summary>Escalation levels of running clocks: when the next one is due, and the shapes their events and notifications take.</summary>
public static class ClockAlerts
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// When the earliest level not yet sent is reached if the clock keeps running; null when every level is sent or the
    /// clock is not running (paused, met, breached and stopped clocks escalate nothing until they run again).
    /// </summary>
    public static DateTimeOffset? NextAlertAt(TicketClock clock, BusinessCalendar calendar, IReadOnlyList<EscalationLevel> levels, IReadOnlySet<int> sentPercents)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentNullException.ThrowIfNull(sentPercents);
        if (!IsRunning(clock.State))
        {
            return null;
        }

        DateTimeOffset? next = null;
        foreach (var level in levels.Where(l => !sentPercents.Contains(l.Percent)))
        {
            var at = LevelAt(clock, calendar, level.Percent);
            if (next is null || at < next)
            {
                next = at;
            }
        }

        return next;
    }

    /// <summary>A clock still counting, before or after its target (RunningBreached still has levels above 100 % to reach).</summary>
    public static bool IsRunning(ClockState state) => state is ClockState.Running or ClockState.RunningBreached;

    /// <summary>When the clock reaches <paramref name="percent"/> % of its target, projected from its last computation.</summary>
    public static DateTimeOffset LevelAt(TicketClock clock, BusinessCalendar calendar, int percent)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return ServiceClock.ProjectPercent(calendar, clock.ComputedAt, TimeSpan.FromSeconds(clock.ElapsedSeconds), TimeSpan.FromMinutes(clock.TargetMinutes), percent);
    }

    public static bool IsClockEvent(TicketEventKind kind) => kind is TicketEventKind.ClockWarning or TicketEventKind.ClockBreached;

    /// <summary>A level below the target warns; the target itself and any level past it are breaches.</summary>
    public static TicketEventKind EventKind(int percent) => percent < 100 ? TicketEventKind.ClockWarning : TicketEventKind.ClockBreached;

    public static string ToJson(ClockAlertData data) => JsonSerializer.Serialize(data, Json);

    public static ClockAlertData? ReadData(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ClockAlertData>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static ClockNotice Notice(ClockAlertData data) => new(data.Side, data.Timer, data.Percent, data.Metric);

    /// <summary>The clock details of a notification's Data; null for every other notification.</summary>
    public static ClockNotice? ReadNotice(string? json) => Notices.ReadClock(json);
}

/// <summary>
/// The alert sweep as a Quartz job. Clustered, Quartz runs it on one instance at a time; the sweeper's unique index keeps
/// each level once even if two sweeps ever overlap (an unclustered SQLite store shared by two processes).
/// </summary>
[DisallowConcurrentExecution]
public sealed class ClockAlertJob(IServiceScopeFactory scopes) : IJob
{
    public const string Name = "clock-alerts";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        // A scope per run: a fresh DbContext, and a CurrentActor that the sweeper establishes as the system.
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ClockAlertSweeper>().SweepAsync(context.Scheduler.SchedulerInstanceId, cancellationToken);
    }
}

/// <summary>
/// Sends the escalation levels running clocks have reached: a <see cref="ClockAlert"/> per clock and level (unique, so
/// once however many instances sweep), an internal timeline event naming the recipients, and so their notifications.
/// Then moves the clock's <see cref="TicketClock.NextAlertAt"/> on to the next level not yet sent.
/// </summary>
public sealed class ClockAlertSweeper(AppDbContext db, CurrentActor actor, CalendarBook calendars, TimeProvider clock, Mailer mailer, IConfiguration configuration,
    IServer server, ILogger<ClockAlertSweeper> logger)
{
    /// <summary>Clocks handled per sweep; the rest wait for the next one (the oldest due go first).</summary>
    public const int BatchSize = 500;

    /// <summary>Sweeps once as the system; returns how many alerts this call sent.</summary>
    public async Task<int> SweepAsync(string? sentBy, CancellationToken ct)
    {
        actor.EstablishSystem();
        var now = clock.GetUtcNow();
        var due = await db.TicketClocks.AsNoTracking()
            .Where(c => c.NextAlertAt != null && c.NextAlertAt <= now)
            .OrderBy(c => c.NextAlertAt).ThenBy(c => c.Id)
            .Take(BatchSize)
            .ToListAsync(ct);
        var sent = 0;
        foreach (var c in due)
        {
            try
            {
                sent += await SweepClockAsync(c, now, sentBy, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One broken clock (a calendar gone, an engine error) must not hold up everyone else's escalations.
                logger.LogWarning(e, "Escalations of clock {ClockId} failed; will retry on the next sweep", c.Id);
                db.ChangeTracker.Clear();
            }
        }

        if (sent > 0)
        {
            logger.LogInformation("Sent {Count} SLA/OLA escalation(s)", sent);
        }

        return sent;
    }

    private async Task<int> SweepClockAsync(TicketClock c, DateTimeOffset now, string? sentBy, CancellationToken ct)
    {
        if (!ClockAlerts.IsRunning(c.State))
        {
            // Paused or stopped since it was indexed: nothing to announce until it runs again.
            await MoveNextAlertAsync(c, null, ct);
            return 0;
        }

        var escalations = await db.AgreementVersions.Where(v => v.Id == c.VersionId).Select(v => v.Escalations).FirstOrDefaultAsync(ct);
        var levels = EscalationPolicy.Parse(escalations, out var error);
        if (levels is null)
        {
            // As the clock keeper does: unreadable levels (only a hand-edited row can have them) escalate by default.
            logger.LogWarning("Agreement version {VersionId} has unreadable escalations ({Error}); clock {ClockId} uses the default levels", c.VersionId, error, c.Id);
            levels = EscalationPolicy.Default;
        }

        var calendar = await calendars.GetAsync(db, c.CalendarId, ct);
        var sentPercents = (await db.ClockAlerts.Where(a => a.ClockId == c.Id).Select(a => a.Percent).ToListAsync(ct)).ToHashSet();
        var reached = levels.Where(l => !sentPercents.Contains(l.Percent))
            .Select(l => (Level: l, At: ClockAlerts.LevelAt(c, calendar, l.Percent)))
            .Where(x => x.At <= now)
            .ToList();
        var count = 0;
        if (reached.Count > 0)
        {
            var people = await PeopleAsync(c, now, ct);
            var metric = await db.AgreementMetrics.Where(m => m.Id == c.MetricId).Select(m => m.Name).FirstOrDefaultAsync(ct) ?? "";
            foreach (var (level, at) in reached)
            {
                var data = new ClockAlertData(c.Id, metric, c.Side, c.Timer, level.Percent, at, people.For(level));
                if (await TrySendAsync(c, data, people.ClientSideOf(level), now, sentBy, ct))
                {
                    count++;
                }

                // Sent now or by a faster instance: either way the level is done.
                sentPercents.Add(level.Percent);
            }
        }

        await MoveNextAlertAsync(c, ClockAlerts.NextAlertAt(c, calendar, levels, sentPercents), ct);
        return count;
    }

    /// <summary>One alert, its event and notifications in one small save; false when another instance sent the level first.</summary>
    private async Task<bool> TrySendAsync(TicketClock c, ClockAlertData data, IReadOnlyList<Guid> clientSide, DateTimeOffset now, string? sentBy, CancellationToken ct)
    {
        db.ClockAlerts.Add(new ClockAlert
        {
            ClockId = c.Id,
            CompanyId = c.CompanyId,
            Percent = data.Percent,
            ReachedAt = data.ReachedAt,
            SentAt = now,
            SentBy = sentBy is { Length: > 200 } ? sentBy[..200] : sentBy,
        });
        db.TicketEvents.Add(new TicketEvent
        {
            TicketId = c.TicketId,
            CompanyId = c.CompanyId,
            At = now,
            ActorName = actor.Name,
            Kind = ClockAlerts.EventKind(data.Percent),
            IsPublic = false,
            Data = ClockAlerts.ToJson(data),
        });
        // The level named its people; they hear of it in the same save as the event.
        var ticket = await db.Tickets.IgnoreQueryFilters().AsNoTracking().FirstAsync(t => t.Id == c.TicketId, ct);
        Notices.AboutTicket(db, ticket, ClockAlerts.EventKind(data.Percent), data.Recipients, now, actor.Name, clock: ClockAlerts.Notice(data));
        await RemindClientSideAsync(ticket, data, clientSide, ct);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (Infrastructure.Api.ApiExceptionHandler.IsUniqueViolation(e))
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// The client side a level names is also emailed, each in their own language, through the outbox in the same save as
    /// the alert (so once, whichever instance sends the level).
    /// </summary>
    private async Task RemindClientSideAsync(Ticket ticket, ClockAlertData data, IReadOnlyList<Guid> clientSide, CancellationToken ct)
    {
        if (clientSide.Count == 0)
        {
            return;
        }

        var people = await db.Users.IgnoreQueryFilters().AsNoTracking().Where(u => clientSide.Contains(u.Id) && u.Email != null)
            .Select(u => new { u.FullName, u.Email, u.Culture }).ToListAsync(ct);
        var link = $"{BaseUrl()}/tickets/{ticket.Id}";
        foreach (var person in people)
        {
            var model = new ClientReminderModel(person.FullName, ticket.Number, ticket.Subject, data.Metric, data.Percent, data.Percent >= 100, link);
            await mailer.QueueAsync(MailTemplateKeys.ClientReminder, person.Culture, model, [new MailRecipient(person.Email!, person.FullName)],
                new MailThreading(ticket.Id), ct);
        }
    }

    private string BaseUrl() => Infrastructure.PublicAddress.Of(configuration, server);

    /// <summary>
    /// Stores the next level's instant unless the clock was recomputed meanwhile: then the recomputation's own value
    /// stands (at worst it names a level just sent, and the next sweep finds nothing left and moves on).
    /// </summary>
    private async Task MoveNextAlertAsync(TicketClock c, DateTimeOffset? next, CancellationToken ct) =>
        await db.TicketClocks.Where(x => x.Id == c.Id && x.ComputedAt == c.ComputedAt)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.NextAlertAt, next), ct);

    /// <summary>Who can be told about this clock's ticket, by escalation recipient.</summary>
    private async Task<Recipients> PeopleAsync(TicketClock c, DateTimeOffset now, CancellationToken ct)
    {
        var ticket = await db.Tickets.Where(t => t.Id == c.TicketId)
            .Select(t => new { t.AssigneeId, t.RequesterId, t.CompanyId, t.ServiceId, LeadId = t.Team != null ? t.Team.LeadId : null })
            .FirstOrDefaultAsync(ct);
        if (ticket is null)
        {
            return new Recipients([]);
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var assignments = await db.ClientAssignments
            .Where(a => a.CompanyId == ticket.CompanyId && (a.ServiceId == null || a.ServiceId == ticket.ServiceId)
                && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today))
            .Select(a => new { a.Role, a.UserId })
            .ToListAsync(ct);
        var byRole = new List<(EscalationRecipient Role, Guid UserId)>();
        if (ticket.AssigneeId is { } assignee)
        {
            byRole.Add((EscalationRecipient.Assignee, assignee));
        }

        if (ticket.LeadId is { } lead)
        {
            byRole.Add((EscalationRecipient.TeamLead, lead));
        }

        byRole.AddRange(assignments.Select(a => (a.Role switch
        {
            AssignmentRole.ClientSuccessManager => EscalationRecipient.ClientSuccessManager,
            AssignmentRole.DeliveryLead => EscalationRecipient.DeliveryLead,
            _ => EscalationRecipient.ServiceManager,
        }, a.UserId)));

        // The client side: the requester (a person of the ticket's company) and the company's executives.
        if (ticket.RequesterId is { } requester
            && await db.Users.IgnoreQueryFilters().AnyAsync(u => u.Id == requester && u.CompanyId == ticket.CompanyId, ct))
        {
            byRole.Add((EscalationRecipient.Requester, requester));
        }

        byRole.AddRange((await db.Users.IgnoreQueryFilters()
            .Where(u => u.CompanyId == ticket.CompanyId
                && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.ClientExecutive)))
            .Select(u => u.Id).ToListAsync(ct)).Select(id => (EscalationRecipient.ClientExecutive, id)));

        // Deactivated people are not told anything.
        var ids = byRole.Select(x => x.UserId).Distinct().ToList();
        var active = (await db.Users.IgnoreQueryFilters().Where(u => ids.Contains(u.Id) && u.IsActive).Select(u => u.Id).ToListAsync(ct)).ToHashSet();
        return new Recipients([.. byRole.Where(x => active.Contains(x.UserId))]);
    }

    private sealed record Recipients(IReadOnlyList<(EscalationRecipient Role, Guid UserId)> People)
    {
        public IReadOnlyList<Guid> For(EscalationLevel level) =>
            [.. People.Where(p => level.Notify.Contains(p.Role)).Select(p => p.UserId).Distinct().OrderBy(id => id)];

        /// <summary>The client-side people a level names: they are emailed as well as told on the bell.</summary>
        public IReadOnlyList<Guid> ClientSideOf(EscalationLevel level) =>
            [.. People.Where(p => p.Role is EscalationRecipient.Requester or EscalationRecipient.ClientExecutive && level.Notify.Contains(p.Role))
                .Select(p => p.UserId).Distinct().OrderBy(id => id)];
    }
}
