using Microsoft.AspNetCore.Mvc;

namespace OneWindow.Web.Features.Tickets;

/// <summary>
/// The ticket list's filters as sent in the query string (shared by GET /api/v1/tickets, its XLSX export and the /tickets
/// page's URL); strings so that bad values become field errors naming the parameter. Status and priority repeat or take
/// comma-separated values; assigneeId also takes "unassigned"; createdFrom/createdTo are days in the viewer's zone.
/// </summary>
public sealed record TicketListParameters(
    [property: FromQuery(Name = "view")] string? View,
    [property: FromQuery(Name = "status")] string[]? Status,
    [property: FromQuery(Name = "priority")] string[]? Priority,
    [property: FromQuery(Name = "companyId")] string? CompanyId,
    [property: FromQuery(Name = "teamId")] string? TeamId,
    [property: FromQuery(Name = "assigneeId")] string? AssigneeId,
    [property: FromQuery(Name = "requestTypeId")] string? RequestTypeId,
    [property: FromQuery(Name = "serviceId")] string? ServiceId,
    [property: FromQuery(Name = "createdFrom")] string? CreatedFrom,
    [property: FromQuery(Name = "createdTo")] string? CreatedTo,
    [property: FromQuery(Name = "sla")] string? Sla);

public enum SlaFilter
{
    Any = 0,
    /// <summary>A running SLA clock falls due within <see cref="TicketList.AtRiskWindow"/>.</summary>
    AtRisk = 1,
    /// <summary>An SLA clock has exceeded its target (running past due or stopped breached).</summary>
    Breached = 2,
}

public sealed record TicketListFilter(
    string? View, IReadOnlyList<TicketStatus> Statuses, IReadOnlyList<TicketPriority> Priorities, Guid? CompanyId, Guid? TeamId,
    Guid? AssigneeId, bool Unassigned, Guid? RequestTypeId, Guid? ServiceId, DateOnly? CreatedFrom, DateOnly? CreatedTo, SlaFilter Sla);

/// <summary>One query for every ticket list: the views, the filters, search, the SLA due column and sorting, in SQL.</summary>
public static class TicketList
{
    /// <summary>
    /// A clock's share of its target used is not stored (elapsed time is business time, projected by the clock keeper), so
    /// "at risk" is the cheap proxy: due within this window.
    /// </summary>
    public static readonly TimeSpan AtRiskWindow = TimeSpan.FromHours(2);

    public static readonly string[] Views = ["all", "recent", "mine", "team", "unassigned", "waiting", "open"];

    public static readonly string[] SortKeys = ["number", "createdAt", "lastActivityAt", "priority", "status", "slaDue"];

    /// <summary>Ticket lists count their matches up to this many; beyond it the total is "at least" (Page.TotalIsLowerBound).</summary>
    public const int CountCap = 10_000;

    /// <summary>
    /// A search counts to 1,000: a common word matches a good part of a desk's history, no index orders matches for a
    /// count, so each one counted is a row tested — and nobody pages through a thousand search results.
    /// </summary>
    public const int SearchCountCap = 1_000;

    /// <summary>How far a list with this search counts its matches.</summary>
    public static int CountCapFor(string? search) => string.IsNullOrWhiteSpace(search) ? CountCap : SearchCountCap;

