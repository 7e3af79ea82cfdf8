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

namespace OneWindow.Web.Features.Interaction;

public sealed class InteractionOptions
{
    /// <summary>How often the delivery job looks for due items, in minutes.</summary>
    public int SweepMinutes { get; set; } = 15;
    /// <summary>The local hour (in each company's zone) from which a day's deliveries go out.</summary>
    public int SendHour { get; set; } = 8;
    /// <summary>A delivery missed while the application was down is still made this many days late; older ones are not.</summary>
    public int CatchUpDays { get; set; } = 5;
    /// <summary>Meeting invitations go out this many days before the meeting.</summary>
    public int MeetingLeadDays { get; set; } = 7;
    /// <summary>The organiser's address on meeting invitations (falls back to Mail:Smtp:From).</summary>
    public string? Organizer { get; set; }
}

/// <summary>
/// The system's part of the menu: for every item in force, finds the dates due in its company's zone (working day N by the
/// Russian production calendar for reports; meeting dates a few days ahead for invitations), and makes each delivery
/// once — the report of the period before as PDF or XLSX, or an iCalendar invitation — through the mail outbox, or logs
/// why it was held. The log row (one per item and date) is written in the same save as the email, so a second run sends
/// nothing twice.
/// </summary>
public sealed class InteractionDeliveries(AppDbContext db, TimeProvider clock, Mailer mailer, ServiceLevelReports reports, ReportWorkbook workbook,
    PdfPrinter printer, IServiceProvider services, ILoggerFactory loggers, IOptions<InteractionOptions> options)
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
            // A day's deliveries go out from the send hour of that day in the company's zone.
            var upTo = local.Hour >= Math.Clamp(o.SendHour, 0, 23) ? today : today.AddDays(-1);
            var chosenOn = item.ChosenAt is { } chosen ? LocalDates.Of(chosen, zone) : today;
            var from = Max(upTo.AddDays(-Math.Max(0, o.CatchUpDays)), chosenOn);
            var meeting = item.Channel == InteractionChannel.Meeting;
            var lead = meeting ? Math.Max(0, o.MeetingLeadDays) : 0;
            // A meeting's date is "due" once its invitation day has come: the dates within the lead window.
            var dates = InteractionSchedule.Occurrences(item.Frequency, item.WorkingDay, item.FirstDate, item.IntervalWeeks, from.AddDays(lead), upTo.AddDays(lead), isWorkingDay);
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
            if (item.Channel == InteractionChannel.Meeting)
            {
                delivery.Period = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                if (!isWorkingDay(date))
                {
                    Hold(delivery, HeldReasons.NonWorkingDay, $"{date:yyyy-MM-dd} is not a working day by the production calendar; no invitation was sent.");
                    return;
                }

                if (recipients.Count == 0)
                {
                    Hold(delivery, HeldReasons.NoRecipients, "The item names no recipients.");
                    return;
                }

                var when = date.ToString(english ? "d MMM yyyy" : "dd.MM.yyyy", culture) + " " + (item.MeetingTime ?? new TimeOnly(10, 0)).ToString("HH:mm", culture);
                var ics = Invitation(item, itemName, companyName, zone, date, recipients);
                delivery.FileName = "invite.ics";
                await mailer.QueueWithAttachmentsAsync(MailTemplateKeys.InteractionDelivery, item.Culture,
                    new InteractionDeliveryModel("", companyName, itemName, when, Meeting: true, null), recipients,
                    [new MailAttachment("invite.ics", "text/calendar; method=REQUEST; charset=utf-8", Encoding.UTF8.GetBytes(ics))], ct);
                delivery.Outcome = DeliveryOutcome.Sent;
                return;
            }

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

    /// <summary>One meeting of the series as an iCalendar request: a stable UID per item and date, so a resend updates the same event.</summary>
    private string Invitation(CompanyInteraction item, string itemName, string companyName, TimeZoneInfo zone, DateOnly date, IReadOnlyList<MailRecipient> recipients)
    {
        var start = LocalDates.StartOf(date, zone).Add((item.MeetingTime ?? new TimeOnly(10, 0)).ToTimeSpan());
        var calendar = new Ical.Net.Calendar { Method = "REQUEST" };
        var meeting = new CalendarEvent
        {
            Uid = $"{item.Id:N}-{date:yyyyMMdd}@onewindow",
            Summary = $"{itemName}: {companyName}",
            DtStart = new CalDateTime(start.UtcDateTime, "UTC"),
            DtEnd = new CalDateTime(start.AddMinutes(item.MeetingMinutes ?? 60).UtcDateTime, "UTC"),
            Sequence = item.Version,
            Organizer = new Organizer("mailto:" + (options.Value.Organizer is { Length: > 0 } organizer ? organizer : "onewindow@localhost")),
        };
        foreach (var to in recipients)
        {
            meeting.Attendees.Add(new Attendee("mailto:" + to.Address) { Rsvp = true, Role = "REQ-PARTICIPANT", ParticipationStatus = "NEEDS-ACTION" });
        }

        calendar.Events.Add(meeting);
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
