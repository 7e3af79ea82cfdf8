using System.Globalization;
using System.Text.Json;

namespace OneWindow.Core.Calendars;

/// <summary>
/// Which dates are working days: Monday to Friday, minus holidays and transferred days off, plus working weekends.
/// The Russian production calendar (Labour Code art. 112 and the Government's transfer decrees, 2023–2027; sources in
/// Calendars/README.md) is built in. Day-level only: working hours and business-time arithmetic come with the
/// service-level engine.
/// </summary>
public sealed class ProductionCalendar
{
    private readonly HashSet<DateOnly> daysOff;
    private readonly HashSet<DateOnly> workingWeekends;
    private readonly HashSet<DateOnly> shortDays;

    public ProductionCalendar(IEnumerable<DateOnly> daysOff, IEnumerable<DateOnly> workingWeekends, IEnumerable<DateOnly> shortDays, int firstYear, int lastYear)
    {
        this.daysOff = [.. daysOff];
        this.workingWeekends = [.. workingWeekends];
        this.shortDays = [.. shortDays];
        FirstYear = firstYear;
        LastYear = lastYear;
    }

    /// <summary>The years the calendar's data covers; outside them only weekends are days off.</summary>
    public int FirstYear { get; }

    public int LastYear { get; }

    private static readonly Lazy<ProductionCalendar> RussiaCalendar = new(() =>
    {
        using var stream = typeof(ProductionCalendar).Assembly.GetManifestResourceStream("OneWindow.Core.Calendars.ru-production-calendar.json")
            ?? throw new InvalidOperationException("The built-in Russian production calendar is missing.");
        using var reader = new StreamReader(stream);
        return FromRussianJson(reader.ReadToEnd());
    });

    public static ProductionCalendar Russia => RussiaCalendar.Value;

    /// <summary>Reads the shape of data/ru-production-calendar.json: years → holidays, working_weekends, short_days.</summary>
    public static ProductionCalendar FromRussianJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var off = new List<DateOnly>();
        var working = new List<DateOnly>();
        var shortened = new List<DateOnly>();
        var years = new List<int>();
        foreach (var year in document.RootElement.GetProperty("years").EnumerateObject())
        {
            years.Add(int.Parse(year.Name, CultureInfo.InvariantCulture));
            off.AddRange(Dates(year.Value, "holidays"));
            working.AddRange(Dates(year.Value, "working_weekends"));
            shortened.AddRange(Dates(year.Value, "short_days"));
        }

        return new ProductionCalendar(off, working, shortened, years.Min(), years.Max());
    }

    private static IEnumerable<DateOnly> Dates(JsonElement year, string name) =>
        year.TryGetProperty(name, out var list)
            ? list.EnumerateArray().Select(d => DateOnly.ParseExact(d.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture))
            : [];

    public bool IsWorkingDay(DateOnly date)
    {
        if (workingWeekends.Contains(date))
        {
            return true;
        }

        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !daysOff.Contains(date);
    }

    /// <summary>A pre-holiday working day shortened by one hour.</summary>
    public bool IsShortDay(DateOnly date) => shortDays.Contains(date) && IsWorkingDay(date);

    /// <summary>The date that is <paramref name="days"/> working days after <paramref name="date"/> (which itself does not count).</summary>
    public DateOnly AddWorkingDays(DateOnly date, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var current = date;
        while (days > 0)
        {
            current = current.AddDays(1);
            if (IsWorkingDay(current))
            {
                days--;
            }
        }

        return current;
    }

    /// <summary>Working days in (from, to]: how many working days have passed since <paramref name="from"/>.</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            if (IsWorkingDay(d))
            {
                count++;
            }
        }

        return count;
    }
}
