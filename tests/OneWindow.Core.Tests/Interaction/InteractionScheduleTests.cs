using CsCheck;
using OneWindow.Core.Calendars;
using OneWindow.Core.Interaction;

namespace OneWindow.Core.Tests.Interaction;

/// <summary>When chosen interaction items fall: working day N by the Russian production calendar, or every N weeks.</summary>
public class InteractionScheduleTests
{
    private static readonly Func<DateOnly, bool> Working = ProductionCalendar.Russia.IsWorkingDay;

    [Fact]
    public void Working_day_3_of_January_2027_comes_after_the_new_year_holidays()
    {
        // 1–8 January 2027 are days off, 9–10 a weekend: the working days begin on Monday 11 January.
        Assert.Equal(new DateOnly(2027, 1, 13), InteractionSchedule.WorkingDayOfMonth(new DateOnly(2027, 1, 1), 3, Working));
        Assert.Equal(new DateOnly(2027, 3, 3), InteractionSchedule.WorkingDayOfMonth(new DateOnly(2027, 3, 1), 3, Working));
    }

    [Fact]
    public void A_quarterly_item_falls_in_the_first_month_of_each_quarter()
    {
        var dates = InteractionSchedule.Occurrences(InteractionFrequency.Quarterly, 5, null, null, new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31), Working);
        Assert.Equal([1, 4, 7, 10], dates.Select(d => d.Month));
        Assert.All(dates, d => Assert.True(Working(d)));
    }

    [Fact]
    public void Every_two_weeks_counts_from_the_first_date_whatever_the_window()
    {
        var first = new DateOnly(2027, 3, 2);
        var dates = InteractionSchedule.Occurrences(InteractionFrequency.EveryNWeeks, null, first, 2, new DateOnly(2027, 3, 10), new DateOnly(2027, 4, 15), Working);
        Assert.Equal([new DateOnly(2027, 3, 16), new DateOnly(2027, 3, 30), new DateOnly(2027, 4, 13)], dates);
        Assert.Empty(InteractionSchedule.Occurrences(InteractionFrequency.Continuous, null, first, null, first, first.AddYears(1), Working));
    }

    [Fact]
    public void A_periodic_date_is_always_the_nth_working_day_of_its_month()
    {
        Gen.Select(Gen.Int[2023, 2027], Gen.Int[1, 12], Gen.Int[1, 20]).Sample((year, month, n) =>
        {
            var start = new DateOnly(year, month, 1);
            var day = InteractionSchedule.WorkingDayOfMonth(start, n, Working);
            var workingBefore = Enumerable.Range(0, day.Day - 1).Select(i => start.AddDays(i)).Count(Working);
            // Day N itself, or the month's last working day when the month has fewer than N.
            var last = Enumerable.Range(0, DateTime.DaysInMonth(year, month)).Select(i => start.AddDays(i)).Where(Working).Max();
            return Working(day) && day.Month == month && (workingBefore == n - 1 || day == last);
        });
    }
}
