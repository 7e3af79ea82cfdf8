using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using OneWindow.Core.Calendars;
using OneWindow.Core.Committees;
using OneWindow.Web.Features.Mail;

namespace OneWindow.Web.Features.Committees;

/// <summary>A change to one planned meeting: its local date and time, length, place and online link (null keeps the value).</summary>
public sealed record MeetingChangeInput(
    DateOnly? Date = null,
    TimeOnly? Time = null,
    int? Minutes = null,
    [property: MaxLength(300)] string? Place = null,
    [property: MaxLength(1000)] string? OnlineLink = null);

/// <summary>A pre-meeting of the committee's working group: its local date (required), time (the committee's by default), length, place and link.</summary>
public sealed record PreMeetingInput(
    DateOnly? Date,
    TimeOnly? Time = null,
    int? Minutes = null,
    [property: MaxLength(300)] string? Place = null,
    [property: MaxLength(1000)] string? OnlineLink = null);

/// <summary>
/// Committee meetings' one write path: schedules the next meetings from the cadence (on demand: the committee keeps
/// <see cref="PlannedAhead"/> planned meetings ahead, made when a manager asks), reschedules or cancels one, and records
/// attendance. Every new or changed meeting sends its members an iCalendar REQUEST (one event per meeting, a stable UID
/// and a growing SEQUENCE); a cancellation sends a CANCEL with the same UID.
/// </summary>
public sealed class MeetingDesk(AppDbContext db, CurrentActor actor, TimeProvider clock, Mailer mailer, IConfiguration configuration)
{
    /// <summary>How many planned meetings a committee keeps ahead.</summary>
    public const int PlannedAhead = 3;

    public static string Uid(Guid meetingId) => $"{meetingId:N}@onewindow-committee";

    /// <summary>Tops the committee up to <see cref="PlannedAhead"/> planned meetings from today; returns the committee's id with the count made in the detail.</summary>
    public async Task<DeskResult> ScheduleAsync(Guid committeeId, CancellationToken ct)
    {
        if (!CommitteeDesk.CanManage(actor))
        {
            return DeskResult.Refused(CommitteeDesk.NotManager);
        }

        if (await db.Set<Committee>().FirstOrDefaultAsync(c => c.Id == committeeId, ct) is not { } committee)
        {
            return DeskResult.Missing;
        }

        if (!committee.IsActive)
        {
            return DeskResult.Clash("The committee is not active.");
        }

        var zone = Zone(committee.TimeZoneId);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        var meetings = await db.Set<CommitteeMeeting>().Where(m => m.CommitteeId == committeeId && m.Kind == MeetingKind.Committee).ToListAsync(ct);
        var need = PlannedAhead - meetings.Count(m => m.Status == MeetingStatus.Planned && m.Date >= today);
        if (need <= 0)
        {
            return DeskResult.Ok(committee.Id);
        }

        // New meetings come after every meeting there is (moved or cancelled ones included), so a rescheduled meeting's
        // nominal date is not planned a second time.
        var after = meetings.Count == 0 ? today : Max(today, meetings.Max(m => m.Date).AddDays(1));
        var dates = CommitteeSchedule.Dates(committee.Cadence, committee.FirstDate, after, after.AddDays(400), ProductionCalendar.Russia.IsWorkingDay).Take(need);
        var number = meetings.Count == 0 ? 0 : meetings.Max(m => m.Number);
        var made = new List<CommitteeMeeting>();
        foreach (var date in dates)
        {
            var meeting = new CommitteeMeeting
            {
                CommitteeId = committee.Id, Number = ++number, Date = date, Minutes = committee.MeetingMinutes, Place = committee.Place, OnlineLink = committee.OnlineLink,
                PeriodKey = PeriodOf(committee.Cadence, date), StartsAt = StartsAt(date, committee.MeetingTime, zone),
            };
            db.Set<CommitteeMeeting>().Add(meeting);
            made.Add(meeting);
        }

        foreach (var meeting in made)
        {
            await InviteAsync(committee, meeting, zone, committee.MeetingTime, cancel: false, ct);
        }

        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(committee.Id);
    }

    public async Task<DeskResult> RescheduleAsync(Guid meetingId, MeetingChangeInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!CommitteeDesk.CanManage(actor))
        {
            return DeskResult.Refused(CommitteeDesk.NotManager);
        }

        if (await db.Set<CommitteeMeeting>().Include(m => m.Committee).FirstOrDefaultAsync(m => m.Id == meetingId, ct) is not { Committee: { } committee } meeting)
        {
            return DeskResult.Missing;
        }

