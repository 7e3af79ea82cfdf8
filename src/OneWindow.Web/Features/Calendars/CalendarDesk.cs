using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneWindow.Core.Calendars;
using OneWindow.Core.ServiceLevels;
using OneWindow.Web.Data;

namespace OneWindow.Web.Features.Calendars;

public sealed record CalendarDto(Guid Id, string Name, string? NameEn, string TimeZoneId, string WeeklyHours, bool UsesProductionCalendar,
    int ShortDayMinutes, bool IsDefault, bool IsActive, int ExceptionCount, int Version);

/// <summary>A calendar with its dated exceptions.</summary>
public sealed record CalendarDetailsDto(Guid Id, string Name, string? NameEn, string TimeZoneId, string WeeklyHours, bool UsesProductionCalendar,
    int ShortDayMinutes, bool IsDefault, bool IsActive, IReadOnlyList<CalendarExceptionDto> Exceptions, int Version);

/// <summary>A dated exception; kind is holiday, workingDay or shortDay.</summary>
public sealed record CalendarExceptionDto(DateOnly Date, string Kind, string? Name);

public sealed record CalendarInput(
    [property: Required, MaxLength(200)] string Name,
    [property: MaxLength(200)] string? NameEn,
    [property: Required, MaxLength(64)] string TimeZoneId,
    [property: Required, MaxLength(500)] string WeeklyHours,
    bool UsesProductionCalendar = false,
    [property: Range(0, 240)] int ShortDayMinutes = 60,
    bool IsDefault = false,
    bool IsActive = true);

/// <summary>An exception to set on a date: kind holiday, workingDay or shortDay (Russian words are understood too).</summary>
public sealed record CalendarDayInput([property: Required, MaxLength(32)] string Kind, [property: MaxLength(200)] string? Name);

/// <summary>A working span as local clock times, "09:00"–"13:00" (an end of "24:00" is midnight).</summary>
public sealed record CalendarSpanDto(string Start, string End);

/// <summary>
/// One date as the calendar sees it: kind working, short, holiday or weekend; its local working spans; the exception set on
/// it (holiday, workingDay, shortDay) if any; and a name (the exception's, or the public holiday's).
/// </summary>
public sealed record CalendarDateDto(DateOnly Date, string Kind, int Minutes, IReadOnlyList<CalendarSpanDto> Spans, string? Exception, string? Name);

/// <summary>When a duration of working time that starts at an instant runs out: as an instant and in the calendar's zone.</summary>
public sealed record CalendarDueDto(DateTimeOffset DueAt, DateTimeOffset DueAtLocal, string TimeZoneId);

/// <summary>
/// Calendar rules shared by the API and the admin page: validation, the one-default rule, what blocks a delete, exceptions,
/// the day view and the due-date calculation. Callers own the DbContext and save.
/// </summary>
public static class CalendarDesk
{
    public const int MaxShortDayMinutes = 240;
    public const int MaxDaysInView = 400;
    public const int MaxDueMinutes = 1_000_000;

    /// <summary>Russia's zones west to east (Novosibirsk and Krasnoyarsk share UTC+7), offered before all others.</summary>
    public static readonly IReadOnlyList<string> RussianZones =
    [
        "Europe/Kaliningrad", "Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Omsk", "Asia/Novosibirsk", "Asia/Krasnoyarsk",
        "Asia/Irkutsk", "Asia/Yakutsk", "Asia/Vladivostok", "Asia/Magadan", "Asia/Kamchatka",
    ];

