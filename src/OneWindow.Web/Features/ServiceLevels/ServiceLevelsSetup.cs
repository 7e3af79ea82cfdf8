using OneWindow.Web.Features.ServiceLevels.Reports;

namespace OneWindow.Web.Features.ServiceLevels;

/// <summary>Registers the service-level feature: calendars, agreements, clocks, measurements, reports.</summary>
public static class ServiceLevelsSetup
{
    public static IServiceCollection AddOneWindowServiceLevels(this IServiceCollection services)
    {
        services.AddSingleton(CalendarBook.Shared);
        return services.AddScoped<AgreementDesk>().AddScoped<MeasurementDesk>().AddScoped<ClockAlertSweeper>()
            .AddScoped<ServiceLevelReports>().AddScoped<ReportWorkbook>();
    }

    public static RouteGroupBuilder MapServiceLevelEndpoints(this RouteGroupBuilder api)
    {
        return api.MapCalendarEndpoints().MapAgreementEndpoints().MapMeasurementEndpoints().MapServiceLevelReportEndpoints();
    }
}
