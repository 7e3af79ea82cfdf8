using OneWindow.Core.Calendars;
using OneWindow.Core.Feedback;
using OneWindow.Core.ServiceLevels;

namespace OneWindow.Core.Tests.Feedback;

public class FeedbackMathTests
{
    [Fact]
    public void Csat_is_the_share_of_satisfied_grades_on_each_scale()
    {
        var figures = FeedbackMath.Grades([new(5, 5), new(4, 5), new(2, 5), new(3, 3), new(2, 3), new(1, 3)]);
        Assert.Equal(6, figures.Count);
        Assert.Equal(3, figures.Satisfied);
        Assert.Equal(50.0m, figures.Csat);
        // 5, 4, 2, 5, 3, 1 on five points.
        Assert.Equal(3.33, figures.AverageGrade);
        Assert.Equal([1, 1, 1, 1, 2], figures.Distribution);
    }

    [Fact]
    public void No_grades_give_no_figures()
    {
        var figures = FeedbackMath.Grades([]);
        Assert.Null(figures.Csat);
        Assert.Null(figures.AverageGrade);
        Assert.Equal([0, 0, 0, 0, 0], figures.Distribution);
    }

    [Fact]
    public void Turnaround_counts_open_overdue_and_the_median_days_to_close()
    {
        var t0 = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var now = t0.AddDays(10);
        var result = FeedbackMath.Turnaround(
        [
            (t0, t0.AddDays(3), t0.AddDays(1)),
            (t0, t0.AddDays(3), t0.AddDays(2)),
            (t0, t0.AddDays(3), t0.AddDays(6)),
            (t0, t0.AddDays(3), null),
            (t0, t0.AddDays(30), null),
        ], now);
        Assert.Equal(new Turnaround(2, 1, 3, 2.0), result);
        Assert.Equal(2.5, FeedbackMath.Median([1, 2, 3, 4]));
        Assert.Null(FeedbackMath.Median([]));
    }

    [Fact]
    public void A_case_is_due_at_the_end_of_the_nth_working_day_after_opening()
    {
        var calendar = new BusinessCalendar("Europe/Moscow", WeeklySchedule.StandardRussian, production: ProductionCalendar.Russia);
        // Friday 27 November 2026, 17:00 MSK: Mon 30 Nov, Tue 1 Dec, Wed 2 Dec → due Wed 18:00 MSK.
        var opened = new DateTimeOffset(2026, 11, 27, 17, 0, 0, TimeSpan.FromHours(3));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 18, 0, 0, TimeSpan.FromHours(3)), FeedbackMath.DueAt(calendar, opened, 3));
        Assert.True(FeedbackMath.InPeriod(calendar, ReportPeriod.Of(PeriodUnit.Month, new DateOnly(2026, 11, 1)), opened));
    }
}
