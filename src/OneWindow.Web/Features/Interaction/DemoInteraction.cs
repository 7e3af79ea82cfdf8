using OneWindow.Core.Calendars;
using OneWindow.Core.Interaction;

namespace OneWindow.Web.Features.Interaction;

/// <summary>
/// The catalogue of interaction formats, menus for the demo companies (chosen by their executives, one still a CSM
/// proposal) and four months of their delivery log — sent reports and invitations, and a held one — so the menu and
/// log pages show real rows on a first run.
/// </summary>
internal sealed class DemoInteraction(AppDbContext db, TimeProvider clock) : IDemoDataSeeder
{
    // After the directory, agreements and surveys.
    public int Order => 400;

    /// <summary>The formats of the article's menu, in both languages, with what each allows.</summary>
    public static readonly (string Key, InteractionKind Kind, string Ru, string En, string DescriptionRu, string DescriptionEn, InteractionFrequency[] Frequencies,
        InteractionChannel[] Channels)[] Catalogue =
    [
        ("sla-report", InteractionKind.SlaReport, "Ежемесячный отчёт SLA/OLA", "Monthly SLA/OLA report",
            "Отчёт об уровне сервиса за прошлый период по email: SLA, OLA, единый индекс и метрики.", "The previous period's service levels by email: SLA, OLA, the unified index and the metrics.",
            [InteractionFrequency.Monthly, InteractionFrequency.Quarterly], [InteractionChannel.EmailPdf, InteractionChannel.EmailXlsx]),
        ("business-review", InteractionKind.BusinessReview, "Квартальный бизнес-обзор", "Quarterly business review",
            "Итоги квартала с руководством клиента: уровень сервиса, проекты, что передать в ЦОБ дальше.", "The quarter with the client's management: service levels, projects, what to hand over next.",
            [InteractionFrequency.Quarterly, InteractionFrequency.HalfYearly], [InteractionChannel.Meeting]),
        ("business-meeting", InteractionKind.BusinessMeeting, "Встреча с бизнесом", "Meeting with the business",
            "Регулярная встреча с представителями бизнеса каждые N недель.", "A regular meeting with the business every N weeks.",
            [InteractionFrequency.Weekly, InteractionFrequency.EveryNWeeks, InteractionFrequency.Monthly], [InteractionChannel.Meeting]),
        ("dashboard-access", InteractionKind.DashboardAccess, "Доступ к дашборду", "Dashboard access",
            "Постоянный доступ к дашбордам уровня сервиса в OneWindow.", "Standing access to the service-level dashboards in OneWindow.",
            [InteractionFrequency.Continuous], [InteractionChannel.Portal]),
        ("survey-waves", InteractionKind.SurveyWaves, "Волны опросов удовлетворённости", "Satisfaction survey waves",
            "Участие сотрудников компании в опросах NPS/CSI.", "The company's people take part in the NPS/CSI surveys.",
            [InteractionFrequency.HalfYearly, InteractionFrequency.Yearly], [InteractionChannel.Email, InteractionChannel.Portal]),
        ("committee", InteractionKind.Committee, "Участие в комитете по сервису", "Service committee participation",
            "Представитель компании в комитете по качеству услуг ЦОБ.", "A representative of the company on the SSC's service committee.",
            [InteractionFrequency.Quarterly, InteractionFrequency.Monthly], [InteractionChannel.Meeting]),
        ("duty-contact", InteractionKind.DutyContact, "Дежурный контакт", "Named contact on duty",
            "Названный сотрудник ЦОБ на связи в рабочее время.", "A named SSC person reachable during working hours.",
            [InteractionFrequency.Continuous], [InteractionChannel.Phone, InteractionChannel.Email]),
    ];