    private static readonly Lazy<IReadOnlyList<string>> AllZones = new(() =>
    {
        var others = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id)
            .Where(id => id.Contains('/', StringComparison.Ordinal) && !RussianZones.Contains(id) && BusinessCalendar.IsKnownTimeZone(id))
            .Order(StringComparer.Ordinal);
        return [.. RussianZones.Where(BusinessCalendar.IsKnownTimeZone), .. others];
    });

    /// <summary>Russia's zones first, then every other IANA zone the engine knows, alphabetically.</summary>
    public static IReadOnlyList<string> TimeZones => AllZones.Value;

    public static readonly System.Linq.Expressions.Expression<Func<ServiceCalendar, CalendarDto>> ToDto = c =>
        new CalendarDto(c.Id, c.Name, c.NameEn, c.TimeZoneId, c.WeeklyHours, c.UsesProductionCalendar, c.ShortDayMinutes, c.IsDefault, c.IsActive,
            c.Days.Count, c.Version);

    public static CalendarDetailsDto ToDetails(ServiceCalendar c) =>
        new(c.Id, c.Name, c.NameEn, c.TimeZoneId, c.WeeklyHours, c.UsesProductionCalendar, c.ShortDayMinutes, c.IsDefault, c.IsActive,
            [.. c.Days.OrderBy(d => d.Date).Select(ToExceptionDto)], c.Version);

    public static CalendarExceptionDto ToExceptionDto(ServiceCalendarDay d) => new(d.Date, KindName(d.Kind), d.Name);

    public static async Task<CalendarDetailsDto?> DetailsAsync(AppDbContext db, Guid id, CancellationToken ct)
    {
        var calendar = await db.Calendars.AsNoTracking().Include(c => c.Days).FirstOrDefaultAsync(c => c.Id == id, ct);
        return calendar is null ? null : ToDetails(calendar);
    }

    /// <summary>Field errors of a calendar's settings (keys as the API spells them); empty when valid.</summary>
    public static async Task<Dictionary<string, string[]>> ValidateAsync(AppDbContext db, CalendarInput input, Guid? self, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors["name"] = ["The name is required."];
        }
        else if (await db.Calendars.AnyAsync(c => c.Name == name && c.Id != self, ct))
        {
            errors["name"] = ["A calendar with this name already exists."];
        }

        if (string.IsNullOrWhiteSpace(input.TimeZoneId) || !BusinessCalendar.IsKnownTimeZone(input.TimeZoneId.Trim()))
        {
            errors["timeZoneId"] = [$"'{input.TimeZoneId}' is not a known IANA time zone (e.g. Europe/Moscow, Asia/Vladivostok)."];
        }

        if (WeeklyHoursError(input.WeeklyHours) is { } hours)
        {
            errors["weeklyHours"] = [hours];
        }

        if (input.ShortDayMinutes is < 0 or > MaxShortDayMinutes)
        {
            errors["shortDayMinutes"] = [$"shortDayMinutes must be between 0 and {MaxShortDayMinutes}."];
        }

        if (input.IsDefault && !input.IsActive)
        {
            errors["isActive"] = ["The default calendar must be active."];
        }

        if (!input.IsDefault && self is { } id && await db.Calendars.AnyAsync(c => c.Id == id && c.IsDefault, ct))
        {
            errors["isDefault"] = ["Exactly one calendar is the default: make another calendar the default instead of clearing it here."];
        }

        return errors;
    }

    /// <summary>The parser's message for weekly hours that do not parse; null when they do.</summary>
    public static string? WeeklyHoursError(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "Weekly hours are required, e.g. \"Mon-Fri 09:00-13:00,14:00-18:00\".";
        }

        return WeeklySchedule.TryParse(text.Trim(), out _, out var error) ? null : error ?? "The weekly hours cannot be read.";
    }

    /// <summary>
    /// Copies validated settings onto the calendar. A new default clears the old one in the same save, and the first active
    /// calendar becomes the default when there is none, so exactly one stays marked.
    /// </summary>
    public static async Task ApplyAsync(AppDbContext db, ServiceCalendar calendar, CalendarInput input, CancellationToken ct)
    {
        calendar.Name = input.Name.Trim();
        calendar.NameEn = string.IsNullOrWhiteSpace(input.NameEn) ? null : input.NameEn.Trim();
        calendar.TimeZoneId = input.TimeZoneId.Trim();
        calendar.WeeklyHours = WeeklySchedule.Parse(input.WeeklyHours.Trim()).ToString();
        calendar.UsesProductionCalendar = input.UsesProductionCalendar;
        calendar.ShortDayMinutes = input.ShortDayMinutes;
        calendar.IsActive = input.IsActive;
        var others = await db.Calendars.Where(c => c.IsDefault && c.Id != calendar.Id).ToListAsync(ct);
        calendar.IsDefault = input.IsDefault || (others.Count == 0 && input.IsActive);
        if (calendar.IsDefault)
        {
            others.ForEach(c => c.IsDefault = false);
        }
    }

    /// <summary>
    /// Saves calendar changes. When the default moves, the old one is released first in the same transaction: the
    /// one-default index is checked statement by statement, and EF does not order updates by a filtered index.
    /// </summary>
    public static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        var entries = db.ChangeTracker.Entries<ServiceCalendar>().ToList();
        var released = entries.Where(e => e.State == EntityState.Modified && !e.Entity.IsDefault && (bool)e.OriginalValues[nameof(ServiceCalendar.IsDefault)]!)
            .Select(e => e.Entity.Id).ToList();
        var claimed = entries.Any(e => e.Entity.IsDefault && (e.State == EntityState.Added || (e.State == EntityState.Modified && !(bool)e.OriginalValues[nameof(ServiceCalendar.IsDefault)]!)));
        if (released.Count == 0 || !claimed)
        {
            await db.SaveChangesAsync(ct);
            return;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Not bumping the version here: the tracked update that follows still checks it, so a rival handover loses cleanly.
            await db.Calendars.Where(c => released.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.IsDefault, false), ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
    }

    /// <summary>What refers to a calendar: while anything does (or it is the default), it cannot be deleted.</summary>
    public static async Task<CalendarUsage> UsageAsync(AppDbContext db, ServiceCalendar calendar, CancellationToken ct)
    {
        var id = calendar.Id;
        return new CalendarUsage(
            calendar.IsDefault,
            await db.Companies.IgnoreQueryFilters().CountAsync(c => c.CalendarId == id, ct),
            await db.Teams.CountAsync(t => t.CalendarId == id, ct),
            await db.AgreementVersions.IgnoreQueryFilters().CountAsync(v => v.CalendarId == id, ct),
            await db.TicketClocks.IgnoreQueryFilters().AnyAsync(c => c.CalendarId == id, ct));
    }

    /// <summary>Reads an exception kind: holiday, workingDay or shortDay, or one of the English or Russian words for them.</summary>
    public static bool TryParseKind(string? text, out CalendarDayKind kind)
    {
        var word = (text ?? "").Trim().ToLowerInvariant().Replace('ё', 'е').Replace(" ", "", StringComparison.Ordinal)
            .Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        (var ok, kind) = word switch
        {
            "holiday" or "dayoff" or "off" or "nonworking" or "выходной" or "праздник" or "праздничный" or "нерабочий" or "нерабочийдень" or "выходнойдень"
                => (true, CalendarDayKind.Holiday),
            "working" or "workingday" or "work" or "workday" or "рабочий" or "рабочийдень" => (true, CalendarDayKind.WorkingDay),
            "short" or "shortday" or "shortened" or "сокращенный" or "сокращенныйдень" or "предпраздничный" => (true, CalendarDayKind.ShortDay),
            _ => (false, CalendarDayKind.Holiday),
        };
        return ok;
    }

    public static string KindName(CalendarDayKind kind) => kind switch
    {
        CalendarDayKind.WorkingDay => "workingDay",
        CalendarDayKind.ShortDay => "shortDay",
        _ => "holiday",
    };

    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), ["yyyy-MM-dd", "dd.MM.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>
    /// Sets (adds or replaces) the exception on a date. The calendar is touched so its version moves on: its ETag changes and
    /// every instance's <see cref="CalendarBook"/> recompiles it.
    /// </summary>
    public static async Task<ServiceCalendarDay> SetDayAsync(AppDbContext db, ServiceCalendar calendar, DateOnly date, CalendarDayKind kind, string? name,
        DateTimeOffset now, CancellationToken ct)
    {
        var day = await db.CalendarDays.FirstOrDefaultAsync(d => d.CalendarId == calendar.Id && d.Date == date, ct);
        if (day is null)
        {
            day = new ServiceCalendarDay { CalendarId = calendar.Id, Date = date };
            db.CalendarDays.Add(day);
        }

        day.Kind = kind;
        day.Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        calendar.UpdatedAt = now;
        return day;
    }

    /// <summary>Removes the exception on a date; false when there is none.</summary>
    public static async Task<bool> RemoveDayAsync(AppDbContext db, ServiceCalendar calendar, DateOnly date, DateTimeOffset now, CancellationToken ct)
    {
        var day = await db.CalendarDays.FirstOrDefaultAsync(d => d.CalendarId == calendar.Id && d.Date == date, ct);
        if (day is null)
        {
            return false;
        }

        db.CalendarDays.Remove(day);
        calendar.UpdatedAt = now;
        return true;
    }

    /// <summary>Every date in [from, to] with its kind and spans after all the calendar's rules.</summary>
    public static List<CalendarDateDto> Days(ServiceCalendar calendar, BusinessCalendar compiled, DateOnly from, DateOnly to)
    {
        var week = WeeklySchedule.Parse(calendar.WeeklyHours);
        var exceptions = calendar.Days.ToDictionary(d => d.Date);
        var result = new List<CalendarDateDto>();
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            var exception = exceptions.GetValueOrDefault(date);
            var spans = compiled.SpansOn(date);
            var holidayName = calendar.UsesProductionCalendar ? RussianHolidays.Name(date, russian: true) : null;
            string kind;
            if (spans.Count == 0)
            {
                // A day off is a holiday when it was meant to be worked (or is a public holiday), a weekend otherwise.
                kind = exception?.Kind == CalendarDayKind.Holiday || week.Days[(int)date.DayOfWeek].Count > 0 || holidayName is not null ? "holiday" : "weekend";
            }
            else
            {
                var shortened = exception is null
                    ? calendar.UsesProductionCalendar && ProductionCalendar.Russia.IsShortDay(date)
                    : exception.Kind == CalendarDayKind.ShortDay;
                kind = shortened ? "short" : "working";
            }

            result.Add(new CalendarDateDto(date, kind, spans.Sum(s => s.Minutes), [.. spans.Select(s => new CalendarSpanDto(Clock(s.Start), Clock(s.End)))],
                exception is null ? null : KindName(exception.Kind), exception?.Name ?? holidayName));
        }

        return result;
    }

    /// <summary>The instant <paramref name="minutes"/> of working time after <paramref name="start"/>, also shown in the calendar's zone.</summary>
    public static CalendarDueDto Due(BusinessCalendar compiled, DateTimeOffset start, int minutes)
    {
        var due = compiled.AddWorkingTime(start.ToUniversalTime(), TimeSpan.FromMinutes(minutes)).ToUniversalTime();
        return new CalendarDueDto(due, InZone(due, compiled.TimeZoneId), compiled.TimeZoneId);
    }

    public static DateTimeOffset InZone(DateTimeOffset instant, string timeZoneId) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) ? TimeZoneInfo.ConvertTime(instant, zone) : instant.ToUniversalTime();

    /// <summary>A local date and time of a zone as an instant (a time skipped by a clock change moves forward by the gap).</summary>
    public static DateTimeOffset FromLocal(DateTime local, string timeZoneId)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var z) ? z : TimeZoneInfo.Utc;
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(1);
        }

        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified)).ToUniversalTime();
    }

    public static string Clock(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";
}

