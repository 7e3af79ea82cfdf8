using OneWindow.Web.Features.Calendars;

namespace OneWindow.Web.Features.ServiceLevels.Reports;

/// <summary>
/// SLA/OLA reports: attainment per metric, per side and the unified quality index per client × process × period, the
/// items behind every figure, and trends. The counting rules are those of docs/service-levels.md ("Counting rules").
/// Tenancy comes from the data layer: a client sees its own company, a CSM or Delivery Lead the assigned ones.
/// Ticket clocks are counted in the database (grouped by metric and period); deliveries and ratio figures, one per metric
/// and period, are judged in memory.
/// </summary>
[FeatureSeam]
public sealed class ServiceLevelReports(AppDbContext db, CurrentActor actor, CalendarBook calendars, TimeProvider clock,
    IStringLocalizer<ServiceLevelReportResource> text, ClockCountCache settledCounts)
{
    /// <summary>The period containing today in Moscow, the SSC's zone: the default when no period is asked for.</summary>
    public ReportPeriod CurrentPeriod(PeriodUnit unit) => CurrentPeriod(unit, clock.GetUtcNow());

    public static ReportPeriod CurrentPeriod(PeriodUnit unit, DateTimeOffset now) => Reporting.Current(unit, now, ViewerTime.Zone(null));

    public async Task<ServiceLevelReport> ReportAsync(ReportPeriod period, Guid? companyId, ProcessFilter process, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var scope = await LoadScopeAsync(companyId, process, null, null, ct);
        var counts = await CountAsync(scope, [period], now, ct);
        return new ServiceLevelReport(period.Key, period.Unit, period.Start, period.End, now, BuildRows(scope, counts, period, 0));
    }

    /// <summary>The last <paramref name="count"/> periods of a unit up to and including <paramref name="last"/> (default: the current one).</summary>
    public async Task<ServiceLevelTrend> TrendAsync(PeriodUnit unit, int count, ReportPeriod? last, Guid? companyId, ProcessFilter process, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var now = clock.GetUtcNow();
        var periods = Reporting.Window(last is { } l && l.Unit == unit ? l : CurrentPeriod(unit), count);

        var scope = await LoadScopeAsync(companyId, process, null, null, ct);
        var counts = await CountAsync(scope, periods, now, ct);
        var perPeriod = periods.Select((p, i) => BuildRows(scope, counts, p, i)).ToList();
        var rows = new List<TrendRow>();
        foreach (var key in perPeriod.SelectMany(r => r).Select(r => (r.CompanyId, r.ServiceId)).Distinct())
        {
            var first = perPeriod.SelectMany(r => r).First(r => r.CompanyId == key.CompanyId && r.ServiceId == key.ServiceId);
            var points = new List<TrendPoint>();
            var metrics = new Dictionary<Guid, (MetricFigure Figure, List<TrendMetricPoint> Points)>();
            for (var i = 0; i < periods.Length; i++)
            {
                var row = perPeriod[i].FirstOrDefault(r => r.CompanyId == key.CompanyId && r.ServiceId == key.ServiceId);
                points.Add(row is null
                    ? new TrendPoint(periods[i].Key, null, null, null, null, null, false, [])
                    : new TrendPoint(periods[i].Key, row.SlaAttainment, row.OlaAttainment, row.Index, row.SlaWeightUsed, row.OlaWeightUsed, row.Renormalised, row.Notes));
                foreach (var m in row?.Metrics ?? [])
                {
                    if (!metrics.TryGetValue(m.MetricId, out var entry))
                    {
                        entry = (m, []);
                        metrics[m.MetricId] = entry;
                    }

                    entry.Points.Add(new TrendMetricPoint(periods[i].Key, m.Counted, m.Met, m.Attainment));
                }
            }

            var trendMetrics = metrics.Values
                .OrderBy(m => m.Figure.Side).ThenBy(m => m.Figure.Kind).ThenBy(m => m.Figure.Name, StringComparer.CurrentCulture)
                .Select(m => new TrendMetric(m.Figure.MetricId, m.Figure.Side, m.Figure.Kind, m.Figure.Name, m.Figure.AttainmentTarget,
                    [.. periods.Select(p => m.Points.FirstOrDefault(x => x.Period == p.Key) ?? new TrendMetricPoint(p.Key, 0, 0, null))]))
                .ToList();
            rows.Add(new TrendRow(first.CompanyId, first.CompanyName, first.CompanyNameEn, first.ServiceId, first.ServiceName, first.ServiceNameEn,
                first.AllProcesses, points, trendMetrics));
        }

        return new ServiceLevelTrend(unit, [.. periods.Select(p => p.Key)], now, rows);
    }

    /// <summary>
    /// The items behind the figures of a period, one page at a time: deliveries and ratio figures first (by metric and
    /// period), then ticket clocks in the order they were counted. Null when the metric asked for is not visible.
    /// </summary>
    public async Task<Page<ReportItem>?> ItemsAsync(ItemQuery query, int page, int pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = clock.GetUtcNow();
        var scope = await LoadScopeAsync(query.CompanyId, query.Process, query.MetricId, query.Side, ct);
        if (query.MetricId is { } wanted && scope.Metrics.All(m => m.Metric.Id != wanted))
        {
            return null;
        }

        var skip = (page - 1) * pageSize;
        var periods = new[] { query.Period };
        var memory = (await DeadlineItemsAsync(scope, periods, now, ct)).Select(i => i.Item)
            .Concat(RatioItems(scope, await RatioFiguresAsync(scope, periods, ct), periods).Select(i => i.Item))
            .Where(i => !query.BreachesOnly || i.Outcome == ItemOutcome.Breached)
            .ToList();
        var clocks = TimerItems(scope, periods, now, query.BreachesOnly);
        var clockTotal = clocks is null ? 0 : await clocks.CountAsync(ct);
        var items = memory.Skip(skip).Take(pageSize).ToList();
        if (clocks is not null && items.Count < pageSize)
        {
            var clockSkip = Math.Max(0, skip - memory.Count);
            items.AddRange(await ReadTimerItemsAsync(scope, clocks.Skip(clockSkip).Take(pageSize - items.Count), ct));
        }

        return new Page<ReportItem>(items, page, pageSize, memory.Count + clockTotal);
    }

    /// <summary>Every item of a period (for the workbook), up to <paramref name="limit"/>.</summary>
    public async Task<(IReadOnlyList<ReportItem> Items, bool Truncated)> AllItemsAsync(ItemQuery query, int limit, CancellationToken ct)
    {
        var first = await ItemsAsync(query, 1, limit, ct);
        return first is null ? ([], false) : (first.Items, first.Total > first.Items.Count);
    }

    // ---- What is in scope -------------------------------------------------------------------------------------------

    private sealed record AgreementInfo(Guid Id, Guid CompanyId, Guid? ServiceId, string CompanyName, string? CompanyNameEn, string TimeZoneId,
        string? ServiceName, string? ServiceNameEn);

    private sealed record MetricInfo(AgreementMetric Metric, AgreementTerms Version, AgreementInfo Agreement)
    {
        public Guid Id => Metric.Id;

        public TimeZoneInfo Zone { get; } = ViewerTime.Zone(Agreement.TimeZoneId);
    }

    private sealed record Scope(IReadOnlyList<AgreementInfo> Agreements, IReadOnlyList<AgreementTerms> Versions, IReadOnlyList<MetricInfo> Metrics)
    {
        public IEnumerable<MetricInfo> OfKind(MetricKind kind) => Metrics.Where(m => m.Metric.Kind == kind);
    }

    /// <summary>Agreements visible to the actor, their versions in force (agreed, or archived after being agreed) and their metrics.</summary>
    private async Task<Scope> LoadScopeAsync(Guid? companyId, ProcessFilter process, Guid? metricId, MetricSide? side, CancellationToken ct)
    {
        var agreements = db.Agreements.AsNoTracking();
        if (companyId is { } c)
        {
            agreements = agreements.Where(a => a.CompanyId == c);
        }

        if (process.AllProcessesOnly)
        {
            agreements = agreements.Where(a => a.ServiceId == null);
        }
        else if (process.ServiceId is { } s)
        {
            agreements = agreements.Where(a => a.ServiceId == s);
        }

        var agreementList = await agreements
            .Select(a => new AgreementInfo(a.Id, a.CompanyId, a.ServiceId, a.Company!.Name, a.Company.NameEn, a.Company.TimeZoneId,
                a.Service != null ? a.Service.Name : null, a.Service != null ? a.Service.NameEn : null))
            .ToListAsync(ct);
        var agreementIds = agreementList.Select(a => a.Id).ToList();
        var versions = await db.AgreementVersions.AsNoTracking()
            .Where(v => agreementIds.Contains(v.AgreementId) && v.ApprovedAt != null
                && (v.Status == AgreementStatus.Agreed || v.Status == AgreementStatus.Archived))
            .Select(v => new AgreementTerms(v.Id, v.AgreementId, v.Number, v.ValidFrom, v.ValidTo, v.CalendarId, v.SlaWeight, v.OlaWeight))
            .ToListAsync(ct);
        var versionIds = versions.Select(v => v.Id).ToList();
        var metricQuery = db.AgreementMetrics.AsNoTracking().Where(m => versionIds.Contains(m.VersionId));
        if (metricId is { } id)
        {
            metricQuery = metricQuery.Where(m => m.Id == id);
        }

        if (side is { } sd)
        {
            metricQuery = metricQuery.Where(m => m.Side == sd);
        }

        var byVersion = versions.ToDictionary(v => v.Id);
        var byAgreement = agreementList.ToDictionary(a => a.Id);
        var metrics = (await metricQuery.ToListAsync(ct))
            .Select(m => new MetricInfo(m, byVersion[m.VersionId], byAgreement[byVersion[m.VersionId].AgreementId]))
            .ToList();
        return new Scope(agreementList, versions, metrics);
    }

    // ---- Counting ---------------------------------------------------------------------------------------------------

    private async Task<BucketCounts> CountAsync(Scope scope, ReportPeriod[] periods, DateTimeOffset now, CancellationToken ct)
    {
        var counts = new BucketCounts(periods.Length);
        await CountTimersAsync(scope, periods, now, counts, ct);
        foreach (var (item, bucket) in await DeadlineItemsAsync(scope, periods, now, ct))
        {
            counts.Add(item.MetricId, bucket, item.Outcome == ItemOutcome.Met ? 1 : 0, 1);
        }

        foreach (var (item, bucket) in RatioItems(scope, await RatioFiguresAsync(scope, periods, ct), periods))
        {
            counts.Add(item.MetricId, bucket, item.Outcome == ItemOutcome.Met ? 1 : 0, 1);
        }

        return counts;
    }

    /// <summary>A holder the query translator reads as a parameter (not a literal), so compiled queries are reused.</summary>
    private sealed class Box<T>(T value)
    {
        public T Value = value;
    }

    private static MemberExpression Parameter<T>(T value) => Expression.Field(Expression.Constant(new Box<T>(value)), nameof(Box<T>.Value));

    /// <summary><c>c =&gt; at(c) &lt; b1 ? 0 : at(c) &lt; b2 ? 1 : … : n-1</c>, for clocks already known to lie in [b0, bn).</summary>
    private static Expression<Func<TicketClock, int>> BucketExpression(Expression<Func<TicketClock, DateTimeOffset?>> at, DateTimeOffset[] bounds)
    {
        var last = bounds.Length - 2;
        Expression body = Expression.Constant(last);
        for (var i = last; i >= 1; i--)
        {
            body = Expression.Condition(Expression.LessThan(at.Body, Parameter<DateTimeOffset?>(bounds[i])), Expression.Constant(i - 1), body);
        }

        return Expression.Lambda<Func<TicketClock, int>>(body, at.Parameters);
    }

    private sealed class BucketKey
    {
        public Guid MetricId { get; set; }
        public int Bucket { get; set; }
    }

    private sealed record BucketCount(Guid MetricId, int Bucket, int Count);

    /// <summary>
    /// Counts clocks per metric and period, one zone at a time (a period's instants depend on the client's zone): the
    /// settled part from <see cref="ClockCountCache"/>, the rest in the database (<see cref="CountRangeAsync"/>).
    /// </summary>
    private async Task CountTimersAsync(Scope scope, ReportPeriod[] periods, DateTimeOffset now, BucketCounts counts, CancellationToken ct)
    {
        foreach (var zone in scope.OfKind(MetricKind.TicketTimer).GroupBy(m => m.Zone))
        {
            var bounds = Reporting.Bounds(periods, zone.Key);
            var metricIds = zone.Select(m => m.Id).Order().ToList();
            var companyIds = zone.Select(m => m.Agreement.CompanyId).Distinct().Order().ToList();

            void Add(IEnumerable<ClockCountRow> rows, int offset)
            {
                foreach (var row in rows)
                {
                    counts.Add(row.MetricId, row.Bucket + offset, row.Met, row.Counted);
                }
            }

            // The part of the range before the settled instant comes from the cache; only the rest is counted here.
            var settled = ClockCountCache.SettledBefore(now);
            var closed = bounds.Where(b => b < settled).ToList();
            var live = bounds.Where(b => b > settled).ToList();
            if (closed.Count == 0)
            {
                Add(await CountRangeAsync(companyIds, metricIds, bounds, now, ct), 0);
                continue;
            }

            // Settled buckets keep their numbers; the one the settled instant cuts ends there.
            DateTimeOffset[] closedBounds = live.Count == 0 ? bounds : [.. closed, settled];
            var key = $"{string.Join(',', companyIds)}|{string.Join(',', metricIds)}|{string.Join(',', closedBounds.Select(b => b.UtcTicks))}";
            Add(await settledCounts.GetOrCountAsync(key, () => CountRangeAsync(companyIds, metricIds, closedBounds, now, ct)), 0);
            if (live.Count > 0)
            {
                // The live range starts at the settled instant, inside the bucket before the first bound after it.
                Add(await CountRangeAsync(companyIds, metricIds, [settled, .. live], now, ct), bounds.Length - live.Count - 1);
            }
        }
    }

    /// <summary>Clocks per metric and bucket of <paramref name="bounds"/>: breaches where BreachedAt falls (and has come to pass), met clocks where they stopped.</summary>
    private async Task<IReadOnlyList<ClockCountRow>> CountRangeAsync(List<Guid> companyIds, List<Guid> metricIds, DateTimeOffset[] bounds, DateTimeOffset now,
        CancellationToken ct)
    {
        DateTimeOffset? from = bounds[0], to = bounds[^1], cutoff = now;
        var clocks = db.TicketClocks.AsNoTracking().Where(c => companyIds.Contains(c.CompanyId) && metricIds.Contains(c.MetricId));
        var breaches = clocks.Where(c => c.State != ClockState.Met && c.BreachedAt != null && c.BreachedAt >= from && c.BreachedAt < to && c.BreachedAt <= cutoff);
        var met = clocks.Where(c => c.State == ClockState.Met && c.StoppedAt != null && c.StoppedAt >= from && c.StoppedAt < to);
        return [
            .. (await GroupAsync(breaches, c => c.BreachedAt, bounds, ct)).Select(r => new ClockCountRow(r.MetricId, r.Bucket, 0, r.Count)),
            .. (await GroupAsync(met, c => c.StoppedAt, bounds, ct)).Select(r => new ClockCountRow(r.MetricId, r.Bucket, r.Count, r.Count)),
        ];
    }

    private static async Task<List<BucketCount>> GroupAsync(IQueryable<TicketClock> clocks, Expression<Func<TicketClock, DateTimeOffset?>> at,
        DateTimeOffset[] bounds, CancellationToken ct)
    {
        if (bounds.Length == 2)
        {
            return await clocks.GroupBy(c => c.MetricId).Select(g => new BucketCount(g.Key, 0, g.Count())).ToListAsync(ct);
        }

        var bucket = BucketExpression(at, bounds);
        var c = bucket.Parameters[0];
        var key = Expression.Lambda<Func<TicketClock, BucketKey>>(
            Expression.MemberInit(Expression.New(typeof(BucketKey)),
                Expression.Bind(typeof(BucketKey).GetProperty(nameof(BucketKey.MetricId))!, Expression.Property(c, nameof(TicketClock.MetricId))),
                Expression.Bind(typeof(BucketKey).GetProperty(nameof(BucketKey.Bucket))!, bucket.Body)),
            c);
        return await clocks.GroupBy(key).Select(g => new BucketCount(g.Key.MetricId, g.Key.Bucket, g.Count())).ToListAsync(ct);
    }

    /// <summary>The clocks counted in the period (one period only), breaches-only if asked, in the order they were counted.</summary>
    private IQueryable<TicketClock>? TimerItems(Scope scope, ReportPeriod[] periods, DateTimeOffset now, bool breachesOnly)
    {
        Expression<Func<TicketClock, bool>>? predicate = null;
        foreach (var zone in scope.OfKind(MetricKind.TicketTimer).GroupBy(m => m.Zone))
        {
            var bounds = Reporting.Bounds(periods, zone.Key);
            var metricIds = zone.Select(m => m.Id).ToList();
            var companyIds = zone.Select(m => m.Agreement.CompanyId).Distinct().ToList();
            DateTimeOffset? from = bounds[0], to = bounds[^1], cutoff = now;
            Expression<Func<TicketClock, bool>> part = breachesOnly
                ? c => companyIds.Contains(c.CompanyId) && metricIds.Contains(c.MetricId)
                    && c.State != ClockState.Met && c.BreachedAt != null && c.BreachedAt >= from && c.BreachedAt < to && c.BreachedAt <= cutoff
                : c => companyIds.Contains(c.CompanyId) && metricIds.Contains(c.MetricId)
                    && ((c.State != ClockState.Met && c.BreachedAt != null && c.BreachedAt >= from && c.BreachedAt < to && c.BreachedAt <= cutoff)
                        || (c.State == ClockState.Met && c.StoppedAt != null && c.StoppedAt >= from && c.StoppedAt < to));
            predicate = predicate is null ? part : predicate.Or(part);
        }

        return predicate is null
            ? null
            : db.TicketClocks.AsNoTracking().Where(predicate)
                .OrderBy(c => c.State == ClockState.Met ? c.StoppedAt : c.BreachedAt).ThenBy(c => c.Id);
    }

    private async Task<List<ReportItem>> ReadTimerItemsAsync(Scope scope, IQueryable<TicketClock> clocks, CancellationToken ct)
    {
        var rows = await clocks.Select(c => new
        {
            c.Id, c.MetricId, c.CompanyId, c.TicketId, c.Ticket!.Number, c.Ticket.Subject, c.Ticket.RequesterId, c.Priority, c.Timer, c.Episode,
            c.State, c.StartedAt, c.DueAt, c.BreachedAt, c.StoppedAt, c.ElapsedSeconds, c.TargetMinutes,
        }).ToListAsync(ct);
        var metrics = scope.Metrics.ToDictionary(m => m.Id);
        // A client user sees the subjects of the requests they made; a colleague's request shows its number only.
        var maskOthers = actor.IsClient && !actor.Principal.IsInRole(Roles.ClientExecutive);
        return [.. rows.Select(r =>
        {
            var m = metrics[r.MetricId];
            var met = r.State == ClockState.Met;
            return new ReportItem(r.MetricId, m.Metric.Name, m.Metric.Side, m.Metric.Kind, r.CompanyId, m.Agreement.CompanyName,
                met ? ItemOutcome.Met : ItemOutcome.Breached, met ? r.StoppedAt : r.BreachedAt, null,
                ClockId: r.Id, TicketId: r.TicketId, TicketNumber: r.Number,
                TicketSubject: maskOthers && r.RequesterId != actor.UserId ? null : r.Subject,
                Priority: r.Priority, Timer: r.Timer, Episode: r.Episode, ClockState: r.State, StartedAt: r.StartedAt, DueAt: r.DueAt,
                BreachedAt: r.BreachedAt, StoppedAt: r.StoppedAt, ElapsedSeconds: r.ElapsedSeconds, TargetMinutes: r.TargetMinutes);
        })];
    }

    private sealed record DeliveryRow(Guid Id, Guid MetricId, DateOnly PeriodStart, DateTimeOffset DueAt, DateTimeOffset? DeliveredAt, bool? Complete, string? Note);

    /// <summary>
    /// Expected deliveries whose due instant falls in the periods: each recorded delivery, judged; and, for every period of
    /// the metric's unit whose last day its version covers and that has no delivery, a missing (or still pending) one.
    /// Pending items are left out.
    /// </summary>
    private async Task<List<(ReportItem Item, int Bucket)>> DeadlineItemsAsync(Scope scope, ReportPeriod[] periods, DateTimeOffset now,
        CancellationToken ct)
    {
        var metrics = scope.OfKind(MetricKind.PeriodicDeadline).ToList();
        var result = new List<(ReportItem, int)>();
        if (metrics.Count == 0)
        {
            return result;
        }

        var metricIds = metrics.Select(m => m.Id).ToList();
        // A delivery's due instant follows its period by weeks at most; a year's margin keeps late-due ones in view.
        var earliest = periods[0].Start.AddYears(-1);
        var latest = periods[^1].End;
        var rows = (await db.DeadlineDeliveries.AsNoTracking()
                .Where(d => metricIds.Contains(d.MetricId) && d.PeriodStart >= earliest && d.PeriodStart < latest)
                .Select(d => new DeliveryRow(d.Id, d.MetricId, d.PeriodStart, d.DueAt, d.DeliveredAt, d.Complete, d.Note))
                .ToListAsync(ct))
            .ToLookup(d => d.MetricId);
        var compiled = new Dictionary<Guid, BusinessCalendar>();
        foreach (var m in metrics)
        {
            var metric = m.Metric;
            var recorded = rows[m.Id].ToList();
            foreach (var row in recorded)
            {
                var bucket = Reporting.BucketOf(periods, LocalDates.Of(row.DueAt, m.Zone));
                var verdict = Deadlines.Judge(row.DueAt, row.DeliveredAt, row.Complete, metric.RequireComplete, now);
                var (counts, met) = Deadlines.Score(verdict);
                if (bucket >= 0 && counts)
                {
                    var unit = metric.Period ?? PeriodUnit.Month;
                    result.Add((DeadlineItem(m, ReportPeriod.Of(unit, row.PeriodStart).Key, row.DueAt, verdict, met, row), bucket));
                }
            }

            if (metric.Period is not { } period || metric.DueWorkingDay is not { } workingDay || workingDay < 1)
            {
                continue;
            }

            BusinessCalendar? calendar = null;
            foreach (var d in Reporting.UnrecordedPeriods(period, earliest, latest, m.Version, recorded.Select(r => r.PeriodStart).ToHashSet()))
            {
                calendar ??= await CalendarForAsync(m, compiled, ct);
                if (calendar is null)
                {
                    break;
                }

                var due = Deadlines.DueAt(calendar, d, workingDay, metric.DueTime);
                var bucket = Reporting.BucketOf(periods, LocalDates.Of(due, m.Zone));
                var verdict = Deadlines.Judge(due, null, null, metric.RequireComplete, now);
                if (bucket >= 0 && Deadlines.Score(verdict).Counts)
                {
                    result.Add((DeadlineItem(m, d.Key, due, verdict, false, null), bucket));
                }
            }
        }

        return [.. result.OrderBy(r => r.Item2).ThenBy(r => r.Item1.MetricName, StringComparer.CurrentCulture).ThenBy(r => r.Item1.CountedAt)];
    }

    private async Task<BusinessCalendar?> CalendarForAsync(MetricInfo m, Dictionary<Guid, BusinessCalendar> compiled, CancellationToken ct)
    {
        var id = await CalendarBook.ResolveIdAsync(db, m.Version.CalendarId, m.Agreement.CompanyId, null, ct);
        if (id is not { } calendarId)
        {
            return null;
        }

        if (!compiled.TryGetValue(calendarId, out var calendar))
        {
            calendar = await calendars.GetAsync(db, calendarId, ct);
            compiled[calendarId] = calendar;
        }

        return calendar;
    }

    private static ReportItem DeadlineItem(MetricInfo m, string period, DateTimeOffset due, DeliveryVerdict verdict, bool met, DeliveryRow? row) =>
        new(m.Id, m.Metric.Name, m.Metric.Side, m.Metric.Kind, m.Agreement.CompanyId, m.Agreement.CompanyName,
            met ? ItemOutcome.Met : ItemOutcome.Breached, due, null,
            DueAt: due, DeliveryId: row?.Id, DeliveryPeriod: period, DeliveredAt: row?.DeliveredAt, Complete: row?.Complete, Verdict: verdict, Note: row?.Note);

    private sealed record FigureRow(Guid Id, Guid MetricId, DateOnly PeriodStart, decimal Value, long? Numerator, long? Denominator, string? Note);

    private async Task<List<FigureRow>> RatioFiguresAsync(Scope scope, ReportPeriod[] periods, CancellationToken ct)
    {
        var metricIds = scope.OfKind(MetricKind.MeasuredRatio).Select(m => m.Id).ToList();
        if (metricIds.Count == 0)
        {
            return [];
        }

        var from = periods[0].Start;
        var to = periods[^1].End;
        return await db.RatioFigures.AsNoTracking()
            .Where(f => metricIds.Contains(f.MetricId) && f.PeriodStart >= from && f.PeriodStart < to)
            .Select(f => new FigureRow(f.Id, f.MetricId, f.PeriodStart, f.Value, f.Numerator, f.Denominator, f.Note))
            .ToListAsync(ct);
    }

    /// <summary>Each ratio figure counts in the period containing its start date; a metric without a target or direction is not judged.</summary>
    private static IEnumerable<(ReportItem Item, int Bucket)> RatioItems(Scope scope, List<FigureRow> figures, ReportPeriod[] periods)
    {
        var metrics = scope.OfKind(MetricKind.MeasuredRatio).ToDictionary(m => m.Id);
        foreach (var f in figures.OrderBy(f => f.PeriodStart))
        {
            var m = metrics[f.MetricId];
            var bucket = Reporting.BucketOf(periods, f.PeriodStart);
            if (bucket < 0 || m.Metric.RatioTarget is not { } target || m.Metric.RatioDirection is not { } direction)
            {
                continue;
            }

            var met = Ratios.Met(f.Value, target, direction);
            var unit = m.Metric.Period ?? PeriodUnit.Month;
            yield return (new ReportItem(m.Id, m.Metric.Name, m.Metric.Side, m.Metric.Kind, m.Agreement.CompanyId, m.Agreement.CompanyName,
                met ? ItemOutcome.Met : ItemOutcome.Breached, null, f.PeriodStart,
                Note: f.Note, FigureId: f.Id, FigurePeriod: ReportPeriod.Of(unit, f.PeriodStart).Key, Value: f.Value, RatioTarget: target,
                RatioDirection: direction, Numerator: f.Numerator, Denominator: f.Denominator), bucket);
        }
    }

    // ---- Rows ----------------------------------------------------------------------------------------------------------

    private List<ReportRow> BuildRows(Scope scope, BucketCounts counts, ReportPeriod period, int bucket)
    {
        var rows = new List<ReportRow>();
        foreach (var group in scope.Agreements.GroupBy(a => (a.CompanyId, a.ServiceId)))
        {
            var agreementIds = group.Select(a => a.Id).ToHashSet();
            var metrics = scope.Metrics.Where(m => agreementIds.Contains(m.Agreement.Id))
                .Select(m => (Info: m, Count: counts.Get(m.Id, bucket)))
                .Where(x => x.Info.Version.Overlaps(period) || x.Count.Total > 0)
                .OrderBy(x => x.Info.Metric.Side).ThenBy(x => x.Info.Metric.Kind).ThenBy(x => x.Info.Metric.Name, StringComparer.CurrentCulture)
                .ToList();
            if (metrics.Count == 0)
            {
                continue;
            }

            var version = Reporting.VersionAtEnd([.. scope.Versions.Where(v => agreementIds.Contains(v.AgreementId))], period);
            var figures = metrics.Select(x => Figure(x.Info, x.Count)).ToList();
            var slaWeight = version?.SlaWeight ?? Reporting.DefaultSideWeight;
            var olaWeight = version?.OlaWeight ?? Reporting.DefaultSideWeight;
            var score = Reporting.Score(Side(figures, MetricSide.Sla), Side(figures, MetricSide.Ola), slaWeight, olaWeight);
            var first = group.First();
            List<ReportNote> notes = score.Note is { } note ? [new ReportNote(note, text["Note_" + note])] : [];
            rows.Add(new ReportRow(first.CompanyId, first.CompanyName, first.CompanyNameEn, first.ServiceId, first.ServiceName, first.ServiceNameEn,
                first.ServiceId is null, version?.AgreementId ?? first.Id, version?.Id, version?.Number,
                score.Sla, score.Ola, score.Index, slaWeight, olaWeight, score.SlaWeightUsed, score.OlaWeightUsed, score.Renormalised,
                score.SlaTarget, score.OlaTarget, score.IndexTarget, notes, figures));
        }

        return [.. rows.OrderBy(r => r.CompanyName, StringComparer.CurrentCulture).ThenBy(r => r.ServiceId is not null).ThenBy(r => r.ServiceName, StringComparer.CurrentCulture)];
    }

    private static SideScore Side(List<MetricFigure> figures, MetricSide side) =>
        Reporting.Side([.. figures.Where(f => f.Side == side).Select(f => new MetricOutcome(f.MetricId.ToString(), f.Weight, f.Met, f.Counted, f.AttainmentTarget))]);

    private MetricFigure Figure(MetricInfo info, (int Met, int Total) count)
    {
        var m = info.Metric;
        var score = new MetricScore(m.Id.ToString(), m.Weight, count.Met, count.Total);
        var attainment = Reporting.Round(score.Attainment);
        return new MetricFigure(m.Id, m.VersionId, m.Side, m.Kind, m.Name, m.Weight, TargetText(m), count.Total, count.Met, count.Total - count.Met,
            attainment, m.AttainmentTarget, Reporting.MeetsTarget(score.Attainment, m.AttainmentTarget),
            m.Timer, m.Priority, m.TargetMinutes, m.Period, m.DueWorkingDay, m.DueTime, m.RequireComplete, m.RatioTarget, m.RatioDirection);
    }

    /// <summary>The promise in words: "≤ 8 h 0 min working time", "by working day 5, 12:00", "≥ 99.5 %".</summary>
    private string TargetText(AgreementMetric m)
    {
        switch (m.Kind)
        {
            case MetricKind.TicketTimer when m.TargetMinutes is { } minutes:
                var duration = minutes % 60 == 0 ? text["Hours", minutes / 60].Value : text["HoursMinutes", minutes / 60, minutes % 60].Value;
                return m.Priority is { } p ? text["TimerTargetPriority", duration, text["Priority_" + p].Value] : text["TimerTarget", duration];
            case MetricKind.PeriodicDeadline when m.DueWorkingDay is { } day:
                var time = m.DueTime is { } t ? ", " + t.ToString("HH:mm", CultureInfo.InvariantCulture) : "";
                return text["DeadlineTarget", day, time];
            case MetricKind.MeasuredRatio when m.RatioTarget is { } target:
                var sign = m.RatioDirection == RatioDirection.AtMost ? "≤" : "≥";
                return $"{sign} {target.ToString("0.###", CultureInfo.CurrentCulture)} %";
            default:
                return "—";
        }
    }
}
