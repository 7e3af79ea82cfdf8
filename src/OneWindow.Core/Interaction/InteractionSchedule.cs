namespace OneWindow.Core.Interaction;

/// <summary>How often a chosen interaction item recurs.</summary>
public enum InteractionFrequency
{
    Weekly = 0,
    /// <summary>Every N weeks from a first date (a meeting with the business every two weeks).</summary>
    EveryNWeeks = 1,
    Monthly = 2,
    Quarterly = 3,
    HalfYearly = 4,
    Yearly = 5,
    /// <summary>Always on (dashboard access, a named contact on duty): nothing is delivered on a date.</summary>
    Continuous = 6,
}

/// <summary>
/// The dates a chosen item falls on. Period-based items (monthly and longer) fall on working day N of the period's first
/// month by the production calendar, so they never land on a day off; week-based items fall on a weekday from a first
/// date, which may be a day off (the delivery is then held and logged, not sent).
/// </summary>
public static class InteractionSchedule
{
    public static bool IsPeriodic(InteractionFrequency frequency) =>
        frequency is InteractionFrequency.Monthly or InteractionFrequency.Quarterly or InteractionFrequency.HalfYearly or InteractionFrequency.Yearly;

    public static bool IsWeekly(InteractionFrequency frequency) => frequency is InteractionFrequency.Weekly or InteractionFrequency.EveryNWeeks;

    /// <summary>Months per period of a periodic frequency.</summary>
    public static int Months(InteractionFrequency frequency) => frequency switch
    {
        InteractionFrequency.Monthly => 1,
        InteractionFrequency.Quarterly => 3,
        InteractionFrequency.HalfYearly => 6,
        InteractionFrequency.Yearly => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "Not a periodic frequency."),
    };

    /// <summary>The first day of the period (of this frequency) that contains <paramref name="date"/>.</summary>
    public static DateOnly PeriodStart(InteractionFrequency frequency, DateOnly date)
    {
        var months = Months(frequency);
        var index = (date.Month - 1) / months * months;
        return new DateOnly(date.Year, index + 1, 1);
    }

    /// <summary>Working day <paramref name="n"/> (1-based) of the month starting at <paramref name="monthStart"/>; the month's last working day when it has fewer.</summary>
    public static DateOnly WorkingDayOfMonth(DateOnly monthStart, int n, Func<DateOnly, bool> isWorkingDay)
    {
        ArgumentNullException.ThrowIfNull(isWorkingDay);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var first = new DateOnly(monthStart.Year, monthStart.Month, 1);
        var last = first;
        var count = 0;
        for (var d = first; d.Month == first.Month; d = d.AddDays(1))
        {
            if (!isWorkingDay(d))
            {
                continue;
            }

            last = d;
            if (++count == n)
            {
                return d;
            }
        }

        return last;
    }

    /// <summary>
    /// Every date of the item in [<paramref name="from"/>, <paramref name="to"/>], oldest first. Periodic items need
    /// <paramref name="workingDay"/>; weekly ones <paramref name="firstDate"/> (and <paramref name="intervalWeeks"/> for every N weeks).
    /// </summary>
    public static IReadOnlyList<DateOnly> Occurrences(InteractionFrequency frequency, int? workingDay, DateOnly? firstDate, int? intervalWeeks,
        DateOnly from, DateOnly to, Func<DateOnly, bool> isWorkingDay)
    {
        var dates = new List<DateOnly>();
        if (to < from)
        {
            return dates;
        }

        if (IsPeriodic(frequency) && workingDay is { } n and >= 1)
        {
            var months = Months(frequency);
            for (var start = PeriodStart(frequency, from); start <= to; start = start.AddMonths(months))
            {
                var day = WorkingDayOfMonth(start, n, isWorkingDay);
                if (day >= from && day <= to && (firstDate is null || day >= firstDate))
                {
                    dates.Add(day);
                }
            }
        }
        else if (IsWeekly(frequency) && firstDate is { } first)
        {
            var step = frequency == InteractionFrequency.Weekly ? 7 : 7 * Math.Max(1, intervalWeeks ?? 1);
            var skip = from > first ? (from.DayNumber - first.DayNumber + step - 1) / step : 0;
            for (var d = first.AddDays(skip * step); d <= to; d = d.AddDays(step))
            {
                dates.Add(d);
            }
        }

        return dates;
    }

    /// <summary>The first date of the item on or after <paramref name="from"/> within a year, or null.</summary>
    public static DateOnly? Next(InteractionFrequency frequency, int? workingDay, DateOnly? firstDate, int? intervalWeeks, DateOnly from, Func<DateOnly, bool> isWorkingDay) =>
        Occurrences(frequency, workingDay, firstDate, intervalWeeks, from, from.AddYears(1), isWorkingDay) is { Count: > 0 } dates ? dates[0] : null;
}
