using OneWindow.Core.Calendars;

namespace OneWindow.Web.Features.Calendars;

/// <summary>
/// What the calendar API and the admin page read alike: the DTOs, what refers to a calendar, how exception kinds and dates
/// are spelled, the day view and the due-date calculation. Writes go through <see cref="CalendarDesk"/>.
/// </summary>
public static class CalendarRules
{
    public const int MaxShortDayMinutes = 240;
    public const int MaxDaysInView = 400;
    public const int MaxDueMinutes = 1_000_000;

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

    /// <summary>The parser's message for weekly hours that do not parse; null when they do.</summary>
    public static string? WeeklyHoursError(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "Weekly hours are required, e.g. \"Mon-Fri 09:00-13:00,14:00-18:00\".";
        }

        return WeeklySchedule.TryParse(text.Trim(), out _, out var error) ? null : error ?? "The weekly hours cannot be read.";
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
