namespace OneWindow.Web.Infrastructure.Time;

/// <summary>Shows instants in the viewer's own time zone (AppUser.TimeZoneId, else <see cref="TimeZones.Fallback"/>).</summary>
public static class ViewerTime
{
    public static TimeZoneInfo Zone(string? id) => TimeZones.Find(id);

    public static async Task<TimeZoneInfo> ForUserAsync(AppDbContext db, Guid? userId, CancellationToken ct = default)
    {
        var id = userId is { } uid ? await db.Users.Where(u => u.Id == uid).Select(u => u.TimeZoneId).FirstOrDefaultAsync(ct) : null;
        return Zone(id);
    }

    public static string Format(DateTimeOffset? at, TimeZoneInfo zone) =>
        at is { } value ? TimeZoneInfo.ConvertTime(value, zone).ToString("g", CultureInfo.CurrentCulture) : "—";

    /// <summary>The instant a calendar day starts in the given zone.</summary>
    public static DateTimeOffset StartOfDay(DateTime day, TimeZoneInfo zone) => LocalDates.StartOf(DateOnly.FromDateTime(day), zone);
}
