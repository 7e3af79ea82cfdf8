using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using OneWindow.Core.Files;

namespace OneWindow.Web.Features.Calendars;

/// <summary>A date read from an import file.</summary>
public sealed record ImportedDay(DateOnly Date, CalendarDayKind Kind, string? Name);

/// <summary>What reading a file gave: the dates, what was passed over and why, or the error that stops the import.</summary>
public sealed record ImportReading(IReadOnlyList<ImportedDay> Days, IReadOnlyList<string> Skipped, string? Error)
{
    public static ImportReading Failed(string error) => new([], [], error);
}

/// <summary>One date an import adds or changes; the previous kind and name when it changes an exception.</summary>
public sealed record CalendarImportChange(DateOnly Date, string Kind, string? Name, string? PreviousKind, string? PreviousName);

public sealed record CalendarImportResult(bool DryRun, int Read, IReadOnlyList<CalendarImportChange> Added, IReadOnlyList<CalendarImportChange> Changed,
    int Unchanged, IReadOnlyList<string> Skipped, int Version);

/// <summary>
/// Reads exceptions from a CSV file (date;kind;name or date,kind,name, header optional, English or Russian kind words) or an
/// iCalendar file (all-day events become holidays, day by day; yearly and other recurrences are expanded over a year range),
/// and merges them into a calendar.
/// </summary>
public static class CalendarImport
{
    public const long MaxFileBytes = 1024 * 1024;
    public const int MaxDays = 5000;
    public const int MaxYearSpan = 10;

    private static readonly string[] HeaderWords = ["date", "дата", "day", "день"];

    /// <summary>Reads a file by its name and content: .ics (or content that starts like iCalendar) as iCalendar, anything else as CSV.</summary>
    public static ImportReading Read(string? fileName, byte[] content, int fromYear, int toYear)
    {
        var text = TextFiles.Decode(content);
        var looksIcs = (fileName ?? "").EndsWith(".ics", StringComparison.OrdinalIgnoreCase)
            || text.TrimStart().StartsWith("BEGIN:VCALENDAR", StringComparison.OrdinalIgnoreCase);
        return looksIcs ? ReadIcs(text, fromYear, toYear) : ReadCsv(text);
    }

    public static ImportReading ReadCsv(string text)
    {
        var days = new List<ImportedDay>();
        var lines = text.Split('\n');
        var seenContent = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var cells = SplitCsv(line);
            var first = !seenContent;
            seenContent = true;
            if (first && HeaderWords.Contains(cells[0].Trim().ToLowerInvariant()))
            {
                continue;
            }

            if (!CalendarRules.TryParseDate(cells[0], out var date))
            {
                return ImportReading.Failed($"Line {number}: '{cells[0]}' is not a date (use yyyy-MM-dd or dd.MM.yyyy).");
            }

            if (cells.Count < 2 || string.IsNullOrWhiteSpace(cells[1]))
            {
                return ImportReading.Failed($"Line {number}: the kind is missing (holiday, working or short; выходной, рабочий or сокращённый).");
            }

            if (!CalendarRules.TryParseKind(cells[1], out var kind))
            {
                return ImportReading.Failed($"Line {number}: '{cells[1].Trim()}' is not a kind of day (holiday, working or short; выходной, праздник, рабочий or сокращённый).");
            }

            var name = cells.Count > 2 ? cells[2].Trim() : null;
            if (name is { Length: > 200 })
            {
                return ImportReading.Failed($"Line {number}: the name is longer than 200 characters.");
            }

            days.Add(new ImportedDay(date, kind, string.IsNullOrEmpty(name) ? null : name));
            if (days.Count > MaxDays)
            {
                return ImportReading.Failed($"Line {number}: a file may hold at most {MaxDays} dates.");
            }
        }