/// <summary>The non-working public holidays of the Labour Code (art. 112), for naming days of the production calendar.</summary>
public static class RussianHolidays
{
    private static readonly Dictionary<(int Month, int Day), (string Ru, string En)> Fixed = new()
    {
        [(1, 1)] = ("Новогодние каникулы", "New Year holidays"),
        [(1, 2)] = ("Новогодние каникулы", "New Year holidays"),
        [(1, 3)] = ("Новогодние каникулы", "New Year holidays"),
        [(1, 4)] = ("Новогодние каникулы", "New Year holidays"),
        [(1, 5)] = ("Новогодние каникулы", "New Year holidays"),
        [(1, 6)] = ("Новогодние каникулы", "New Year holidays"),
        [(1, 7)] = ("Рождество Христово", "Orthodox Christmas"),
        [(1, 8)] = ("Новогодние каникулы", "New Year holidays"),
        [(2, 23)] = ("День защитника Отечества", "Defender of the Fatherland Day"),
        [(3, 8)] = ("Международный женский день", "International Women's Day"),
        [(5, 1)] = ("Праздник Весны и Труда", "Spring and Labour Day"),
        [(5, 9)] = ("День Победы", "Victory Day"),
        [(6, 12)] = ("День России", "Russia Day"),
        [(11, 4)] = ("День народного единства", "Unity Day"),
    };

