using OneWindow.Web.Features.Attachments;

namespace OneWindow.Web.Features.Tickets;

/// <summary>Ticket counts as the ticket list answers them for one company: open, open with a breached SLA clock, waiting for the client.</summary>
[FeatureSeam]
public sealed record TicketCounts(int Open, int OpenBreached, int WaitingForClient);

/// <summary>What other features and pages ask of tickets: which ones a person may see, and one ticket as they see it.</summary>
[FeatureSeam]
public static class TicketQueries
{
    /// <summary>
    /// Beyond tenancy: a client user sees the tickets they requested; a client executive sees the company's.
    /// SSC staff see every ticket of the companies in their scope.
    /// </summary>
    public static IQueryable<Ticket> VisibleTo(this IQueryable<Ticket> query, CurrentActor actor) =>
        actor.IsClient && !actor.Principal.IsInRole(Roles.ClientExecutive) ? query.Where(t => t.RequesterId == actor.UserId) : query;

    /// <summary>
    /// One ticket as the actor may see it, or null when they may not. Visibility is checked once, by the first query;
    /// the rest read by the ticket's id. Five queries whatever the size of the conversation: (1) the ticket with its
    /// summary (company, type, team, people, SLA due), (2) its timeline, (3) its messages, (4) its files, (5) its clocks.
    /// Clients see the public timeline, the conversation without internal notes, and the files of what they may read.
    /// </summary>
    public static async Task<TicketDto?> LoadAsync(AppDbContext db, CurrentActor actor, Guid id, string baseUrl, CancellationToken ct) =>
        await LoadAsync(db, actor, id, baseUrl, created: false, ct);

    /// <summary>
    /// A ticket this context has just created and saved, as <see cref="LoadAsync(AppDbContext, CurrentActor, Guid, string, CancellationToken)"/>
    /// shows it — its whole history (events, messages, files) is still tracked here, so only the summary and the clocks
    /// are read back: the 201 answer of a create costs two queries, not five.
    /// </summary>
    public static async Task<TicketDto?> LoadCreatedAsync(AppDbContext db, CurrentActor actor, Guid id, string baseUrl, CancellationToken ct) =>
        await LoadAsync(db, actor, id, baseUrl, created: true, ct);

    private static async Task<TicketDto?> LoadAsync(AppDbContext db, CurrentActor actor, Guid id, string baseUrl, bool created, CancellationToken ct)
    {
        var now = db.Clock.GetUtcNow();
        var head = await db.Tickets.AsNoTracking().VisibleTo(actor).Where(t => t.Id == id).Select(Head(db, now)).FirstOrDefaultAsync(ct);
        if (head is null)
        {
            return null;
        }

        var client = actor.IsClient;
        var timeline = created
            ? [.. db.ChangeTracker.Entries<TicketEvent>().Select(e => e.Entity).Where(e => e.TicketId == id && (!client || e.IsPublic))
                .OrderBy(e => e.At).ThenBy(e => e.Id)
                .Select(e => new EventRow(e.Id, e.At, e.Kind, e.ActorName, e.FromStatus, e.ToStatus, e.Data, e.IsPublic))]
            : await db.TicketEvents.AsNoTracking()
                .Where(e => e.TicketId == id && (!client || e.IsPublic))
                .OrderBy(e => e.At).ThenBy(e => e.Id)
                .Select(e => new EventRow(e.Id, e.At, e.Kind, e.ActorName, e.FromStatus, e.ToStatus, e.Data, e.IsPublic))
                .ToListAsync(ct);
        var messages = created
            ? [.. db.ChangeTracker.Entries<TicketMessage>().Select(e => e.Entity).Where(m => m.TicketId == id && (!client || m.Kind != MessageKind.InternalNote))
                .OrderBy(m => m.CreatedAt)
                .Select(m => new TicketMessageDto(m.Id, m.Kind, m.AuthorName, m.Body, m.CreatedAt, m.CallAt, m.CallWith))]
            : await db.TicketMessages.AsNoTracking()
                .Where(m => m.TicketId == id && (!client || m.Kind != MessageKind.InternalNote))
                .OrderBy(m => m.CreatedAt)
                .Select(m => new TicketMessageDto(m.Id, m.Kind, m.AuthorName, m.Body, m.CreatedAt, m.CallAt, m.CallWith))
                .ToListAsync(ct);
        var files = created
            ? [.. db.ChangeTracker.Entries<TicketAttachment>().Select(e => e.Entity).Where(a => a.TicketId == id && (!client || a.IsPublic)).OrderBy(a => a.CreatedAt)]
            : await db.TicketAttachments.AsNoTracking()
                .Where(a => a.TicketId == id && (!client || a.IsPublic))
                .OrderBy(a => a.CreatedAt)
                .ToListAsync(ct);
        var clocks = await db.TicketClocks.AsNoTracking()
            .Where(c => c.TicketId == id)
            .OrderBy(c => c.Side).ThenBy(c => c.Timer).ThenBy(c => c.Episode)
            .Select(c => new { Clock = c, Metric = c.Metric!.Name })
            .ToListAsync(ct);

        return new TicketDto(head.Summary, head.Description, JsonDocument.Parse(head.FieldValues).RootElement,
            head.Tags.Split(' ', StringSplitOptions.RemoveEmptyEntries), $"{baseUrl.TrimEnd('/')}/track/{head.TrackingToken}",
            [.. timeline.Select(e => new TicketEventDto(e.Id, e.At, e.Kind, e.ActorName, e.FromStatus, e.ToStatus, JsonDocument.Parse(e.Data).RootElement, e.IsPublic))],
            messages,
            [.. files.Select(TicketAttachmentEndpoints.ToDto)])
        {
            Clocks = [.. clocks.Select(x => new TicketClockDto(x.Clock.MetricId, x.Metric, x.Clock.Side, x.Clock.Timer, x.Clock.Episode, x.Clock.StateAt(now),
                x.Clock.TargetMinutes, x.Clock.StartedAt, x.Clock.DueAt, x.Clock.BreachedAt, x.Clock.StoppedAt, x.Clock.ComputedAt))],
        };
    }

