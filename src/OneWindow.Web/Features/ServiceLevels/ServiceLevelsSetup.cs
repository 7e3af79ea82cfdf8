using OneWindow.Web.Features.ServiceLevels.Reports;

namespace OneWindow.Web.Features.ServiceLevels;

/// <summary>Registers the service-level feature: calendars, agreements, clocks, measurements, reports.</summary>
public static class ServiceLevelsSetup
{
    public static IServiceCollection AddOneWindowServiceLevels(this IServiceCollection services)
    {
        services.AddSingleton<CalendarBook>();
        services.AddScoped<ServiceLevelReports>();
        services.AddScoped<ReportWorkbook>();
        return services;
    }

    public static RouteGroupBuilder MapServiceLevelEndpoints(this RouteGroupBuilder api)
    {
        api.MapServiceLevelReportEndpoints();
        return api;
    }
}