    public static string? Name(DateOnly date, bool russian) =>
        Fixed.TryGetValue((date.Month, date.Day), out var name) ? russian ? name.Ru : name.En : null;
}

/// <summary>What refers to a calendar.</summary>
public sealed record CalendarUsage(bool IsDefault, int Companies, int Teams, int AgreementVersions, bool TicketClocks)
{
    public bool InUse => IsDefault || Companies + Teams + AgreementVersions > 0 || TicketClocks;

    /// <summary>Why the calendar cannot be deleted, for API callers; null when it can.</summary>
    public string? Reason()
    {
        if (IsDefault)
        {
            return "This is the default calendar; make another calendar the default first.";
        }

        if (!InUse)
        {
            return null;
        }

        var uses = new List<string>();
        if (Companies > 0)
        {
            uses.Add($"{Companies} client compan{(Companies == 1 ? "y" : "ies")}");
        }

        if (Teams > 0)
        {
            uses.Add($"{Teams} team{(Teams == 1 ? "" : "s")}");
        }

        if (AgreementVersions > 0)
        {
            uses.Add($"{AgreementVersions} agreement version{(AgreementVersions == 1 ? "" : "s")}");
        }

        if (TicketClocks)
        {
            uses.Add("ticket clocks");
        }

        return $"The calendar is used by {string.Join(", ", uses)}; assign another calendar there first, or deactivate this one (isActive: false).";
    }
}