    /// <summary>Adds the catalogue's formats that are missing (by key); an administrator's edits are left alone.</summary>
    public static async Task InstallCatalogueAsync(AppDbContext db, CancellationToken ct)
    {
        var present = await db.Set<InteractionFormat>().Select(f => f.Key).ToListAsync(ct);
        var order = 0;
        foreach (var f in Catalogue)
        {
            order += 10;
            if (!present.Contains(f.Key))
            {
                db.Set<InteractionFormat>().Add(new InteractionFormat
                {
                    Key = f.Key, Kind = f.Kind, NameRu = f.Ru, NameEn = f.En, DescriptionRu = f.DescriptionRu, DescriptionEn = f.DescriptionEn,
                    AllowedFrequencies = InteractionSets.Join(f.Frequencies), AllowedChannels = InteractionSets.Join(f.Channels), SortOrder = order,
                });
            }
        }

        await db.SaveChangesAsync(ct);
    }

    public async Task SeedAsync(CancellationToken ct)
    {
        await InstallCatalogueAsync(db, ct);
        if (await db.Set<CompanyInteraction>().AnyAsync(ct))
        {
            return;
        }

        var formats = await db.Set<InteractionFormat>().ToDictionaryAsync(f => f.Key, ct);
        var people = await db.Users.Where(u => u.Email != null && u.Email.EndsWith(".demo")).ToDictionaryAsync(u => u.Email!, u => (u.Id, u.CompanyId), ct);
        if (!people.TryGetValue("csm@onewindow.demo", out var csm))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var chosenAt = now.AddMonths(-4);
        var isWorkingDay = ProductionCalendar.Russia.IsWorkingDay;
        var plans = new (string Executive, string Format, InteractionFrequency Frequency, InteractionChannel Channel, int? WorkingDay, int? Weeks, bool Proposed, string[] To)[]
        {
            // The Ural company takes the workbook quarterly and meets every two weeks; the CSM proposes the committee.
            ("cfo@ural-mining.demo", "sla-report", InteractionFrequency.Quarterly, InteractionChannel.EmailXlsx, 5, null, false, ["cfo@ural-mining.demo"]),
            ("cfo@ural-mining.demo", "business-meeting", InteractionFrequency.EveryNWeeks, InteractionChannel.Meeting, null, 2, false, ["cfo@ural-mining.demo", "user@ural-mining.demo"]),
            ("cfo@ural-mining.demo", "dashboard-access", InteractionFrequency.Continuous, InteractionChannel.Portal, null, null, false, []),
            ("cfo@ural-mining.demo", "committee", InteractionFrequency.Quarterly, InteractionChannel.Meeting, 10, null, true, ["cfo@ural-mining.demo"]),
            // The Siberian agroholding reads the monthly PDF on working day 3 and holds a quarterly review.
            ("cfo@sib-agro.demo", "sla-report", InteractionFrequency.Monthly, InteractionChannel.EmailPdf, 3, null, false, ["cfo@sib-agro.demo", "user@sib-agro.demo"]),
            ("cfo@sib-agro.demo", "business-review", InteractionFrequency.Quarterly, InteractionChannel.Meeting, 8, null, false, ["cfo@sib-agro.demo"]),
            ("cfo@sib-agro.demo", "duty-contact", InteractionFrequency.Continuous, InteractionChannel.Phone, null, null, false, []),
            // The Far East logistics company chose the monthly workbook but has not named anyone to send it to yet.
            ("cfo@dv-logistics.demo", "sla-report", InteractionFrequency.Monthly, InteractionChannel.EmailXlsx, 2, null, false, []),
            ("cfo@dv-logistics.demo", "survey-waves", InteractionFrequency.Yearly, InteractionChannel.Email, null, null, false, []),
        };

        foreach (var plan in plans)
        {
            if (!people.TryGetValue(plan.Executive, out var executive) || executive.CompanyId is not { } companyId || !formats.TryGetValue(plan.Format, out var format))
            {
                continue;
            }

            var zone = TimeZones.Find(await db.Companies.Where(c => c.Id == companyId).Select(c => c.TimeZoneId).FirstAsync(ct));
            var today = LocalDates.Of(now, zone);
            var firstMeeting = LocalDates.Of(chosenAt, zone);
            while (!isWorkingDay(firstMeeting) || firstMeeting.DayOfWeek != DayOfWeek.Tuesday)
            {
                firstMeeting = firstMeeting.AddDays(1);
            }

            var item = new CompanyInteraction
            {
                CompanyId = companyId, FormatId = format.Id, Frequency = plan.Frequency, Channel = plan.Channel, WorkingDay = plan.WorkingDay,
                FirstDate = plan.Frequency is InteractionFrequency.EveryNWeeks or InteractionFrequency.Weekly ? firstMeeting : null,
                IntervalWeeks = plan.Weeks, MeetingTime = plan.Channel == InteractionChannel.Meeting ? new TimeOnly(11, 0) : null,
                MeetingMinutes = plan.Channel == InteractionChannel.Meeting ? 60 : null, Recipients = string.Join(",", plan.To), Culture = "ru",
                Status = plan.Proposed ? InteractionStatus.Proposed : InteractionStatus.Active, ProposedById = plan.Proposed ? csm.Id : null,
                ChosenById = plan.Proposed ? null : executive.Id, ChosenAt = plan.Proposed ? null : chosenAt,
                Note = plan.Proposed ? "Предлагаю участвовать в квартальном комитете по качеству: обсудим индекс и план улучшений." : null,
            };
            db.Set<CompanyInteraction>().Add(item);
            if (plan.Proposed || item.Frequency == InteractionFrequency.Continuous || !(plan.Channel == InteractionChannel.Meeting || format.Kind == InteractionKind.SlaReport))
            {
                continue;
            }

            if (plan.Channel == InteractionChannel.Meeting)
            {
                // A meeting is one calendar series, sent when chosen (the job extends it before its horizon).
                var chosenOn = LocalDates.Of(chosenAt, zone);
                var series = MeetingSeries.Plan(item.Frequency, item.WorkingDay, item.FirstDate, item.IntervalWeeks, chosenOn, isWorkingDay);
                if (series is not null && plan.To.Length > 0)
                {
                    (item.SeriesSequence, item.SeriesSent, item.SeriesThrough) = (1, InteractionDeliveries.SeriesDigest(item), series.Through);
                    db.Set<InteractionDelivery>().Add(new InteractionDelivery
                    {
                        CompanyId = companyId, ItemId = item.Id, FormatId = format.Id, DueOn = chosenOn, Period = "series-1", Channel = item.Channel,
                        At = chosenAt, Recipients = item.Recipients, Outcome = DeliveryOutcome.Sent, FileName = "invite.ics",
                    });
                }

                continue;
            }

            // The history: every report date from the choice until yesterday, as the job would have logged it.
            foreach (var date in InteractionSchedule.Occurrences(item.Frequency, item.WorkingDay, item.FirstDate, item.IntervalWeeks, LocalDates.Of(chosenAt, zone), today.AddDays(-1), isWorkingDay))
            {
                var period = ReportPeriod.Of(item.Frequency == InteractionFrequency.Quarterly ? PeriodUnit.Quarter : PeriodUnit.Month, date).Previous.Key;
                var delivery = new InteractionDelivery
                {
                    CompanyId = companyId, ItemId = item.Id, FormatId = format.Id, DueOn = date, Period = period, Channel = item.Channel,
                    At = LocalDates.StartOf(date, zone).AddHours(8), Recipients = item.Recipients, Outcome = DeliveryOutcome.Sent,
                    FileName = $"sla-ola-{period}.{(item.Channel == InteractionChannel.EmailPdf ? "pdf" : "xlsx")}",
                };
                if (plan.To.Length == 0)
                {
                    (delivery.Outcome, delivery.Reason, delivery.Detail, delivery.FileName) = (DeliveryOutcome.Held, HeldReasons.NoRecipients, "The item names no recipients.", null);
                }

                db.Set<InteractionDelivery>().Add(delivery);
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
