using OneWindow.Core.Calendars;
using OneWindow.Core.Interaction;

namespace OneWindow.Core.Tests.Interaction;

/// <summary>A meeting item as one calendar series: a weekly rule without the days off, or the explicit working-day dates.</summary>
public class MeetingSeriesTests
{
    private static readonly Func<DateOnly, bool> Working = ProductionCalendar.Russia.IsWorkingDay;

    [Fact]
    public void A_two_weekly_meeting_is_a_rule_from_its_first_date_without_the_new_year_holidays()
    {
        var plan = MeetingSeries.Plan(InteractionFrequency.EveryNWeeks, null, new DateOnly(2026, 12, 8), 2, new DateOnly(2026, 12, 7), Working)!;

        Assert.True(plan.IsRule);
        Assert.Equal(2, plan.IntervalWeeks);
        Assert.Equal(new DateOnly(2026, 12, 8), plan.Start);
        Assert.Equal(new DateOnly(2027, 12, 7), plan.Through);
        // Tuesday 5 January 2027 falls in the New Year holidays: excluded, and the only such Tuesday of the cycle.
        Assert.Contains(new DateOnly(2027, 1, 5), plan.Excluded);
        Assert.All(plan.Excluded, d => Assert.False(Working(d)));
        Assert.All(plan.Dates, d => Assert.True(Working(d)));
        Assert.All(plan.Dates.Concat(plan.Excluded), d => Assert.Equal(0, (d.DayNumber - plan.Start.DayNumber) % 14));
        // Every date of the rule up to the horizon is either a meeting or excluded.
        Assert.Equal((plan.Through.DayNumber - plan.Start.DayNumber) / 14 + 1, plan.Dates.Count + plan.Excluded.Count);
    }

    [Fact]
    public void A_rule_whose_next_date_is_a_day_off_starts_at_the_first_working_one()
    {
        // Counting from 1 January 2027 the Tuesday of 5 January is off: the series starts on the 19th, with nothing excluded before it.
        var plan = MeetingSeries.Plan(InteractionFrequency.EveryNWeeks, null, new DateOnly(2026, 12, 8), 2, new DateOnly(2027, 1, 1), Working)!;
        Assert.Equal(new DateOnly(2027, 1, 19), plan.Start);
        Assert.DoesNotContain(plan.Excluded, d => d <= plan.Start);
    }

    [Fact]
    public void A_quarterly_meeting_on_working_day_10_is_the_explicit_list_of_its_dates()
    {
        var plan = MeetingSeries.Plan(InteractionFrequency.Quarterly, 10, null, null, new DateOnly(2026, 12, 7), Working)!;

        Assert.False(plan.IsRule);
        Assert.Equal([1, 4, 7, 10], plan.Dates.Select(d => d.Month));
        Assert.All(plan.Dates, d => Assert.Equal(d, InteractionSchedule.WorkingDayOfMonth(new DateOnly(d.Year, d.Month, 1), 10, Working)));
        Assert.Equal(plan.Dates[0], plan.Start);
        Assert.Empty(plan.Excluded);
    }

    [Fact]
    public void No_date_no_series_and_a_series_is_renewed_sixty_days_before_its_horizon()
    {
        Assert.Null(MeetingSeries.Plan(InteractionFrequency.EveryNWeeks, null, null, 2, new DateOnly(2026, 12, 7), Working));
        Assert.Null(MeetingSeries.Plan(InteractionFrequency.Continuous, null, new DateOnly(2026, 12, 8), null, new DateOnly(2026, 12, 7), Working));

        var through = new DateOnly(2027, 12, 7);
        Assert.True(MeetingSeries.NeedsRenewal(null, new DateOnly(2026, 12, 7)));
        Assert.False(MeetingSeries.NeedsRenewal(through, through.AddDays(-61)));
        Assert.True(MeetingSeries.NeedsRenewal(through, through.AddDays(-60)));
    }
}
