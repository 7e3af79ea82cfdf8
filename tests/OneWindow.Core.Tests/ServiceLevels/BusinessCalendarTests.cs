using OneWindow.Core.Calendars;
using OneWindow.Core.ServiceLevels;

namespace OneWindow.Core.Tests.ServiceLevels;

public class BusinessCalendarTests
{
    private static readonly BusinessCalendar Russian = new("Europe/Moscow", WeeklySchedule.StandardRussian, production: ProductionCalendar.Russia);
    private static readonly TimeSpan EightHours = TimeSpan.FromHours(8);

    private static DateTimeOffset Msk(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.FromHours(3));

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    private static BusinessCalendar RussianIn(string zone) => new(zone, WeeklySchedule.StandardRussian, production: ProductionCalendar.Russia);

    [Fact]
    public void Eight_hours_from_the_last_evening_before_the_new_year_holidays_end_on_january_11()
    {
        // 30 min on 30 Dec; 31 Dec is a transferred day off, 1–8 Jan holidays, 9–10 a weekend; then 09:00–13:00 and 14:00–17:30.
        var due = Russian.AddWorkingTime(Msk(2026, 12, 30, 17, 30), EightHours);
        Assert.Equal(Msk(2027, 1, 11, 17, 30), due);
        Assert.Equal(Utc(2027, 1, 11, 14, 30), due);
        Assert.Equal(TimeSpan.Zero, due.Offset);
        Assert.Equal(EightHours, Russian.WorkingTimeBetween(Msk(2026, 12, 30, 17, 30), due));
        Assert.Equal(Msk(2027, 1, 11, 17, 30), ServiceClock.DueAt(Russian, Msk(2026, 12, 30, 17, 30), EightHours, []));
    }

