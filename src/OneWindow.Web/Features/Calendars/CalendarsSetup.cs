namespace OneWindow.Web.Features.Calendars;

/// <summary>Registers business calendars: the compiled-calendar book, the calendar desk and the calendar API.</summary>
public static class CalendarsSetup
{
    public static IServiceCollection AddOneWindowCalendars(this IServiceCollection services) =>
        services.AddSingleton<CalendarBook>().AddScoped<CalendarDesk>();
}
