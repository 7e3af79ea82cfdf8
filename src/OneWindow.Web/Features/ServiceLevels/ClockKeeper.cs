using OneWindow.Web.Features.Calendars;
using OneWindow.Web.Features.Tickets;

namespace OneWindow.Web.Features.ServiceLevels;

/// <summary>A ticket clock as replayed now, for the ticket page and the API.</summary>
public sealed record ClockView(
    long? ClockId,
    Guid MetricId,
    string MetricName,
    MetricSide Side,
    TimerKind Timer,
    int Episode,
    Guid CalendarId,
    string TimeZoneId,
    ClockResult Result,
    DateTimeOffset StartedAt,
    DateTimeOffset? StoppedAt,
    IReadOnlyList<int> SentAlerts);

/// <summary>
/// Keeps ticket clocks true to ticket histories. Every save that adds timeline events to a ticket replays that ticket's
/// history against the metrics of the agreement version in force when it was created, in the same transaction, and
/// stores the result (state, elapsed, due, breach, log). A closed ticket's clocks are frozen: only the save that closes
/// it, or an explicit recalculation, rewrites them (docs/service-levels.md, "Recalculation").
/// </summary>
public sealed class ClockKeeper(CalendarBook calendars)
{
    private static readonly TicketEventKind[] AlertKinds = [TicketEventKind.ClockWarning, TicketEventKind.ClockBreached];

    /// <summary>The save hook: recompute the clocks of tickets whose history this save extends.</summary>
    public async Task PlanAsync(AppDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var added = db.ChangeTracker.Entries<TicketEvent>().Where(e => e.State == EntityState.Added && !AlertKinds.Contains(e.Entity.Kind)).Select(e => e.Entity).ToList();
        foreach (var group in added.GroupBy(e => e.TicketId))
        {
            var ticket = db.ChangeTracker.Entries<Ticket>().Select(e => e.Entity).FirstOrDefault(t => t.Id == group.Key);
            if (ticket is null)
            {
                continue;
            }

            // Closed means frozen, unless this very save is what closes it.
            var closing = group.Any(e => e.Kind == TicketEventKind.StatusChanged && e.ToStatus == TicketStatus.Closed);
            if (ticket.Status == TicketStatus.Closed && !closing)
            {
                continue;
            }

            // A new ticket is stamped later in the save; its clocks start now.
            if (ticket.CreatedAt == default)
            {
                ticket.CreatedAt = now;
            }

            await RecomputeAsync(db, ticket, now, ct);
        }
    }

    /// <summary>
    /// Recomputes and stores the clocks of tickets (open ones, or closed ones too when asked) of a company or all,
    /// created in [from, to): after a calendar or agreement change, or on an admin's explicit recalculation.
    /// Saves in batches; returns how many tickets were replayed.
    /// </summary>
    public async Task<int> RecalculateAsync(AppDbContext db, DateTimeOffset now, Guid? companyId, DateTimeOffset? from, DateTimeOffset? to, bool includeClosed, CancellationToken ct)
    {
        var query = db.Tickets.AsQueryable();
        if (companyId is { } c)
        {
            query = query.Where(t => t.CompanyId == c);
        }

        if (from is { } f)
        {
            query = query.Where(t => t.CreatedAt >= f);
        }

        if (to is { } t2)
        {
            query = query.Where(t => t.CreatedAt < t2);
        }

        if (!includeClosed)
        {
            query = query.Where(t => t.Status != TicketStatus.Closed);
        }

        var ids = await query.OrderBy(t => t.CreatedAt).Select(t => t.Id).ToListAsync(ct);
        await RecomputeAllAsync(db, ids, now, ct);
        return ids.Count;
    }

