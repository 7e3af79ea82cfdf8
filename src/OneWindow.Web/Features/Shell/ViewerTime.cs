using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Data;

namespace OneWindow.Web.Features.Shell;

/// <summary>Shows instants in the viewer's own time zone (AppUser.TimeZoneId, Moscow by default).</summary>
public static class ViewerTime
{
    public const string DefaultZone = "Europe/Moscow";

    /// <summary>The eleven time zones of Russia, west to east.</summary>
    public static readonly IReadOnlyList<string> RussianZones =
    [
        "Europe/Kaliningrad", "Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Omsk", "Asia/Krasnoyarsk",
        "Asia/Irkutsk", "Asia/Yakutsk", "Asia/Vladivostok", "Asia/Magadan", "Asia/Kamchatka",
    ];

    public static TimeZoneInfo Zone(string? id)
    {
        if (!string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return zone;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(DefaultZone, out var moscow) ? moscow : TimeZoneInfo.Utc;
    }

    public static bool IsKnownZone(string? id) => !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    public static async Task<TimeZoneInfo> ForUserAsync(AppDbContext db, Guid? userId, CancellationToken ct = default)
    {
        var id = userId is { } uid ? await db.Users.Where(u => u.Id == uid).Select(u => u.TimeZoneId).FirstOrDefaultAsync(ct) : null;
        return Zone(id);
    }

    public static string Format(DateTimeOffset? at, TimeZoneInfo zone) =>
        at is { } value ? TimeZoneInfo.ConvertTime(value, zone).ToString("g", CultureInfo.CurrentCulture) : "—";

    /// <summary>The instant a calendar day starts in the given zone.</summary>
    public static DateTimeOffset StartOfDay(DateTime day, TimeZoneInfo zone)
    {
        var local = DateTime.SpecifyKind(day.Date, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }
}
