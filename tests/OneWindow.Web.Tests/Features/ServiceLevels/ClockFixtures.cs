using Microsoft.EntityFrameworkCore;
using OneWindow.Core.ServiceLevels;
using OneWindow.Core.Tickets;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Clients;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Features.Tickets;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.ServiceLevels;

/// <summary>
/// The demo people a clock of company A escalates to: the assignee (an agent), the lead of the ticket's team, the company's
/// CSM and its service manager for accounts payable (the ticket's service); the round-the-clock demo calendar.
/// </summary>
public sealed record ClockPeople(Guid CompanyId, Guid RequesterId, Guid AgentId, Guid TeamId, Guid TeamLeadId, Guid CsmId, Guid ServiceId,
    Guid ServiceManagerId, Guid CalendarId);

/// <summary>Arranges agreements, tickets and their clocks straight in the database, as the clock keeper would leave them.</summary>
public static class ClockFixtures
{
    /// <summary>The default levels plus one past the breach for the people assigned to the company.</summary>
    public static readonly IReadOnlyList<EscalationLevel> Levels =
    [
        new(75, [EscalationRecipient.Assignee]),
        new(90, [EscalationRecipient.Assignee, EscalationRecipient.TeamLead]),
        new(100, [EscalationRecipient.Assignee, EscalationRecipient.TeamLead, EscalationRecipient.ClientSuccessManager]),
        new(150, [EscalationRecipient.ServiceManager, EscalationRecipient.DeliveryLead]),
    ];

    public const string MetricName = "Время решения";

    public static async Task<ClockPeople> PeopleAsync(AppDbContext db)
    {
        var company = await db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync();
        Task<Guid> User(string email) => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var lead = await User(Demo.TeamLead);
        var manager = await db.ClientAssignments.Where(a => a.CompanyId == company && a.Role == AssignmentRole.ServiceManager && a.ServiceId != null)
            .Select(a => new { a.UserId, ServiceId = a.ServiceId!.Value }).FirstAsync();
        return new ClockPeople(
            company,
            await User(Demo.ClientA),
            await User(Demo.Agent),
            await db.Teams.Where(t => t.LeadId == lead).Select(t => t.Id).FirstAsync(),
            lead,
            await User(Demo.Csm),
            manager.ServiceId,
            manager.UserId,
            await db.Calendars.Where(c => c.WeeklyHours == "Mon-Sun 00:00-24:00").Select(c => c.Id).FirstAsync());
    }

    /// <summary>An agreed SLA with one resolution metric on the 24/7 calendar, escalating at <paramref name="levels"/>.</summary>
    public static async Task<AgreementMetric> MetricAsync(AppDbContext db, ClockPeople people, IReadOnlyList<EscalationLevel> levels, int targetMinutes)
    {
        var version = new AgreementVersion
        {
            CompanyId = people.CompanyId,
            Number = 1,
            ValidFrom = new DateOnly(2024, 1, 1),
            Status = AgreementStatus.Agreed,
            ApprovedAt = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
            CalendarId = people.CalendarId,
            Escalations = EscalationPolicy.ToJson(levels),
        };
        var metric = new AgreementMetric
        {
            CompanyId = people.CompanyId,
            Side = MetricSide.Sla,
            Kind = MetricKind.TicketTimer,
            Name = MetricName,
            Timer = TimerKind.Resolution,
            TargetMinutes = targetMinutes,
        };
        version.Metrics.Add(metric);
        db.Agreements.Add(new Agreement { CompanyId = people.CompanyId, Name = "SLA " + Guid.NewGuid().ToString("N")[..8], Versions = [version] });
        await db.SaveChangesAsync();
        return metric;
    }

    /// <summary>
    /// A ticket of company A assigned to the agent in the team lead's team, and its resolution clock as last computed at
    /// <paramref name="computedAt"/> with <paramref name="elapsed"/> on it; NextAlertAt as the clock keeper would set it.
    /// </summary>
    public static (Ticket Ticket, TicketClock Clock) Clock(ClockPeople people, AgreementMetric metric, IReadOnlyList<EscalationLevel> levels, ClockState state,
        TimeSpan elapsed, DateTimeOffset computedAt)
    {
        var ticket = new Ticket
        {
            Number = "OW-2099-" + Random.Shared.Next(100000, 999999),
            CompanyId = people.CompanyId,
            ServiceId = people.ServiceId,
            Subject = "Счёт поставщика " + Guid.NewGuid().ToString("N")[..6],
            Description = "Провести счёт",
            Status = TicketStatus.InProgress,
            TeamId = people.TeamId,
            AssigneeId = people.AgentId,
            RequesterId = people.RequesterId,
            TrackingToken = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")[..8],
            LastActivityAt = computedAt,
        };
        var clock = new TicketClock
        {
            Ticket = ticket,
            CompanyId = people.CompanyId,
            ServiceId = people.ServiceId,
            MetricId = metric.Id,
            VersionId = metric.VersionId,
            CalendarId = people.CalendarId,
            Side = metric.Side,
            Timer = metric.Timer!.Value,
            Priority = ticket.Priority,
            TargetMinutes = metric.TargetMinutes!.Value,
            State = state,
            ElapsedSeconds = (long)elapsed.TotalSeconds,
            StartedAt = computedAt - elapsed,
            ComputedAt = computedAt,
        };
        clock.NextAlertAt = ClockAlerts.NextAlertAt(clock, BusinessCalendar.TwentyFourSeven("Europe/Moscow"), levels, new HashSet<int>());
        return (ticket, clock);
    }
}