        var errors = Check(input);
        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        if (meeting.Status != MeetingStatus.Planned)
        {
            return DeskResult.Clash("Only a planned meeting can be changed.");
        }

        var zone = Zone(committee.TimeZoneId);
        var time = input.Time ?? TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(meeting.StartsAt, zone).DateTime);
        meeting.Date = input.Date ?? meeting.Date;
        meeting.StartsAt = StartsAt(meeting.Date, time, zone);
        meeting.Minutes = input.Minutes ?? meeting.Minutes;
        if (input.Place is not null)
        {
            meeting.Place = string.IsNullOrWhiteSpace(input.Place) ? null : input.Place.Trim();
        }

        if (input.OnlineLink is not null)
        {
            meeting.OnlineLink = string.IsNullOrWhiteSpace(input.OnlineLink) ? null : input.OnlineLink.Trim();
        }

        await InviteAsync(committee, meeting, zone, time, cancel: false, ct);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(meeting.Id);
    }

    /// <summary>
    /// A pre-meeting of the committee's working group, where routine issues are settled before the committee (issue 14,
    /// Deliver 3): invited like a meeting, numbered on its own; the cadence's schedule ignores it.
    /// </summary>
    public async Task<DeskResult> SchedulePreMeetingAsync(Guid committeeId, PreMeetingInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!CommitteeDesk.CanManage(actor))
        {
            return DeskResult.Refused(CommitteeDesk.NotManager);
        }

        if (await db.Set<Committee>().FirstOrDefaultAsync(c => c.Id == committeeId, ct) is not { } committee)
        {
            return DeskResult.Missing;
        }

        var errors = Check(new MeetingChangeInput(input.Date, input.Time, input.Minutes, input.Place, input.OnlineLink));
        if (input.Date is null)
        {
            errors["date"] = ["The pre-meeting's date is required."];
        }

        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        if (!committee.IsActive)
        {
            return DeskResult.Clash("The committee is not active.");
        }

        var zone = Zone(committee.TimeZoneId);
        var time = input.Time ?? committee.MeetingTime;
        var date = input.Date!.Value;
        var number = await db.Set<CommitteeMeeting>().Where(m => m.CommitteeId == committeeId && m.Kind == MeetingKind.PreMeeting).MaxAsync(m => (int?)m.Number, ct) ?? 0;
        var meeting = new CommitteeMeeting
        {
            CommitteeId = committee.Id, Kind = MeetingKind.PreMeeting, Number = number + 1, Date = date, Minutes = input.Minutes ?? 60,
            Place = string.IsNullOrWhiteSpace(input.Place) ? committee.Place : input.Place.Trim(),
            OnlineLink = string.IsNullOrWhiteSpace(input.OnlineLink) ? committee.OnlineLink : input.OnlineLink.Trim(),
            PeriodKey = PeriodOf(committee.Cadence, date), StartsAt = StartsAt(date, time, zone),
        };
        db.Set<CommitteeMeeting>().Add(meeting);
        await InviteAsync(committee, meeting, zone, time, cancel: false, ct);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(meeting.Id);
    }

    private static Dictionary<string, string[]> Check(MeetingChangeInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.Date is { } d && (d < CommitteeDesk.MinDate || d > CommitteeDesk.MaxDate))
        {
            errors["date"] = ["A date from 2000 to 2100."];
        }

        if (input.Minutes is { } minutes && minutes is < 15 or > 480)
        {
            errors["minutes"] = ["A meeting lasts 15 to 480 minutes."];
        }

        if (input.Place is { Length: > 300 })
        {
            errors["place"] = ["At most 300 characters."];
        }

        if (input.OnlineLink is { Length: > 0 } link && (link.Length > 1000 || !Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            errors["onlineLink"] = ["An http(s) link of at most 1000 characters."];
        }

        return errors;
    }

    public async Task<DeskResult> CancelAsync(Guid meetingId, CancellationToken ct)
    {
        if (!CommitteeDesk.CanManage(actor))
        {
            return DeskResult.Refused(CommitteeDesk.NotManager);
        }

        if (await db.Set<CommitteeMeeting>().Include(m => m.Committee).FirstOrDefaultAsync(m => m.Id == meetingId, ct) is not { Committee: { } committee } meeting)
        {
            return DeskResult.Missing;
        }

        if (meeting.Status != MeetingStatus.Planned)
        {
            return DeskResult.Clash("Only a planned meeting can be cancelled.");
        }

        meeting.Status = MeetingStatus.Cancelled;
        var zone = Zone(committee.TimeZoneId);
        await InviteAsync(committee, meeting, zone, TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(meeting.StartsAt, zone).DateTime), cancel: true, ct);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(meeting.Id);
    }

    /// <summary>The report period a meeting's pack covers: the last closed quarter for a quarterly committee, else the last closed month.</summary>
    public static string PeriodOf(CommitteeCadence cadence, DateOnly date) =>
        ReportPeriod.Of(cadence == CommitteeCadence.Quarterly ? PeriodUnit.Quarter : PeriodUnit.Month, date).Previous.Key;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    internal static TimeZoneInfo Zone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    internal static DateTimeOffset StartsAt(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        // A local time skipped by a clock change does not exist; an hour later does.
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    /// <summary>Queues the meeting's iCalendar REQUEST (or CANCEL) to every member, in each member's language, and raises its SEQUENCE.</summary>
    private async Task InviteAsync(Committee committee, CommitteeMeeting meeting, TimeZoneInfo zone, TimeOnly time, bool cancel, CancellationToken ct)
    {
        var changed = meeting.InviteSequence > 0;
        meeting.InviteSequence++;
        var members = await db.Set<CommitteeMember>().Where(m => m.CommitteeId == committee.Id)
            .Select(m => new { m.Person!.Email, m.Person.FullName, m.Person.Culture, m.Person.IsActive }).ToListAsync(ct);
        var recipients = members.Where(m => m.IsActive && !string.IsNullOrWhiteSpace(m.Email)).ToList();
        if (recipients.Count == 0)
        {
            return;
        }

        var ics = Calendar(committee, meeting, zone, time, [.. recipients.Select(r => r.Email!)], cancel);
        var attachment = new MailAttachment(cancel ? "cancel.ics" : "invite.ics", $"text/calendar; method={(cancel ? "CANCEL" : "REQUEST")}; charset=utf-8",
            Encoding.UTF8.GetBytes(ics));
        foreach (var group in recipients.GroupBy(r => r.Culture is not null && r.Culture.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "ru"))
        {
            var culture = CultureInfo.GetCultureInfo(group.Key);
            var when = meeting.Date.ToString(group.Key == "en" ? "d MMM yyyy" : "dd.MM.yyyy", culture) + ", " + time.ToString("HH:mm", culture) + " (" + committee.TimeZoneId + ")";
            foreach (var to in group)
            {
                await mailer.QueueWithAttachmentsAsync(MailTemplateKeys.CommitteeInvitation, group.Key,
                    new CommitteeInvitationModel(to.FullName, committee.Name, meeting.Number, when, meeting.Place, meeting.OnlineLink, changed, cancel),
                    [new MailRecipient(to.Email!, to.FullName)], [attachment], ct);
            }
        }
    }

    /// <summary>One meeting as one iCalendar event in the committee's zone; the UID is the meeting's, the SEQUENCE its invitation count.</summary>
    private string Calendar(Committee committee, CommitteeMeeting meeting, TimeZoneInfo zone, TimeOnly time, IReadOnlyList<string> attendees, bool cancel)
    {
        var start = new CalDateTime(meeting.Date.ToDateTime(time), zone.Id);
        var calendar = new Ical.Net.Calendar { Method = cancel ? "CANCEL" : "REQUEST" };
        calendar.AddTimeZone(zone.Id);
        var organizer = configuration["Interaction:Organizer"] is { Length: > 0 } o ? o : configuration["Mail:Smtp:From"] is { Length: > 0 } f ? f : "onewindow@localhost";
        var meetingEvent = new CalendarEvent
        {
            Uid = Uid(meeting.Id),
            Summary = meeting.Kind == MeetingKind.PreMeeting ? $"{committee.Name} — предварительная встреча №{meeting.Number}" : $"{committee.Name} — №{meeting.Number}",
            DtStart = start,
            DtEnd = start.AddMinutes(meeting.Minutes),
            Sequence = meeting.InviteSequence,
            Status = cancel ? "CANCELLED" : "CONFIRMED",
            Location = meeting.Place,
            Description = meeting.OnlineLink,
            Organizer = new Organizer("mailto:" + organizer),
        };
        if (meeting.OnlineLink is { } link && Uri.TryCreate(link, UriKind.Absolute, out var url))
        {
            meetingEvent.Url = url;
        }

        foreach (var to in attendees)
        {
            meetingEvent.Attendees.Add(new Attendee("mailto:" + to) { Rsvp = !cancel, Role = "REQ-PARTICIPANT", ParticipationStatus = "NEEDS-ACTION" });
        }

        calendar.Events.Add(meetingEvent);
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
