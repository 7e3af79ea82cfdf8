using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using OneWindow.Core.Calendars;
using OneWindow.Core.Surveys;

namespace OneWindow.Core.Tests.Surveys;

public class SurveyWavesTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private static WaveDates W(int number, DateOnly opens, DateOnly closes) => new(number, opens, closes);

    [Fact]
    public void Each_recurrence_has_its_rrule()
    {
        Assert.Null(SurveyWaves.Rule(SurveyRecurrence.Once));
        Assert.Equal("FREQ=YEARLY", SurveyWaves.Rule(SurveyRecurrence.Yearly));
        Assert.Equal("FREQ=MONTHLY;INTERVAL=6", SurveyWaves.Rule(SurveyRecurrence.HalfYearly));
        Assert.Equal("FREQ=MONTHLY;INTERVAL=3", SurveyWaves.Rule(SurveyRecurrence.Quarterly));
        Assert.Throws<ArgumentOutOfRangeException>(() => SurveyWaves.Rule((SurveyRecurrence)42));
    }

    [Fact]
    public void The_anchored_rule_adds_the_month_end_clause_only_where_a_month_may_lack_the_day()
    {
        Assert.Equal("FREQ=MONTHLY;INTERVAL=3", SurveyWaves.AnchoredRule(SurveyRecurrence.Quarterly, D(2026, 1, 28)));
        Assert.Equal("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=28,29;BYSETPOS=-1", SurveyWaves.AnchoredRule(SurveyRecurrence.Quarterly, D(2026, 1, 29)));
        Assert.Equal("FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", SurveyWaves.AnchoredRule(SurveyRecurrence.HalfYearly, D(2026, 8, 31)));
        Assert.Equal("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1", SurveyWaves.AnchoredRule(SurveyRecurrence.Yearly, D(2028, 2, 29)));
        // Every 31 March exists.
        Assert.Equal("FREQ=YEARLY", SurveyWaves.AnchoredRule(SurveyRecurrence.Yearly, D(2026, 3, 31)));
        Assert.Null(SurveyWaves.AnchoredRule(SurveyRecurrence.Once, D(2026, 1, 31)));
    }

    [Fact]
    public void Yearly_waves_open_on_the_same_date_each_year()
    {
        // Open for 14 days: 2 March to 15 March inclusive.
        Assert.Equal(
            [
                W(1, D(2026, 3, 2), D(2026, 3, 15)),
                W(2, D(2027, 3, 2), D(2027, 3, 15)),
                W(3, D(2028, 3, 2), D(2028, 3, 15)),
                W(4, D(2029, 3, 2), D(2029, 3, 15)),
            ],
            SurveyWaves.Occurrences(SurveyRecurrence.Yearly, D(2026, 3, 2), 14, D(2026, 1, 1), D(2029, 12, 31)));
    }

    [Fact]
    public void Waves_keep_their_numbers_when_the_range_starts_later()
    {
        // Half-yearly from 15 April 2026: 1 = 15 Apr 2026, 2 = 15 Oct 2026, 3 = 15 Apr 2027, 4 = 15 Oct 2027, 5 = 15 Apr 2028.
        Assert.Equal(
            [W(3, D(2027, 4, 15), D(2027, 5, 14)), W(4, D(2027, 10, 15), D(2027, 11, 13))],
            SurveyWaves.Occurrences(SurveyRecurrence.HalfYearly, D(2026, 4, 15), 30, D(2027, 1, 1), D(2027, 12, 31)));
    }

    [Fact]
    public void The_range_is_inclusive_at_both_ends()
    {
        // Quarterly from 1 Feb 2026: 1 Feb, 1 May, 1 Aug, 1 Nov.
        Assert.Equal(
            [W(2, D(2026, 5, 1), D(2026, 5, 1)), W(3, D(2026, 8, 1), D(2026, 8, 1))],
            SurveyWaves.Occurrences(SurveyRecurrence.Quarterly, D(2026, 2, 1), 1, D(2026, 5, 1), D(2026, 8, 1)));
        Assert.Empty(SurveyWaves.Occurrences(SurveyRecurrence.Quarterly, D(2026, 2, 1), 1, D(2026, 5, 2), D(2026, 7, 31)));
        Assert.Empty(SurveyWaves.Occurrences(SurveyRecurrence.Quarterly, D(2026, 2, 1), 1, D(2026, 9, 1), D(2026, 8, 1)));
        // Nothing before the first wave.
        Assert.Empty(SurveyWaves.Occurrences(SurveyRecurrence.Yearly, D(2026, 2, 1), 1, D(2020, 1, 1), D(2026, 1, 31)));
    }

    [Fact]
    public void A_quarterly_wave_from_the_31st_opens_on_the_last_day_of_shorter_months_and_goes_back_to_the_31st()
    {
        // 31 Jan → 30 Apr (April has 30 days) → 31 Jul → 31 Oct → 31 Jan; closing 10 days later counted from each opening.
        Assert.Equal(
            [
                W(1, D(2026, 1, 31), D(2026, 2, 9)),
                W(2, D(2026, 4, 30), D(2026, 5, 9)),
                W(3, D(2026, 7, 31), D(2026, 8, 9)),
                W(4, D(2026, 10, 31), D(2026, 11, 9)),
                W(5, D(2027, 1, 31), D(2027, 2, 9)),
                W(6, D(2027, 4, 30), D(2027, 5, 9)),
            ],
            SurveyWaves.Occurrences(SurveyRecurrence.Quarterly, D(2026, 1, 31), 10, D(2026, 1, 1), D(2027, 6, 30)));
    }

    [Fact]
    public void A_wave_due_on_the_30th_of_February_opens_on_the_28th_or_in_a_leap_year_the_29th()
    {
        // Quarterly from 30 Nov 2027: February has no 30th, so 29 Feb 2028 (a leap year), then 30 May, 30 Aug, 30 Nov, 28 Feb 2029.
        Assert.Equal(
            [D(2027, 11, 30), D(2028, 2, 29), D(2028, 5, 30), D(2028, 8, 30), D(2028, 11, 30), D(2029, 2, 28), D(2029, 5, 30)],
            SurveyWaves.Occurrences(SurveyRecurrence.Quarterly, D(2027, 11, 30), 7, D(2027, 1, 1), D(2029, 6, 30)).Select(w => w.Opens));

        // Half-yearly from 31 Aug 2027: 29 Feb 2028, 31 Aug 2028, 28 Feb 2029.
        Assert.Equal(
            [D(2027, 8, 31), D(2028, 2, 29), D(2028, 8, 31), D(2029, 2, 28), D(2029, 8, 31)],
            SurveyWaves.Occurrences(SurveyRecurrence.HalfYearly, D(2027, 8, 31), 7, D(2027, 1, 1), D(2029, 12, 31)).Select(w => w.Opens));
    }

    [Fact]
    public void A_yearly_wave_from_a_leap_day_opens_on_28_February_in_common_years()
    {
        // 7 days from 28 Feb 2029 close on 6 March; from 29 Feb 2032 on 6 March too.
        Assert.Equal(
            [
                W(1, D(2028, 2, 29), D(2028, 3, 6)),
                W(2, D(2029, 2, 28), D(2029, 3, 6)),
                W(3, D(2030, 2, 28), D(2030, 3, 6)),
                W(4, D(2031, 2, 28), D(2031, 3, 6)),
                W(5, D(2032, 2, 29), D(2032, 3, 6)),
            ],
            SurveyWaves.Occurrences(SurveyRecurrence.Yearly, D(2028, 2, 29), 7, D(2028, 1, 1), D(2032, 12, 31)));
    }

    [Fact]
    public void Plain_rfc_5545_would_skip_the_months_without_the_day()
    {
        // Why the rule is anchored: Ical.Net evaluating the stored rule alone gives no wave at all in April.
        var plain = new CalendarEvent
        {
            DtStart = new CalDateTime(D(2026, 1, 31)),
            RecurrenceRule = new RecurrencePattern("FREQ=MONTHLY;INTERVAL=3"),
        };
        Assert.Equal(
            [D(2026, 1, 31), D(2026, 7, 31), D(2026, 10, 31)],
            plain.GetOccurrences().TakeWhileBefore(new CalDateTime(D(2027, 1, 1))).Select(o => o.Period.StartTime.Date));
    }

    [Fact]
    public void A_one_off_campaign_has_a_single_wave()
    {
        Assert.Equal(
            [W(1, D(2026, 6, 1), D(2026, 6, 21))],
            SurveyWaves.Occurrences(SurveyRecurrence.Once, D(2026, 6, 1), 21, D(2026, 1, 1), D(2030, 12, 31)));
        Assert.Empty(SurveyWaves.Occurrences(SurveyRecurrence.Once, D(2026, 6, 1), 21, D(2026, 6, 2), D(2030, 12, 31)));
    }

    [Fact]
    public void A_wave_may_close_in_the_next_year()
    {
        Assert.Equal(
            [W(1, D(2026, 12, 15), D(2027, 1, 4))],
            SurveyWaves.Occurrences(SurveyRecurrence.Yearly, D(2026, 12, 15), 21, D(2026, 12, 1), D(2026, 12, 31)));
    }

    [Fact]
    public void The_next_wave_is_the_first_opening_today_or_later()
    {
        var first = D(2026, 1, 31);
        Assert.Equal(W(1, first, D(2026, 2, 13)), SurveyWaves.Next(SurveyRecurrence.Quarterly, first, 14, D(2025, 6, 1)));
        Assert.Equal(W(1, first, D(2026, 2, 13)), SurveyWaves.Next(SurveyRecurrence.Quarterly, first, 14, first));
        Assert.Equal(W(2, D(2026, 4, 30), D(2026, 5, 13)), SurveyWaves.Next(SurveyRecurrence.Quarterly, first, 14, D(2026, 2, 1)));
        Assert.Equal(W(2, D(2026, 4, 30), D(2026, 5, 13)), SurveyWaves.Next(SurveyRecurrence.Quarterly, first, 14, D(2026, 4, 30)));
        Assert.Equal(W(3, D(2026, 7, 31), D(2026, 8, 13)), SurveyWaves.Next(SurveyRecurrence.Quarterly, first, 14, D(2026, 5, 1)));
        // Fifty years on: wave 201 (31 Jan 2026 + 200 quarters = 31 Jan 2076).
        Assert.Equal(W(201, D(2076, 1, 31), D(2076, 2, 13)), SurveyWaves.Next(SurveyRecurrence.Quarterly, first, 14, D(2075, 11, 1)));
    }

    [Fact]
    public void A_one_off_campaign_has_no_next_wave_after_its_date()
    {
        Assert.Equal(W(1, D(2026, 6, 1), D(2026, 6, 1)), SurveyWaves.Next(SurveyRecurrence.Once, D(2026, 6, 1), 1, D(2026, 6, 1)));
        Assert.Null(SurveyWaves.Next(SurveyRecurrence.Once, D(2026, 6, 1), 1, D(2026, 6, 2)));
    }

    [Fact]
    public void The_open_wave_is_the_one_whose_dates_hold_today()
    {
        var first = D(2026, 1, 31);
        Assert.Null(SurveyWaves.OpenOn(SurveyRecurrence.Quarterly, first, 10, D(2026, 1, 30)));
        Assert.Equal(1, SurveyWaves.OpenOn(SurveyRecurrence.Quarterly, first, 10, first)?.Number);
        Assert.Equal(1, SurveyWaves.OpenOn(SurveyRecurrence.Quarterly, first, 10, D(2026, 2, 9))?.Number);
        Assert.Null(SurveyWaves.OpenOn(SurveyRecurrence.Quarterly, first, 10, D(2026, 2, 10)));
        Assert.Equal(2, SurveyWaves.OpenOn(SurveyRecurrence.Quarterly, first, 10, D(2026, 5, 9))?.Number);
        Assert.Null(SurveyWaves.OpenOn(SurveyRecurrence.Quarterly, first, 10, D(2026, 5, 10)));
        Assert.Null(SurveyWaves.OpenOn(SurveyRecurrence.Once, first, 10, D(2026, 2, 10)));
        // Overlapping waves (open 100 days, every quarter): on 1 May 2026 waves 1 (to 10 May) and 2 (from 30 Apr) are open.
        Assert.Equal(2, SurveyWaves.OpenOn(SurveyRecurrence.Quarterly, first, 100, D(2026, 5, 1))?.Number);
    }

    [Fact]
    public void A_wave_is_open_for_at_least_one_day()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SurveyWaves.Occurrences(SurveyRecurrence.Yearly, D(2026, 1, 1), 0, D(2026, 1, 1), D(2027, 1, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SurveyWaves.Next(SurveyRecurrence.Once, D(2026, 1, 1), -3, D(2026, 1, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SurveyWaves.OpenOn(SurveyRecurrence.Once, D(2026, 1, 1), 0, D(2026, 1, 1)));
    }

    [Fact]
    public void A_reminder_n_working_days_before_closing_skips_the_new_year_holidays()
    {
        var calendar = ProductionCalendar.Russia;

        // Closing Tue 12 Jan 2027: Mon 11 Jan is 1; Sun 10, Sat 9 and the holidays 1–8 Jan are off, and so is Thu 31 Dec 2026
        // (a day off moved from 3 January); Wed 30 Dec 2026 is 2.
        Assert.Equal(D(2026, 12, 30), SurveyWaves.ReminderDay(D(2027, 1, 12), 2, calendar.IsWorkingDay));
        Assert.Equal(D(2026, 12, 30), SurveyWaves.ReminderDay(D(2027, 1, 11), 1, calendar.IsWorkingDay));

        // Closing Mon 12 Jan 2026: 1–9 Jan 2026 are off, and 31 Dec 2025 too; 1 = Tue 30 Dec, 2 = Mon 29, 3 = Fri 26 Dec 2025.
        Assert.Equal(D(2025, 12, 30), SurveyWaves.ReminderDay(D(2026, 1, 12), 1, calendar.IsWorkingDay));
        Assert.Equal(D(2025, 12, 26), SurveyWaves.ReminderDay(D(2026, 1, 12), 3, calendar.IsWorkingDay));
    }

    [Fact]
    public void A_reminder_n_working_days_before_closing_skips_the_may_holidays()
    {
        var calendar = ProductionCalendar.Russia;

        // 2026: Mon 11 May is off (9 May fell on a Saturday), Fri 8 May works. Closing Tue 12 May: 1 = Fri 8, 3 = Wed 6.
        Assert.Equal(D(2026, 5, 8), SurveyWaves.ReminderDay(D(2026, 5, 12), 1, calendar.IsWorkingDay));
        Assert.Equal(D(2026, 5, 6), SurveyWaves.ReminderDay(D(2026, 5, 12), 3, calendar.IsWorkingDay));
        // Closing Mon 4 May 2026: Fri 1 May is off, so 1 = Thu 30 Apr.
        Assert.Equal(D(2026, 4, 30), SurveyWaves.ReminderDay(D(2026, 5, 4), 1, calendar.IsWorkingDay));

        // 2027: Mon 3 May and Mon 10 May are off (1 and 9 May fell on a weekend).
        // Closing Tue 4 May: 1 = Fri 30 Apr. Closing Tue 11 May: 1 = Fri 7, 2 = Thu 6 May.
        Assert.Equal(D(2027, 4, 30), SurveyWaves.ReminderDay(D(2027, 5, 4), 1, calendar.IsWorkingDay));
        Assert.Equal(D(2027, 5, 6), SurveyWaves.ReminderDay(D(2027, 5, 11), 2, calendar.IsWorkingDay));
    }

    [Fact]
    public void A_reminder_may_fall_on_a_working_saturday()
    {
        // Sat 20 Feb 2027 is a working day (its day off moved to Mon 22 Feb). Closing Mon 22 Feb: Sun 21 is off, 1 = Sat 20.
        // Closing Wed 24 Feb: Tue 23 and Mon 22 are off, Sun 21 too; 1 = Sat 20, 2 = Fri 19.
        Assert.Equal(D(2027, 2, 20), SurveyWaves.ReminderDay(D(2027, 2, 22), 1, ProductionCalendar.Russia.IsWorkingDay));
        Assert.Equal(D(2027, 2, 19), SurveyWaves.ReminderDay(D(2027, 2, 24), 2, ProductionCalendar.Russia.IsWorkingDay));
    }

    [Fact]
    public void Zero_working_days_before_is_the_close_day_itself()
    {
        // Even when the close day is a holiday.
        Assert.Equal(D(2027, 1, 1), SurveyWaves.ReminderDay(D(2027, 1, 1), 0, ProductionCalendar.Russia.IsWorkingDay));
        Assert.Equal(D(2027, 1, 11), SurveyWaves.ReminderDay(D(2027, 1, 11), 0, ProductionCalendar.Russia.IsWorkingDay));
    }

    [Fact]
    public void A_reminder_refuses_a_negative_count_and_a_calendar_without_working_days()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SurveyWaves.ReminderDay(D(2027, 1, 12), -1, ProductionCalendar.Russia.IsWorkingDay));
        Assert.Throws<ArgumentNullException>(() => SurveyWaves.ReminderDay(D(2027, 1, 12), 1, null!));
        Assert.Throws<ArgumentException>(() => SurveyWaves.ReminderDay(D(2027, 1, 12), 1, _ => false));
    }
}
