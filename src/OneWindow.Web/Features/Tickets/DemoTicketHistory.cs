namespace OneWindow.Web.Features.Tickets;

/// <summary>
/// A year of ticket history for the demo SSC (Demo:HistoryTickets requests, 3,000 unless configured; 0 turns it off), so
/// every dashboard, report and card has data on first run. The tickets come from <see cref="BulkSeed"/> — the same
/// generator the benchmarks use, with their SLA/OLA clocks from the ServiceLevels companion — shaped by
/// <see cref="DemoHistoryShape"/>. Runs after the demo agreements have been stretched back over the year (ServiceLevels'
/// history seeder), so the clocks start with the tickets.
/// </summary>
internal sealed class DemoTicketHistory(IServiceProvider services, IConfiguration configuration) : IDemoDataSeeder
{
    public const int DefaultCount = 3000;

    public int Order => 400;

    public static int Count(IConfiguration configuration) => Math.Max(0, configuration.GetValue("Demo:HistoryTickets", DefaultCount));

    public async Task SeedAsync(CancellationToken ct)
    {
        var count = Count(configuration);
        if (count > 0)
        {
            await ActivatorUtilities.CreateInstance<BulkSeed>(services).RunAsync(count, 1000, new DemoHistoryShape(20261207), ct);
        }
    }
}

/// <summary>
/// When the demo's historic requests came in and what they were about: the year before now, in each company's working
/// hours and zone, busier in the first working days of a month (period close), at quarter ends and around the year end,
/// quiet at weekends and the New Year holidays; subjects and descriptions by request type.
/// </summary>
public sealed class DemoHistoryShape(int seed)
{
    public int Seed => seed;

    private static readonly string[] Months = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"];

    private static readonly string[] Counterparties =
    [
        "ООО «Северный поток»", "АО «Уралстальмонтаж»", "ООО «Логистик-Восток»", "ИП Смирнов А. В.", "ПАО «Энергосбыт»", "ООО «ТехноСервис»",
        "АО «Сибирская транспортная компания»", "ООО «Промснаб»", "ООО «Кедр»", "АО «Дальморпорт»",
    ];

    private static readonly string[] People =
    [
        "Иванова Е. А.", "Петров С. Н.", "Кузнецова О. В.", "Сидоров А. И.", "Морозов Д. П.", "Волкова Т. С.", "Николаев И. Г.", "Фёдорова М. А.",
    ];

    private static readonly Dictionary<string, string[]> Subjects = new()
    {
        ["PAY-INV"] = ["Оплата счёта № {n} от {cp}", "Оплатить счёт {cp} до конца недели", "Предоплата по счёту {cp}", "Повторная оплата счёта {cp}: платёж вернулся"],
        ["RECON"] = ["Акт сверки с {cp} на {date}", "Расхождение в акте сверки с {cp}", "Запрос акта сверки за квартал: {cp}"],
        ["CLOSE-Q"] = ["Закрытие периода за {month}: резерв отпусков", "Закрытие за {month}: расходы будущих периодов", "Не отражены поступления за {month}", "Корректировка проводок за {month}"],
        ["REPORT"] = ["Управленческая отчётность за {month}", "Отчёт для банка по ковенантам за {month}", "Расшифровка дебиторской задолженности на {date}", "Декларация по НДС: вопрос по книге покупок"],
        ["NDFL"] = ["Справка 2-НДФЛ для сотрудника: {person}", "Справка о доходах для ипотеки: {person}"],
        ["VACATION"] = ["Расчёт отпускных: {person}", "Перерасчёт отпускных после больничного: {person}"],
        ["HIRE"] = ["Оформление приёма сотрудника: {person}", "Перевод сотрудника в другое подразделение: {person}"],
        ["PURCHASE"] = ["Закупка картриджей для офиса", "Закупка спецодежды на сезон", "Заявка на закупку ноутбуков", "Закупка канцтоваров на квартал"],
        ["URGENT-PAY"] = ["Срочный платёж {cp}", "Срочная оплата таможенной пошлины", "Срочный платёж по кредитному договору"],
    };

    private static readonly Dictionary<string, string> Descriptions = new()
    {
        ["PAY-INV"] = "Добрый день! Прошу оплатить счёт во вложении, сумма и реквизиты в заявке.",
        ["RECON"] = "Контрагент просит подписанный акт сверки, наши данные расходятся с их данными.",
        ["CLOSE-Q"] = "Вопрос по закрытию месяца, подробности ниже. Прошу ответить до конца отчётной недели.",
        ["REPORT"] = "Нужен отчёт к совещанию у финансового директора.",
        ["NDFL"] = "Сотрудник просит справку о доходах, нужна к концу недели.",
        ["VACATION"] = "Прошу рассчитать отпускные, приказ подписан.",
        ["HIRE"] = "Документы кандидата во вложении, дата выхода указана в заявке.",
        ["PURCHASE"] = "Прошу провести закупку в рамках бюджета подразделения.",
        ["URGENT-PAY"] = "Платёж срочный: сроки по договору истекают сегодня.",
    };

    /// <summary>An instant in the year before <paramref name="now"/> (at least two days before it), drawn by the season's weight.</summary>
    public static DateTimeOffset Created(Random random, string zoneId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(random);
        var zone = Infrastructure.Time.ViewerTime.Zone(zoneId);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        while (true)
        {
            var day = today.AddDays(-random.Next(2, 366));
            if (random.NextDouble() * 3.4 > Weight(day))
            {
                continue;
            }

            // Mostly working hours; the odd late evening request.
            var minute = random.Next(10) == 0 ? random.Next(7 * 60, 22 * 60) : random.Next(9 * 60, 18 * 60);
            var local = day.ToDateTime(new TimeOnly(minute / 60, minute % 60));
            return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
        }
    }

    /// <summary>How busy a day is: 1 on an ordinary working day, up to 3.4 at a year-end close, a tenth of that at weekends and New Year.</summary>
    public static double Weight(DateOnly day)
    {
        var weight = 1.0;
        if (day.Day <= 7)
        {
            weight += 1.2;
        }

        if ((day.Month == 12 && day.Day >= 15) || (day.Month == 1 && day.Day >= 9 && day.Day <= 25))
        {
            weight += 0.8;
        }

        if ((day.Month % 3 == 0 && day.Day >= 24) || (day.Month % 3 == 1 && day.Day <= 10))
        {
            weight += 0.4;
        }

        if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || (day.Month == 1 && day.Day <= 8))
        {
            weight *= 0.1;
        }

        return weight;
    }

    public static string Subject(Random random, string code, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(random);
        var options = Subjects.TryGetValue(code, out var s) ? s : ["Запрос в ОЦО"];
        var previous = created.AddMonths(-1);
        return options[random.Next(options.Length)]
            .Replace("{n}", random.Next(100, 9999).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{cp}", Counterparties[random.Next(Counterparties.Length)], StringComparison.Ordinal)
            .Replace("{person}", People[random.Next(People.Length)], StringComparison.Ordinal)
            .Replace("{month}", $"{Months[previous.Month - 1]} {previous.Year}", StringComparison.Ordinal)
            .Replace("{date}", new DateOnly(created.Year, created.Month, 1).AddDays(-1).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    public static string Description(string code) => Descriptions.TryGetValue(code, out var d) ? d : "Прошу помочь с вопросом.";
}
