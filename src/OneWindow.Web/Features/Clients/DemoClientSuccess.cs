using OneWindow.Web.Features.Calendars;
using OneWindow.Web.Features.ServiceLevels;

namespace OneWindow.Web.Features.Clients;

/// <summary>
/// The client-success part of the demo: the CSM's account notes on each company's 360 card, a named client-side person
/// responsible for each OLA deadline, and one more OLA deadline ("acts of reconciliation") whose next due date is the
/// next working day after the demo is created — so a client's home shows an obligation due soon on a first run, whatever
/// the date. Its earlier periods are recorded as delivered on time, so the new metric does not turn the history red.
/// </summary>
internal sealed class DemoClientSuccess(AppDbContext db, CalendarBook calendars, TimeProvider clock) : IDemoDataSeeder
{
    // After the directory, agreements, loyalty, surveys and tickets.
    public int Order => 900;

    public const string ReconciliationMetric = "Акты сверки с поставщиками за месяц";

    private static readonly (AccountNoteKind Kind, string Title, string Text)[] Notes =
    [
        (AccountNoteKind.Opportunity, "Передать в ЦОБ учёт основных средств",
            "Финансовый директор на встрече упомянул, что учёт ОС ведут два бухгалтера на площадке. Подготовить предложение с оценкой трудозатрат к следующей встрече."),
        (AccountNoteKind.Optimisation, "Электронный документооборот с поставщиками",
            "Около 40 % первичных документов приходит на бумаге и сканируется. Предложить подключение поставщиков к ЭДО — сократит опоздания по OLA."),
        (AccountNoteKind.Risk, "Смена главного бухгалтера в первом квартале",
            "Новый главный бухгалтер пока не знает регламента взаимодействия. Провести вводную встречу и повторить сроки предоставления документов."),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Set<AccountNote>().AnyAsync(ct))
        {
            return;
        }

        var csms = await db.ClientAssignments.Where(a => a.Role == AssignmentRole.ClientSuccessManager && a.EndsOn == null)
            .Select(a => new { a.CompanyId, a.UserId, a.User!.FullName }).ToListAsync(ct);
        foreach (var csm in csms.DistinctBy(c => c.CompanyId))
        {
            foreach (var (kind, title, text) in Notes)
            {
                db.Set<AccountNote>().Add(new AccountNote { CompanyId = csm.CompanyId, Kind = kind, Title = title, Text = text, AuthorId = csm.UserId, AuthorName = csm.FullName });
            }
        }

        await SeedObligationsAsync(ct);
        await db.SaveChangesAsync(ct);
    }

    private async Task SeedObligationsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var versions = await db.AgreementVersions.Include(v => v.Metrics)
            .Where(v => v.Status == AgreementStatus.Agreed && v.ApprovedAt != null && v.ValidTo == null).ToListAsync(ct);
        var people = await db.Users.Where(u => u.CompanyId != null && u.IsActive).OrderBy(u => u.Email)
            .Select(u => new { u.Id, CompanyId = u.CompanyId!.Value, u.Email }).ToListAsync(ct);
        foreach (var version in versions)
        {
            var executive = people.FirstOrDefault(p => p.CompanyId == version.CompanyId && p.Email!.StartsWith("cfo@", StringComparison.Ordinal));
            var user = people.FirstOrDefault(p => p.CompanyId == version.CompanyId && p.Email!.StartsWith("user@", StringComparison.Ordinal)) ?? executive;
            foreach (var deadline in version.Metrics.Where(m => m is { Side: MetricSide.Ola, Kind: MetricKind.PeriodicDeadline }))
            {
                deadline.ClientResponsibleId = executive?.Id ?? user?.Id;
            }

            if (user is null || await CalendarBook.ResolveIdAsync(db, version.CalendarId, version.CompanyId, null, ct) is not { } calendarId)
            {
                continue;
            }

            var calendar = await calendars.GetAsync(db, calendarId, ct);
            // The previous month's acts fall due on the first working day after today: the demo always has one coming.
            var previous = ReportPeriod.Of(PeriodUnit.Month, calendar.LocalDate(now)).Previous;
            var day = Enumerable.Range(1, 25).FirstOrDefault(n => Deadlines.DueAt(calendar, previous, n) > now.AddHours(12));
            if (day == 0)
            {
                continue;
            }

            var metric = new AgreementMetric
            {
                VersionId = version.Id, CompanyId = version.CompanyId, Side = MetricSide.Ola, Kind = MetricKind.PeriodicDeadline, Name = ReconciliationMetric,
                Description = "Подписанные акты сверки с ключевыми поставщиками за прошедший месяц.", Period = PeriodUnit.Month, DueWorkingDay = day,
                AttainmentTarget = 90, ClientResponsibleId = user.Id,
            };
            // Added to the set, not the tracked version's list: a new metric with its id already set would be taken for an existing one.
            db.AgreementMetrics.Add(metric);
            // Its earlier months are on record from when the company's measuring began, not from the agreement's start:
            // recording months nobody measured would turn the trend's honest gaps into figures.
            var firstMeasured = await db.DeadlineDeliveries.Where(d => d.CompanyId == version.CompanyId).MinAsync(d => (DateOnly?)d.PeriodStart, ct)
                ?? previous.Start;
            for (var month = ReportPeriod.Of(PeriodUnit.Month, firstMeasured); month.Start < previous.Start; month = month.Next)
            {
                var due = Deadlines.DueAt(calendar, month, day);
                db.DeadlineDeliveries.Add(new DeadlineDelivery
                {
                    MetricId = metric.Id, CompanyId = version.CompanyId, PeriodStart = month.Start, DueAt = due, DeliveredAt = due.AddHours(-30),
                    RecordedByName = "Демо-данные",
                });
            }
        }
    }
}
