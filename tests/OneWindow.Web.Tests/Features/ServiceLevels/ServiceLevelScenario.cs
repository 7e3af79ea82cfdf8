using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneWindow.Core.ServiceLevels;
using OneWindow.Core.Tickets;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Calendars;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Features.Tickets;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.ServiceLevels;

/// <summary>
/// The app at a fixed instant (15 December 2026, 09:00 UTC) with agreements, clocks, deliveries and ratio figures written
/// straight into the database, as the ClockKeeper and the entry API would leave them. See <see cref="ServiceLevelScenario"/>.
/// </summary>
public class ServiceLevelFactory : OneWindowFactory
{
    public static readonly DateTimeOffset Now = new(2026, 12, 15, 9, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Now);

    private readonly SemaphoreSlim gate = new(1, 1);
    private ServiceLevelScenario? scenario;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public async Task<ServiceLevelScenario> ScenarioAsync()
    {
        await gate.WaitAsync();
        try
        {
            return scenario ??= await WithDbAsync(ServiceLevelScenario.ArrangeAsync);
        }
        finally
        {
            gate.Release();
        }
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<T> GetAsync<T>(string email, string url)
    {
        var client = await ClientForAsync(email);
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} as {email}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }
}

/// <summary>
/// Company A («Уральская горная компания», Asia/Yekaterinburg, UTC+5):
/// <list type="bullet">
/// <item>Accounts payable agreement. Version 1 (archived after approval) 2026-09-01…2026-11-15, weights SLA 0.6 / OLA 0.4:
/// SLA resolution timer (8 h, attainment target 90), SLA ratio "payments without errors" ≥ 99.5, OLA monthly primary
/// documents by working day 5 (complete required), OLA ratio "documents returned" ≤ 2. Version 2 (agreed) from
/// 2026-11-16, weights 0.8 / 0.2: the primary-documents deadline again. Version 3 is a draft (weights 0.1 / 0.9): ignored.</item>
/// <item>Resolution clocks: C1 breached 20 Oct, ticket still open; C2 met, stopped 10 Oct; C3 met 5 Nov; C4 running,
/// breach projected 20 Dec (pending); C5 paused before its target (pending); C6 breached 3 Nov, stopped 10 Nov;
/// C7 breached 31 Oct 20:00 UTC = 1 Nov 01:00 in Yekaterinburg (November).</item>
/// <item>Deliveries: September's on time and complete (due 7 Oct); October's on time but incomplete (due 9 Nov);
/// November's missing (due working day 5 of December = 7 Dec, past).</item>
/// <item>Ratio figures: payments 99.7 (Oct, met), 99.1 (Nov, breach); returns 1.5 (Oct, met), 2.0 (Nov, met — equal).</item>
/// </list>
/// Company B («Сибирский агрохолдинг»): an accounts payable agreement with two breached clocks in October.
/// Company DV («Дальневосточная логистика»): a treasury agreement with a ratio figure in October.
/// Company N («Северная верфь», Moscow): an all-processes agreement, weights 0.5 / 0.5, with an SLA first-response timer
/// (3 met and 1 breached clock in October) and an OLA ratio without figures, so the index is SLA alone. (The demo data
/// may give companies all-processes agreements of their own; N's awaits approval, so N's row is this scenario's alone.)
/// </summary>
public sealed record ServiceLevelScenario(
    Guid CompanyA, Guid CompanyB, Guid CompanyDv, Guid CompanyN, Guid ServiceAp, Guid ServiceTrs,
    Guid Resolution, Guid Payments, Guid PrimaryDocsV1, Guid Returns, Guid PrimaryDocsV2, Guid FirstResponse, Guid Answers,
    Guid ResolutionB, Guid DvRatio,
    IReadOnlyDictionary<string, long> Clocks, IReadOnlyDictionary<string, string> Tickets, string TicketOfB,
    Guid SeptemberDelivery, Guid OctoberDelivery)
{
    public const string CompanyNName = "АО «Северная верфь»";

    private static DateTimeOffset Utc(int month, int day, int hour = 10, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    public static async Task<ServiceLevelScenario> ArrangeAsync(AppDbContext db)
    {
        var a = await db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync();
        var b = await db.Companies.Where(c => c.Name == Demo.CompanyB).Select(c => c.Id).SingleAsync();
        var dv = await db.Companies.Where(c => c.Name == "ООО «Дальневосточная логистика»").Select(c => c.Id).SingleAsync();
        var n = await db.Companies.Where(c => c.Name == CompanyNName).Select(c => c.Id).SingleAsync();
        var userN = await db.Users.Where(u => u.CompanyId == n).OrderBy(u => u.Email).Select(u => u.Id).FirstAsync();
        var ap = await db.Services.Where(s => s.Code == "AP").Select(s => s.Id).SingleAsync();
        var trs = await db.Services.Where(s => s.Code == "TRS").Select(s => s.Id).SingleAsync();
        var calendar = (await CalendarBook.DefaultIdAsync(db, CancellationToken.None))!.Value;
        var userA = await db.Users.Where(u => u.Email == Demo.ClientA).Select(u => u.Id).SingleAsync();
        var executiveA = await db.Users.Where(u => u.Email == Demo.ExecutiveA).Select(u => u.Id).SingleAsync();
        var userB = await db.Users.Where(u => u.Email == Demo.ClientB).Select(u => u.Id).SingleAsync();

        // Company A, accounts payable.
        var apAgreement = new Agreement { CompanyId = a, ServiceId = ap, Name = "SLA/OLA: расчёты с поставщиками", Reference = "ОЦО-УГК-01" };
        var v1 = Version(apAgreement, 1, AgreementStatus.Archived, new DateOnly(2026, 9, 1), new DateOnly(2026, 11, 15), 0.6, 0.4);
        var v2 = Version(apAgreement, 2, AgreementStatus.Agreed, new DateOnly(2026, 11, 16), null, 0.8, 0.2);
        var v3 = Version(apAgreement, 3, AgreementStatus.Draft, new DateOnly(2026, 12, 1), null, 0.1, 0.9);
        v3.ApprovedAt = null;
        var resolution = Timer(v1, MetricSide.Sla, TimerKind.Resolution, "Решение обращения", 480, 90);
        var payments = Ratio(v1, MetricSide.Sla, "Платежи без ошибок", 99.5m, RatioDirection.AtLeast);
        var docsV1 = Deadline(v1, "Первичные документы до 5-го рабочего дня");
        var returns = Ratio(v1, MetricSide.Ola, "Доля возвращённых документов", 2m, RatioDirection.AtMost);
        var docsV2 = Deadline(v2, "Первичные документы до 5-го рабочего дня");
        Timer(v3, MetricSide.Sla, TimerKind.Resolution, "Черновик: решение", 60, 99);
        db.Agreements.Add(apAgreement);

        // Company N, all processes: OLA has no data.
        var general = new Agreement { CompanyId = n, ServiceId = null, Name = "Общее соглашение об уровне сервиса (Северная верфь)" };
        var g1 = Version(general, 1, AgreementStatus.Agreed, new DateOnly(2026, 1, 1), null, 0.5, 0.5);
        var firstResponse = Timer(g1, MetricSide.Sla, TimerKind.FirstResponse, "Первый ответ", 120, 80);
        var answers = Ratio(g1, MetricSide.Ola, "Ответы на уточнения в срок", 90m, RatioDirection.AtLeast);
        db.Agreements.Add(general);

        // Company B and company DV.
        var bAgreement = new Agreement { CompanyId = b, ServiceId = ap, Name = "SLA: расчёты с поставщиками (СибАгро)" };
        var b1 = Version(bAgreement, 1, AgreementStatus.Agreed, new DateOnly(2026, 1, 1), null, 0.5, 0.5);
        var resolutionB = Timer(b1, MetricSide.Sla, TimerKind.Resolution, "Решение обращения СибАгро", 480, 90);
        db.Agreements.Add(bAgreement);
        var dvAgreement = new Agreement { CompanyId = dv, ServiceId = trs, Name = "SLA: казначейские платежи (ДВЛ)" };
        var dv1 = Version(dvAgreement, 1, AgreementStatus.Agreed, new DateOnly(2026, 1, 1), null, 0.5, 0.5);
        var dvRatio = Ratio(dv1, MetricSide.Sla, "Платежи ДВЛ без ошибок", 99m, RatioDirection.AtLeast);
        db.Agreements.Add(dvAgreement);
        await db.SaveChangesAsync();

        var clocks = new Dictionary<string, TicketClock>();
        var tickets = new Dictionary<string, Ticket>();
        void Clock(string key, Guid company, Guid requester, AgreementMetric metric, ClockState state, DateTimeOffset started,
            DateTimeOffset? breached, DateTimeOffset? stopped, long elapsedMinutes, DateTimeOffset? due = null)
        {
            var ticket = new Ticket
            {
                Number = "OW-2026-9" + (tickets.Count + 1).ToString("00000", System.Globalization.CultureInfo.InvariantCulture),
                CompanyId = company,
                ServiceId = ap,
                Subject = (company == b ? "Тайна СибАгро: " : company == n ? "Верфь: " : "Сверка УГК: ") + key,
                Description = "Обращение для отчёта " + key,
                RequesterId = requester,
                Priority = TicketPriority.Normal,
                Status = stopped is null ? TicketStatus.InProgress : TicketStatus.Closed,
                TrackingToken = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")[..8],
                CreatedAt = started,
                LastActivityAt = stopped ?? started,
            };
            tickets[key] = ticket;
            db.Tickets.Add(ticket);
            clocks[key] = new TicketClock
            {
                TicketId = ticket.Id, CompanyId = company, ServiceId = ap, MetricId = metric.Id, VersionId = metric.VersionId, CalendarId = calendar,
                Side = metric.Side, Timer = metric.Timer!.Value, Priority = TicketPriority.Normal, TargetMinutes = metric.TargetMinutes!.Value,
                State = state, ElapsedSeconds = elapsedMinutes * 60, StartedAt = started, DueAt = due, BreachedAt = breached, StoppedAt = stopped,
                ComputedAt = Utc(12, 15, 8),
            };
            db.TicketClocks.Add(clocks[key]);
        }

        Clock("C1", a, userA, resolution, ClockState.Running, Utc(10, 19, 5), Utc(10, 20), null, 2000, Utc(10, 20));
        Clock("C2", a, executiveA, resolution, ClockState.Met, Utc(10, 9, 5), null, Utc(10, 10), 300);
        Clock("C3", a, userA, resolution, ClockState.Met, Utc(11, 4, 5), null, Utc(11, 5), 200);
        Clock("C4", a, userA, resolution, ClockState.Running, Utc(12, 14, 5), Utc(12, 20), null, 100, Utc(12, 20));
        Clock("C5", a, userA, resolution, ClockState.Paused, Utc(12, 1, 5), null, null, 120);
        Clock("C6", a, executiveA, resolution, ClockState.Breached, Utc(11, 2, 5), Utc(11, 3), Utc(11, 10), 1500);
        Clock("C7", a, executiveA, resolution, ClockState.RunningBreached, Utc(10, 30, 5), Utc(10, 31, 20), null, 900);
        Clock("F1", n, userN, firstResponse, ClockState.Met, Utc(10, 5, 5), null, Utc(10, 5, 6), 60);
        Clock("F2", n, userN, firstResponse, ClockState.Met, Utc(10, 6, 5), null, Utc(10, 6, 6), 60);
        Clock("F3", n, userN, firstResponse, ClockState.Met, Utc(10, 7, 5), null, Utc(10, 7, 6), 60);
        Clock("F4", n, userN, firstResponse, ClockState.Breached, Utc(10, 8, 5), Utc(10, 8, 9), Utc(10, 9), 400);
        Clock("B1", b, userB, resolutionB, ClockState.Breached, Utc(10, 5, 5), Utc(10, 6), Utc(10, 7), 900);
        Clock("B2", b, userB, resolutionB, ClockState.RunningBreached, Utc(10, 12, 5), Utc(10, 13), null, 900);

        var september = new DeadlineDelivery
        {
            MetricId = docsV1.Id, CompanyId = a, PeriodStart = new DateOnly(2026, 9, 1), DueAt = Utc(10, 7, 15), DeliveredAt = Utc(10, 6, 12), Complete = true,
        };
        var october = new DeadlineDelivery
        {
            MetricId = docsV1.Id, CompanyId = a, PeriodStart = new DateOnly(2026, 10, 1), DueAt = Utc(11, 9, 15), DeliveredAt = Utc(11, 6, 12), Complete = false,
            Note = "Нет актов сверки по двум поставщикам",
        };
        db.DeadlineDeliveries.AddRange(september, october);
        db.RatioFigures.AddRange(
            new RatioFigure { MetricId = payments.Id, CompanyId = a, PeriodStart = new DateOnly(2026, 10, 1), Value = 99.7m, Numerator = 997, Denominator = 1000 },
            new RatioFigure { MetricId = payments.Id, CompanyId = a, PeriodStart = new DateOnly(2026, 11, 1), Value = 99.1m },
            new RatioFigure { MetricId = returns.Id, CompanyId = a, PeriodStart = new DateOnly(2026, 10, 1), Value = 1.5m },
            new RatioFigure { MetricId = returns.Id, CompanyId = a, PeriodStart = new DateOnly(2026, 11, 1), Value = 2.0m },
            new RatioFigure { MetricId = dvRatio.Id, CompanyId = dv, PeriodStart = new DateOnly(2026, 10, 1), Value = 99.5m });
        await db.SaveChangesAsync();

        return new ServiceLevelScenario(a, b, dv, n, ap, trs, resolution.Id, payments.Id, docsV1.Id, returns.Id, docsV2.Id, firstResponse.Id, answers.Id,
            resolutionB.Id, dvRatio.Id, clocks.ToDictionary(c => c.Key, c => c.Value.Id), tickets.ToDictionary(t => t.Key, t => t.Value.Number),
            tickets["B1"].Number, september.Id, october.Id);
    }

    private static AgreementVersion Version(Agreement agreement, int number, AgreementStatus status, DateOnly from, DateOnly? to, double sla, double ola)
    {
        var version = new AgreementVersion
        {
            AgreementId = agreement.Id, CompanyId = agreement.CompanyId, Number = number, Status = status, ValidFrom = from, ValidTo = to,
            SlaWeight = sla, OlaWeight = ola, ApprovedAt = Utc(8, 25), ApprovedByName = "Наталья Лебедева",
        };
        agreement.Versions.Add(version);
        return version;
    }

    private static AgreementMetric Timer(AgreementVersion v, MetricSide side, TimerKind timer, string name, int minutes, decimal attainmentTarget)
    {
        var metric = new AgreementMetric
        {
            VersionId = v.Id, CompanyId = v.CompanyId, Side = side, Kind = MetricKind.TicketTimer, Name = name, Timer = timer, TargetMinutes = minutes,
            AttainmentTarget = attainmentTarget,
        };
        v.Metrics.Add(metric);
        return metric;
    }

    private static AgreementMetric Ratio(AgreementVersion v, MetricSide side, string name, decimal target, RatioDirection direction)
    {
        var metric = new AgreementMetric
        {
            VersionId = v.Id, CompanyId = v.CompanyId, Side = side, Kind = MetricKind.MeasuredRatio, Name = name, Period = PeriodUnit.Month,
            RatioTarget = target, RatioDirection = direction, AttainmentTarget = 100,
        };
        v.Metrics.Add(metric);
        return metric;
    }

    private static AgreementMetric Deadline(AgreementVersion v, string name)
    {
        var metric = new AgreementMetric
        {
            VersionId = v.Id, CompanyId = v.CompanyId, Side = MetricSide.Ola, Kind = MetricKind.PeriodicDeadline, Name = name, Period = PeriodUnit.Month,
            DueWorkingDay = 5, RequireComplete = true, AttainmentTarget = 100,
        };
        v.Metrics.Add(metric);
        return metric;
    }
}
