namespace OneWindow.Web.Infrastructure.Time;

/// <summary>
/// The one answer to "which time zones exist" and "which zone is the service center in": every page, endpoint and
/// report asks here rather than naming a zone of its own.
/// </summary>
public static class TimeZones
{
    /// <summary>The zone used when nothing more specific is known: Moscow, where Russian SSCs keep their clocks by default.</summary>
    public const string Fallback = "Europe/Moscow";

    /// <summary>
    /// Russia's eleven offsets west to east, as the IANA zones people pick: Kaliningrad (UTC+2) to Kamchatka (UTC+12).
    /// Novosibirsk and Krasnoyarsk share UTC+7 but are separate zones with separate histories, so both are offered.
    /// </summary>
    public static readonly IReadOnlyList<string> Russian =
    [
        "Europe/Kaliningrad", "Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Omsk", "Asia/Novosibirsk", "Asia/Krasnoyarsk",
        "Asia/Irkutsk", "Asia/Yakutsk", "Asia/Vladivostok", "Asia/Magadan", "Asia/Kamchatka",
    ];

    private static readonly Lazy<IReadOnlyList<string>> AllZones = new(() =>
    {
        var others = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id)
            .Where(id => id.Contains('/', StringComparison.Ordinal) && !Russian.Contains(id) && BusinessCalendar.IsKnownTimeZone(id))
            .Order(StringComparer.Ordinal);
        return [.. Russian.Where(BusinessCalendar.IsKnownTimeZone), .. others];
    });

    /// <summary>Russia's zones first, then every other IANA zone the calendar engine knows, alphabetically.</summary>
    public static IReadOnlyList<string> All => AllZones.Value;

    public static bool IsKnown(string? id) => !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    /// <summary>The end of the sentence that refuses an unknown zone (pages match it to show the refusal in their language).</summary>
    public const string UnknownZone = "is not a known IANA time zone (e.g. Europe/Moscow, Asia/Vladivostok).";

    /// <summary>Why a zone id is refused, in the API's words; null when the zone is known.</summary>
    public static string? Refusal(string? id) => IsKnown(id) ? null : $"'{id}' {UnknownZone}";

    /// <summary>The zone of that id, else <see cref="Fallback"/> (else UTC on a machine without time zone data).</summary>
    public static TimeZoneInfo Find(string? id)
    {
        if (!string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return zone;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(Fallback, out var moscow) ? moscow : TimeZoneInfo.Utc;
    }

    /// <summary>
    /// The zone the service center keeps its own dates in (report periods, dashboards, the loyalty year): the default
    /// business calendar's zone, else <see cref="Fallback"/>.
    /// </summary>
    public static async Task<TimeZoneInfo> ServiceCenterAsync(AppDbContext db, CancellationToken ct = default)
    {
        var id = await db.Calendars.Where(c => c.IsActive).OrderByDescending(c => c.IsDefault).ThenBy(c => c.CreatedAt).Select(c => c.TimeZoneId).FirstOrDefaultAsync(ct);
        return Find(id);
    }

    /// <summary>
    /// Suggestions for a zone picker: Russia's zones matching what was typed; with <paramref name="all"/> every known zone.
    /// Free text is offered back so a zone outside the list can still be typed (and is validated on save).
    /// </summary>
    public static IEnumerable<string> Suggest(string? typed, bool all = false)
    {
        var source = all ? All : Russian;
        if (string.IsNullOrWhiteSpace(typed) || source.Contains(typed))
        {
            return source;
        }

        var text = typed.Trim();
        var matches = source.Where(z => z.Contains(text, StringComparison.OrdinalIgnoreCase));
        return all ? matches : matches.Append(text).Distinct();
    }
}
