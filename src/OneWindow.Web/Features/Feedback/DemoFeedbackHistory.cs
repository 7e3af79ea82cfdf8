using OneWindow.Web.Features.Calendars;
using OneWindow.Web.Features.ServiceLevels;

namespace OneWindow.Web.Features.Feedback;

/// <summary>
/// The feedback side of the demo's year of history (on when Demo:HistoryTickets is above 0): about a third of the closed
/// historic requests rated by their requester — mostly 4–5, some 3, a few 1–2 that opened complaint cases, worked and
/// closed by the team lead — and a few claims to the business (late primary documents, incomplete advance reports, wrong
/// payment details, slow answers to clarifications), answered by the company's executive. Runs after the historic tickets.
/// Written in one save without the save reactions (no notifications or loyalty points for the past).
/// </summary>
internal sealed class DemoFeedbackHistory(AppDbContext db, CalendarBook calendars, TimeProvider clock, IConfiguration configuration) : IDemoDataSeeder
{
    public int Order => 450;

    private static readonly string[] GoodComments = ["Спасибо, всё быстро и понятно!", "Отличная работа, вопрос решён с первого раза.", "Благодарю за оперативность.", "Всё сделали в срок."];
    private static readonly string[] BadComments =
    [
        "Ответ пришлось ждать три дня, платёж ушёл с опозданием.", "Вопрос закрыли, не решив его: пришлось писать повторно.",
        "Документ подготовили с ошибкой в реквизитах.", "Никто не перезвонил, хотя обещали.",
    ];

    private static readonly (ClaimCategory Category, string Text, string Answer)[] Claims =
    [
        (ClaimCategory.LateDocuments, "Первичные документы за {month} переданы на два рабочих дня позже срока (3-й рабочий день): закрытие периода сдвинулось.",
            "Согласны. Назначили ответственного в бухгалтерии филиала, документы будут передаваться до 2-го рабочего дня."),
        (ClaimCategory.IncompleteDocuments, "Авансовые отчёты за {month} переданы без подтверждающих документов (чеки, посадочные талоны) по 7 сотрудникам.",
            "Приняли. Напомнили руководителям подразделений о сроках, недостающие документы передадим до конца недели."),
        (ClaimCategory.WrongData, "В заявках на оплату за {month} трижды указаны неверные реквизиты получателя: платежи вернулись.",
            "Частично согласны: два случая — ошибка в справочнике контрагентов, исправили; третий — ошибка банка получателя."),
        (ClaimCategory.LateClarification, "Ответы на уточнения ОЦО по заявкам за {month} приходили в среднем через 4 рабочих дня при норме 2.",
            "Согласны, ответственный был в отпуске без замены. Назначили заместителя."),
    ];

    private static readonly string[] Months = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"];

