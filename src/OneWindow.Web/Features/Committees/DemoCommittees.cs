using OneWindow.Core.Calendars;
using OneWindow.Core.Committees;

namespace OneWindow.Web.Features.Committees;

/// <summary>
/// The committees part of the demo: the monthly executive quality committee of the Ural Mining Company with two past
/// meetings (frozen packs, attendance, decisions «СЛУШАЛИ / РЕШИЛИ», approved minutes, action items on both sides, one
/// of the client's overdue), issues settled at pre-meetings or escalated, the business's planned changes, and the next
/// meeting planned — so the committee page, the pack, the minutes and «Мои поручения» show real content on a first run.
/// Dates follow the day the demo is created; figures come from the service-level and feedback data seeded before.
/// </summary>
internal sealed class DemoCommittees(AppDbContext db, PackBuilder packs, TimeProvider clock) : IDemoDataSeeder
{
    // After every other feature's demo data: the packs read service levels, ratings, cases and surveys.
    public int Order => 950;

    public const string Name = "Комитет по качеству ЦОБ и УГК";

    private const string Zone = "Asia/Yekaterinburg";

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Set<Committee>().AnyAsync(ct))
        {
            return;
        }

        var people = await db.Users.Where(u => u.Email != null && u.IsActive).ToDictionaryAsync(u => u.Email!, u => (u.Id, u.CompanyId), ct);
        if (!people.TryGetValue("cfo@ural-mining.demo", out var cfo) || cfo.CompanyId is not { } company
            || !people.TryGetValue("user@ural-mining.demo", out var accountant) || !people.TryGetValue("quality@onewindow.demo", out var quality)
            || !people.TryGetValue("csm@onewindow.demo", out var csm) || !people.TryGetValue("teamlead@onewindow.demo", out var lead))
        {
            return;
        }

        var calendar = ProductionCalendar.Russia;
        var zone = MeetingDesk.Zone(Zone);
        var now = clock.GetUtcNow();
        var today = LocalDates.Of(now, zone);

        // Monthly on the 15th (or the next working day): the last two such dates before today are the past meetings.
        var anchor = new DateOnly(today.Year, today.Month, 15).AddMonths(-3);
        var dates = CommitteeSchedule.Dates(CommitteeCadence.Monthly, anchor, anchor, today.AddDays(400), calendar.IsWorkingDay);
        var past = dates.Where(d => d < today).TakeLast(2).ToList();
        var next = dates.FirstOrDefault(d => d > today);
        if (past.Count < 2 || next == default)
        {
            return;
        }

        var committee = new Committee
        {
            Name = Name, Scope = CommitteeScope.Company, CompanyId = company, Level = CommitteeLevel.Executive, Cadence = CommitteeCadence.Monthly,
            FirstDate = past[0], MeetingTime = new TimeOnly(11, 0), MeetingMinutes = 90, TimeZoneId = Zone,
            Place = "Екатеринбург, ул. Малышева, 51, переговорная «Урал»", OnlineLink = "https://telemost.yandex.ru/j/4812093375",
        };
        committee.Companies.Add(new CommitteeCompany { CommitteeId = committee.Id, CompanyId = company });
        committee.Members.AddRange(
        [
            new CommitteeMember { CommitteeId = committee.Id, PersonId = cfo.Id, Role = CommitteeRole.Chair, Side = CommitteeSide.Client },
            new CommitteeMember { CommitteeId = committee.Id, PersonId = quality.Id, Role = CommitteeRole.Secretary, Side = CommitteeSide.Ssc },
            new CommitteeMember { CommitteeId = committee.Id, PersonId = csm.Id, Role = CommitteeRole.Member, Side = CommitteeSide.Ssc },
            new CommitteeMember { CommitteeId = committee.Id, PersonId = lead.Id, Role = CommitteeRole.Member, Side = CommitteeSide.Ssc },
            new CommitteeMember { CommitteeId = committee.Id, PersonId = accountant.Id, Role = CommitteeRole.Member, Side = CommitteeSide.Client },
        ]);
        db.Add(committee);

        CommitteeMeeting Meeting(int number, DateOnly date, MeetingStatus status) => new()
        {
            CommitteeId = committee.Id, Committee = committee, Number = number, Date = date, Minutes = committee.MeetingMinutes, Place = committee.Place, OnlineLink = committee.OnlineLink,
            Status = status, PeriodKey = MeetingDesk.PeriodOf(committee.Cadence, date), StartsAt = MeetingDesk.StartsAt(date, committee.MeetingTime, zone),
            InviteSequence = 1,
        };

        DateTimeOffset At(DateOnly date, int hour) => MeetingDesk.StartsAt(date, new TimeOnly(hour, 0), zone);
        DateOnly WorkingDaysAfter(DateOnly date, int days) => calendar.AddWorkingDays(date, days);

        var first = Meeting(1, past[0], MeetingStatus.Held);
        var second = Meeting(2, past[1], MeetingStatus.Held);
        var upcoming = Meeting(3, next, MeetingStatus.Planned);
        db.AddRange(first, second, upcoming);

        // The working group's pre-meeting a week before each committee meeting (on a working day), where routine issues are settled.
        CommitteeMeeting PreMeeting(int number, DateOnly before)
        {
            var date = CommitteeSchedule.NextWorkingDay(before.AddDays(-7), calendar.IsWorkingDay) ?? before.AddDays(-7);
            var meeting = Meeting(number, date, date < today ? MeetingStatus.Held : MeetingStatus.Planned);
            meeting.Kind = MeetingKind.PreMeeting;
            meeting.Minutes = 45;
            meeting.StartsAt = MeetingDesk.StartsAt(date, new TimeOnly(15, 0), zone);
            meeting.Place = "Онлайн";
            db.Add(meeting);
            return meeting;
        }

        var preFirst = PreMeeting(1, first.Date);
        var preSecond = PreMeeting(2, second.Date);
        PreMeeting(3, next);

        // Before the first meeting: two questions settled at the pre-meeting, one escalated to the committee.
        CommitteeIssue Issue(string title, string description, CommitteeSide side, Guid by, IssueStatus status, CommitteeMeeting? to, string? resolution, CommitteeMeeting? at) => new()
        {
            CommitteeId = committee.Id, Title = title, Description = description, RaisedBySide = side, RaisedById = by, Source = IssueSource.FreeText,
            Status = status, MeetingId = to?.Id, Resolution = resolution, PreMeetingId = at?.Id,
            SettledAt = status == IssueStatus.Settled && at is not null ? at.StartsAt.AddMinutes(40) : null,
        };
        db.AddRange(
            Issue("Оплата счёта ООО «Техснаб» задержана на 6 дней", "Поставщик выставил претензию; счёт не был зарегистрирован из-за отсутствия подписанного акта.",
                CommitteeSide.Client, accountant.Id, IssueStatus.Settled, null, "Акт подписан, оплата проведена; поставщику направлено письмо с извинениями.", preFirst),
            Issue("Дубли карточек контрагентов в справочнике", "За месяц создано 14 дублей, из-за этого задваиваются акты сверки.",
                CommitteeSide.Ssc, lead.Id, IssueStatus.Settled, null, "Дубли объединены, заведение контрагентов переведено на проверку по ИНН.", preFirst),
            Issue("Систематические опоздания первичных документов от площадок", "Около трети первичных документов поступает позже 3-го рабочего дня; это срывает OLA и сроки закрытия.",
                CommitteeSide.Ssc, quality.Id, IssueStatus.Escalated, first, null, preFirst));
        await db.SaveChangesAsync(ct);
        await FreezeAsync(first, ct);

        // The first meeting: who came, what was heard and decided, and the action items with their outcomes.
        Attend(first, [cfo.Id, quality.Id, csm.Id, lead.Id, accountant.Id], []);
        var d11 = Decision(first, 1,
            "Морозова Е. — итоги SLA и OLA за период: индекс ниже целевого по расчётам с поставщиками из-за поздней первички.",
            "Перевести ключевых поставщиков на ЭДО; площадкам передавать первичные документы не позднее 3-го рабочего дня.");
        var d12 = Decision(first, 2,
            "Лебедева Н. — планы бизнеса: запуск нового карьера и рост числа поставщиков примерно на 15 %.",
            "ЦОБ оценить дополнительную нагрузку на расчёты с поставщиками и представить её к следующему заседанию.");
        var firstDue = WorkingDaysAfter(first.Date, 10);
        db.AddRange(
            Item(first, d11, "Подключить 12 ключевых поставщиков к ЭДО", lead.Id, CommitteeSide.Ssc, 10, firstDue, ActionItemStatus.Done,
                "Подключены 12 из 12; доля бумажной первички снизилась до 18 %.", At(firstDue.AddDays(-2), 17)),
            Item(first, d11, "Довести до площадок срок передачи первички — 3-й рабочий день", accountant.Id, CommitteeSide.Client, 5, WorkingDaysAfter(first.Date, 5),
                ActionItemStatus.Done, "Распоряжение подписано, разослано на все площадки.", At(WorkingDaysAfter(first.Date, 4), 12)),
            Item(first, d12, "Оценить нагрузку от нового карьера на расчёты с поставщиками", csm.Id, CommitteeSide.Ssc, 15, WorkingDaysAfter(first.Date, 15),
                ActionItemStatus.Done, "Оценка: +1,5 ставки бухгалтера с марта; представлена на заседании № 2.", At(second.Date.AddDays(-3), 10)));
        Approve(first, cfo.Id, now);

        // Between the meetings: one settled at the pre-meeting, one escalated; the business answered the standing question.
        var beforeSecond = preSecond.Date;
        db.AddRange(
            Issue("Не подписаны акты сверки с тремя перевозчиками", "Перевозчики не отвечают на запросы ЦОБ второй месяц.",
                CommitteeSide.Ssc, lead.Id, IssueStatus.Settled, null, "Запросы продублированы через службу логистики УГК; акты получены.", preSecond),
            Issue("Нет согласованного регламента закрытия месяца", "Сроки закрытия у площадок разные; ЦОБ не может планировать нагрузку.",
                CommitteeSide.Ssc, quality.Id, IssueStatus.Escalated, second, null, preSecond));
        db.AddRange(
            new PlannedChange
            {
                CompanyId = company, CommitteeId = committee.Id, MeetingId = second.Id, What = "Запуск нового карьера «Северный» и приём 40 новых поставщиков",
                PlannedOn = new DateOnly(today.Year, today.Month, 1).AddMonths(3), Processes = "Расчёты с поставщиками; казначейство",
                Impact = "Рост объёма первичных документов примерно на 15 %; новые договоры поставки.", SscOwnerId = csm.Id, Status = PlannedChangeStatus.Planned,
                AnsweredById = cfo.Id, AnsweredAt = At(beforeSecond, 10),
            },
            new PlannedChange
            {
                CompanyId = company, CommitteeId = committee.Id, MeetingId = second.Id, What = "Переход площадок на единую учётную политику по запасам",
                PlannedOn = new DateOnly(today.Year, 1, 1).AddYears(1), Processes = "Главная книга; отчётность",
                Impact = "Изменение проводок по списанию материалов; обучение бухгалтеров ЦОБ.", SscOwnerId = quality.Id, Status = PlannedChangeStatus.InProgress,
                AnsweredById = cfo.Id, AnsweredAt = At(beforeSecond, 10),
            });
        await db.SaveChangesAsync(ct);
        await FreezeAsync(second, ct);

        // The second meeting: the client's accountant was away; the SSC's items run to the next meeting and beyond, and one
        // of the client's is overdue today.
        Attend(second, [cfo.Id, quality.Id, csm.Id, lead.Id], [accountant.Id]);
        var d21 = Decision(second, 1,
            "Кузнецова М. — просроченные обращения по расчётам с поставщиками и их причины.",
            "Разобрать просроченные обращения до следующего заседания; причины включить в отчёт о качестве.");
        var d22 = Decision(second, 2,
            "Морозова Е. — об отсутствии единого регламента закрытия месяца.",
            "Финансовой дирекции УГК согласовать регламент закрытия месяца с ЦОБ.");
        var d23 = Decision(second, 3,
            "Волкова О. — предложение передать в ЦОБ учёт основных средств.",
            "ЦОБ подготовить коммерческое предложение с оценкой трудозатрат.");
        // Due the working day before today (or earlier): still open, so the next pack and the 360 card show it overdue.
        var overdueOn = new[] { WorkingDaysAfter(second.Date, 3), today.AddDays(-1) }.Min();
        db.AddRange(
            Item(second, d21, "Разобрать просроченные обращения по расчётам с поставщиками", lead.Id, CommitteeSide.Ssc, null, next,
                ActionItemStatus.InProgress, null, null),
            Item(second, d22, "Согласовать регламент закрытия месяца с ЦОБ", cfo.Id, CommitteeSide.Client, null, overdueOn, ActionItemStatus.Open, null, null),
            Item(second, d23, "Подготовить предложение по передаче учёта ОС в ЦОБ", csm.Id, CommitteeSide.Ssc, null, WorkingDaysAfter(next, 10),
                ActionItemStatus.Open, null, null));
        Approve(second, cfo.Id, now);

        // Waiting for the next pre-meeting.
        db.Add(Issue("Ошибки в кодах НДС в счетах-фактурах одного поставщика", "Пять счетов-фактур за месяц пришлось возвращать на исправление.",
            CommitteeSide.Client, accountant.Id, IssueStatus.Open, null, null, null));
        await db.SaveChangesAsync(ct);
    }

    private async Task FreezeAsync(CommitteeMeeting meeting, CancellationToken ct)
    {
        if (await packs.BuildAsync(meeting.Id, ct) is { } pack)
        {
            meeting.StartedAt = meeting.StartsAt;
            meeting.FrozenPack = PackBuilder.Freeze(pack with { BuiltAt = meeting.StartsAt }, MeetingStatus.Held);
            await db.SaveChangesAsync(ct);
        }
    }

    private void Attend(CommitteeMeeting meeting, Guid[] present, Guid[] absent) =>
        db.AddRange(present.Select(p => new MeetingAttendance { MeetingId = meeting.Id, PersonId = p, Present = true })
            .Concat(absent.Select(p => new MeetingAttendance { MeetingId = meeting.Id, PersonId = p, Present = false, Note = "Отпуск" })));

    private MeetingDecision Decision(CommitteeMeeting meeting, int order, string heard, string decided)
    {
        var decision = new MeetingDecision { MeetingId = meeting.Id, Order = order, Heard = heard, Decided = decided };
        db.Add(decision);
        return decision;
    }

    private static ActionItem Item(CommitteeMeeting meeting, MeetingDecision decision, string title, Guid owner, CommitteeSide side, int? workingDays, DateOnly due,
        ActionItemStatus status, string? outcome, DateTimeOffset? closed) => new()
    {
        CommitteeId = meeting.CommitteeId, MeetingId = meeting.Id, DecisionId = decision.Id, CompanyId = meeting.Committee?.CompanyId, Title = title, OwnerId = owner, Side = side,
        DueWorkingDays = workingDays, DueOn = due, Status = status, Outcome = outcome, ClosedAt = closed,
    };

    private static void Approve(CommitteeMeeting meeting, Guid chair, DateTimeOffset now)
    {
        var approved = meeting.StartsAt.AddDays(2);
        meeting.MinutesApprovedAt = approved < now ? approved : now;
        meeting.MinutesApprovedById = chair;
        meeting.MinutesSentAt = meeting.MinutesApprovedAt;
    }
}
