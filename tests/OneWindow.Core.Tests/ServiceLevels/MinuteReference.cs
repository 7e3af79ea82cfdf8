using NodaTime;
using OneWindow.Core.Calendars;
using OneWindow.Core.ServiceLevels;

namespace OneWindow.Core.Tests.ServiceLevels;

/// <summary>A calendar as plain data, so the reference can apply the day rule on its own.</summary>
public sealed record CalendarSpec(string Zone, WorkingSpan[][] Week, (DateOnly Date, CalendarDayKind Kind)[] Exceptions, bool Production, int ShortDayMinutes)
{
    public BusinessCalendar Build() => new(Zone, new WeeklySchedule([.. Week.Select(d => (IReadOnlyList<WorkingSpan>)d)]),
        Exceptions.Select(e => new CalendarException(e.Date, e.Kind)), Production ? ProductionCalendar.Russia : null, ShortDayMinutes);

    /// <summary>Working minutes of an ordinary week (Monday to Friday only under the production calendar).</summary>
    public int WeeklyMinutes => Week.Where((_, d) => !Production || d is >= 1 and <= 5).Sum(d => d.Sum(s => s.Minutes));

    public override string ToString() =>
        $"{Zone} '{new WeeklySchedule([.. Week.Select(d => (IReadOnlyList<WorkingSpan>)d)])}' production={Production} short={ShortDayMinutes} " +
        $"exceptions=[{string.Join(", ", Exceptions.Select(e => $"{e.Date:yyyy-MM-dd} {e.Kind}"))}]";
}

/// <summary>
/// The deliberately simple reference: a bitmap of UTC minutes. For every local date of the window it applies the day
/// rule itself (exceptions, production calendar, weekly schedule, shortening minute by minute), maps each resulting local
/// span's ends to instants with NodaTime's lenient rule (the same rule the contract states: a gap moves forward, an
/// ambiguous time takes the earlier offset) and marks the minutes in between. So DST days need no special generators:
/// a span ending inside a gap or a repeated hour is measured the way the contract defines it. A minute is working when
/// any date's span marks it (spans that overlap after mapping count once). Everything else — due instants, counts, clock
/// replays — walks this bitmap one minute at a time.
/// </summary>
public sealed class MinuteReference
{
    private readonly long origin; // the first minute of the window, in UTC minutes since 0001-01-01
    private readonly bool[] working;

    public MinuteReference(CalendarSpec spec, DateTimeOffset around, int daysAfter)
    {
        var zone = DateTimeZoneProviders.Tzdb[spec.Zone];
        var first = DateOnly.FromDateTime(around.UtcDateTime).AddDays(-3);
        origin = Minute(new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        working = new bool[(daysAfter + 6) * 1440];
        for (var d = first; d <= first.AddDays(daysAfter + 6); d = d.AddDays(1))
        {
            foreach (var (start, end) in Runs(DayMinutes(spec, d)))
            {
                var s = Minute(Map(zone, d, start)) - origin;
                var e = Minute(Map(zone, d, end)) - origin;
                for (var m = Math.Max(s, 0); m < Math.Min(e, working.Length); m++)
                {
                    working[m] = true;
                }
            }
        }

        // The edges of the window can miss spans of dates outside it; never ask about them.
        Low = origin + (2 * 1440);
        High = origin + working.Length - (2 * 1440);
    }

    public long Low { get; }

    public long High { get; }

    public static long Minute(DateTimeOffset t) => t.UtcTicks / TimeSpan.TicksPerMinute;

    public static DateTimeOffset At(long minute) => new(minute * TimeSpan.TicksPerMinute, TimeSpan.Zero);

    public bool IsWorking(long minute)
    {
        if (minute < Low || minute >= High)
        {
            throw new InvalidOperationException($"Minute {At(minute):u} is outside the reference window; widen it.");
        }

        return working[minute - origin];
    }

    /// <summary>The local working minutes of a date by the contract's day rule, computed without the engine.</summary>
    public static bool[] DayMinutes(CalendarSpec spec, DateOnly date)
    {
        var dow = (int)date.DayOfWeek;
        bool[] Own() => Mark(spec.Week[dow]);
        bool[] Standard()
        {
            foreach (var d in new[] { 1, 2, 3, 4, 5, 6, 0 })
            {
                if (spec.Week[d].Length > 0)
                {
                    return Mark(spec.Week[d]);
                }
            }

            return new bool[1440];
        }

        bool[] Short(bool[] day)
        {
            var left = spec.ShortDayMinutes;
            for (var m = 1439; m >= 0 && left > 0; m--)
            {
                if (day[m])
                {
                    day[m] = false;
                    left--;
                }
            }

            return day;
        }

        foreach (var (exDate, kind) in spec.Exceptions)
        {
            if (exDate == date)
            {
                return kind switch
                {
                    CalendarDayKind.Holiday => new bool[1440],
                    CalendarDayKind.WorkingDay => Standard(),
                    _ => Short(spec.Week[dow].Length > 0 ? Own() : Standard()),
                };
            }
        }

        if (spec.Production)
        {
            var ru = ProductionCalendar.Russia;
            if (!ru.IsWorkingDay(date))
            {
                return new bool[1440];
            }

            var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var day = weekend ? Standard() : Own();
            return ru.IsShortDay(date) ? Short(day) : day;
        }

        return Own();
    }

    /// <summary>Maximal runs of marked minutes as [start, end) local minutes.</summary>
    public static List<(int Start, int End)> Runs(bool[] day)
    {
        var runs = new List<(int, int)>();
        for (var m = 0; m < 1440; m++)
        {
            if (day[m] && (m == 0 || !day[m - 1]))
            {
                var e = m;
                while (e < 1440 && day[e])
                {
                    e++;
                }

                runs.Add((m, e));
            }
        }

        return runs;
    }

    private static bool[] Mark(WorkingSpan[] spans)
    {
        var day = new bool[1440];
        foreach (var s in spans)
        {
            for (var m = s.Start; m < s.End; m++)
            {
                day[m] = true;
            }
        }

        return day;
    }

    private static DateTimeOffset Map(DateTimeZone zone, DateOnly date, int minutes) =>
        new LocalDate(date.Year, date.Month, date.Day).AtMidnight().PlusMinutes(minutes).InZoneLeniently(zone).ToDateTimeOffset();
}