    private async Task RecomputeAllAsync(AppDbContext db, List<Guid> ids, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var batch in ids.Chunk(200))
        {
            var tickets = await db.Tickets.Where(t => batch.Contains(t.Id)).ToListAsync(ct);
            foreach (var ticket in tickets)
            {
                await RecomputeAsync(db, ticket, now, ct);
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Calendars whose hours or days this save changes, and companies or teams given another calendar; null when none.</summary>
    public static (HashSet<Guid> Calendars, HashSet<Guid> Companies, HashSet<Guid> Teams)? CalendarChanges(AppDbContext db)
    {
        db.ChangeTracker.DetectChanges();
        var calendars = new HashSet<Guid>();
        var companies = new HashSet<Guid>();
        var teams = new HashSet<Guid>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            switch (entry.Entity)
            {
                case ServiceCalendar c when entry.State is EntityState.Modified:
                    calendars.Add(c.Id);
                    break;
                case ServiceCalendarDay d when entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted:
                    calendars.Add(d.CalendarId);
                    break;
                case Clients.ClientCompany company when entry.State == EntityState.Modified && entry.Property(nameof(company.CalendarId)).IsModified:
                    companies.Add(company.Id);
                    break;
                case Organisation.Team team when entry.State == EntityState.Modified && entry.Property(nameof(team.CalendarId)).IsModified:
                    teams.Add(team.Id);
                    break;
            }
        }

        foreach (var id in calendars)
        {
            // A day changed on its own still makes a new calendar version, so every instance's compiled copy is renewed.
            if (db.Calendars.Find(id) is { } calendar && db.Entry(calendar).State == EntityState.Unchanged)
            {
                db.Entry(calendar).Property(c => c.UpdatedAt).IsModified = true;
            }
        }

        return calendars.Count + companies.Count + teams.Count == 0 ? null : (calendars, companies, teams);
    }

    /// <summary>Replays the open tickets a calendar change can move: those measured on a changed calendar, or of a company or team given another one.</summary>
    public async Task RecalculateAfterCalendarChangeAsync(AppDbContext db, DateTimeOffset now, (HashSet<Guid> Calendars, HashSet<Guid> Companies, HashSet<Guid> Teams) changes, CancellationToken ct)
    {
        Guid[] calendars = [.. changes.Calendars];
        Guid[] companies = [.. changes.Companies];
        Guid[] teams = [.. changes.Teams];
        var ids = await db.Tickets.Where(t => t.Status != TicketStatus.Closed
                && (companies.Contains(t.CompanyId) || (t.TeamId != null && teams.Contains(t.TeamId.Value))
                    || db.TicketClocks.Any(c => c.TicketId == t.Id && calendars.Contains(c.CalendarId))))
            .Select(t => t.Id).ToListAsync(ct);
        await RecomputeAllAsync(db, ids, now, ct);
    }

    /// <summary>Replays a ticket's clocks at <paramref name="now"/> without storing anything (the ticket page, the API).</summary>
    public async Task<IReadOnlyList<ClockView>> ReplayAsync(AppDbContext db, Ticket ticket, DateTimeOffset now, CancellationToken ct)
    {
        var plan = await PlanClocksAsync(db, ticket, now, ct);
        if (plan is null)
        {
            return [];
        }

        var stored = await db.TicketClocks.Where(c => c.TicketId == ticket.Id).Select(c => new { c.Id, c.MetricId, c.Episode }).ToListAsync(ct);
        var ids = stored.Select(s => s.Id).ToList();
        var alerts = await db.ClockAlerts.Where(a => ids.Contains(a.ClockId)).Select(a => new { a.ClockId, a.Percent }).ToListAsync(ct);
        return [.. plan.Value.Clocks.Select(p =>
        {
            var id = stored.FirstOrDefault(s => s.MetricId == p.Metric.Id && s.Episode == p.Run.Episode)?.Id;
            return new ClockView(id, p.Metric.Id, p.Metric.Name, p.Metric.Side, p.Metric.Timer!.Value, p.Run.Episode, plan.Value.CalendarId, plan.Value.Calendar.TimeZoneId,
                p.Result, p.Run.Segments[0].From, p.Run.Stopped ? p.Run.Segments[^1].To : null,
                [.. alerts.Where(a => a.ClockId == id).Select(a => a.Percent).Order()]);
        })];
    }

    /// <summary>A ticket's clocks replayed at <paramref name="now"/>, as the API and the ticket page show them.</summary>
    /// <summary>
    /// The ticket's clocks. Both sides are the client's to see (the SLA is the SSC's promise, the OLA the business's own);
    /// which SSC teams the time went to is internal, so <paramref name="clientView"/> leaves out team ids and shares.
    /// </summary>
    public async Task<List<ClockDto>> ViewsAsync(AppDbContext db, Ticket ticket, DateTimeOffset now, bool clientView, CancellationToken ct)
    {
        var views = await ReplayAsync(db, ticket, now, ct);
        var teamIds = clientView ? [] : views.SelectMany(v => v.Result.ElapsedByTeam.Keys).Distinct().ToList();
        var teams = await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        return [.. views.Select(v => new ClockDto(v.ClockId, v.MetricId, v.MetricName, v.Side, v.Timer, v.Episode, v.Result.State,
            Math.Round(v.Result.Elapsed.TotalMinutes, 1), v.Result.Target.TotalMinutes, Math.Round(v.Result.Remaining.TotalMinutes, 1), Math.Round(v.Result.Percent, 1),
            v.StartedAt, v.Result.DueAt, v.Result.BreachedAt, v.StoppedAt, v.TimeZoneId,
            [.. v.Result.Log.Select(l => new ClockLogDto(l.At, l.Kind, l.Percent, clientView ? null : l.TeamId))],
            clientView ? [] : [.. v.Result.ElapsedByTeam.Select(t => new TeamShareDto(t.Key, teams.GetValueOrDefault(t.Key), Math.Round(t.Value.TotalMinutes, 1)))],
            v.SentAlerts))];
    }

    private async Task<(AgreementVersion Version, Guid CalendarId, BusinessCalendar Calendar, List<PlannedClock> Clocks)?> PlanClocksAsync(
        AppDbContext db, Ticket ticket, DateTimeOffset now, CancellationToken ct)
    {
        var version = await VersionForAsync(db, ticket, ct);
        if (version is null)
        {
            return null;
        }

        if (await CalendarBook.ResolveAsync(db, version.CalendarId, ticket.CompanyId, ticket.TeamId, ct) is not { } resolved)
        {
            return null;
        }

        var calendar = await calendars.GetAsync(db, resolved.Id, resolved.Version, ct);
        var timeline = await TimelineAsync(db, ticket, ct);
        var warnings = ClockPlanning.Warnings(ClockPlanning.Levels(version));
        return (version, resolved.Id, calendar, ClockPlanning.Plan(ClockPlanning.MetricsFor(version, ticket.Priority), warnings, calendar, timeline, now));
    }

    /// <summary>
    /// The agreement version that measures a ticket: agreed (or since archived), covering the ticket's creation date in
    /// the company's zone, of an agreement for the ticket's service — or, failing that, for all services.
    /// </summary>
    public static async Task<AgreementVersion?> VersionForAsync(AppDbContext db, Ticket ticket, CancellationToken ct)
    {
        var zone = await db.Companies.IgnoreQueryFilters().Where(c => c.Id == ticket.CompanyId).Select(c => c.TimeZoneId).FirstAsync(ct);
        var created = ClockPlanning.CreatedOn(ticket, zone);
        var candidates = await db.AgreementVersions.IgnoreQueryFilters()
            .Where(v => v.CompanyId == ticket.CompanyId && v.ApprovedAt != null && (v.Status == AgreementStatus.Agreed || v.Status == AgreementStatus.Archived)
                && v.ValidFrom <= created && (v.ValidTo == null || v.ValidTo >= created)
                && (v.Agreement!.ServiceId == null || v.Agreement.ServiceId == ticket.ServiceId))
            .Include(v => v.Metrics).Include(v => v.Agreement)
            .ToListAsync(ct);
        return ClockPlanning.Choose(candidates, ticket.ServiceId, created);
    }

    private static async Task<TicketTimeline> TimelineAsync(AppDbContext db, Ticket ticket, CancellationToken ct)
    {
        TicketEventKind[] kinds = [TicketEventKind.StatusChanged, TicketEventKind.Forwarded];
        // A ticket being created has no stored history yet.
        var stored = db.Entry(ticket).State == EntityState.Added ? []
            : await db.TicketEvents.IgnoreQueryFilters().AsNoTracking().Where(e => e.TicketId == ticket.Id && kinds.Contains(e.Kind)).ToListAsync(ct);
        var pending = db.ChangeTracker.Entries<TicketEvent>().Where(e => e.State == EntityState.Added && e.Entity.TicketId == ticket.Id).Select(e => e.Entity);
        return ClockPlanning.Timeline(ticket, stored.Concat(pending));
    }

    private async Task RecomputeAsync(AppDbContext db, Ticket ticket, DateTimeOffset now, CancellationToken ct)
    {
        var plan = await PlanClocksAsync(db, ticket, now, ct);
        var existing = db.Entry(ticket).State == EntityState.Added ? []
            : await db.TicketClocks.IgnoreQueryFilters().Include(c => c.Events).Where(c => c.TicketId == ticket.Id).ToListAsync(ct);
        var kept = new HashSet<long>();
        var current = new List<TicketClock>();
        if (plan is { } p)
        {
            var levels = ClockPlanning.Levels(p.Version);
            foreach (var planned in p.Clocks)
            {
                var clock = existing.FirstOrDefault(c => c.MetricId == planned.Metric.Id && c.Episode == planned.Run.Episode);
                if (clock is null)
                {
                    clock = new TicketClock { TicketId = ticket.Id, CompanyId = ticket.CompanyId, MetricId = planned.Metric.Id, Episode = planned.Run.Episode };
                    db.TicketClocks.Add(clock);
                }
                else
                {
                    kept.Add(clock.Id);
                }

                db.TicketClockEvents.RemoveRange(clock.Events);
                ClockPlanning.Store(clock, planned, ticket, p.Version.Id, p.CalendarId, now);
                current.Add(clock);
                var sent = clock.Id == 0 ? [] : (await db.ClockAlerts.IgnoreQueryFilters().Where(a => a.ClockId == clock.Id).Select(a => a.Percent).ToListAsync(ct)).ToHashSet();
                clock.NextAlertAt = ClockAlerts.NextAlertAt(clock, p.Calendar, levels, sent);
            }
        }

        // Clocks of metrics that no longer apply (priority changed, agreement withdrawn) go.
        db.TicketClocks.RemoveRange(existing.Where(c => !kept.Contains(c.Id)));
        ClockPlanning.Summarize(ticket, current);
    }
}
