using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using NodaTime;
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
    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    private readonly WorkingSpan[][] spans;
    private readonly ReadOnlyCollection<WorkingSpan>[] views;

    /// <summary>Indexed by <see cref="DayOfWeek"/>. A fresh array of read-only lists: changing it does not change the schedule.</summary>
    public IReadOnlyList<WorkingSpan>[] Days => [.. views];

    /// <summary>
    /// Seven lists indexed by <see cref="DayOfWeek"/>, each sorted with spans that do not overlap (touching is allowed).
    /// Throws <see cref="ArgumentException"/> otherwise. The lists are copied.
    /// </summary>
    public WeeklySchedule(IReadOnlyList<WorkingSpan>[] days)
    {
        ArgumentNullException.ThrowIfNull(days);
        if (days.Length != 7)
        {
            throw new ArgumentException($"A week has 7 days, not {days.Length}.", nameof(days));
        }

        spans = new WorkingSpan[7][];
        views = new ReadOnlyCollection<WorkingSpan>[7];
        for (var d = 0; d < 7; d++)
        {
            var list = days[d] ?? throw new ArgumentException($"{DayNames[d]} has no list of spans.", nameof(days));
            var copy = list.ToArray();
            if (Check(copy) is { } error)
            {
                throw new ArgumentException($"{DayNames[d]}: {error}", nameof(days));
            }

            spans[d] = copy;
            views[d] = Array.AsReadOnly(copy);
        }
    }

    /// <summary>Monday to Friday 09:00–18:00 with lunch 13:00–14:00: the usual Russian 8-hour day.</summary>
    public static WeeklySchedule StandardRussian { get; } = Parse("Mon-Fri 09:00-13:00,14:00-18:00");

    /// <summary>Every day 00:00–24:00.</summary>
    public static WeeklySchedule AllDay { get; } = Parse("Mon-Sun 00:00-24:00");

    internal WorkingSpan[] On(DayOfWeek day) => spans[(int)day];

    /// <summary>
    /// Reads a compact text such as "Mon-Fri 09:00-13:00,14:00-18:00; Sat 10:00-14:00" (days Mon Tue Wed Thu Fri Sat Sun,
    /// ranges with '-', 24:00 allowed as an end). Throws <see cref="FormatException"/> with a readable message.
    /// Day names are case-insensitive; a group may list several days or ranges ("Mon,Wed-Fri 09:00-12:00"); a range runs
    /// forward from Monday to Sunday; a day may appear in one group only; hours may have one digit ("9:00"); spans of a
    /// group may come in any order but must not overlap. An empty or blank text is a week without working time.
    /// </summary>
    public static WeeklySchedule Parse(string text) =>
        TryParse(text, out var schedule, out var error) ? schedule! : throw new FormatException(error);

    public static bool TryParse(string text, out WeeklySchedule? schedule, out string? error)
    {
        schedule = null;
        if (text is null)
        {
            error = "The schedule text is missing.";
            return false;
        }

        var days = new List<WorkingSpan>?[7];
        foreach (var rawGroup in text.Split(';'))
        {
            var group = rawGroup.Trim();
            if (group.Length == 0)
            {
                continue;
            }

            var space = group.IndexOfAny([' ', '\t']);
            if (space < 0)
            {
                error = $"'{group}' has no working hours; write them after the days, e.g. 'Mon-Fri 09:00-18:00'.";
                return false;
            }

            var daySet = new List<int>();
            foreach (var item in group[..space].Split(','))
            {
                if (!TryDays(item.Trim(), daySet, out error))
                {
                    return false;
                }
            }

            var groupSpans = new List<WorkingSpan>();
            foreach (var rawSpan in group[(space + 1)..].Split(','))
            {
                var spanText = rawSpan.Trim();
                var dash = spanText.IndexOfAny(['-', '–']);
                if (dash < 0 || !TryTime(spanText[..dash].Trim(), out var start) || !TryTime(spanText[(dash + 1)..].Trim(), out var end))
                {
                    error = $"'{spanText}' in '{group}' is not a time range such as 09:00-18:00.";
                    return false;
                }

                if (start >= end)
                {
                    error = $"'{spanText}' in '{group}' ends before it starts.";
                    return false;
                }

                groupSpans.Add(new WorkingSpan(start, end));
            }

            groupSpans.Sort((a, b) => a.Start.CompareTo(b.Start));
            if (Check(groupSpans) is { } spanError)
            {
                error = $"'{group}': {spanError}";
                return false;
            }

            foreach (var d in daySet)
            {
                if (days[d] is not null)
                {
                    error = $"{DayNames[d]} is given twice.";
                    return false;
                }

                days[d] = groupSpans;
            }
        }

        schedule = new WeeklySchedule([.. days.Select(d => (IReadOnlyList<WorkingSpan>)(d ?? []))]);
        error = null;
        return true;
    }

    /// <summary>
    /// The canonical text form that <see cref="Parse"/> reads back: days from Monday, consecutive days with the same hours
    /// joined into a range, days without hours left out, "; " between groups; "" for a week without working time.
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 7;)
        {
            var day = (i + 1) % 7; // Monday first
            var j = i;
            while (j + 1 < 7 && spans[(j + 2) % 7].AsSpan().SequenceEqual(spans[day]))
            {
                j++;
            }

            if (spans[day].Length > 0)
            {
                if (sb.Length > 0)
                {
                    sb.Append("; ");
                }

                sb.Append(DayNames[day]);
                if (j > i)
                {
                    sb.Append('-').Append(DayNames[(j + 1) % 7]);
                }

                sb.Append(' ').AppendJoin(',', spans[day].Select(s => Time(s.Start) + "-" + Time(s.End)));
            }

            i = j + 1;
        }

        return sb.ToString();
    }

    private static string Time(int minutes) => (minutes / 60).ToString("00", CultureInfo.InvariantCulture) + ":" + (minutes % 60).ToString("00", CultureInfo.InvariantCulture);

    private static string? Check(IReadOnlyList<WorkingSpan> list)
    {
        for (var i = 0; i < list.Count; i++)
        {
            var s = list[i];
            if (s.Start < 0 || s.End > 1440 || s.Start >= s.End)
            {
                return $"{s.Start}-{s.End} is not a span within a day (minutes 0 to 1440, start before end).";
            }

            if (i > 0 && list[i - 1].End > s.Start)
            {
                return $"{Time(list[i - 1].Start)}-{Time(list[i - 1].End)} and {Time(s.Start)}-{Time(s.End)} overlap or are out of order.";
            }
        }

        return null;
    }

    private static bool TryDays(string item, List<int> into, out string? error)
    {
        var dash = item.IndexOfAny(['-', '–']);
        var first = Day(dash < 0 ? item : item[..dash].Trim());
        var last = dash < 0 ? first : Day(item[(dash + 1)..].Trim());
        if (first < 0 || last < 0)
        {
            error = $"'{item}' is not a day or range of days (Mon Tue Wed Thu Fri Sat Sun).";
            return false;
        }

        // Ordered Monday (0) to Sunday (6) so that ranges read like a week.
        int a = (first + 6) % 7, b = (last + 6) % 7;
        if (a > b)
        {
            error = $"'{item}' runs backwards; ranges go from Monday towards Sunday.";
            return false;
        }

        for (var k = a; k <= b; k++)
        {
            into.Add((k + 1) % 7);
        }

        error = null;
        return true;
    }

    private static int Day(string name) => Array.FindIndex(DayNames, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

    private static bool TryTime(string text, out int minutes)
    {
        minutes = 0;
        var colon = text.IndexOf(':');
        if (colon is < 1 or > 2 || text.Length != colon + 3
            || !int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || m > 59 || h > 24 || (h == 24 && m != 0))
        {
            return false;
        }

        minutes = (h * 60) + m;
        return true;
    }
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
/// The standard day is the first non-empty weekday schedule from Monday to Friday (if all five are empty, the first
/// non-empty of Saturday and Sunday). With a production calendar every day off of it is a holiday, ordinary weekends
/// included, even when the weekly schedule has hours on them; a production working weekday takes its own weekday's
/// hours. A short day removes the short-day minutes of working time from the end of the day's hours (lunch breaks do not
/// count): its own weekday's hours, or the standard day's for a working weekend (and for an explicit ShortDay on a
/// weekday without hours); it is left without working time when it has no more than that.
/// Local spans are mapped to instants leniently across daylight-saving changes (a time in a gap moves forward by the
/// gap; an ambiguous time takes the earlier offset), so a span covers the real time between its mapped ends; a span
/// whose mapped end is not after its mapped start (possible only for a span inside a gap) covers nothing, and spans that
/// overlap after mapping count once.
///
/// Working time is counted to the tick (100 ns), not in whole minutes. Instants returned are UTC (offset zero).
/// Searches stop after 20 years and throw <see cref="InvalidOperationException"/>: a calendar without working time
/// never loops forever.
///
/// Internally the calendar is compiled lazily, chunk by chunk of about 326 days (on first use, about 0.1 ms each), into
/// sorted arrays of UTC working intervals with running totals and a coarse index, so that time arithmetic is a few
/// array reads and allocates nothing. Compiled chunks are kept for the calendar's lifetime: build a calendar once per
/// configuration and share it.
/// </summary>
public sealed class BusinessCalendar
{
    // 2^48 ticks ≈ 325.8 days: a chunk index is a shift, not a date computation.
    internal const int ChunkShift = 48;
    internal const long ChunkTicks = 1L << ChunkShift;
    internal const long SearchLimitTicks = 20 * 366 * TimeSpan.TicksPerDay;
    private const long MaxTicks = 3_155_378_975_999_999_999; // DateTimeOffset.MaxValue.UtcTicks
    private const long MaxChunk = MaxTicks >> ChunkShift;

    private static readonly WorkingSpan[] None = [];

    private readonly DateTimeZone zone;
    private readonly WeeklySchedule week;
    private readonly Dictionary<DateOnly, CalendarException> exceptions;
    private readonly ProductionCalendar? production;
    private readonly WorkingSpan[][] own = new WorkingSpan[7][];
    private readonly WorkingSpan[][] ownShort = new WorkingSpan[7][];
    private readonly WorkingSpan[] standard;
    private readonly WorkingSpan[] standardShort;
    private readonly Dictionary<WorkingSpan[], ReadOnlyCollection<WorkingSpan>> views = new(ReferenceEqualityComparer.Instance);
    // Compiled chunks in pages of 64, filled lazily and lock-free: a lookup is two array reads, no hashing.
    private const int PageShift = 6;
    private readonly Chunk?[]?[] pages = new Chunk?[]?[(MaxChunk >> PageShift) + 1];

    /// <summary>
    /// Throws <see cref="ArgumentException"/> for an unknown zone, an exception date given twice, an unknown day kind or
    /// short-day minutes outside 0..1440.
    /// </summary>
    public BusinessCalendar(string timeZoneId, WeeklySchedule week, IEnumerable<CalendarException>? exceptions = null,
        ProductionCalendar? production = null, int shortDayMinutes = 60)
    {
        ArgumentNullException.ThrowIfNull(timeZoneId);
        ArgumentNullException.ThrowIfNull(week);
        ArgumentOutOfRangeException.ThrowIfNegative(shortDayMinutes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shortDayMinutes, 1440);
        zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZoneId)
            ?? throw new ArgumentException($"Unknown time zone '{timeZoneId}'.", nameof(timeZoneId));
        TimeZoneId = timeZoneId;
        this.week = week;
        this.production = production;
        ShortDayMinutes = shortDayMinutes;
        this.exceptions = [];
        foreach (var e in exceptions ?? [])
        {
            ArgumentNullException.ThrowIfNull(e, nameof(exceptions));
            if (!Enum.IsDefined(e.Kind))
            {
                throw new ArgumentException($"{e.Date:yyyy-MM-dd} has an unknown kind {e.Kind}.", nameof(exceptions));
            }

            if (!this.exceptions.TryAdd(e.Date, e))
            {
                throw new ArgumentException($"{e.Date:yyyy-MM-dd} is given twice.", nameof(exceptions));
            }
        }

        WorkingSpan[]? firstWeekday = null, firstWeekend = null;
        foreach (var day in (DayOfWeek[])[DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday])
        {
            var spans = week.On(day);
            own[(int)day] = spans;
            ownShort[(int)day] = Shorten(spans, shortDayMinutes);
            if (spans.Length > 0)
            {
                if (day is DayOfWeek.Saturday or DayOfWeek.Sunday)
                {
                    firstWeekend ??= spans;
                }
                else
                {
                    firstWeekday ??= spans;
                }
            }
        }

        standard = firstWeekday ?? firstWeekend ?? None;
        standardShort = Shorten(standard, shortDayMinutes);
        foreach (var spans in own.Concat(ownShort).Append(standard).Append(standardShort).Append(None))
        {
            views.TryAdd(spans, Array.AsReadOnly(spans));
        }
    }

    /// <summary>Round the clock, every day, no holidays.</summary>
    public static BusinessCalendar TwentyFourSeven(string timeZoneId = "UTC") => new(timeZoneId, WeeklySchedule.AllDay);

    public string TimeZoneId { get; }

    /// <summary>The weekly schedule the calendar was built with.</summary>
    public WeeklySchedule Week => week;

    /// <summary>Working minutes a short day loses at its end.</summary>
    public int ShortDayMinutes { get; }

    /// <summary>Whether the IANA zone id is known to the engine's time zone database.</summary>
    public static bool IsKnownTimeZone(string timeZoneId) =>
        !string.IsNullOrEmpty(timeZoneId) && DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZoneId) is not null;

    /// <summary>The local working spans of a date after all rules (empty on a day off).</summary>
    public IReadOnlyList<WorkingSpan> SpansOn(DateOnly localDate) => views[Spans(localDate)];

    private WorkingSpan[] Spans(DateOnly date)
    {
        var dow = date.DayOfWeek;
        if (exceptions.TryGetValue(date, out var e))
        {
            return e.Kind switch
            {
                CalendarDayKind.Holiday => None,
                CalendarDayKind.WorkingDay => standard,
                _ => own[(int)dow].Length > 0 ? ownShort[(int)dow] : standardShort,
            };
        }

        if (production is null)
        {
            return own[(int)dow];
        }

        if (!production.IsWorkingDay(date))
        {
            return None;
        }

        var weekend = dow is DayOfWeek.Saturday or DayOfWeek.Sunday;
        return production.IsShortDay(date)
            ? weekend ? standardShort : ownShort[(int)dow]
            : weekend ? standard : own[(int)dow];
    }

    private static WorkingSpan[] Shorten(WorkingSpan[] spans, int minutes)
    {
        var result = new List<WorkingSpan>(spans);
        while (minutes > 0 && result.Count > 0)
        {
            var last = result[^1];
            if (last.Minutes <= minutes)
            {
                minutes -= last.Minutes;
                result.RemoveAt(result.Count - 1);
            }
            else
            {
                result[^1] = last with { End = last.End - minutes };
                minutes = 0;
            }
        }

        return [.. result];
    }

    /// <summary>Whether the instant falls inside working time.</summary>
    public bool IsWorking(DateTimeOffset instant)
    {
        var t = instant.UtcTicks;
        var c = ChunkOf(t);
        var i = c.FirstEndAfter(t);
        return i < c.Items.Length && c.Items[i].Start <= t;
    }

    /// <summary>The first working instant at or after <paramref name="instant"/> (UTC); throws when there is none within 20 years.</summary>
    public DateTimeOffset NextWorkingInstant(DateTimeOffset instant)
    {
        var t = instant.UtcTicks;
        var limit = Limit(t);
        for (var k = t >> ChunkShift; k <= MaxChunk; k++)
        {
            var c = ChunkAt(k);
            var i = c.FirstEndAfter(t);
            if (i < c.Items.Length)
            {
                var found = Math.Max(t, c.Items[i].Start);
                return found <= limit ? Utc(found) : throw NoWorkingTime(instant);
            }

            t = (k + 1) << ChunkShift;
            if (t > limit)
            {
                break;
            }
        }

        throw NoWorkingTime(instant);
    }

    /// <summary>Working time in [from, to), to the tick; zero when to ≤ from.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to) => new(WorkingTicks(from.UtcTicks, to.UtcTicks));

    internal long WorkingTicks(long from, long to)
    {
        if (to <= from)
        {
            return 0;
        }

        long ka = from >> ChunkShift, kb = to >> ChunkShift;
        var a = ChunkAt(ka);
        if (ka == kb)
        {
            return a.Position(to) - a.Position(from);
        }

        var sum = a.Total - a.Position(from);
        for (var k = ka + 1; k < kb; k++)
        {
            sum += ChunkAt(k).Total;
        }

        return sum + ChunkAt(kb).Position(to);
    }

    /// <summary>
    /// The instant (UTC) at which <paramref name="duration"/> of working time has passed since <paramref name="start"/>,
    /// counted to the tick: for a zero duration, <paramref name="start"/> itself; otherwise the instant its last tick is
    /// worked, which is the end of a working span when the duration runs out exactly there (never the start of the next
    /// working span). Throws <see cref="ArgumentOutOfRangeException"/> for a negative duration and
    /// <see cref="InvalidOperationException"/> when no such instant exists within 20 years.
    /// </summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        return duration == TimeSpan.Zero ? start.ToUniversalTime() : Utc(AddTicks(start.UtcTicks, duration.Ticks));
    }

    /// <summary>The hot path: the instant <paramref name="amount"/> (> 0) working ticks after <paramref name="t"/>.</summary>
    internal long AddTicks(long t, long amount)
    {
        var limit = Limit(t);
        var k = t >> ChunkShift;
        var c = ChunkAt(k);
        var p = c.Position(t, out var from) + amount;
        while (true)
        {
            if (p <= c.Total)
            {
                var found = c.InstantAt(p, from);
                return found <= limit ? found : throw NoWorkingTime(Utc(t));
            }

            p -= c.Total;
            k++;
            if (k > MaxChunk || k << ChunkShift > limit)
            {
                throw NoWorkingTime(Utc(t));
            }

            c = ChunkAt(k);
            from = 0;
        }
    }

    private static long Limit(long t) => t > MaxTicks - SearchLimitTicks ? MaxTicks : t + SearchLimitTicks;

    private static InvalidOperationException NoWorkingTime(DateTimeOffset from) =>
        new($"The calendar has no working time within 20 years of {from.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z.");

    internal static DateTimeOffset Utc(long ticks) => new(ticks, TimeSpan.Zero);

    /// <summary>The local date of an instant in this calendar's zone.</summary>
    public DateOnly LocalDate(DateTimeOffset instant)
    {
        var d = Instant.FromDateTimeOffset(instant).InZone(zone).Date;
        return new DateOnly(d.Year, d.Month, d.Day);
    }

    /// <summary>The end of working time on a local date (the mapped end of its last span, UTC), or null on a day off.</summary>
    public DateTimeOffset? EndOfWorkingDay(DateOnly localDate)
    {
        var spans = Spans(localDate);
        return spans.Length == 0 ? null : Utc(Map(localDate, spans[^1].End));
    }

    /// <summary>
    /// The <paramref name="n"/>-th working date (1-based) on or after <paramref name="from"/>: a date with working spans.
    /// Throws <see cref="InvalidOperationException"/> when it is not found within 20 years.
    /// </summary>
    public DateOnly NthWorkingDate(DateOnly from, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var last = from.DayNumber + (int)(SearchLimitTicks / TimeSpan.TicksPerDay);
        for (var d = from; d.DayNumber <= last && d < DateOnly.MaxValue; d = d.AddDays(1))
        {
            if (Spans(d).Length > 0 && --n == 0)
            {
                return d;
            }
        }

        throw new InvalidOperationException($"The calendar has too few working dates within 20 years of {from:yyyy-MM-dd}.");
    }

    /// <summary>A local date and time of this calendar's zone as an instant (UTC), mapped leniently like the spans.</summary>
    internal DateTimeOffset ToInstant(DateOnly localDate, TimeOnly localTime) =>
        Utc(ToTicks(new LocalDate(localDate.Year, localDate.Month, localDate.Day).At(LocalTime.FromTicksSinceMidnight(localTime.Ticks))));

    private long Map(DateOnly date, int minutes) =>
        ToTicks(new LocalDate(date.Year, date.Month, date.Day).AtMidnight().PlusMinutes(minutes));

    private long ToTicks(LocalDateTime local)
    {
        var ticks = local.InZoneLeniently(zone).ToInstant().ToUnixTimeTicks() + DateTime.UnixEpoch.Ticks;
        return Math.Clamp(ticks, 0, MaxTicks);
    }

    private Chunk ChunkOf(long t) => ChunkAt(t >> ChunkShift);

    private Chunk ChunkAt(long k)
    {
        var page = Volatile.Read(ref pages[k >> PageShift]);
        return (page is null ? null : Volatile.Read(ref page[k & ((1 << PageShift) - 1)])) ?? CompileAt(k);
    }

    private Chunk CompileAt(long k)
    {
        var page = Volatile.Read(ref pages[k >> PageShift]);
        if (page is null)
        {
            var fresh = new Chunk?[1 << PageShift];
            page = Interlocked.CompareExchange(ref pages[k >> PageShift], fresh, null) ?? fresh;
        }

        // Two threads may compile the same chunk; both results are equal and the first one stored wins.
        var compiled = Compile(k);
        return Interlocked.CompareExchange(ref page[k & ((1 << PageShift) - 1)], compiled, null) ?? compiled;
    }

    /// <summary>The working intervals of chunk k in UTC ticks, clipped to it, sorted and merged.</summary>
    private Chunk Compile(long k)
    {
        var from = k << ChunkShift;
        var to = k == MaxChunk ? MaxTicks + 1 : from + ChunkTicks;
        // A local date's spans lie within a day or two of the same UTC date (offsets stay within ±18 h).
        var first = DateOnly.FromDateTime(new DateTime(Math.Max(from - (2 * TimeSpan.TicksPerDay), 0)));
        var last = DateOnly.FromDateTime(new DateTime(Math.Min(to + (2 * TimeSpan.TicksPerDay), MaxTicks)));
        // NodaTime's local dates end at 9999-12-31; a span ending at 24:00 on it could not be mapped.
        if (last >= DateOnly.MaxValue)
        {
            last = DateOnly.MaxValue.AddDays(-1);
        }

        var raw = new List<(long Start, long End)>();
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            foreach (var span in Spans(d))
            {
                var s = Math.Max(Map(d, span.Start), from);
                var e = Math.Min(Map(d, span.End), to);
                if (e > s)
                {
                    raw.Add((s, e));
                }
            }
        }

        raw.Sort();
        var items = new List<Interval>(raw.Count);
        long total = 0;
        foreach (var (s, e) in raw)
        {
            if (items.Count > 0 && s <= items[^1].End)
            {
                // Touching or overlapping (24/7 days, DST-mapped spans): one interval, counted once.
                var prev = items[^1];
                if (e > prev.End)
                {
                    total += e - prev.End;
                    items[^1] = new Interval(prev.Start, e, total);
                }

                continue;
            }

            total += e - s;
            items.Add(new Interval(s, e, total));
        }

        return new Chunk([.. items], total, from);
    }

    internal readonly record struct Interval(long Start, long End, long CumulativeEnd);

    internal sealed class Chunk
    {
        // Buckets of 2^37 ticks (≈ 3.8 h): each knows the first interval ending after its start, so finding an instant's
        // interval is one array read and a step or two instead of a binary search over a year of intervals.
        private const int BucketShift = 37;

        private readonly long start;
        private readonly int[] buckets;

        public Chunk(Interval[] items, long total, long start)
        {
            Items = items;
            Total = total;
            this.start = start;
            buckets = new int[1 << (ChunkShift - BucketShift)];
            var i = 0;
            for (var b = 0; b < buckets.Length; b++)
            {
                var bucketStart = start + ((long)b << BucketShift);
                while (i < items.Length && items[i].End <= bucketStart)
                {
                    i++;
                }

                buckets[b] = i;
            }
        }

        public Interval[] Items { get; }

        public long Total { get; }

        /// <summary>Index of the first interval ending after t (Items.Length if none); t lies within the chunk.</summary>
        public int FirstEndAfter(long t)
        {
            var a = Items;
            var i = buckets[(int)((t - start) >> BucketShift)];
            while (i < a.Length && a[i].End <= t)
            {
                i++;
            }

            return i;
        }

        /// <summary>Working ticks of this chunk before t, and the index of the first interval ending after t.</summary>
        public long Position(long t, out int index)
        {
            var i = index = FirstEndAfter(t);
            if (i == Items.Length)
            {
                return Total;
            }

            var item = Items[i];
            return item.CumulativeEnd - (item.End - Math.Max(t, item.Start));
        }

        public long Position(long t) => Position(t, out _);

        /// <summary>
        /// The instant at which working position p (0 &lt; p ≤ Total) is reached: the earliest, so a span's end rather than
        /// the next start. The answer lies at or after interval <paramref name="from"/>: a few steps forward, then a binary
        /// search for long targets.
        /// </summary>
        public long InstantAt(long p, int from)
        {
            var a = Items;
            var lo = from;
            for (var steps = 0; steps < 8 && lo < a.Length - 1 && a[lo].CumulativeEnd < p; steps++)
            {
                lo++;
            }

            var hi = a.Length - 1;
            while (lo < hi)
            {
                var mid = (int)((uint)(lo + hi) >> 1);
                if (a[mid].CumulativeEnd >= p)
                {
                    hi = mid;
                }
                else
                {
                    lo = mid + 1;
                }
            }

            return a[lo].End - (a[lo].CumulativeEnd - p);
        }
    }
}