        return new ImportReading(days, [], null);
    }

    /// <summary>Splits on ';' when the line has one, else on ','; the third cell (the name) keeps any further separators; quotes are honoured.</summary>
    private static List<string> SplitCsv(string line)
    {
        var separator = line.Contains(';', StringComparison.Ordinal) ? ';' : ',';
        var cells = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"' && current.ToString().Trim().Length == 0)
            {
                current.Clear();
                quoted = true;
            }
            else if (c == separator && cells.Count < 2)
            {
                cells.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        cells.Add(current.ToString());
        return cells;
    }

    /// <summary>
    /// All-day events become holidays named by their SUMMARY, one per day they cover (DTEND is exclusive). A recurring event
    /// is expanded over [fromYear, toYear]; a single one is taken whatever its year. Timed events are passed over.
    /// </summary>
    public static ImportReading ReadIcs(string text, int fromYear, int toYear)
    {
        Ical.Net.Calendar? calendar;
        try
        {
            calendar = Ical.Net.Calendar.Load(text);
        }
        catch (Exception e) when (e is System.Runtime.Serialization.SerializationException or FormatException or ArgumentException or InvalidOperationException)
        {
            return ImportReading.Failed("The iCalendar file cannot be read: " + e.Message);
        }

        if (calendar is null)
        {
            return ImportReading.Failed("The file holds no VCALENDAR.");
        }

        var days = new List<ImportedDay>();
        var skipped = new List<string>();
        var rangeStart = new CalDateTime(new DateOnly(fromYear, 1, 1));
        var rangeEnd = new CalDateTime(new DateOnly(toYear + 1, 1, 1));
        var number = 0;
        foreach (var e in calendar.Events)
        {
            number++;
            var label = $"Event {number}" + (string.IsNullOrWhiteSpace(e.Summary) ? "" : $" ('{e.Summary.Trim()}')");
            if (e.DtStart is null)
            {
                return ImportReading.Failed($"{label}: DTSTART is missing or not a date.");
            }

            if (e.DtStart.HasTime)
            {
                skipped.Add($"{label}: not an all-day event.");
                continue;
            }

            var name = string.IsNullOrWhiteSpace(e.Summary) ? null : e.Summary.Trim();
            if (name is { Length: > 200 })
            {
                name = name[..200];
            }

            List<(DateOnly Start, DateOnly End)> periods;
            try
            {
                periods = e.RecurrenceRule is null && !e.Properties.ContainsKey("RDATE")
                    ? [(e.DtStart.Date, EndOf(e))]
                    : [.. e.GetOccurrences(rangeStart, null).TakeWhileBefore(rangeEnd)
                        .Select(o => (o.Period.StartTime.Date, o.Period.EffectiveEndTime?.Date ?? o.Period.StartTime.Date.AddDays(1)))];
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return ImportReading.Failed($"{label}: the recurrence cannot be expanded: {ex.Message}");
            }

            foreach (var (start, end) in periods)
            {
                var last = end > start ? end.AddDays(-1) : start;
                for (var date = start; date <= last; date = date.AddDays(1))
                {
                    days.Add(new ImportedDay(date, CalendarDayKind.Holiday, name));
                    if (days.Count > MaxDays)
                    {
                        return ImportReading.Failed($"{label}: the file gives more than {MaxDays} dates; import a shorter range of years.");
                    }
                }
            }
        }

        return new ImportReading(days, skipped, null);
    }

    private static DateOnly EndOf(CalendarEvent e)
    {
        if (e.DtEnd is { } end && end.Date > e.DtStart!.Date)
        {
            return end.Date;
        }

        var days = e.Duration is { } duration ? ((duration.Weeks ?? 0) * 7) + (duration.Days ?? 0) : 0;
        return e.DtStart!.Date.AddDays(days is > 1 and <= 366 ? days : 1);
    }

    /// <summary>What an import would change against the calendar's current exceptions, without changing anything.</summary>
    public static async Task<CalendarImportResult> PreviewAsync(AppDbContext db, ServiceCalendar calendar, ImportReading reading, CancellationToken ct)
    {
        var existing = await db.CalendarDays.AsNoTracking().Where(d => d.CalendarId == calendar.Id).ToDictionaryAsync(d => d.Date, ct);
        return Plan(existing, reading).Result(dryRun: true, reading, calendar.Version);
    }

    /// <summary>Compares the dates read with the exceptions a calendar has: which are new, which change, which stay.</summary>
    public static ImportPlan Plan(IReadOnlyDictionary<DateOnly, ServiceCalendarDay> existing, ImportReading reading)
    {
        var wanted = new Dictionary<DateOnly, ImportedDay>();
        foreach (var day in reading.Days)
        {
            wanted[day.Date] = day;
        }

        var added = new List<CalendarImportChange>();
        var changed = new List<CalendarImportChange>();
        var apply = new List<ImportedDay>();
        var unchanged = 0;
        foreach (var day in wanted.Values.OrderBy(d => d.Date))
        {
            var kind = CalendarRules.KindName(day.Kind);
            if (!existing.TryGetValue(day.Date, out var current))
            {
                added.Add(new CalendarImportChange(day.Date, kind, day.Name, null, null));
                apply.Add(day);
            }
            else if (current.Kind != day.Kind || current.Name != day.Name)
            {
                changed.Add(new CalendarImportChange(day.Date, kind, day.Name, CalendarRules.KindName(current.Kind), current.Name));
                apply.Add(day);
            }
            else
            {
                unchanged++;
            }
        }

        return new ImportPlan(added, changed, unchanged, apply);
    }

    /// <summary>The import's year range errors (keys as the API spells them); empty when the range is allowed.</summary>
    public static Dictionary<string, string[]> YearErrors(int fromYear, int toYear)
    {
        var errors = new Dictionary<string, string[]>();
        if (fromYear is < 1900 or > 2200)
        {
            errors["fromYear"] = ["fromYear must be between 1900 and 2200."];
        }

        if (toYear < fromYear || toYear - fromYear > MaxYearSpan)
        {
            errors["toYear"] = [$"toYear must be fromYear or up to {MaxYearSpan} years after it."];
        }

        return errors;
    }
}

/// <summary>An import compared with a calendar: the changes to show and the dates to write.</summary>
public sealed record ImportPlan(IReadOnlyList<CalendarImportChange> Added, IReadOnlyList<CalendarImportChange> Changed, int Unchanged, IReadOnlyList<ImportedDay> Apply)
{
    public CalendarImportResult Result(bool dryRun, ImportReading reading, int version) =>
        new(dryRun, reading.Days.Count, Added, Changed, Unchanged, reading.Skipped, version);
}
