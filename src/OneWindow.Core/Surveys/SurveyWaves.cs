using System.Globalization;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;

namespace OneWindow.Core.Surveys;

/// <summary>How often a campaign opens a new wave.</summary>
public enum SurveyRecurrence
{
    Once,
    Yearly,
    HalfYearly,
    Quarterly,
}

/// <summary>One wave of a campaign: its number (1 for the first) and the first and last day it takes answers, both inclusive.</summary>
public readonly record struct WaveDates(int Number, DateOnly Opens, DateOnly Closes);

/// <summary>
/// The calendar of a campaign's waves and reminders, on local dates in the client's zone (docs/surveys.md, "Waves").
/// <para>
/// Waves open on the first opening date and then every 12, 6 or 3 months on the same day of the month. When that day does
/// not exist in a month (31 January quarterly: April has no 31st; 29 February yearly) the wave opens on the month's last
/// day instead, and the next one goes back to the original day: 31 Jan → 30 Apr → 31 Jul → 31 Oct → 31 Jan, and 29 Feb
/// 2028 → 28 Feb 2029 → … → 29 Feb 2032. Plain RFC 5545 would skip such months (Ical.Net does: 31 Jan quarterly gives no
/// wave in April at all), so the rule evaluated is the stored rule anchored to the day with
/// <c>BYMONTHDAY=28,…,d;BYSETPOS=-1</c> ("the last of these days that exists"), see <see cref="AnchoredRule"/>.
/// </para>
/// </summary>
public static class SurveyWaves
{
    /// <summary>The RRULE a campaign with this recurrence stores; null for a one-off campaign.</summary>
    public static string? Rule(SurveyRecurrence recurrence) => recurrence switch
    {
        SurveyRecurrence.Once => null,
        SurveyRecurrence.Yearly => "FREQ=YEARLY",
        SurveyRecurrence.HalfYearly => "FREQ=MONTHLY;INTERVAL=6",
        SurveyRecurrence.Quarterly => "FREQ=MONTHLY;INTERVAL=3",
        _ => throw new ArgumentOutOfRangeException(nameof(recurrence), recurrence, "Unknown recurrence."),
    };

    /// <summary>
    /// The RRULE actually evaluated for waves starting on <paramref name="firstOpens"/>: <see cref="Rule"/>, plus, when the
    /// day may be missing from some month of the series (29th–31st monthly, 29 February yearly), the clause that moves the
    /// wave to that month's last day, e.g. <c>FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=28,29,30,31;BYSETPOS=-1</c> for the 31st.
    /// With DTSTART = <paramref name="firstOpens"/> it is valid iCalendar, so it can go into an .ics file as it is.
    /// </summary>
    public static string? AnchoredRule(SurveyRecurrence recurrence, DateOnly firstOpens)
    {
        var rule = Rule(recurrence);
        var day = firstOpens.Day;
        var mayBeMissing = recurrence == SurveyRecurrence.Yearly ? firstOpens is { Month: 2, Day: 29 } : day > 28;
        if (rule is null || !mayBeMissing)
        {
            return rule;
        }

        var days = string.Join(',', Enumerable.Range(28, day - 27).Select(d => d.ToString(CultureInfo.InvariantCulture)));
        var month = recurrence == SurveyRecurrence.Yearly ? ";BYMONTH=2" : "";
        return $"{rule}{month};BYMONTHDAY={days};BYSETPOS=-1";
    }

    /// <summary>
    /// The waves that open in [<paramref name="from"/>, <paramref name="to"/>], numbered from 1 for the wave that opens on
    /// <paramref name="firstOpens"/>. Each closes <paramref name="openDays"/> − 1 days after it opens (one open day: it
    /// closes the day it opens). Waves may overlap if <paramref name="openDays"/> is longer than the recurrence; that is
    /// for the campaign form to refuse.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="openDays"/> is less than 1.</exception>
    public static IReadOnlyList<WaveDates> Occurrences(SurveyRecurrence recurrence, DateOnly firstOpens, int openDays, DateOnly from, DateOnly to)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(openDays, 1);
        var waves = new List<WaveDates>();
        foreach (var wave in All(recurrence, firstOpens, openDays))
        {
            if (wave.Opens > to)
            {
                break;
            }

            if (wave.Opens >= from)
            {
                waves.Add(wave);
            }
        }

