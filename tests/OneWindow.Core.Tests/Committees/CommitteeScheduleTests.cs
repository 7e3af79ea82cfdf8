using System.Globalization;
using OneWindow.Core.Calendars;
using OneWindow.Core.Committees;

namespace OneWindow.Core.Tests.Committees;

public class CommitteeScheduleTests
{
    private static readonly Func<DateOnly, bool> Ru = ProductionCalendar.Russia.IsWorkingDay;

    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    private static string[] Dates(CommitteeCadence cadence, string first, string from, string to) =>
        [.. CommitteeSchedule.Dates(cadence, D(first), D(from), D(to), Ru).Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))];

    [Fact]
    public void Daily_is_every_working_day_and_skips_the_New_Year_holidays()
    {
        Assert.Equal(["2026-12-30", "2027-01-11", "2027-01-12"], Dates(CommitteeCadence.Daily, "2026-12-01", "2026-12-30", "2027-01-12"));
    }

    [Fact]
    public void Weekly_steps_seven_days_from_the_first_date()
    {
        Assert.Equal(["2026-11-02", "2026-11-09", "2026-11-16"], Dates(CommitteeCadence.Weekly, "2026-11-02", "2026-11-01", "2026-11-20"));
    }

    [Fact]
    public void Biweekly_keeps_its_phase_when_the_window_starts_later()
    {
        Assert.Equal(["2026-12-14", "2026-12-28"], Dates(CommitteeCadence.Biweekly, "2026-11-02", "2026-12-01", "2026-12-31"));
    }

    [Fact]
    public void A_weekly_meeting_in_the_New_Year_holidays_moves_to_the_next_working_day()
    {
        // Mondays from 2026-12-28: 4 Jan 2027 is a holiday, so that meeting is on Monday 11 Jan (the first working day)
        // and the nominal 11 Jan is the same day: it is not doubled.
        Assert.Equal(["2026-12-28", "2027-01-11", "2027-01-18"], Dates(CommitteeCadence.Weekly, "2026-12-28", "2026-12-28", "2027-01-20"));
    }

    [Fact]
    public void Monthly_on_the_31st_clamps_and_moves_off_days_off()
    {
        // Nominal: 31 Dec 2026 (day off by decree) → 11 Jan 2027; 31 Jan 2027 is a Sunday → 1 Feb; 28 Feb (Sunday) → 1 Mar; 31 Mar.
        Assert.Equal(["2027-01-11", "2027-02-01", "2027-03-01", "2027-03-31"], Dates(CommitteeCadence.Monthly, "2026-12-31", "2026-12-31", "2027-03-31"));
    }

    [Fact]
    public void Quarterly_is_every_three_months()
    {
        Assert.Equal(["2026-10-15", "2027-01-15", "2027-04-15"], Dates(CommitteeCadence.Quarterly, "2026-10-15", "2026-10-01", "2027-04-30"));
    }

    [Fact]
    public void Nothing_before_the_first_date_and_an_empty_window_is_empty()
    {
        Assert.Empty(Dates(CommitteeCadence.Weekly, "2027-01-18", "2026-12-01", "2027-01-17"));
        Assert.Empty(Dates(CommitteeCadence.Monthly, "2026-01-15", "2026-03-01", "2026-02-01"));
    }

    [Fact]
    public void Extreme_dates_do_not_overflow()
    {
        Assert.Empty(CommitteeSchedule.Dates(CommitteeCadence.Quarterly, DateOnly.MaxValue.AddDays(-3), DateOnly.MaxValue.AddDays(-1), DateOnly.MaxValue, _ => false));
        Assert.Single(CommitteeSchedule.Dates(CommitteeCadence.Weekly, DateOnly.MaxValue.AddDays(-3), DateOnly.MinValue, DateOnly.MaxValue, _ => true));
    }
}
