using System.Text.Json;
using OneWindow.Core.Calendars;

namespace OneWindow.Core.Tests.Calendars;

public class ProductionCalendarTests
{
    private static readonly ProductionCalendar Ru = ProductionCalendar.Russia;

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-01-01", false)] // New Year holidays
    [InlineData("2026-01-08", false)]
    [InlineData("2026-01-09", false)] // transferred from Sat 3 Jan by decree
    [InlineData("2026-01-12", true)]
    [InlineData("2026-03-09", false)] // 8 March on a Sunday moves to Monday
    [InlineData("2026-12-31", false)] // transferred from Sun 4 Jan by decree
    [InlineData("2026-11-27", true)]  // an ordinary Friday
    [InlineData("2026-11-28", false)] // an ordinary Saturday
    [InlineData("2024-11-02", true)]  // a working Saturday
    [InlineData("2024-12-28", true)]  // a working Saturday before the New Year
    public void Knows_the_russian_working_days(string date, bool working) => Assert.Equal(working, Ru.IsWorkingDay(D(date)));

    [Fact]
    public void Every_year_has_as_many_working_days_as_published()
    {
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ru-production-calendar.json"))).RootElement.GetProperty("years");
        foreach (var year in json.EnumerateObject())
        {
            var y = int.Parse(year.Name, System.Globalization.CultureInfo.InvariantCulture);
            var expected = year.Value.GetProperty("totals").GetProperty("working_days").GetInt32();
            var counted = Ru.WorkingDaysBetween(new DateOnly(y - 1, 12, 31), new DateOnly(y, 12, 31));
            Assert.True(expected == counted, $"{y}: expected {expected} working days, counted {counted}");
        }
    }

    [Fact]
    public void Adding_working_days_skips_the_new_year_holidays()
    {
        // 30 Dec 2025 (Tue) + 1 working day: 31 Dec 2025 is a day off by decree, then holidays until 11 Jan.
        Assert.Equal(D("2026-01-12"), Ru.AddWorkingDays(D("2025-12-30"), 1));
        Assert.Equal(D("2026-11-30"), Ru.AddWorkingDays(D("2026-11-27"), 1));
        Assert.Equal(D("2026-11-27"), Ru.AddWorkingDays(D("2026-11-27"), 0));
    }

    [Fact]
    public void Short_days_are_pre_holiday_working_days() => Assert.True(Ru.IsShortDay(D("2026-11-03")) && !Ru.IsShortDay(D("2026-11-02")));
}
