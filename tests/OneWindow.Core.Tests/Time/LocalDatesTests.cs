using CsCheck;
using OneWindow.Core.Time;

namespace OneWindow.Core.Tests.Time;

public sealed class LocalDatesTests
{
    private static readonly TimeZoneInfo Vladivostok = TimeZoneInfo.FindSystemTimeZoneById("Asia/Vladivostok");
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    private static readonly TimeZoneInfo Havana = TimeZoneInfo.FindSystemTimeZoneById("America/Havana");

    [Fact]
    public void An_evening_in_moscow_is_already_the_next_day_in_vladivostok()
    {
        var instant = new DateTimeOffset(2026, 12, 31, 18, 0, 0, TimeSpan.FromHours(3));
        Assert.Equal(new DateOnly(2026, 12, 31), LocalDates.Of(instant, Moscow));
        Assert.Equal(new DateOnly(2027, 1, 1), LocalDates.Of(instant, Vladivostok));
    }

    [Fact]
    public void A_day_in_vladivostok_begins_at_fourteen_hundred_utc_the_day_before()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero), LocalDates.StartOf(new DateOnly(2026, 12, 1), Vladivostok));
    }

    [Fact]
    public void A_midnight_skipped_by_daylight_saving_begins_at_the_first_valid_time()
    {
        // Havana springs forward at midnight: 2026-03-08 00:00 does not exist, the day begins at 01:00 local (05:00 UTC).
        var start = LocalDates.StartOf(new DateOnly(2026, 3, 8), Havana);
        Assert.Equal(new DateOnly(2026, 3, 8), LocalDates.Of(start, Havana));
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero), start);
    }

    [Fact]
    public void A_midnight_that_happens_twice_begins_the_day_at_its_first_occurrence()
    {
        // Havana falls back at 01:00 to 00:00 on 2053-11-02 (first Sunday of November): midnight happens twice, first at
        // 04:00 UTC (daylight time, UTC-4), then at 05:00 UTC. The day began at the first.
        var start = LocalDates.StartOf(new DateOnly(2053, 11, 2), Havana);
        Assert.Equal(new DateTimeOffset(2053, 11, 2, 4, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(new DateOnly(2053, 11, 1), LocalDates.Of(start.AddTicks(-1), Havana));
    }

    [Fact]
    public void The_start_of_a_local_date_falls_on_that_date_and_the_instant_before_does_not()
    {
        Gen.Select(Gen.Int[0, 20_000], Gen.Int[0, 2]).Sample((days, which) =>
        {
            var zone = new[] { Moscow, Vladivostok, Havana }[which];
            var date = new DateOnly(2000, 1, 1).AddDays(days);
            var start = LocalDates.StartOf(date, zone);
            return LocalDates.Of(start, zone) == date && LocalDates.Of(start.AddTicks(-1), zone) < date;
        });
    }
}
