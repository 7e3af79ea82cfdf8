using OneWindow.Web.Features.Calendars;

namespace OneWindow.Web.Features.ServiceLevels;

/// <summary>
/// The service-level side of the demo's year of history (on when Demo:HistoryTickets is above 0): the agreed demo
/// agreements are taken to have been in force for the whole year, and every month of it gets its periodic obligations'
/// deliveries (mostly on time; late more often around quarter and year ends, now and then incomplete) and its ratio
/// figures. Runs after the demo agreements and before the historic tickets, whose clocks then start with them.
/// </summary>
internal sealed class DemoServiceLevelHistory(AppDbContext db, CalendarBook calendars, TimeProvider clock, IConfiguration configuration) : IDemoDataSeeder
{
    public int Order => 350;

    private static readonly string[] LateNotes =
    [
        "Первичные документы от поставщиков получены с опозданием", "Не хватало подписанных актов выполненных работ",
        "Задержка из-за закрытия квартала", "Ответственный на стороне бизнеса был в отпуске",
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        if (configuration.GetValue("Demo:HistoryTickets", 3000) <= 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var random = new Random(20261208);
        var versions = await db.AgreementVersions.AsNoTracking().Where(v => v.Status == AgreementStatus.Agreed && v.ApprovedAt != null)
            .Include(v => v.Metrics).ToListAsync(ct);
        foreach (var version in versions.OrderBy(v => v.Number).ThenBy(v => v.CompanyId))
        {
            var calendarId = await CalendarBook.ResolveIdAsync(db, version.CalendarId, version.CompanyId, null, ct);
            if (calendarId is null)
            {
                continue;
            }

            var calendar = await calendars.GetAsync(db, calendarId.Value, ct);
            var current = ReportPeriod.Of(PeriodUnit.Month, calendar.LocalDate(now));
            var first = current;
            for (var i = 0; i < 12; i++)
            {
                first = first.Previous;
            }

            if (version.ValidFrom > first.Start)
            {
                // Written past the save pipeline: an agreed version is not edited through it, and the demo only says it has
                // been in force (and agreed) since before the year began.
                var validFrom = first.Start;
                var approved = new DateTimeOffset(validFrom.AddDays(-10).ToDateTime(new TimeOnly(11, 30)), TimeSpan.Zero);
                await db.AgreementVersions.Where(v => v.Id == version.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(v => v.ValidFrom, validFrom)
                    .SetProperty(v => v.SubmittedAt, approved.AddDays(-7))
                    .SetProperty(v => v.ApprovedAt, approved), ct);
            }

            var metricIds = version.Metrics.Select(m => m.Id).ToList();
            var deliveries = (await db.DeadlineDeliveries.Where(d => metricIds.Contains(d.MetricId)).Select(d => new { d.MetricId, d.PeriodStart }).ToListAsync(ct))
                .Select(d => (d.MetricId, d.PeriodStart)).ToHashSet();
            var figures = (await db.RatioFigures.Where(d => metricIds.Contains(d.MetricId)).Select(d => new { d.MetricId, d.PeriodStart }).ToListAsync(ct))
                .Select(d => (d.MetricId, d.PeriodStart)).ToHashSet();
            for (var month = first; month.Start < current.Start; month = month.Next)
            {
                var busy = month.Start.Month is 12 or 1 ? 0.3 : month.Start.Month % 3 == 0 ? 0.18 : 0.08;
                foreach (var metric in version.Metrics.Where(m => m.Kind == MetricKind.PeriodicDeadline && !deliveries.Contains((m.Id, month.Start))).OrderBy(m => m.Name))
                {
                    var due = Deadlines.DueAt(calendar, month, metric.DueWorkingDay!.Value, metric.DueTime);
                    if (due > now)
                    {
                        continue;
                    }

                    var late = random.NextDouble() < busy;
                    db.DeadlineDeliveries.Add(new DeadlineDelivery
                    {
                        MetricId = metric.Id, CompanyId = version.CompanyId, PeriodStart = month.Start, DueAt = due,
                        DeliveredAt = late ? due.AddHours(18 + random.Next(60)) : due.AddHours(-4 - random.Next(60)),
                        Complete = metric.RequireComplete ? random.NextDouble() > 0.08 : null,
                        Note = late ? LateNotes[random.Next(LateNotes.Length)] : null,
                        RecordedByName = "Демо-данные",
                    });
                }

                foreach (var metric in version.Metrics.Where(m => m.Kind == MetricKind.MeasuredRatio && !figures.Contains((m.Id, month.Start))).OrderBy(m => m.Name))
                {
                    var denominator = 350 + random.Next(350);
                    var share = metric.RatioTarget >= 99 ? 0.997 - (random.NextDouble() * 0.006) : 0.975 - (random.NextDouble() * (busy * 0.15));
                    var numerator = (long)Math.Round(denominator * share);
                    db.RatioFigures.Add(new RatioFigure
                    {
                        MetricId = metric.Id, CompanyId = version.CompanyId, PeriodStart = month.Start,
                        Numerator = numerator, Denominator = denominator, Value = Math.Round(numerator * 100m / denominator, 2),
                        RecordedByName = "Демо-данные",
                    });
                }
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
