using OneWindow.Core.Calendars;

namespace OneWindow.Core.ServiceLevels;

/// <summary>A span of local working time within one day: minutes from local midnight, [Start, End), 0 ≤ Start &lt; End ≤ 1440.</summary>
public readonly record struct WorkingSpan(int Start, int End)
{
    public int Minutes => End - Start;
}

/// <summary>Working hours of an ordinary week: for every day of the week a sorted list of non-overlapping spans.</summary>
public sealed class WeeklySchedule
{
    /// <summary>Indexed by <see cref="DayOfWeek"/>.</summary>
    public IReadOnlyList<WorkingSpan>[] Days { get; }

    public WeeklySchedule(IReadOnlyList<WorkingSpan>[] days) => throw new NotImplementedException();

    /// <summary>Monday to Friday 09:00–18:00 with lunch 13:00–14:00: the usual Russian 8-hour day.</summary>
    public static WeeklySchedule StandardRussian => throw new NotImplementedException();

    /// <summary>Every day 00:00–24:00.</summary>
    public static WeeklySchedule AllDay => throw new NotImplementedException();

    /// <summary>
    /// Reads a compact text such as "Mon-Fri 09:00-13:00,14:00-18:00; Sat 10:00-14:00" (days Mon Tue Wed Thu Fri Sat Sun,
    /// ranges with '-', 24:00 allowed as an end). Throws <see cref="FormatException"/> with a readable message.
    /// </summary>
    public static WeeklySchedule Parse(string text) => throw new NotImplementedException();

    public static bool TryParse(string text, out WeeklySchedule? schedule, out string? error) => throw new NotImplementedException();

    /// <summary>The canonical text form that <see cref="Parse"/> reads back.</summary>
    public override string ToString() => throw new NotImplementedException();
}

/// <summary>How a date deviates from the weekly schedule.</summary>
public enum CalendarDayKind
{
    /// <summary>No working time at all.</summary>
    Holiday = 0,
    /// <summary>Worked with the standard day's hours, whatever the weekday (a working Saturday).</summary>
    WorkingDay = 1,
    /// <summary>A pre-holiday day: worked, shortened by the calendar's short-day minutes at the end.</summary>
    ShortDay = 2,
}

public sealed record CalendarException(DateOnly Date, CalendarDayKind Kind, string? Name = null);

/// <summary>
/// A business calendar: weekly working hours in an IANA time zone, optionally following the Russian production calendar
/// (which then decides which dates are working, working weekends and shortened days), plus explicit date exceptions that
/// override both. Pure and immutable; safe to share between threads.
///
/// Day rule for a local date, first match wins: an explicit exception; else, with a production calendar, a day off of it
/// is a holiday, its working weekend works the standard day, its short day is shortened; else the weekly schedule.
/// The standard day is the first non-empty weekday schedule from Monday to Friday.
/// Local spans are mapped to instants leniently across daylight-saving changes (a time in a gap moves forward by the
/// gap; an ambiguous time takes the earlier offset), so a span covers the real time between its mapped ends.
/// </summary>
public sealed class BusinessCalendar
{
    public BusinessCalendar(string timeZoneId, WeeklySchedule week, IEnumerable<CalendarException>? exceptions = null,
        ProductionCalendar? production = null, int shortDayMinutes = 60) => throw new NotImplementedException();

    /// <summary>Round the clock, every day, no holidays.</summary>
    public static BusinessCalendar TwentyFourSeven(string timeZoneId = "UTC") => throw new NotImplementedException();

    public string TimeZoneId => throw new NotImplementedException();

    /// <summary>Whether the IANA zone id is known to the engine's time zone database.</summary>
    public static bool IsKnownTimeZone(string timeZoneId) => throw new NotImplementedException();

    /// <summary>The local working spans of a date after all rules (empty on a day off).</summary>
    public IReadOnlyList<WorkingSpan> SpansOn(DateOnly localDate) => throw new NotImplementedException();

    /// <summary>Whether the instant falls inside working time.</summary>
    public bool IsWorking(DateTimeOffset instant) => throw new NotImplementedException();

    /// <summary>The first working instant at or after <paramref name="instant"/>.</summary>
    public DateTimeOffset NextWorkingInstant(DateTimeOffset instant) => throw new NotImplementedException();

    /// <summary>Working time in [from, to); zero when to ≤ from.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to) => throw new NotImplementedException();

    /// <summary>
    /// The instant at which <paramref name="duration"/> of working time has passed since <paramref name="start"/>: for a zero
    /// duration, <paramref name="start"/> itself; otherwise the end of the working minute that completes it (never the start
    /// of the next working span). Throws when no such instant exists within 20 years.
    /// </summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan duration) => throw new NotImplementedException();

    /// <summary>The local date of an instant in this calendar's zone.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => throw new NotImplementedException();

    /// <summary>The end of working time on a local date (the end of its last span), or null on a day off.</summary>
    public DateTimeOffset? EndOfWorkingDay(DateOnly localDate) => throw new NotImplementedException();

    /// <summary>The <paramref name="n"/>-th working date (1-based) on or after <paramref name="from"/>.</summary>
    public DateOnly NthWorkingDate(DateOnly from, int n) => throw new NotImplementedException();

    /// <summary>A local date and time of this calendar's zone as an instant, mapped leniently like the spans.</summary>
    internal DateTimeOffset ToInstant(DateOnly localDate, TimeOnly localTime) => throw new NotImplementedException();
}
