using OneWindow.Web.Features.Calendars;
using OneWindow.Web.Features.Tickets;

namespace OneWindow.Web.Features.ServiceLevels;

/// <summary>
/// The clocks of bulk-generated tickets, as <see cref="ClockKeeper"/> and the alert sweep would have left them: the
/// keeper replays a ticket in every save that extends its history, so each clock is stored as replayed at the ticket's
/// last event (a closed ticket's at its closure, where it froze) — one per timer of the agreement version in force when
/// the ticket was created, on the calendar it runs on, with its log; and every escalation level it has reached by now is
/// recorded as sent, when it was reached, so the sweep takes up only what is still ahead. Agreements and calendars are
/// read once; the planning itself is the keeper's own (<see cref="ClockPlanning"/>).
/// </summary>
internal sealed class SeededClocks(CalendarBook calendars, LiveChanges live) : ISeededTicketRows
{
    public async Task<ISeededTicketRowPlanner> PrepareAsync(AppDbContext db, CancellationToken ct)
    {
        var versions = await db.AgreementVersions.IgnoreQueryFilters().AsNoTracking()
            .Where(v => v.ApprovedAt != null && (v.Status == AgreementStatus.Agreed || v.Status == AgreementStatus.Archived))
            .Include(v => v.Metrics).Include(v => v.Agreement)
            .ToListAsync(ct);
        var zones = await db.Companies.IgnoreQueryFilters().ToDictionaryAsync(c => c.Id, c => c.TimeZoneId, ct);
        return new Planner(db, calendars, live, versions.ToLookup(v => v.CompanyId), zones);
    }