        return waves;
    }

    /// <summary>
    /// The first wave that opens on or after <paramref name="today"/> (a wave opening today included); null when there is
    /// none, i.e. a one-off campaign whose date has passed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="openDays"/> is less than 1.</exception>
    public static WaveDates? Next(SurveyRecurrence recurrence, DateOnly firstOpens, int openDays, DateOnly today)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(openDays, 1);
        foreach (var wave in All(recurrence, firstOpens, openDays))
        {
            if (wave.Opens >= today)
            {
                return wave;
            }
        }

        return null;
    }

    /// <summary>
    /// The wave taking answers on <paramref name="today"/> (Opens ≤ today ≤ Closes); when waves overlap, the latest one;
    /// null between waves.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="openDays"/> is less than 1.</exception>
    public static WaveDates? OpenOn(SurveyRecurrence recurrence, DateOnly firstOpens, int openDays, DateOnly today)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(openDays, 1);
        WaveDates? open = null;
        foreach (var wave in All(recurrence, firstOpens, openDays))
        {
            if (wave.Opens > today)
            {
                break;
            }

            if (wave.Closes >= today)
            {
                open = wave;
            }
        }

        return open;
    }

    /// <summary>
    /// The day that is <paramref name="workingDaysBefore"/> working days before <paramref name="closes"/>: the close day itself
    /// does not count, so 1 is the last working day before it, and 0 is the close day whatever it is. The mirror of
    /// <see cref="Calendars.ProductionCalendar.AddWorkingDays"/>; pass <c>ProductionCalendar.Russia.IsWorkingDay</c> or any
    /// other calendar's predicate.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingDaysBefore"/> is negative.</exception>
    /// <exception cref="ArgumentException">The predicate finds no working day in a whole year.</exception>
    public static DateOnly ReminderDay(DateOnly closes, int workingDaysBefore, Func<DateOnly, bool> isWorkingDay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDaysBefore);
        ArgumentNullException.ThrowIfNull(isWorkingDay);
        var day = closes;
        var left = workingDaysBefore;
        var daysOffInARow = 0;
        while (left > 0)
        {
            day = day.AddDays(-1);
            if (isWorkingDay(day))
            {
                left--;
                daysOffInARow = 0;
            }
            else if (++daysOffInARow > 366)
            {
                // No calendar has a year without work; this one is broken, and the loop would otherwise never end.
                throw new ArgumentException($"The calendar has no working day in the year before {day.AddDays(daysOffInARow):yyyy-MM-dd}.", nameof(isWorkingDay));
            }
        }

        return day;
    }

    /// <summary>Every wave in order, lazily: a recurring series is endless.</summary>
    private static IEnumerable<WaveDates> All(SurveyRecurrence recurrence, DateOnly firstOpens, int openDays)
    {
        var rule = AnchoredRule(recurrence, firstOpens);
        if (rule is null)
        {
            yield return Wave(1, firstOpens, openDays);
            yield break;
        }

        // All-day DTSTART without a zone: waves are local dates of the client, which the caller turns into instants.
        var series = new CalendarEvent { DtStart = new CalDateTime(firstOpens), RecurrenceRule = new RecurrencePattern(rule) };
        var number = 0;
        foreach (var occurrence in series.GetOccurrences())
        {
            yield return Wave(++number, occurrence.Period.StartTime.Date, openDays);
        }
    }

    private static WaveDates Wave(int number, DateOnly opens, int openDays) => new(number, opens, opens.AddDays(openDays - 1));
}