    [Fact]
    public void A_short_day_ends_an_hour_early()
    {
        var nov3 = new DateOnly(2026, 11, 3);
        Assert.Equal([new WorkingSpan(540, 780), new WorkingSpan(840, 1020)], Russian.SpansOn(nov3));
        Assert.Equal(Msk(2026, 11, 3, 17), Russian.EndOfWorkingDay(nov3));
        Assert.False(Russian.IsWorking(Msk(2026, 11, 3, 17, 30)));
        // 1 h until 17:00, 4 Nov is a holiday, then 1 h on 5 Nov.
        Assert.Equal(Msk(2026, 11, 5, 10), Russian.AddWorkingTime(Msk(2026, 11, 3, 16), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void A_working_saturday_that_is_also_short_works_the_standard_day_less_an_hour()
    {
        var feb20 = new DateOnly(2027, 2, 20);
        Assert.Equal(DayOfWeek.Saturday, feb20.DayOfWeek);
        Assert.Equal([new WorkingSpan(540, 780), new WorkingSpan(840, 1020)], Russian.SpansOn(feb20));
        // Friday 17:00–18:00, then Saturday 09:00–11:00.
        Assert.Equal(Msk(2027, 2, 20, 11), Russian.AddWorkingTime(Msk(2027, 2, 19, 17), TimeSpan.FromHours(3)));
        // Saturday until 17:00; Sunday, 22 Feb (transferred) and 23 Feb are off.
        Assert.Equal(Msk(2027, 2, 24, 9, 30), Russian.AddWorkingTime(Msk(2027, 2, 20, 16, 30), TimeSpan.FromHours(1)));
        Assert.Empty(Russian.SpansOn(new DateOnly(2027, 2, 27)));
    }

    [Fact]
    public void The_may_holidays_are_skipped()
    {
        // 30 Apr 2026 is short; 1 May a holiday, 2–3 May a weekend.
        Assert.Equal(Msk(2026, 5, 4, 12), Russian.AddWorkingTime(Msk(2026, 4, 30, 16), TimeSpan.FromHours(4)));
        // 8 May is short; 9–10 May a weekend, 11 May the transferred Victory Day.
        Assert.Equal(Msk(2026, 5, 12, 10), Russian.AddWorkingTime(Msk(2026, 5, 8, 16), TimeSpan.FromHours(2)));
        Assert.Equal(TimeSpan.FromHours(7 + (8 * 4) + 7), Russian.WorkingTimeBetween(Msk(2026, 4, 30, 0), Msk(2026, 5, 9, 0)));
    }

    [Fact]
    public void A_start_on_a_holiday_or_at_night_waits_for_the_next_working_minute()
    {
        Assert.Equal(Msk(2027, 1, 11, 10), Russian.AddWorkingTime(Msk(2027, 1, 5, 12), TimeSpan.FromHours(1)));
        Assert.Equal(Msk(2027, 1, 11, 9), Russian.NextWorkingInstant(Msk(2027, 1, 5, 12)));
        Assert.Equal(Msk(2026, 11, 26, 9, 30), Russian.AddWorkingTime(Msk(2026, 11, 26, 2), TimeSpan.FromMinutes(30)));
        Assert.Equal(Msk(2026, 11, 27, 9, 30), Russian.AddWorkingTime(Msk(2026, 11, 26, 22), TimeSpan.FromMinutes(30)));
        Assert.Equal(Msk(2026, 11, 26, 14), Russian.NextWorkingInstant(Msk(2026, 11, 26, 13, 15)));
        Assert.Equal(Msk(2026, 11, 26, 10, 15), Russian.NextWorkingInstant(Msk(2026, 11, 26, 10, 15)));
    }

    [Fact]
    public void The_due_instant_is_the_end_of_a_span_not_the_start_of_the_next()
    {
        Assert.Equal(Msk(2026, 11, 23, 13), Russian.AddWorkingTime(Msk(2026, 11, 23, 9), TimeSpan.FromHours(4)));
        Assert.Equal(Msk(2026, 11, 23, 18), Russian.AddWorkingTime(Msk(2026, 11, 23, 9), EightHours));
        // Friday's end, not Monday's start.
        Assert.Equal(Msk(2026, 11, 27, 18), Russian.AddWorkingTime(Msk(2026, 11, 27, 17), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Working_time_is_counted_to_the_tick()
    {
        Assert.Equal(Msk(2026, 11, 23, 9, 1).AddSeconds(30), Russian.AddWorkingTime(Msk(2026, 11, 23, 8, 59), TimeSpan.FromSeconds(90)));
        var odd = Msk(2026, 11, 23, 12, 59).AddTicks(123_456_789);
        Assert.Equal(TimeSpan.FromMinutes(61) - TimeSpan.FromTicks(123_456_789), Russian.WorkingTimeBetween(odd, Msk(2026, 11, 23, 15)));
        Assert.Equal(Msk(2026, 11, 23, 15), Russian.AddWorkingTime(odd, TimeSpan.FromMinutes(61) - TimeSpan.FromTicks(123_456_789)));
    }

    [Fact]
    public void Zero_and_negative_durations()
    {
        var start = Msk(2026, 11, 28, 3);
        Assert.Equal(start, Russian.AddWorkingTime(start, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => Russian.AddWorkingTime(start, TimeSpan.FromTicks(-1)));
        Assert.Equal(TimeSpan.Zero, Russian.WorkingTimeBetween(Msk(2026, 11, 24, 12), Msk(2026, 11, 23, 12)));
    }

    [Fact]
    public void Round_the_clock_counts_real_time()
    {
        var always = BusinessCalendar.TwentyFourSeven("Europe/Moscow");
        var start = Msk(2026, 12, 31, 20);
        Assert.Equal(start.AddHours(40), always.AddWorkingTime(start, TimeSpan.FromHours(40)));
        Assert.Equal(TimeSpan.FromDays(365), always.WorkingTimeBetween(Utc(2026, 1, 1, 0), Utc(2027, 1, 1, 0)));
        Assert.True(always.IsWorking(start));
        Assert.Equal("UTC", BusinessCalendar.TwentyFourSeven().TimeZoneId);
    }

    [Fact]
    public void Berlin_round_the_clock_across_the_march_and_october_switches()
    {
        var always = BusinessCalendar.TwentyFourSeven("Europe/Berlin");
        // 29 Mar 2026 00:00 CET = 28 Mar 23:00Z; ten real hours later it is 11:00 CEST.
        var march = Utc(2026, 3, 28, 23);
        var due = always.AddWorkingTime(march, TimeSpan.FromHours(10));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 11, 0, 0, TimeSpan.FromHours(2)), due);
        Assert.Equal(TimeSpan.FromHours(10), due - march);
        Assert.Equal(TimeSpan.FromHours(23), always.WorkingTimeBetween(march, Utc(2026, 3, 29, 22)));
        // 25 Oct 2026 00:00 CEST = 24 Oct 22:00Z; ten real hours later it is 09:00 CET.
        var october = Utc(2026, 10, 24, 22);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 9, 0, 0, TimeSpan.FromHours(1)), always.AddWorkingTime(october, TimeSpan.FromHours(10)));
        Assert.Equal(TimeSpan.FromHours(25), always.WorkingTimeBetween(october, Utc(2026, 10, 25, 23)));
    }

    [Fact]
    public void Berlin_office_hours_follow_the_local_clock_across_the_switch()
    {
        var berlin = new BusinessCalendar("Europe/Berlin", WeeklySchedule.Parse("Mon-Fri 09:00-18:00"));
        // Friday 17:00 CET (16:00Z): one hour on Friday, then Monday 09:00 CEST (07:00Z) plus one hour.
        Assert.Equal(Utc(2026, 3, 30, 8), berlin.AddWorkingTime(Utc(2026, 3, 27, 16), TimeSpan.FromHours(2)));
        Assert.Equal(Utc(2026, 10, 26, 9), berlin.AddWorkingTime(Utc(2026, 10, 23, 15), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void A_span_over_a_switch_covers_the_real_time_between_its_mapped_ends()
    {
        var night = new BusinessCalendar("Europe/Berlin", WeeklySchedule.Parse("Sun 01:00-05:00"));
        // Spring: 01:00 CET (00:00Z) to 05:00 CEST (03:00Z) is three real hours.
        Assert.Equal(TimeSpan.FromHours(3), night.WorkingTimeBetween(Utc(2026, 3, 28, 12), Utc(2026, 3, 29, 12)));
        // Autumn: 01:00 CEST (23:00Z the day before) to 05:00 CET (04:00Z) is five.
        Assert.Equal(TimeSpan.FromHours(5), night.WorkingTimeBetween(Utc(2026, 10, 24, 12), Utc(2026, 10, 25, 12)));
        // A span starting in the gap moves forward by it: 02:30 is read as 03:30 CEST = 01:30Z.
        var gap = new BusinessCalendar("Europe/Berlin", WeeklySchedule.Parse("Sun 02:30-04:00"));
        Assert.Equal(TimeSpan.FromMinutes(30), gap.WorkingTimeBetween(Utc(2026, 3, 28, 12), Utc(2026, 3, 29, 12)));
        Assert.Equal(Utc(2026, 3, 29, 1, 30), gap.NextWorkingInstant(Utc(2026, 3, 28, 12)));
        // An ambiguous start takes the earlier offset: 02:30 CEST = 00:30Z, to 04:00 CET = 03:00Z.
        Assert.Equal(TimeSpan.FromMinutes(150), gap.WorkingTimeBetween(Utc(2026, 10, 24, 12), Utc(2026, 10, 25, 12)));
    }

    [Theory]
    [InlineData("Asia/Vladivostok", 10)]
    [InlineData("Asia/Yekaterinburg", 5)]
    [InlineData("Europe/Kaliningrad", 2)]
    [InlineData("Asia/Kamchatka", 12)]
    public void Other_russian_zones_keep_local_office_hours(string zone, int offsetHours)
    {
        var calendar = RussianIn(zone);
        var offset = TimeSpan.FromHours(offsetHours);
        var start = new DateTimeOffset(2026, 12, 30, 17, 30, 0, offset);
        var due = calendar.AddWorkingTime(start, EightHours);
        Assert.Equal(new DateTimeOffset(2027, 1, 11, 17, 30, 0, offset), due);
        Assert.Equal(new DateOnly(2027, 1, 11), calendar.LocalDate(due));
        // At 17:00 in Moscow the eastern offices have gone home; Kaliningrad is still at work.
        Assert.Equal(offsetHours <= 3, calendar.IsWorking(Msk(2026, 11, 26, 17)));
    }

    [Fact]
    public void A_two_business_day_pause_moves_the_due_instant_by_two_working_days()
    {
        var start = Msk(2026, 11, 16, 10); // Monday
        var target = TimeSpan.FromHours(24);
        Assert.Equal(Msk(2026, 11, 19, 10), ServiceClock.DueAt(Russian, start, target, []));
        var pause = new TimeInterval(Msk(2026, 11, 17, 9), Msk(2026, 11, 19, 9)); // all of Tuesday and Wednesday
        Assert.Equal(Msk(2026, 11, 23, 10), ServiceClock.DueAt(Russian, start, target, [pause]));
        // The same pause given in pieces, out of order and overlapping, changes nothing.
        Assert.Equal(Msk(2026, 11, 23, 10), ServiceClock.DueAt(Russian, start, target,
        [
            new TimeInterval(Msk(2026, 11, 18, 12), Msk(2026, 11, 19, 9)),
            new TimeInterval(Msk(2026, 11, 17, 9), Msk(2026, 11, 18, 8)),
            new TimeInterval(Msk(2026, 11, 17, 20), Msk(2026, 11, 18, 13)),
            new TimeInterval(Msk(2026, 11, 17, 20), Msk(2026, 11, 17, 20)),
        ]));
    }

    [Fact]
    public void Open_pauses_stop_the_clock_only_before_the_target()
    {
        var start = Msk(2026, 11, 16, 10);
        Assert.Null(ServiceClock.DueAt(Russian, start, EightHours, [new TimeInterval(Msk(2026, 11, 16, 15), null)]));
        Assert.Null(ServiceClock.DueAt(Russian, start, EightHours, [new TimeInterval(Msk(2026, 11, 1, 0), null)]));
        Assert.Equal(Msk(2026, 11, 17, 10), ServiceClock.DueAt(Russian, start, EightHours, [new TimeInterval(Msk(2026, 11, 17, 10), null)]));
        // The target runs out at Monday 18:00, before the evening pause begins.
        Assert.Equal(Msk(2026, 11, 16, 18), ServiceClock.DueAt(Russian, start, TimeSpan.FromHours(7), [new TimeInterval(Msk(2026, 11, 16, 19), null)]));
        Assert.Equal(start, ServiceClock.DueAt(Russian, start, TimeSpan.Zero, [new TimeInterval(Msk(2026, 11, 1, 0), null)]));
    }

    [Fact]
    public void A_calendar_without_working_time_throws_instead_of_looping()
    {
        var never = new BusinessCalendar("UTC", WeeklySchedule.Parse(""));
        Assert.Throws<InvalidOperationException>(() => never.AddWorkingTime(Utc(2026, 1, 1, 0), TimeSpan.FromMinutes(1)));
        Assert.Throws<InvalidOperationException>(() => never.NextWorkingInstant(Utc(2026, 1, 1, 0)));
        Assert.Throws<InvalidOperationException>(() => never.NthWorkingDate(new DateOnly(2026, 1, 1), 1));
        Assert.Throws<InvalidOperationException>(() => ServiceClock.DueAt(never, Utc(2026, 1, 1, 0), EightHours, []));
        Assert.Equal(TimeSpan.Zero, never.WorkingTimeBetween(Utc(2026, 1, 1, 0), Utc(2027, 1, 1, 0)));
        Assert.False(never.IsWorking(Utc(2026, 6, 1, 12)));
        // Only weekends, but the production calendar takes them away: nothing left either.
        var weekendsOnly = new BusinessCalendar("Europe/Moscow", WeeklySchedule.Parse("Sat-Sun 10:00-14:00"), production: ProductionCalendar.Russia);
        Assert.Throws<InvalidOperationException>(() => weekendsOnly.AddWorkingTime(Utc(2030, 1, 1, 0), EightHours));
        // A calendar whose only working time is more than 20 years away counts as having none.
        var far = new BusinessCalendar("UTC", WeeklySchedule.Parse(""), [new CalendarException(new DateOnly(2050, 1, 3), CalendarDayKind.WorkingDay)]);
        Assert.Throws<InvalidOperationException>(() => far.AddWorkingTime(Utc(2026, 1, 1, 0), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Explicit_exceptions_override_the_production_calendar()
    {
        var calendar = new BusinessCalendar("Europe/Moscow", WeeklySchedule.StandardRussian,
        [
            new CalendarException(new DateOnly(2026, 11, 27), CalendarDayKind.Holiday, "Company day"),
            new CalendarException(new DateOnly(2026, 11, 28), CalendarDayKind.WorkingDay),
            new CalendarException(new DateOnly(2026, 11, 4), CalendarDayKind.ShortDay),
        ], ProductionCalendar.Russia, shortDayMinutes: 90);
        Assert.Empty(calendar.SpansOn(new DateOnly(2026, 11, 27)));
        Assert.Equal([new WorkingSpan(540, 780), new WorkingSpan(840, 1080)], calendar.SpansOn(new DateOnly(2026, 11, 28)));
        Assert.Equal([new WorkingSpan(540, 780), new WorkingSpan(840, 990)], calendar.SpansOn(new DateOnly(2026, 11, 4)));
        // The production calendar's own short days are shortened by the calendar's minutes too.
        Assert.Equal([new WorkingSpan(540, 780), new WorkingSpan(840, 990)], calendar.SpansOn(new DateOnly(2026, 11, 3)));
        Assert.Empty(calendar.SpansOn(new DateOnly(2026, 11, 29)));
    }

    [Fact]
    public void A_short_day_loses_working_minutes_not_wall_clock_minutes()
    {
        var calendar = new BusinessCalendar("UTC", WeeklySchedule.Parse("Mon-Fri 09:00-13:00,17:00-17:30"),
            [new CalendarException(new DateOnly(2026, 11, 23), CalendarDayKind.ShortDay)]);
        Assert.Equal([new WorkingSpan(540, 750)], calendar.SpansOn(new DateOnly(2026, 11, 23)));
    }

    [Fact]
    public void Without_a_production_calendar_the_weekly_schedule_decides()
    {
        var shop = new BusinessCalendar("Europe/Moscow", WeeklySchedule.Parse("Mon-Fri 09:00-18:00; Sat 10:00-14:00"));
        Assert.Equal([new WorkingSpan(600, 840)], shop.SpansOn(new DateOnly(2027, 1, 2)));
        Assert.Equal([new WorkingSpan(540, 1080)], shop.SpansOn(new DateOnly(2027, 1, 1)));
        // With it, every day off of the production calendar is a holiday, ordinary Saturdays included.
        var withProduction = new BusinessCalendar("Europe/Moscow", WeeklySchedule.Parse("Mon-Fri 09:00-18:00; Sat 10:00-14:00"), production: ProductionCalendar.Russia);
        Assert.Empty(withProduction.SpansOn(new DateOnly(2026, 11, 28)));
    }

    [Fact]
    public void Working_dates_days_ends_and_deadlines()
    {
        Assert.Equal(new DateOnly(2027, 1, 11), Russian.NthWorkingDate(new DateOnly(2026, 12, 31), 1));
        Assert.Equal(new DateOnly(2026, 12, 7), Russian.NthWorkingDate(new DateOnly(2026, 12, 1), 5));
        Assert.Equal(new DateOnly(2026, 11, 30), Russian.NthWorkingDate(new DateOnly(2026, 11, 30), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Russian.NthWorkingDate(new DateOnly(2026, 11, 30), 0));
        Assert.Null(Russian.EndOfWorkingDay(new DateOnly(2026, 11, 29)));
        Assert.Equal(Msk(2026, 11, 30, 18), Russian.EndOfWorkingDay(new DateOnly(2026, 11, 30)));
        Assert.Equal(new DateOnly(2026, 12, 1), Russian.LocalDate(Utc(2026, 11, 30, 21, 30)));

        // November's accounts by working day 5: 1–4 Dec, then Monday 7 Dec.
        var november = ReportPeriod.Of(PeriodUnit.Month, new DateOnly(2026, 11, 1));
        Assert.Equal(Msk(2026, 12, 7, 18), Deadlines.DueAt(Russian, november, 5));
        Assert.Equal(Msk(2026, 12, 7, 12), Deadlines.DueAt(Russian, november, 5, new TimeOnly(12, 0)));
        // December's: the New Year holidays come first.
        Assert.Equal(Msk(2027, 1, 15, 18), Deadlines.DueAt(Russian, november.Next, 5));
        Assert.Equal(Msk(2027, 1, 11, 18), Deadlines.DueAt(Russian, ReportPeriod.Of(PeriodUnit.Quarter, new DateOnly(2026, 12, 1)), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Deadlines.DueAt(Russian, november, 0));
    }

    [Fact]
    public void Time_zones_are_checked()
    {
        Assert.True(BusinessCalendar.IsKnownTimeZone("Europe/Moscow"));
        Assert.True(BusinessCalendar.IsKnownTimeZone("UTC"));
        Assert.False(BusinessCalendar.IsKnownTimeZone("Mars/Olympus"));
        Assert.False(BusinessCalendar.IsKnownTimeZone(""));
        Assert.Throws<ArgumentException>(() => new BusinessCalendar("Mars/Olympus", WeeklySchedule.StandardRussian));
        Assert.Throws<ArgumentException>(() => new BusinessCalendar("UTC", WeeklySchedule.StandardRussian,
            [new CalendarException(new DateOnly(2026, 1, 1), CalendarDayKind.Holiday), new CalendarException(new DateOnly(2026, 1, 1), CalendarDayKind.WorkingDay)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BusinessCalendar("UTC", WeeklySchedule.StandardRussian, shortDayMinutes: -1));
    }

    [Fact]
    public void The_calendar_is_safe_to_share_between_threads()
    {
        var calendar = RussianIn("Europe/Moscow");
        var starts = Enumerable.Range(0, 2000).Select(i => Utc(2025, 1, 1, 0).AddMinutes(i * 797L)).ToArray();
        var expected = starts.Select(s => Russian.AddWorkingTime(s, EightHours)).ToArray();
        var actual = new DateTimeOffset[starts.Length];
        Parallel.For(0, starts.Length, i => actual[i] = calendar.AddWorkingTime(starts[i], EightHours));
        Assert.Equal(expected, actual);
    }
}
