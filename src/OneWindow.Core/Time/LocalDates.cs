namespace OneWindow.Core.Time;

/// <summary>Local calendar dates of instants, and the instants local dates begin, in a given time zone.</summary>
public static class LocalDates
{
    /// <summary>The calendar date an instant falls on in a zone.</summary>
    public static DateOnly Of(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>
    /// The instant (UTC) a local date begins in a zone; a midnight skipped by a clock change moves to the first valid
    /// time, and a midnight that happens twice (clocks going back to it) is its first occurrence.
    /// </summary>
    public static DateTimeOffset StartOf(DateOnly date, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        if (zone.IsAmbiguousTime(local))
        {
            // The larger offset is the earlier instant: the day began with the first of the two midnights.
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local - offset, TimeSpan.Zero);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }
}