    public async Task SeedAsync(CancellationToken ct)
    {
        if (configuration.GetValue("Demo:HistoryTickets", 3000) <= 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var random = new Random(20261209);
        var settings = await db.FeedbackSettingsAsync(ct);
        var calendarId = await CalendarBook.DefaultIdAsync(db, ct);
        var calendar = calendarId is { } id ? await calendars.GetAsync(db, id, ct) : OneWindow.Core.ServiceLevels.BusinessCalendar.TwentyFourSeven(TimeZones.Fallback);
        var leads = await db.Teams.Where(t => t.LeadId != null).ToDictionaryAsync(t => t.Id, t => t.LeadId, ct);
        var tickets = (await db.Tickets.AsNoTracking()
                .Where(t => t.Status == TicketStatus.Closed && t.AssigneeId != null && t.RequesterId != null && t.ClosedAt != null)
                .Select(t => new { t.Id, t.Number, t.CompanyId, t.ServiceId, t.TeamId, AssigneeId = t.AssigneeId!.Value, RequesterId = t.RequesterId!.Value, ClosedAt = t.ClosedAt!.Value })
                .ToListAsync(ct))
            .OrderBy(t => t.Number, StringComparer.Ordinal).ToList();

        db.SaveReactionsEnabled = false;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var ratings = new List<Rating>();
        var cases = new List<FeedbackCase>();
        foreach (var t in tickets)
        {
            if (random.Next(100) >= 33)
            {
                continue;
            }

            var roll = random.Next(100);
            var grade = roll < 62 ? 5 : roll < 87 ? 4 : roll < 94 ? 3 : roll < 98 ? 2 : 1;
            var ratedAt = t.ClosedAt.AddMinutes(random.Next(5, 2 * 24 * 60));
            if (ratedAt > now)
            {
                continue;
            }

            var rating = new Rating
            {
                CompanyId = t.CompanyId, RaterId = t.RequesterId, EmployeeId = t.AssigneeId, TeamId = t.TeamId, ServiceId = t.ServiceId, TicketId = t.Id,
                Source = RatingSource.Reply, Scale = 5, Grade = grade, RatedAt = ratedAt, DedupeKey = "demo-history:" + t.Id.ToString("N"),
                Comment = grade <= 2 ? BadComments[random.Next(BadComments.Length)] : grade == 5 && random.Next(4) == 0 ? GoodComments[random.Next(GoodComments.Length)] : null,
            };
            ratings.Add(rating);
            if (!FeedbackCaseSets.IsComplaint(settings, grade, 5))
            {
                continue;
            }

            // The complaint loop as the team lead ran it: contact within a day, cause, actions, the message, the client's answer.
            var settled = now - ratedAt > TimeSpan.FromDays(21);
            var c = new FeedbackCase
            {
                Number = "", CompanyId = t.CompanyId, RatingId = rating.Id, ClientId = t.RequesterId, EmployeeId = t.AssigneeId, TeamId = t.TeamId,
                ServiceId = t.ServiceId, TicketId = t.Id, Grade = grade, Scale = 5, ClientComment = rating.Comment,
                OwnerId = t.TeamId is { } team ? leads.GetValueOrDefault(team) : null,
                OpenedAt = ratedAt, DueAt = FeedbackMath.DueAt(calendar, ratedAt, settings.CaseDueWorkingDays),
                Status = FeedbackCaseStatus.Open,
            };
            c.Number = "FB-" + c.Id.ToString("N")[^8..].ToUpperInvariant();
            if (settled)
            {
                var satisfied = random.Next(5) != 0;
                c.ContactedAt = ratedAt.AddHours(3 + random.Next(20));
                c.ContactChannel = random.Next(2) == 0 ? FeedbackContactChannel.Phone : FeedbackContactChannel.Email;
                c.ContactNotes = "Связались с клиентом, уточнили, что пошло не так.";
                c.RootCause = (FeedbackRootCause)random.Next(4);
                c.Actions = "Разобрали случай с исполнителем, обновили инструкцию группы.";
                c.WhatWeDid = "Мы разобрали ваше обращение: причина найдена, исполнитель получил обратную связь, инструкция обновлена. Спасибо, что сообщили.";
                c.WhatWeDidSentAt = c.ContactedAt.Value.AddDays(1);
                c.ClientSatisfied = satisfied;
                c.ClientAnswer = satisfied ? "Спасибо, вопрос закрыт." : "Ситуация повторилась, жду изменений.";
                c.ClientAnsweredAt = c.WhatWeDidSentAt.Value.AddDays(1);
                c.Status = FeedbackCaseStatus.Closed;
                c.ClosedAt = satisfied ? c.ClientAnsweredAt : c.ClientAnsweredAt.Value.AddDays(3);
                c.Reopened = satisfied ? 0 : 1;
            }

            cases.Add(c);
        }

        cases.AddRange(await ClaimsAsync(random, now, calendar, settings, ct));
        db.Ratings.AddRange(ratings);
        db.FeedbackCases().AddRange(cases);
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        db.SaveReactionsEnabled = true;
    }

    /// <summary>Two or three claims to the business per company with an agreed agreement, spread over the year; the last one still open.</summary>
    private async Task<List<FeedbackCase>> ClaimsAsync(Random random, DateTimeOffset now, OneWindow.Core.ServiceLevels.BusinessCalendar calendar,
        FeedbackSettings settings, CancellationToken ct)
    {
        var result = new List<FeedbackCase>();
        var quality = await db.Users.Where(u => u.Email == "quality@onewindow.demo").Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        var companies = await db.Companies.OrderBy(c => c.Name).Select(c => c.Id).ToListAsync(ct);
        foreach (var company in companies)
        {
            var executive = await BusinessClaimDesk.Executives(db, company).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
            var metric = await db.AgreementMetrics.Where(m => m.CompanyId == company && m.Kind == MetricKind.PeriodicDeadline && m.Side == MetricSide.Ola)
                .Select(m => (Guid?)m.Id).FirstOrDefaultAsync(ct);
            if (executive is null || metric is null)
            {
                continue;
            }

            var count = 2 + random.Next(2);
            for (var i = 0; i < count; i++)
            {
                var claim = Claims[random.Next(Claims.Length)];
                var opened = now.AddDays(-(330 * (count - i) / count) + random.Next(10)).AddHours(-random.Next(48));
                var month = opened.AddMonths(-1);
                var open = i == count - 1;
                var c = new FeedbackCase
                {
                    Number = "", Direction = FeedbackCaseDirection.ClaimToBusiness, Category = claim.Category,
                    Description = claim.Text.Replace("{month}", $"{Months[month.Month - 1]} {month.Year}", StringComparison.Ordinal),
                    CompanyId = company, ClientId = executive.Value, OwnerId = quality, RaisedById = quality,
                    MetricId = claim.Category is ClaimCategory.LateDocuments or ClaimCategory.IncompleteDocuments ? metric : null,
                    OpenedAt = opened, DueAt = FeedbackMath.DueAt(calendar, opened, settings.CaseDueWorkingDays),
                    Status = open ? FeedbackCaseStatus.AwaitingClient : FeedbackCaseStatus.Closed,
                };
                c.Number = "CL-" + c.Id.ToString("N")[^8..].ToUpperInvariant();
                if (!open)
                {
                    c.ClientSatisfied = claim.Category != ClaimCategory.WrongData;
                    c.ClientAnswer = claim.Answer;
                    c.ClientAnsweredAt = opened.AddDays(2 + random.Next(3));
                    c.Actions = "Договорились о контрольной точке на следующем закрытии; проверили исполнение.";
                    c.ClosedAt = c.ClientAnsweredAt.Value.AddDays(3 + random.Next(10));
                }

                result.Add(c);
            }
        }

        return result;
    }
}