    public static bool TryParse(TicketListParameters p, Dictionary<string, string[]> errors, out TicketListFilter filter)
    {
        var view = string.IsNullOrWhiteSpace(p.View) ? null : p.View.Trim();
        if (view is not null && !Views.Contains(view))
        {
            errors["view"] = ["view must be one of: " + string.Join(", ", Views) + "."];
        }

        var statuses = Enums<TicketStatus>(p.Status, "status", errors);
        var priorities = Enums<TicketPriority>(p.Priority, "priority", errors);
        var company = Id(p.CompanyId, "companyId", errors);
        var team = Id(p.TeamId, "teamId", errors);
        var unassigned = string.Equals(p.AssigneeId?.Trim(), "unassigned", StringComparison.OrdinalIgnoreCase);
        var assignee = unassigned ? null : Id(p.AssigneeId, "assigneeId", errors);
        var type = Id(p.RequestTypeId, "requestTypeId", errors);
        var service = Id(p.ServiceId, "serviceId", errors);
        var from = Day(p.CreatedFrom, "createdFrom", errors);
        var to = Day(p.CreatedTo, "createdTo", errors);
        if (from is { } f && to is { } t && t < f)
        {
            errors["createdTo"] = ["createdTo must not be before createdFrom."];
        }

        var sla = SlaFilter.Any;
        switch (p.Sla?.Trim())
        {
            case null or "" or "any":
                break;
            case var s when s.Equals("atRisk", StringComparison.OrdinalIgnoreCase):
                sla = SlaFilter.AtRisk;
                break;
            case var s when s.Equals("breached", StringComparison.OrdinalIgnoreCase):
                sla = SlaFilter.Breached;
                break;
            default:
                errors["sla"] = ["sla must be atRisk or breached."];
                break;
        }

        filter = new TicketListFilter(view, statuses, priorities, company, team, assignee, unassigned, type, service, from, to, sla);
        return errors.Count == 0;
    }

    /// <summary>
    /// Applies visibility, the view, the filters and search. <paramref name="personalViewsHideClosed"/>: the page's
    /// "mine" and "team" views leave closed tickets out; the API's never did, and keeps its contract.
    /// </summary>
    public static async Task<IQueryable<Ticket>> QueryAsync(AppDbContext db, CurrentActor actor, TicketListFilter f, string? search,
        DateTimeOffset now, TimeZoneInfo zone, bool personalViewsHideClosed, CancellationToken ct)
    {
        var query = db.Tickets.AsNoTracking().VisibleTo(actor);
        switch (f.View)
        {
            case null or "all" or "recent":
                break;
            case "mine":
                query = actor.IsClient ? query.Where(t => t.RequesterId == actor.UserId) : query.Where(t => t.AssigneeId == actor.UserId);
                if (personalViewsHideClosed)
                {
                    query = query.Where(t => t.Status != TicketStatus.Closed);
                }

                break;
            case "team":
                var team = await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.TeamId).FirstOrDefaultAsync(ct);
                query = query.Where(t => t.TeamId == team && team != null);
                if (personalViewsHideClosed)
                {
                    query = query.Where(t => t.Status != TicketStatus.Closed);
                }

                break;
            case "unassigned":
                query = query.Where(t => t.AssigneeId == null && t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed);
                break;
            case "waiting":
                query = query.Where(t => t.Status == TicketStatus.WaitingForClient);
                break;
            case "open":
                query = query.Where(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed);
                break;
        }

        if (f.Statuses.Count > 0)
        {
            var statuses = f.Statuses.ToList();
            query = query.Where(t => statuses.Contains(t.Status));
        }

        if (f.Priorities.Count > 0)
        {
            var priorities = f.Priorities.ToList();
            query = query.Where(t => priorities.Contains(t.Priority));
        }

        if (f.CompanyId is { } c)
        {
            query = query.Where(t => t.CompanyId == c);
        }

        if (f.TeamId is { } tm)
        {
            query = query.Where(t => t.TeamId == tm);
        }

        if (f.Unassigned)
        {
            query = query.Where(t => t.AssigneeId == null);
        }
        else if (f.AssigneeId is { } a)
        {
            query = query.Where(t => t.AssigneeId == a);
        }

        if (f.RequestTypeId is { } rt)
        {
            query = query.Where(t => t.RequestTypeId == rt);
        }

        if (f.ServiceId is { } sv)
        {
            query = query.Where(t => t.ServiceId == sv);
        }

        if (f.CreatedFrom is { } from)
        {
            var start = ViewerTime.StartOfDay(from.ToDateTime(TimeOnly.MinValue), zone);
            query = query.Where(t => t.CreatedAt >= start);
        }

        if (f.CreatedTo is { } to)
        {
            var end = ViewerTime.StartOfDay(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
            query = query.Where(t => t.CreatedAt < end);
        }

        if (f.Sla == SlaFilter.AtRisk)
        {
            var soon = now + AtRiskWindow;
            query = query.Where(t => t.SlaDueAt > now && t.SlaDueAt <= soon);
        }
        else if (f.Sla == SlaFilter.Breached)
        {
            query = query.Where(t => t.SlaBreachAt <= now);
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            query = query.Search(db, search, includeInternalNotes: !actor.IsClient);
        }

        return query;
    }

