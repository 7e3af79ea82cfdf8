using OneWindow.Web.Features.Tickets;

namespace OneWindow.Web.Features.Mail;

/// <summary>What people do with mail that needs a person: register or dismiss triaged messages, resend failed notifications.</summary>
public sealed class MailDesk(AppDbContext db, CurrentActor actor, TimeProvider clock, TicketDesk tickets, InboundMailProcessor intake)
{
    /// <summary>
    /// Triage items the caller may see: unmatched mail and mail that failed to process; all for company-wide roles, for
    /// CSMs and Delivery Leads their companies' only.
    /// </summary>
    public static IQueryable<InboundEmail> Triage(AppDbContext db, CurrentActor actor)
    {
        var query = db.InboundEmails.Where(e => e.Outcome == InboundOutcome.Triage || e.Outcome == InboundOutcome.Failed);
        if (!actor.Scope.AllCompanies)
        {
            var scope = actor.Scope.CompanyIds.ToArray();
            query = query.Where(e => e.CompanyId != null && scope.Contains(e.CompanyId.Value));
        }

        return query;
    }

    /// <summary>The active request types a company may file: Tickets' own rule (the services it receives, not suspended).</summary>
    public static IQueryable<RequestType> RequestTypesFor(AppDbContext db, Guid companyId) =>
        db.RequestTypes.Where(t => t.IsActive).AvailableTo(db, companyId);

    /// <summary>Makes a ticket of a triaged email for the contact and request type an agent chose; null when no such open item.</summary>
    public async Task<(InboundEmail? Item, Dictionary<string, string[]> Errors)> RegisterTicketAsync(Guid id, Guid requesterId, Guid requestTypeId, CancellationToken ct)
    {
        var item = await Triage(db, actor).FirstOrDefaultAsync(e => e.Id == id && e.ResolvedAt == null, ct);
        if (item is null)
        {
            return (null, []);
        }

        var subject = string.IsNullOrWhiteSpace(item.Subject) ? item.FromAddress : item.Subject;
        await using var transaction = await db.Database.BeginUnitOfWorkAsync(ct);
        var (ticket, errors) = await tickets.CreateAsync(new NewTicket(requestTypeId, Infrastructure.TextLimit.Truncate(subject, 300),
            Infrastructure.TextLimit.Truncate(string.IsNullOrWhiteSpace(item.Body) ? subject : item.Body, 20000), null, null, TicketChannel.Email, requesterId), ct);
        if (ticket is null)
        {
            return (item, errors);
        }

        item.TicketId = ticket.Id;
        item.CompanyId = ticket.CompanyId;
        var requester = await db.Users.Where(u => u.Id == requesterId).Select(u => u.FullName).FirstAsync(ct);
        await intake.KeepTriagedAttachmentsAsync(item, ticket, requesterId, requester, ct);
        await ResolveAsync(item, ct);
        await transaction.CommitAsync(ct);
        return (item, []);
    }

    public async Task<InboundEmail?> DismissAsync(Guid id, CancellationToken ct)
    {
        var item = await Triage(db, actor).FirstOrDefaultAsync(e => e.Id == id && e.ResolvedAt == null, ct);
        return item is null ? null : await ResolveAsync(item, ct);
    }

    /// <summary>Sends an unsent message again at the next delivery run.</summary>
    public async Task<OutboxMessage?> RetryAsync(Guid id, CancellationToken ct)
    {
        var m = await db.OutboxMessages.FirstOrDefaultAsync(x => x.Id == id && x.Status != OutboxStatus.Sent, ct);
        if (m is null)
        {
            return null;
        }

        m.Status = OutboxStatus.Pending;
        m.NextAttemptAt = clock.GetUtcNow();
        m.Version++;
        await db.SaveChangesAsync(ct);
        return m;
    }

    private async Task<InboundEmail> ResolveAsync(InboundEmail item, CancellationToken ct)
    {
        item.ResolvedAt = clock.GetUtcNow();
        item.ResolvedById = actor.UserId;
        item.Version++;
        await db.SaveChangesAsync(ct);
        return item;
    }
}