    /// <summary>
    /// How many tickets the list would count for a company (null: all the actor sees): <c>view=open</c>, <c>view=open&amp;sla=breached</c>
    /// and <c>view=waiting</c> of GET /api/v1/tickets, with the list's visibility and count cap.
    /// </summary>
    public static async Task<TicketCounts> CountAsync(AppDbContext db, CurrentActor actor, Guid? companyId, CancellationToken ct)
    {
        var now = db.Clock.GetUtcNow();
        async Task<int> CountView(string view, SlaFilter sla)
        {
            var query = await TicketList.QueryAsync(db, actor, Filter(view, companyId, sla), null, now, TimeZoneInfo.Utc, personalViewsHideClosed: false, ct);
            return await query.Take(TicketList.CountCap).CountAsync(ct);
        }

        return new TicketCounts(await CountView("open", SlaFilter.Any), await CountView("open", SlaFilter.Breached), await CountView("waiting", SlaFilter.Any));
    }

    /// <summary>The first <paramref name="take"/> tickets of a list view ("open", "waiting"…) as the list shows them, latest activity first.</summary>
    public static async Task<List<TicketSummaryDto>> ListAsync(AppDbContext db, CurrentActor actor, string view, Guid? companyId, int take, CancellationToken ct)
    {
        var now = db.Clock.GetUtcNow();
        var query = await TicketList.QueryAsync(db, actor, Filter(view, companyId, SlaFilter.Any), null, now, TimeZoneInfo.Utc, personalViewsHideClosed: true, ct);
        return await query.Sort(db, []).Take(take).Select(TicketList.ToSummary(now)).ToListAsync(ct);
    }

    private static TicketListFilter Filter(string view, Guid? companyId, SlaFilter sla) =>
        new(view, [], [], companyId, null, null, false, null, null, null, null, sla);

    private sealed record EventRow(long Id, DateTimeOffset At, TicketEventKind Kind, string? ActorName, TicketStatus? FromStatus, TicketStatus? ToStatus, string Data, bool IsPublic);

    private sealed record TicketHead(TicketSummaryDto Summary, string Description, string FieldValues, string Tags, string TrackingToken);

    /// <summary>The list's summary projection and the ticket's own details, read from the one row in one query.</summary>
    private static Expression<Func<Ticket, TicketHead>> Head(AppDbContext db, DateTimeOffset now)
    {
        var summary = TicketList.ToSummary(now);
        var t = summary.Parameters[0];
        var body = Expression.New(typeof(TicketHead).GetConstructors()[0], summary.Body,
            Expression.Property(t, nameof(Ticket.Description)), Expression.Property(t, nameof(Ticket.FieldValues)),
            Expression.Property(t, nameof(Ticket.Tags)), Expression.Property(t, nameof(Ticket.TrackingToken)));
        return Expression.Lambda<Func<Ticket, TicketHead>>(body, t);
    }
}
