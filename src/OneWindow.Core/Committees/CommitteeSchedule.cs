namespace OneWindow.Core.Committees;

/// <summary>
/// A committee's meeting dates: nominal dates follow the cadence from the first date, and a nominal date that falls on a
/// day off moves to the next working day (the series keeps its nominal anchor, so one move does not shift the rest).
/// </summary>
public static class CommitteeSchedule
{
    /// <summary>The meeting dates within [<paramref name="from"/>, <paramref name="to"/>], in order, without repeats.</summary>
    public static IReadOnlyList<DateOnly> Dates(CommitteeCadence cadence, DateOnly firstDate, DateOnly from, DateOnly to, Func<DateOnly, bool> isWorkingDay)
    {
        ArgumentNullException.ThrowIfNull(isWorkingDay);
        var dates = new List<DateOnly>();
        if (to < from || to < firstDate)
        {
            return dates;
        }

        var start = from > firstDate ? from : firstDate;
        foreach (var nominal in Nominal(cadence, firstDate, start))
        {
            if (nominal > to)
            {
                break;
            }

            var date = NextWorkingDay(nominal, isWorkingDay);
            if (date is { } d && d >= start && d <= to && (dates.Count == 0 || dates[^1] < d))
            {
                dates.Add(d);
            }
        }

        return dates;
    }

    /// <summary>The date itself when it is a working day, else the next working day (null beyond the calendar's reach).</summary>
    public static DateOnly? NextWorkingDay(DateOnly date, Func<DateOnly, bool> isWorkingDay)
    {
        ArgumentNullException.ThrowIfNull(isWorkingDay);
        // No run of days off is longer than a few weeks; the bound keeps a broken calendar from looping.
        for (var i = 0; i < 60 && date < DateOnly.MaxValue; i++, date = date.AddDays(1))
        {
            if (isWorkingDay(date))
            {
                return date;
            }
        }

        return null;
    }

    /// <summary>Nominal dates from the first date on; starts a little before <paramref name="start"/> since a moved date may land after it.</summary>
    private static IEnumerable<DateOnly> Nominal(CommitteeCadence cadence, DateOnly first, DateOnly start)
    {
        var lookBack = start.DayNumber - first.DayNumber > 31 ? start.AddDays(-31) : first;
        switch (cadence)
        {
            case CommitteeCadence.Daily:
                for (var d = start; ; d = d.AddDays(1))
                {
                    yield return d;
                    if (d == DateOnly.MaxValue)
                    {
                        yield break;
                    }
                }

            case CommitteeCadence.Weekly:
            case CommitteeCadence.Biweekly:
                var step = cadence == CommitteeCadence.Weekly ? 7 : 14;
                var skip = (lookBack.DayNumber - first.DayNumber) / step;
                for (long n = skip; ; n++)
                {
                    var day = first.DayNumber + (n * step);
                    if (day > DateOnly.MaxValue.DayNumber)
                    {
                        yield break;
                    }

                    yield return DateOnly.FromDayNumber((int)day);
                }

            case CommitteeCadence.Monthly:
            case CommitteeCadence.Quarterly:
                var months = cadence == CommitteeCadence.Monthly ? 1 : 3;
                var elapsed = ((lookBack.Year - first.Year) * 12) + lookBack.Month - first.Month;
                for (var n = Math.Max(0, elapsed / months); ; n++)
                {
                    var total = ((first.Year * 12) + first.Month - 1) + (n * months);
                    var (year, month) = (total / 12, (total % 12) + 1);
                    if (year > 9999)
                    {
                        yield break;
                    }

                    yield return new DateOnly(year, month, Math.Min(first.Day, DateTime.DaysInMonth(year, month)));
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(cadence), cadence, "Unknown cadence.");
        }
    }
}