    private sealed class Planner(AppDbContext db, CalendarBook calendars, LiveChanges live, ILookup<Guid, AgreementVersion> versions, Dictionary<Guid, string> zones)
        : ISeededTicketRowPlanner
    {
        /// <summary>The seeded clocks lie in the past: the reports' cached counts of settled ranges no longer hold.</summary>
        public Task SeededAsync(CancellationToken ct)
        {
            live.Publish(Reports.ClockCountCache.Topic);
            return Task.CompletedTask;
        }

        /// <summary>A version's levels; those below the target (the log's warnings); all but the breach itself (which the log has anyway); metrics by priority.</summary>
        private sealed record Terms(IReadOnlyList<EscalationLevel> Levels, int[] Warnings, int[] Thresholds, Dictionary<TicketPriority, AgreementMetric[]> Metrics);

        // What a version's terms make of every ticket, read from the version once rather than per ticket.
        private readonly Dictionary<Guid, Terms> terms = [];

        private Terms TermsOf(AgreementVersion version)
        {
            if (!terms.TryGetValue(version.Id, out var t))
            {
                var levels = ClockPlanning.Levels(version);
                terms[version.Id] = t = new Terms(levels, ClockPlanning.Warnings(levels), [.. levels.Select(l => l.Percent).Where(p => p != 100)], []);
            }

            return t;
        }

        // A handful of (version calendar, company, team) combinations; each resolved by the keeper's own rule once.
        private readonly Dictionary<(Guid?, Guid, Guid?), (Guid Id, BusinessCalendar Calendar)?> resolved = [];

        public async Task<IReadOnlyList<IReadOnlyList<object>>> RowsForAsync(IReadOnlyList<Ticket> tickets, DateTimeOffset now, SeedKeys keys, CancellationToken ct)
        {
            var clocks = new List<TicketClock>();
            var events = new List<TicketClockEvent>();
            var alerts = new List<(int Clock, ClockAlert Alert)>();
            foreach (var ticket in tickets)
            {
                if (!zones.TryGetValue(ticket.CompanyId, out var zone)
                    || ClockPlanning.Choose(versions[ticket.CompanyId], ticket.ServiceId, ClockPlanning.CreatedOn(ticket, zone)) is not { } version
                    || await CalendarAsync(version.CalendarId, ticket.CompanyId, ticket.TeamId, ct) is not { } calendar)
                {
                    continue;
                }

                // The last save that extended the history is the keeper's last replay.
                var at = ticket.Events.Max(e => e.At);
                var terms = TermsOf(version);
                if (!terms.Metrics.TryGetValue(ticket.Priority, out var metrics))
                {
                    terms.Metrics[ticket.Priority] = metrics = [.. ClockPlanning.MetricsFor(version, ticket.Priority)];
                }

                var first = clocks.Count;
                foreach (var planned in ClockPlanning.Plan(metrics, terms.Warnings, calendar.Calendar, ClockPlanning.Timeline(ticket, ticket.Events), at))
                {
                    var clock = new TicketClock { TicketId = ticket.Id, CompanyId = ticket.CompanyId, MetricId = planned.Metric.Id, Episode = planned.Run.Episode };
                    ClockPlanning.Store(clock, planned, ticket, version.Id, calendar.Id, at);
                    var sent = new HashSet<int>();
                    foreach (var (percent, reachedAt) in Reached(planned, terms, calendar.Calendar, now))
                    {
                        sent.Add(percent);
                        alerts.Add((clocks.Count, new ClockAlert { CompanyId = ticket.CompanyId, Percent = percent, ReachedAt = reachedAt, SentAt = reachedAt, SentBy = "seed" }));
                    }

                    clock.NextAlertAt = ClockAlerts.NextAlertAt(clock, calendar.Calendar, terms.Levels, sent);
                    clocks.Add(clock);
                }

                // The ticket rows are copied after these: they carry the clocks' summary as the keeper leaves it.
                ClockPlanning.Summarize(ticket, clocks.Skip(first));
            }

            // Keys set here, so the log and the alerts can name their clock without the clocks being read back.
            var ids = await keys.TakeAsync<TicketClock>(clocks.Count, ct);
            for (var i = 0; i < clocks.Count; i++)
            {
                clocks[i].Id = ids[i];
                foreach (var e in clocks[i].Events)
                {
                    e.ClockId = ids[i];
                    events.Add(e);
                }

                // Copied as rows of their own, not through the navigation.
                clocks[i].Events = [];
            }

            foreach (var (clock, alert) in alerts)
            {
                alert.ClockId = ids[clock];
            }

            return [clocks, events, [.. alerts.Select(a => a.Alert)]];
        }

        /// <summary>
        /// The escalation levels a clock has reached by now, and when: its history replayed to now (nothing has happened
        /// to the ticket since its last event) with every level as a threshold. The sweep sends each level as it comes.
        /// </summary>
        private static IEnumerable<(int Percent, DateTimeOffset At)> Reached(PlannedClock planned, Terms terms, BusinessCalendar calendar, DateTimeOffset now)
        {
            var replay = ServiceClock.Evaluate(calendar, planned.Run.Segments, planned.Result.Target, now, planned.Run.Stopped, terms.Thresholds);
            foreach (var entry in replay.Log)
            {
                if (entry.Kind == ClockLogKind.Warned)
                {
                    yield return (entry.Percent!.Value, entry.At);
                }
                else if (entry.Kind == ClockLogKind.Breached && terms.Levels.Any(l => l.Percent == 100))
                {
                    yield return (100, entry.At);
                }
            }
        }

        private async Task<(Guid Id, BusinessCalendar Calendar)?> CalendarAsync(Guid? versionCalendarId, Guid companyId, Guid? teamId, CancellationToken ct)
        {
            var key = (versionCalendarId, companyId, teamId);
            if (!resolved.TryGetValue(key, out var calendar))
            {
                calendar = await CalendarBook.ResolveAsync(db, versionCalendarId, companyId, teamId, ct) is { } r
                    ? (r.Id, await calendars.GetAsync(db, r.Id, r.Version, ct))
                    : null;
                resolved[key] = calendar;
            }

            return calendar;
        }
    }
}
