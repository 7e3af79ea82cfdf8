using OneWindow.Web.Features.Calendars;

namespace OneWindow.Web.Features.ServiceLevels;

/// <summary>
/// Demo agreements: every client company with an executive among the demo people has an agreed SLA/OLA agreement for
/// all its processes, with half a year of deliveries and figures behind the reports; the others' await approval.
/// Runs before the demo tickets so that their clocks start with them.
/// </summary>
internal sealed class DemoAgreements(AppDbContext db, CalendarBook calendars, TimeProvider clock) : IDemoDataSeeder
{
    public int Order => 100;

    public async Task SeedAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var companies = await db.Companies.OrderBy(c => c.Name).ToListAsync(ct);
        var executives = await db.Users.Where(u => u.CompanyId != null && u.Email!.StartsWith("cfo@")).ToListAsync(ct);
        var seed = 0;
        foreach (var company in companies)
        {
            var executive = executives.FirstOrDefault(e => e.CompanyId == company.Id);
            var agreement = new Agreement
            {
                CompanyId = company.Id,
                Name = "Соглашение об уровне сервиса и операционном взаимодействии",
                Reference = $"SLA-{company.Inn?[..4]}-2026",
            };
            var version = new AgreementVersion
            {
                CompanyId = company.Id,
                Number = 1,
                ValidFrom = new DateOnly(2026, 1, 1),
                Status = executive is null ? AgreementStatus.PendingApproval : AgreementStatus.Agreed,
                SubmittedAt = new DateTimeOffset(2025, 12, 15, 9, 0, 0, TimeSpan.Zero),
                ApprovedAt = executive is null ? null : new DateTimeOffset(2025, 12, 22, 11, 30, 0, TimeSpan.Zero),
                ApprovedById = executive?.Id,
                ApprovedByName = executive?.FullName,
                SlaWeight = 0.6,
                OlaWeight = 0.4,
                Escalations = EscalationPolicy.ToJson([.. EscalationPolicy.Default, new(150, [EscalationRecipient.DeliveryLead, EscalationRecipient.ServiceManager])]),
                Notes = "Сроки считаются в рабочих часах по производственному календарю РФ (Москва).",
            };
            AgreementMetric Timer(MetricSide side, TimerKind timer, string name, int minutes, TicketPriority? priority = null) => new()
            {
                CompanyId = company.Id, Side = side, Kind = MetricKind.TicketTimer, Name = name, Timer = timer, TargetMinutes = minutes, Priority = priority,
                AttainmentTarget = side == MetricSide.Sla ? 95 : 90,
            };
            version.Metrics =
            [
                Timer(MetricSide.Sla, TimerKind.FirstResponse, "Первый ответ — 4 рабочих часа", 240),
                Timer(MetricSide.Sla, TimerKind.FirstResponse, "Первый ответ (высокий приоритет) — 1 рабочий час", 60, TicketPriority.High),
                Timer(MetricSide.Sla, TimerKind.Resolution, "Решение — 16 рабочих часов", 960),
                Timer(MetricSide.Sla, TimerKind.Resolution, "Решение (высокий приоритет) — 8 рабочих часов", 480, TicketPriority.High),
                Timer(MetricSide.Ola, TimerKind.ClientClarification, "Ответ бизнеса на уточнение — 16 рабочих часов", 960),
                new()
                {
                    CompanyId = company.Id, Side = MetricSide.Sla, Kind = MetricKind.PeriodicDeadline, Name = "Управленческая отчётность за месяц к 5-му рабочему дню",
                    Period = PeriodUnit.Month, DueWorkingDay = 5, AttainmentTarget = 100,
                },
                new()
                {
                    CompanyId = company.Id, Side = MetricSide.Sla, Kind = MetricKind.MeasuredRatio, Name = "Платежи без ошибок ≥ 99,5 %",
                    Period = PeriodUnit.Month, RatioTarget = 99.5m, RatioDirection = RatioDirection.AtLeast, AttainmentTarget = 100,
                },
                new()
                {
                    CompanyId = company.Id, Side = MetricSide.Ola, Kind = MetricKind.PeriodicDeadline, Name = "Первичные документы за месяц к 3-му рабочему дню, полный комплект",
                    Period = PeriodUnit.Month, DueWorkingDay = 3, RequireComplete = true, AttainmentTarget = 100,
                },
                new()
                {
                    CompanyId = company.Id, Side = MetricSide.Ola, Kind = MetricKind.MeasuredRatio, Name = "Заявки с полными данными ≥ 95 %",
                    Period = PeriodUnit.Month, RatioTarget = 95, RatioDirection = RatioDirection.AtLeast, AttainmentTarget = 100,
                },
            ];
            agreement.Versions.Add(version);
            db.Agreements.Add(agreement);
            await db.SaveChangesAsync(ct);
            if (executive is not null)
            {
                await MeasurementsAsync(db, version, now, seed++, ct);
            }
        }
    }

    /// <summary>Six months of deliveries and figures, mostly good, with the odd late or incomplete one.</summary>
    private async Task MeasurementsAsync(AppDbContext db, AgreementVersion version, DateTimeOffset now, int seed, CancellationToken ct)
    {
        var calendarId = await CalendarBook.ResolveIdAsync(db, version.CalendarId, version.CompanyId, null, ct);
        if (calendarId is null)
        {
            return;
        }

        var calendar = await calendars.GetAsync(db, calendarId.Value, ct);
        var month = ReportPeriod.Of(PeriodUnit.Month, calendar.LocalDate(now)).Previous;
        for (var i = 0; i < 6; i++, month = month.Previous)
        {
            var n = (seed * 7) + i;
            foreach (var metric in version.Metrics.Where(m => m.Kind == MetricKind.PeriodicDeadline))
            {
                var due = Deadlines.DueAt(calendar, month, metric.DueWorkingDay!.Value, metric.DueTime);
                if (due > now)
                {
                    continue;
                }

                var late = n % 5 == 3;
                db.DeadlineDeliveries.Add(new DeadlineDelivery
                {
                    MetricId = metric.Id, CompanyId = version.CompanyId, PeriodStart = month.Start, DueAt = due,
                    DeliveredAt = late ? due.AddHours(26) : due.AddHours(-20 - (n % 3 * 5)),
                    Complete = metric.RequireComplete ? n % 4 != 1 : null,
                    Note = late ? "Задержка из-за закрытия квартала" : null,
                    RecordedByName = "Демо-данные",
                });
            }

            foreach (var metric in version.Metrics.Where(m => m.Kind == MetricKind.MeasuredRatio))
            {
                var denominator = 400 + (n * 37 % 300);
                var errors = metric.RatioTarget >= 99 ? n % 6 == 2 ? 4 : n % 2 : 10 + (n * 13 % 20);
                var numerator = denominator - errors;
                db.RatioFigures.Add(new RatioFigure
                {
                    MetricId = metric.Id, CompanyId = version.CompanyId, PeriodStart = month.Start,
                    Numerator = numerator, Denominator = denominator, Value = Math.Round(numerator * 100m / denominator, 2),
                    RecordedByName = "Демо-данные",
                });
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
