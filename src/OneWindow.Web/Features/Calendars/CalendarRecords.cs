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
