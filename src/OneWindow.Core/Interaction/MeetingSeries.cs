namespace OneWindow.Core.Interaction;

/// <summary>
/// One recurring meeting as a calendar series covers, from its first date to the horizon: week-based meetings as a weekly
/// rule (every <see cref="IntervalWeeks"/> weeks from <see cref="Start"/>) with the days off of the production calendar
/// excluded; period-based ones ("working day 10 of each quarter") as the explicit <see cref="Dates"/>, since no recurrence
/// rule can say "the N-th working day by the Russian production calendar".
/// </summary>
public sealed record MeetingSeriesPlan(DateOnly Start, int? IntervalWeeks, IReadOnlyList<DateOnly> Dates, IReadOnlyList<DateOnly> Excluded, DateOnly Through)
{
    /// <summary>Whether the series is a weekly rule (else an explicit list of dates).</summary>
    public bool IsRule => IntervalWeeks is not null;
}

public static class MeetingSeries
{
    /// <summary>How far ahead a series invitation reaches: the holidays of the production calendar are known about a year ahead.</summary>
    public const int HorizonMonths = 12;

    /// <summary>A series is sent again (extended) once its horizon is this close.</summary>
    public const int RenewDays = 60;

    /// <summary>
    /// The series of a meeting item from <paramref name="from"/> (usually today in the company's zone) to the horizon, or
    /// null when the item has no date in that time (no first date, no working day).
    /// </summary>
    public static MeetingSeriesPlan? Plan(InteractionFrequency frequency, int? workingDay, DateOnly? firstDate, int? intervalWeeks, DateOnly from,
        Func<DateOnly, bool> isWorkingDay)
    {
        ArgumentNullException.ThrowIfNull(isWorkingDay);
        var through = from.AddMonths(HorizonMonths);
        var dates = InteractionSchedule.Occurrences(frequency, workingDay, firstDate, intervalWeeks, from, through, isWorkingDay);
        if (InteractionSchedule.IsWeekly(frequency))
        {
            // The rule starts at its first working occurrence: a series whose DTSTART is itself excluded confuses some clients.
            var working = dates.Where(isWorkingDay).ToList();
            if (working.Count == 0)
            {
                return null;
            }

            var step = frequency == InteractionFrequency.Weekly ? 1 : Math.Max(1, intervalWeeks ?? 1);
            var excluded = dates.Where(d => d > working[0] && !isWorkingDay(d)).ToList();
            return new MeetingSeriesPlan(working[0], step, working, excluded, through);
        }

        return dates.Count == 0 ? null : new MeetingSeriesPlan(dates[0], null, dates, [], through);
    }

    /// <summary>Whether a series sent through <paramref name="through"/> should be extended on <paramref name="today"/>.</summary>
    public static bool NeedsRenewal(DateOnly? through, DateOnly today) => through is null || through.Value.DayNumber - today.DayNumber <= RenewDays;
}
