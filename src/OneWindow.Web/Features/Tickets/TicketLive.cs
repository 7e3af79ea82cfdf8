namespace OneWindow.Web.Features.Tickets;

/// <summary>The live-change topic of one ticket: its page listens, every committed change to it publishes.</summary>
internal static class TicketLive
{
    public static string Topic(Guid ticketId) => "ticket:" + ticketId.ToString("N");
}

/// <summary>
/// After a save commits, tells the open pages of each ticket it changed (the ticket, its messages, events, watchers or
/// attachments), on every instance. New tickets are skipped: no page shows them yet.
/// </summary>
internal sealed class TicketLiveReaction(LiveChanges live) : ISaveChangesReaction
{
    // After the reactions that add rows (events, notifications), so their tickets count too.
    public int Order => 900;

    public Task BeforeSaveAsync(SaveOperation save, CancellationToken ct)
    {
        HashSet<Guid>? changed = null;
        HashSet<Guid>? added = null;
        foreach (var entry in save.Db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            if (entry is { Entity: Ticket fresh, State: EntityState.Added })
            {
                (added ??= []).Add(fresh.Id);
                continue;
            }

            Guid? ticketId = entry.Entity switch
            {
                Ticket t => t.Id,
                TicketMessage m => m.TicketId,
                TicketEvent e => e.TicketId,
                TicketWatcher w => w.TicketId,
                Attachments.TicketAttachment a => a.TicketId,
                _ => null,
            };
            if (ticketId is { } id)
            {
                (changed ??= []).Add(id);
            }
        }

        if (added is not null)
        {
            changed?.ExceptWith(added);
        }

        if (changed is { Count: > 0 })
        {
            save.AfterCommit(() =>
            {
                foreach (var id in changed)
                {
                    live.Publish(TicketLive.Topic(id));
                }
            });
        }

        return Task.CompletedTask;
    }
}
