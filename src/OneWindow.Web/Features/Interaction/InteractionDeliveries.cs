using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using OneWindow.Core.Calendars;
using OneWindow.Core.Interaction;
using OneWindow.Web.Features.Mail;
using OneWindow.Web.Features.ServiceLevels.Reports;
using OneWindow.Web.Infrastructure.Pdf;
using OneWindow.Web.Resources;
using System.Security.Cryptography;

namespace OneWindow.Web.Features.Interaction;

public sealed class InteractionOptions
{
    /// <summary>How often the delivery job looks for due items, in minutes.</summary>
    public int SweepMinutes { get; set; } = 15;
    /// <summary>The local hour (in each company's zone) from which a day's deliveries go out.</summary>
    public int SendHour { get; set; } = 8;
    /// <summary>A delivery missed while the application was down is still made this many days late; older ones are not.</summary>
    public int CatchUpDays { get; set; } = 5;
    /// <summary>The organiser's address on meeting invitations (falls back to Mail:Smtp:From).</summary>
    public string? Organizer { get; set; }
}

/// <summary>
/// The system's part of the menu: for every report item in force, finds the dates due in its company's zone (working day N
/// by the Russian production calendar) and makes each delivery once — the report of the period before as PDF or XLSX —
/// through the mail outbox, or logs why it was held. A meeting item is one iCalendar series, sent when chosen or changed,
/// extended before its horizon and cancelled when the item leaves the menu. The log row is written in the same save as
/// the email, so a second run sends nothing twice.
/// </summary>
public sealed class InteractionDeliveries(AppDbContext db, TimeProvider clock, Mailer mailer, ServiceLevelReports reports, ReportWorkbook workbook,
    PdfPrinter printer, IServiceProvider services, ILoggerFactory loggers, IOptions<InteractionOptions> options, IStringLocalizer<InteractionResource> text)
{
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var o = options.Value;
        var isWorkingDay = ProductionCalendar.Russia.IsWorkingDay;
        var items = await db.Set<CompanyInteraction>().Include(i => i.Format).Where(i => i.Status == InteractionStatus.Active).ToListAsync(ct);
        var companies = await db.Companies.AsNoTracking().Where(c => c.IsActive).ToDictionaryAsync(c => c.Id, ct);
        var made = 0;
        foreach (var item in items.Where(i => companies.ContainsKey(i.CompanyId) && i.Frequency != InteractionFrequency.Continuous && Delivered(i)))
        {
            var company = companies[item.CompanyId];
            var zone = TimeZones.Find(company.TimeZoneId);
            var local = TimeZoneInfo.ConvertTime(now, zone);
            var today = DateOnly.FromDateTime(local.DateTime);
            if (item.Channel == InteractionChannel.Meeting)
            {
                made += await SeriesAsync(item, company, zone, today, now, isWorkingDay, ct) ? 1 : 0;
                continue;
            }

            // A day's deliveries go out from the send hour of that day in the company's zone.
            var upTo = local.Hour >= Math.Clamp(o.SendHour, 0, 23) ? today : today.AddDays(-1);
            var chosenOn = item.ChosenAt is { } chosen ? LocalDates.Of(chosen, zone) : today;
            var from = Max(upTo.AddDays(-Math.Max(0, o.CatchUpDays)), chosenOn);
            var dates = InteractionSchedule.Occurrences(item.Frequency, item.WorkingDay, item.FirstDate, item.IntervalWeeks, from, upTo, isWorkingDay);
            if (dates.Count == 0)
            {
                continue;
            }

            var logged = await db.Set<InteractionDelivery>().Where(d => d.ItemId == item.Id && dates.Contains(d.DueOn)).Select(d => d.DueOn).ToListAsync(ct);
            foreach (var date in dates.Where(d => !logged.Contains(d)))
            {
                var delivery = new InteractionDelivery
                {
                    CompanyId = item.CompanyId, ItemId = item.Id, FormatId = item.FormatId, DueOn = date, Channel = item.Channel, At = now, Recipients = item.Recipients,
                };
                await DeliverAsync(item, company, zone, date, isWorkingDay, delivery, ct);
                db.Set<InteractionDelivery>().Add(delivery);
                try
                {
                    await db.SaveChangesAsync(ct);
                    made++;
                }
                catch (DbUpdateException e) when (ApiExceptionHandler.IsUniqueViolation(e))
                {
                    // Another instance made this delivery meanwhile (the unique item × date row): its email and log row
                    // stand, ours are dropped.
                    foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList())
                    {
                        entry.State = EntityState.Detached;
                    }
                }
            }
        }

        // Meetings taken off the menu: their series is cancelled in the recipients' calendars, once.
        var ended = await db.Set<CompanyInteraction>().Include(i => i.Format)
            .Where(i => i.Status != InteractionStatus.Active && i.Status != InteractionStatus.Proposed && i.Channel == InteractionChannel.Meeting
                && i.SeriesSequence > 0 && i.SeriesSent != CompanyInteraction.SeriesCancelled)
            .ToListAsync(ct);
        foreach (var item in ended.Where(i => companies.ContainsKey(i.CompanyId)))
        {
            var company = companies[item.CompanyId];
            var zone = TimeZones.Find(company.TimeZoneId);
            made += await CancelSeriesAsync(item, company, zone, LocalDates.Of(now, zone), now, ct) ? 1 : 0;
        }

        return made;
    }

    /// <summary>Whether the system delivers anything for the item: reports by email and meetings; the rest is a standing choice.</summary>
    private static bool Delivered(CompanyInteraction item) =>
        item.Channel == InteractionChannel.Meeting
        || (item.Format!.Kind == InteractionKind.SlaReport && item.Channel is InteractionChannel.EmailPdf or InteractionChannel.EmailXlsx);

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private async Task DeliverAsync(CompanyInteraction item, Clients.ClientCompany company, TimeZoneInfo zone, DateOnly date, Func<DateOnly, bool> isWorkingDay,
        InteractionDelivery delivery, CancellationToken ct)
    {
        var english = item.Culture == "en";
        var culture = CultureInfo.GetCultureInfo(english ? "en" : "ru");
        var (savedCulture, savedUiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            var recipients = InteractionQueries.Split(item.Recipients).Select(a => new MailRecipient(a)).ToList();
            var itemName = english ? item.Format!.NameEn : item.Format!.NameRu;
            var companyName = english && company.NameEn is { Length: > 0 } en ? en : company.Name;
            var unit = item.Frequency switch
            {
                InteractionFrequency.Quarterly => PeriodUnit.Quarter,
                InteractionFrequency.Yearly => PeriodUnit.Year,
                _ => PeriodUnit.Month,
            };
            var period = ReportPeriod.Of(unit, date).Previous;
            delivery.Period = period.Key;
            if (recipients.Count == 0)
            {
                Hold(delivery, HeldReasons.NoRecipients, "The item names no recipients.");
                return;
            }

            var report = await reports.ReportAsync(period, item.CompanyId, ProcessFilter.Anything, ct);
            if (report.Rows.Count == 0 || report.Rows.All(r => r.SlaAttainment is null && r.OlaAttainment is null))
            {
                Hold(delivery, HeldReasons.NoData, $"No measured items for {period.Key}: the report would be empty.");
                return;
            }

            var fileBase = $"sla-ola-{period.Key}";
            MailAttachment file;
            if (item.Channel == InteractionChannel.EmailXlsx)
            {
                file = new MailAttachment(fileBase + ".xlsx", XlsxRows.ContentType, await workbook.BuildAsync(period, item.CompanyId, ProcessFilter.Anything, false, ct));
            }
            else
            {
                var html = await RenderAsync(report, companyName, $"{itemName} — {period.Key}");
                var printed = await printer.PrintAsync(html, ct);
                if (!printed.Printed)
                {
                    Hold(delivery, HeldReasons.RendererUnavailable, printed.HeldReason);
                    return;
                }

                file = new MailAttachment(fileBase + ".pdf", "application/pdf", printed.Pdf!);
            }

            delivery.FileName = file.FileName;
            await mailer.QueueWithAttachmentsAsync(MailTemplateKeys.InteractionDelivery, item.Culture,
                new InteractionDeliveryModel("", companyName, itemName, period.Key, Meeting: false, file.FileName), recipients, [file], ct);
            delivery.Outcome = DeliveryOutcome.Sent;
        }
        finally
        {
            CultureInfo.CurrentCulture = savedCulture;
            CultureInfo.CurrentUICulture = savedUiCulture;
        }
    }

    private static void Hold(InteractionDelivery delivery, string reason, string? detail)
    {
        delivery.Outcome = DeliveryOutcome.Held;
        delivery.Reason = reason;
        delivery.Detail = detail is null ? null : TextLimit.Truncate(detail, 2000);
    }

    /// <summary>The report page as HTML, rendered by Blazor on the server in the current culture.</summary>
    private async Task<string> RenderAsync(ServiceLevelReport report, string company, string title)
    {
        await using var renderer = new HtmlRenderer(services, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<SlaReportDocument>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(SlaReportDocument.Report)] = report,
                [nameof(SlaReportDocument.Company)] = company,
                [nameof(SlaReportDocument.Title)] = title,
            }));
            return output.ToHtmlString();
        });
    }

    /// <summary>
    /// Sends the meeting's series invitation when the menu item is new or changed (schedule, recipients, language) and
    /// again, extended, before its horizon ends; returns whether it logged anything. One series per item (a stable UID),
    /// so each send updates the same series in the recipients' calendars rather than adding meetings.
    /// </summary>
    private async Task<bool> SeriesAsync(CompanyInteraction item, Clients.ClientCompany company, TimeZoneInfo zone, DateOnly today, DateTimeOffset now,
        Func<DateOnly, bool> isWorkingDay, CancellationToken ct)
    {
        var digest = SeriesDigest(item);
        if (item.SeriesSent == digest && !MeetingSeries.NeedsRenewal(item.SeriesThrough, today))
        {
            return false;
        }

        var plan = MeetingSeries.Plan(item.Frequency, item.WorkingDay, item.FirstDate, item.IntervalWeeks, today, isWorkingDay);
        var horizon = today.AddMonths(MeetingSeries.HorizonMonths);
        var onlyDaysOff = plan is null && InteractionSchedule.Occurrences(item.Frequency, item.WorkingDay, item.FirstDate, item.IntervalWeeks, today, horizon, isWorkingDay).Count > 0;
        if (plan is null && !onlyDaysOff)
        {
            return false;
        }

        var sequence = item.SeriesSequence + 1;
        var (delivery, recipients) = SeriesRow(item, today, now, $"series-{sequence}");
        using (Culture(item.Culture))
        {
            if (plan is null)
            {
                // Weekly on a Saturday, say: no meeting of the series would ever take place, so none is sent.
                Hold(delivery, HeldReasons.NonWorkingDay, "Every date of the series falls on a day off by the production calendar; no invitation was sent.");
            }
            else if (recipients.Count == 0)
            {
                Hold(delivery, HeldReasons.NoRecipients, "The item names no recipients.");
            }
            else
            {
                var (itemName, companyName) = Names(item, company);
                var ics = SeriesCalendar(item, itemName, companyName, zone, plan, sequence, recipients, cancel: false);
                delivery.FileName = "invite.ics";
                delivery.Outcome = DeliveryOutcome.Sent;
                await mailer.QueueWithAttachmentsAsync(MailTemplateKeys.InteractionDelivery, item.Culture,
                    new InteractionDeliveryModel("", companyName, itemName, Describe(item, plan), Meeting: true, null), recipients,
                    [new MailAttachment("invite.ics", "text/calendar; method=REQUEST; charset=utf-8", Encoding.UTF8.GetBytes(ics))], ct);
            }
        }

        (item.SeriesSequence, item.SeriesSent, item.SeriesThrough) = (sequence, digest, plan?.Through ?? horizon);
        return await SaveOnceAsync(delivery, ct);
    }

    /// <summary>Cancels a meeting series whose item left the menu (ended, or declined after it ran): one CANCEL for the whole series.</summary>
    private async Task<bool> CancelSeriesAsync(CompanyInteraction item, Clients.ClientCompany company, TimeZoneInfo zone, DateOnly today, DateTimeOffset now,
        CancellationToken ct)
    {
        var sequence = item.SeriesSequence + 1;
        var (delivery, recipients) = SeriesRow(item, today, now, $"cancel-{sequence}");
        using (Culture(item.Culture))
        {
            if (recipients.Count == 0)
            {
                Hold(delivery, HeldReasons.NoRecipients, "The item names no recipients.");
            }
            else
            {
                var (itemName, companyName) = Names(item, company);
                // The cancellation names the series' first date only to anchor it; the UID and METHOD:CANCEL remove every meeting.
                var plan = new MeetingSeriesPlan(today, null, [today], [], today);
                var ics = SeriesCalendar(item, itemName, companyName, zone, plan, sequence, recipients, cancel: true);
                delivery.FileName = "cancel.ics";
                delivery.Outcome = DeliveryOutcome.Sent;
                await mailer.QueueWithAttachmentsAsync(MailTemplateKeys.InteractionDelivery, item.Culture,
                    new InteractionDeliveryModel("", companyName, itemName, text["SeriesCancelled"], Meeting: true, null, Cancelled: true), recipients,
                    [new MailAttachment("cancel.ics", "text/calendar; method=CANCEL; charset=utf-8", Encoding.UTF8.GetBytes(ics))], ct);
            }
        }

        (item.SeriesSequence, item.SeriesSent) = (sequence, CompanyInteraction.SeriesCancelled);
        return await SaveOnceAsync(delivery, ct);
    }

    /// <summary>The log row of a series invitation or cancellation, and whom it goes to.</summary>
    private static (InteractionDelivery Row, List<MailRecipient> To) SeriesRow(CompanyInteraction item, DateOnly today, DateTimeOffset now, string period) =>
        (new InteractionDelivery
        {
            CompanyId = item.CompanyId, ItemId = item.Id, FormatId = item.FormatId, DueOn = today, Period = period, Channel = item.Channel, At = now,
            Recipients = item.Recipients,
        }, InteractionQueries.Split(item.Recipients).Select(a => new MailRecipient(a)).ToList());

    /// <summary>
    /// Saves the log row with the item's new series state; another instance that sent the same series meanwhile wins
    /// (the item's version, or the unique item × date × period row), and ours — email included — is dropped.
    /// </summary>
    private async Task<bool> SaveOnceAsync(InteractionDelivery delivery, CancellationToken ct)
    {
        db.Set<InteractionDelivery>().Add(delivery);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || ApiExceptionHandler.IsUniqueViolation(e))
        {
            foreach (var entry in db.ChangeTracker.Entries().Where(x => x.State is EntityState.Added or EntityState.Modified).ToList())
            {
                entry.State = EntityState.Detached;
            }

            return false;
        }
    }

    /// <summary>What a series invitation says, as a short digest: a change to any of it sends the series again.</summary>
    internal static string SeriesDigest(CompanyInteraction item)
    {
        var recipients = string.Join(",", InteractionQueries.Split(item.Recipients).Select(a => a.ToLowerInvariant()).Order(StringComparer.Ordinal));
        var what = string.Join("|", item.FormatId, item.Frequency, item.WorkingDay, item.FirstDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), item.IntervalWeeks,
            item.MeetingTime?.ToString("HH:mm", CultureInfo.InvariantCulture), item.MeetingMinutes, recipients, item.Culture);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(what)));
    }

    private static (string Item, string Company) Names(CompanyInteraction item, Clients.ClientCompany company)
    {
        var english = item.Culture == "en";
        return (english ? item.Format!.NameEn : item.Format!.NameRu, english && company.NameEn is { Length: > 0 } en ? en : company.Name);
    }

    /// <summary>The series in words for the email: "every 2 weeks from 08.12.2026, 11:00" or "working day 10 of the quarter, next 15.01.2027, 11:00".</summary>
    private string Describe(CompanyInteraction item, MeetingSeriesPlan plan)
    {
        var culture = CultureInfo.CurrentUICulture;
        var time = (item.MeetingTime ?? new TimeOnly(10, 0)).ToString("HH:mm", culture);
        var first = plan.Start.ToString(culture.TwoLetterISOLanguageName == "en" ? "d MMM yyyy" : "dd.MM.yyyy", culture);
        return plan.IsRule
            ? text["SeriesWeeks", plan.IntervalWeeks!.Value, first, time]
            : text["SeriesWorkingDay", text["Frequency_" + item.Frequency], item.WorkingDay ?? 1, first, time];
    }

    /// <summary>
    /// The whole series as one iCalendar event in the company's zone: a weekly RRULE with the days off as EXDATE, or the
    /// working-day dates as RDATE; a stable UID per item, and a SEQUENCE that grows with every update or the cancellation.
    /// </summary>
    private string SeriesCalendar(CompanyInteraction item, string itemName, string companyName, TimeZoneInfo zone, MeetingSeriesPlan plan, int sequence,
        IReadOnlyList<MailRecipient> recipients, bool cancel)
    {
        var time = (item.MeetingTime ?? new TimeOnly(10, 0)).ToTimeSpan();
        CalDateTime Local(DateOnly date) => new(date.ToDateTime(TimeOnly.FromTimeSpan(time)), zone.Id);
        var start = Local(plan.Start);
        var calendar = new Ical.Net.Calendar { Method = cancel ? "CANCEL" : "REQUEST" };
        calendar.AddTimeZone(zone.Id);
        var meeting = new CalendarEvent
        {
            Uid = $"{item.Id:N}@onewindow",
            Summary = $"{itemName}: {companyName}",
            DtStart = start,
            DtEnd = start.AddMinutes(item.MeetingMinutes ?? 60),
            Sequence = sequence,
            Status = cancel ? "CANCELLED" : "CONFIRMED",
            Organizer = new Organizer("mailto:" + (options.Value.Organizer is { Length: > 0 } organizer ? organizer : "onewindow@localhost")),
        };
        if (!cancel)
        {
            if (plan.IsRule)
            {
                meeting.RecurrenceRule = new RecurrencePattern(Ical.Net.FrequencyType.Weekly, plan.IntervalWeeks!.Value);
                foreach (var day in plan.Excluded)
                {
                    meeting.ExceptionDates.Add(Local(day));
                }
            }
            else
            {
                foreach (var day in plan.Dates.Skip(1))
                {
                    meeting.RecurrenceDates.Add(Local(day));
                }
            }
        }

        foreach (var to in recipients)
        {
            meeting.Attendees.Add(new Attendee("mailto:" + to.Address) { Rsvp = !cancel, Role = "REQ-PARTICIPANT", ParticipationStatus = "NEEDS-ACTION" });
        }

        calendar.Events.Add(meeting);
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    /// <summary>Writes in the item's language for the time of a delivery (the localizer and date formats follow the current culture).</summary>
    private static CultureScope Culture(string culture) => new(CultureInfo.GetCultureInfo(culture == "en" ? "en" : "ru"));

    private readonly struct CultureScope : IDisposable
    {
        private readonly CultureInfo saved;
        private readonly CultureInfo savedUi;

        public CultureScope(CultureInfo culture)
        {
            (saved, savedUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
        }

        public void Dispose()
        {
            CultureInfo.CurrentCulture = saved;
            CultureInfo.CurrentUICulture = savedUi;
        }
    }
}
