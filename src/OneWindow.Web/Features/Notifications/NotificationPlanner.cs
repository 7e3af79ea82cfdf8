using OneWindow.Web.Features.Tickets;

namespace OneWindow.Web.Features.Notifications;

/// <summary>
/// Turns the ticket events of a save into in-app notifications, whatever made them (people, mail intake, jobs).
/// Clients hear of public events on their requests; the assignee and SSC watchers hear of what needs them; an SLA/OLA
/// escalation tells exactly the people its level names. The actor is never notified of their own change.
/// </summary>
internal static class NotificationPlanner
{
    private sealed record Watcher(Guid Id, bool Client);

    public static async Task PlanAsync(AppDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        // Escalations choose their own people and notify them through Notices; everything else is planned here.
        var events = db.ChangeTracker.Entries<TicketEvent>()
            .Where(e => e.State == EntityState.Added && e.Entity.Kind is not (TicketEventKind.ClockWarning or TicketEventKind.ClockBreached))
            .Select(e => e.Entity).ToList();
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

            // A ticket being created has no stored watchers yet (the ones added with it are not written either).
            var watchers = db.Entry(ticket).State == EntityState.Added ? [] : await db.TicketWatchers.IgnoreQueryFilters().Where(w => w.TicketId == ticket.Id)
                .Join(db.Users.IgnoreQueryFilters(), w => w.UserId, u => u.Id, (w, u) => new Watcher(u.Id, u.CompanyId != null))
                .ToListAsync(ct);
            foreach (var e in group)
            {
                var recipients = new HashSet<Guid>();
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
                }

                Notices.AboutTicket(db, ticket, e.Kind, recipients, now, e.ActorName, e.ToStatus);
            }
        }
    }
}