    /// <summary>Sorts by the requested keys (default: last activity, newest first); tickets without a running SLA clock sort last by SLA due.</summary>
    public static IQueryable<Ticket> Sort(this IQueryable<Ticket> query, AppDbContext db, IReadOnlyList<OneWindow.Core.Api.SortKey> sort)
    {
        if (sort.Count == 0)
        {
            return query.OrderByDescending(t => t.LastActivityAt).ThenByDescending(t => t.Number);
        }

        IOrderedQueryable<Ticket>? ordered = null;
        foreach (var key in sort)
        {
            if (key.Field.Equals("slaDue", StringComparison.OrdinalIgnoreCase))
            {
                // PostgreSQL sorts nulls last in ascending order by itself, which lets it read the (SlaDueAt, Number) index
                // in order; elsewhere, and descending, tickets without a running clock are put last explicitly.
                if (!key.Descending && db.Provider == DatabaseProvider.Postgres)
                {
                    ordered = ordered is null ? query.OrderBy(t => t.SlaDueAt) : ordered.ThenBy(t => t.SlaDueAt);
                    continue;
                }

                ordered = ordered is null ? query.OrderBy(t => t.SlaDueAt == null) : ordered.ThenBy(t => t.SlaDueAt == null);
                ordered = key.Descending ? ordered.ThenByDescending(t => t.SlaDueAt) : ordered.ThenBy(t => t.SlaDueAt);
                continue;
            }

            Expression<Func<Ticket, object?>> selector = key.Field.ToLowerInvariant() switch
            {
                "number" => t => t.Number,
                "createdat" => t => t.CreatedAt,
                "priority" => t => t.Priority,
                "status" => t => t.Status,
                _ => t => t.LastActivityAt,
            };
            ordered = ordered is null
                ? key.Descending ? query.OrderByDescending(selector) : query.OrderBy(selector)
                : key.Descending ? ordered.ThenByDescending(selector) : ordered.ThenBy(selector);
        }

        return ordered!.ThenByDescending(t => t.Number);
    }

    /// <summary>The list row with the nearest running SLA clock's due instant and whether an SLA clock is breached, from the ticket row.</summary>
    public static Expression<Func<Ticket, TicketSummaryDto>> ToSummary(DateTimeOffset now) => t => new TicketSummaryDto(
        t.Id, t.Number, t.Subject, t.Status, t.Priority, t.Channel, t.CompanyId, t.Company!.Name, t.ServiceId, t.RequestTypeId,
        t.RequestType != null ? t.RequestType.Name : null, t.TeamId, t.Team != null ? t.Team.Name : null,
        t.AssigneeId, t.Assignee != null ? t.Assignee.FullName : null, t.RequesterId, t.Requester != null ? t.Requester.FullName : null,
        t.CreatedAt, t.LastActivityAt, t.Version, t.SlaDueAt, t.SlaBreachAt <= now);

    private static List<T> Enums<T>(string[]? values, string field, Dictionary<string, string[]> errors)
        where T : struct, Enum
    {
        var result = new List<T>();
        foreach (var raw in (values ?? []).SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            // Defined numbers still pass: the single-status filter bound them before and clients may send them.
            if (Enum.TryParse<T>(raw, ignoreCase: true, out var value) && Enum.IsDefined(value))
            {
                if (!result.Contains(value))
                {
                    result.Add(value);
                }
            }
            else
            {
                errors[field] = [$"{field} must be one or more of: {string.Join(", ", Enum.GetNames<T>())}."];
            }
        }

        return result;
    }

    private static Guid? Id(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (Guid.TryParse(value, out var id))
        {
            return id;
        }

        errors[field] = [$"{field} must be an id."];
        return null;
    }

    private static DateOnly? Day(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year is >= 2000 and <= 2100)
        {
            return day;
        }

        errors[field] = [$"{field} must be a date such as 2026-11-27."];
        return null;
    }
}
