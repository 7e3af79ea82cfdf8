using Microsoft.EntityFrameworkCore;
using OneWindow.Core.Tickets;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Tickets;
using OneWindow.Web.Data.Tenancy;

namespace OneWindow.Web.Features.Notifications;

/// <summary>
/// Turns the ticket events of a save into in-app notifications, whatever made them (people, mail intake, jobs).
/// Clients hear of public events on their requests; the assignee and SSC watchers hear of what needs them; an SLA/OLA
/// escalation tells exactly the people its level names. The actor is never notified of their own change.
/// </summary>
internal static class NotificationPlanner
{
    public static async Task PlanAsync(AppDbContext db, CurrentActor actor, DateTimeOffset now, CancellationToken ct)
    {
        var events = db.ChangeTracker.Entries<TicketEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (events.Count == 0)
        {
            return;
        }

        foreach (var group in events.GroupBy(e => e.TicketId))
        {
            var ticket = db.ChangeTracker.Entries<Ticket>().Select(e => e.Entity).FirstOrDefault(t => t.Id == group.Key)
                ?? await db.Tickets.IgnoreQueryFilters().FirstOrDefaultAsync(t => t.Id == group.Key, ct);
            if (ticket is null)
            {
                continue;
            }

            var watchers = await db.TicketWatchers.IgnoreQueryFilters().Where(w => w.TicketId == ticket.Id)
                .Join(db.Users.IgnoreQueryFilters(), w => w.UserId, u => u.Id, (w, u) => new { u.Id, Client = u.CompanyId != null })
                .ToListAsync(ct);
            foreach (var e in group)
            {
                var recipients = new HashSet<Guid>();
                string? data = null;
                void Client()
                {
                    if (ticket.RequesterId is { } r)
                    {
                        recipients.Add(r);
                    }

                    recipients.UnionWith(watchers.Where(w => w.Client).Select(w => w.Id));
                }

                void Ssc()
                {
                    if (ticket.AssigneeId is { } a)
                    {
                        recipients.Add(a);
                    }

                    recipients.UnionWith(watchers.Where(w => !w.Client).Select(w => w.Id));
                }

                switch (e.Kind)
                {
                    case TicketEventKind.StatusChanged:
                    case TicketEventKind.Merged:
                        Client();
                        Ssc();
                        break;
                    case TicketEventKind.Replied:
                    case TicketEventKind.CallLogged:
                        Client();
                        break;
                    case TicketEventKind.ClientReplied:
                    case TicketEventKind.NoteAdded:
                        Ssc();
                        break;
                    case TicketEventKind.Assigned when ticket.AssigneeId is { } assignee:
                        recipients.Add(assignee);
                        break;
                    case TicketEventKind.Forwarded:
                        recipients.UnionWith(watchers.Where(w => !w.Client).Select(w => w.Id));
                        break;
                    case TicketEventKind.ClockWarning:
                    case TicketEventKind.ClockBreached:
                        // The escalation level chose its people (assignee, team lead, CSM…); watchers are not asked.
                        if (ServiceLevels.ClockAlerts.ReadData(e.Data) is { } alert)
                        {
                            recipients.UnionWith(alert.Recipients);
                            data = ServiceLevels.ClockAlerts.NoticeJson(alert);
                        }

                        break;
                }

                recipients.Remove(actor.UserId ?? Guid.Empty);
                foreach (var user in recipients)
                {
                    db.Set<Notification>().Add(new Notification
                    {
                        UserId = user,
                        CompanyId = ticket.CompanyId,
                        TicketId = ticket.Id,
                        TicketNumber = ticket.Number,
                        Subject = ticket.Subject.Length > 300 ? ticket.Subject[..300] : ticket.Subject,
                        Kind = e.Kind,
                        Status = e.ToStatus,
                        ActorName = e.ActorName,
                        CreatedAt = now,
                        Data = data,
                    });
                }
            }
        }
    }
}
