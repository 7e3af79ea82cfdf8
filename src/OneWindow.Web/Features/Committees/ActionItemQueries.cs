namespace OneWindow.Web.Features.Committees;

/// <summary>An open committee action item as other features show it (the client 360 card, the client home).</summary>
[FeatureSeam]
public sealed record OpenActionItem(Guid Id, Guid CommitteeId, string Title, DateOnly DueOn, bool Overdue, ActionItemStatus Status, string? Owner, bool ClientSide);

/// <summary>
/// Reading committee action items: the lists of the API and the portal page, and — for other features — a company's
/// open items and a person's open count. Everything goes through the tenancy-filtered set.
/// </summary>
[FeatureSeam]
public sealed class ActionItemQueries(AppDbContext db, TimeProvider clock)
{
    /// <summary>The company's open items (Open, InProgress), soonest first; overdue when <paramref name="today"/> is past the due date.</summary>
    public async Task<IReadOnlyList<OpenActionItem>> OpenForCompanyAsync(Guid companyId, DateOnly today, CancellationToken ct = default)
    {
        var rows = await db.Set<ActionItem>().AsNoTracking()
            .Where(a => a.CompanyId == companyId && (a.Status == ActionItemStatus.Open || a.Status == ActionItemStatus.InProgress))
            .OrderBy(a => a.DueOn)
            .Select(a => new { a.Id, a.CommitteeId, a.Title, a.DueOn, a.Status, Owner = a.Owner != null ? a.Owner.FullName : null, a.Side })
            .ToListAsync(ct);
        return [.. rows.Select(a => new OpenActionItem(a.Id, a.CommitteeId, a.Title, a.DueOn, a.DueOn < today, a.Status, a.Owner, a.Side == CommitteeSide.Client))];
    }

    /// <summary>How many open items the person owns, and how many of them are overdue (by the committee's zone).</summary>
    public async Task<(int Open, int Overdue)> CountForOwnerAsync(Guid ownerId, CancellationToken ct = default)
    {
        var rows = await OpenOf(ownerId).Select(a => new { a.DueOn, Zone = db.Set<Committee>().Where(c => c.Id == a.CommitteeId).Select(c => c.TimeZoneId).FirstOrDefault() })
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        return (rows.Count, rows.Count(r => r.DueOn < ActionItemDesk.LocalToday(now, r.Zone)));
    }

    private IQueryable<ActionItem> OpenOf(Guid ownerId) => db.Set<ActionItem>().AsNoTracking()
        .Where(a => a.OwnerId == ownerId && (a.Status == ActionItemStatus.Open || a.Status == ActionItemStatus.InProgress));

    /// <summary>
    /// The list of the API and the page: the caller's own items first (open ones first, soonest due first), then the
    /// rest; filtered by committee, owner (mine), status and overdue.
    /// </summary>
    public async Task<List<ActionItemDto>> ListAsync(Guid? actorId, Guid? committeeId, bool mine, ActionItemStatus? status, bool overdue, Guid? id, CancellationToken ct)
    {
        var q = db.Set<ActionItem>().AsNoTracking();
        if (id is { } one)
        {
            q = q.Where(a => a.Id == one);
        }

        if (committeeId is { } committee)
        {
            q = q.Where(a => a.CommitteeId == committee);
        }

        if (mine)
        {
            q = q.Where(a => a.OwnerId == actorId);
        }

        if (status is { } s)
        {
            q = q.Where(a => a.Status == s);
        }

        if (overdue)
        {
            q = q.Where(a => a.Status == ActionItemStatus.Open || a.Status == ActionItemStatus.InProgress);
        }

        var rows = await q.OrderBy(a => a.DueOn).Take(1000)
            .Select(a => new
            {
                Item = a,
                Committee = db.Set<Committee>().Where(c => c.Id == a.CommitteeId).Select(c => new { c.Name, c.TimeZoneId }).FirstOrDefault(),
                OwnerName = a.Owner != null ? a.Owner.FullName : "",
            })
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        var list = rows.Select(r =>
        {
            var a = r.Item;
            var open = a.Status is ActionItemStatus.Open or ActionItemStatus.InProgress;
            var late = open && a.DueOn < ActionItemDesk.LocalToday(now, r.Committee?.TimeZoneId);
            return new ActionItemDto(a.Id, a.CommitteeId, r.Committee?.Name ?? "", a.MeetingId, a.DecisionId, a.CompanyId, a.Title, a.Description, a.OwnerId, r.OwnerName,
                a.Side, a.DueWorkingDays, a.DueOn, late, a.Status, a.Outcome, a.ClosedAt, a.CreatedAt, a.Version);
        });
        if (overdue)
        {
            list = list.Where(a => a.Overdue);
        }

        return [.. list.OrderByDescending(a => a.OwnerId == actorId)
            .ThenByDescending(a => a.Status is ActionItemStatus.Open or ActionItemStatus.InProgress)
            .ThenByDescending(a => a.Overdue)
            .ThenBy(a => a.DueOn)];
    }
}
