using System.Collections.Concurrent;

namespace OneWindow.Web.Features.Calendars;

/// <summary>
/// Compiled calendars by id, reused across requests: compiling is cheap but the engine's caches (compiled years) are not.
/// Keyed by the calendar's row version, so an edit is picked up at once — on this instance and on every other, since
/// each looks the version up before trusting its cache.
/// </summary>
[FeatureSeam]
public sealed class CalendarBook
{
    private readonly ConcurrentDictionary<Guid, (int Version, BusinessCalendar Calendar)> compiled = new();

    public async Task<BusinessCalendar> GetAsync(AppDbContext db, Guid calendarId, CancellationToken ct)
    {
        var version = await db.Calendars.Where(c => c.Id == calendarId).Select(c => (int?)c.Version).FirstOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"Calendar {calendarId} does not exist.");
        return await GetAsync(db, calendarId, version, ct);
    }

    /// <summary>The compiled calendar of a version just read (see <see cref="ResolveAsync"/>): no round-trip when it is cached.</summary>
    public async Task<BusinessCalendar> GetAsync(AppDbContext db, Guid calendarId, int version, CancellationToken ct)
    {
        if (compiled.TryGetValue(calendarId, out var hit) && hit.Version == version)
        {
            return hit.Calendar;
        }

        var calendar = await db.Calendars.AsNoTracking().Include(c => c.Days).FirstAsync(c => c.Id == calendarId, ct);
        var result = calendar.Compile();
        compiled[calendarId] = (calendar.Version, result);
        return result;
    }

    /// <summary>The compiled form of a calendar already loaded with its days (compiled again only when its version moved on).</summary>
    public BusinessCalendar Get(ServiceCalendar calendar)
    {
        if (compiled.TryGetValue(calendar.Id, out var hit) && hit.Version == calendar.Version)
        {
            return hit.Calendar;
        }

        var result = calendar.Compile();
        compiled[calendar.Id] = (calendar.Version, result);
        return result;
    }

    /// <summary>The default calendar's id (the one marked default, else the first active one).</summary>
    public static async Task<Guid?> DefaultIdAsync(AppDbContext db, CancellationToken ct) =>
        await db.Calendars.Where(c => c.IsActive).OrderByDescending(c => c.IsDefault).ThenBy(c => c.CreatedAt).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Which calendar a ticket's clocks run on: the agreement version's, else the company's, else the team's, else the
    /// default.
    /// </summary>
    public static async Task<Guid?> ResolveIdAsync(AppDbContext db, Guid? versionCalendarId, Guid companyId, Guid? teamId, CancellationToken ct)
    {
        if (versionCalendarId is { } v)
        {
            return v;
        }

        var company = await db.Companies.IgnoreQueryFilters().Where(c => c.Id == companyId).Select(c => c.CalendarId).FirstOrDefaultAsync(ct);
        if (company is { } c)
        {
            return c;
        }

        if (teamId is { } t && await db.Teams.Where(x => x.Id == t).Select(x => x.CalendarId).FirstOrDefaultAsync(ct) is { } teamCalendar)
        {
            return teamCalendar;
        }

        return await DefaultIdAsync(db, ct);
    }

    /// <summary>
    /// <see cref="ResolveIdAsync"/> and the calendar's version in one round-trip, for the hot path (every ticket save
    /// plans its clocks): the candidates — the version's, the company's and the team's calendars and the active ones
    /// (a handful) — are ranked in one query.
    /// </summary>
    public static async Task<(Guid Id, int Version)?> ResolveAsync(AppDbContext db, Guid? versionCalendarId, Guid companyId, Guid? teamId, CancellationToken ct)
    {
        var company = db.Companies.IgnoreQueryFilters().Where(c => c.Id == companyId).Select(c => c.CalendarId);
        var team = db.Teams.IgnoreQueryFilters().Where(t => teamId != null && t.Id == teamId).Select(t => t.CalendarId);
        var candidates = await db.Calendars
            .Select(c => new
            {
                c.Id,
                c.Version,
                c.IsDefault,
                c.CreatedAt,
                Rank = c.Id == versionCalendarId ? 0 : company.Contains(c.Id) ? 1 : team.Contains(c.Id) ? 2 : c.IsActive ? 3 : 4,
            })
            .Where(c => c.Rank < 4)
            .ToListAsync(ct);
        var best = candidates.OrderBy(c => c.Rank).ThenByDescending(c => c.IsDefault).ThenBy(c => c.CreatedAt).FirstOrDefault();
        return best is null ? null : (best.Id, best.Version);
    }
}
