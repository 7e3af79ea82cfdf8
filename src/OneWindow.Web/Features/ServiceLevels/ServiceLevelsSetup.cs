using OneWindow.Web.Data;
using OneWindow.Web.Features.ServiceLevels.Reports;

namespace OneWindow.Web.Features.ServiceLevels;

/// <summary>Registers the service-level feature: calendars, agreements, clocks, measurements, reports.</summary>
public static class ServiceLevelsSetup
{
    public static IServiceCollection AddOneWindowServiceLevels(this IServiceCollection services)
    {
        services.AddSingleton<CalendarBook>().AddSingleton<ClockKeeper>().AddSingleton<ISaveChangesReaction, ClockSaveReaction>();
        return services.AddScoped<AgreementDesk>().AddScoped<MeasurementDesk>().AddScoped<ClockAlertSweeper>()
            .AddScoped<ServiceLevelReports>().AddScoped<ReportWorkbook>().AddScoped<IDemoDataSeeder, DemoAgreements>();
    }

    public static RouteGroupBuilder MapServiceLevelEndpoints(this RouteGroupBuilder api)
    {
        return api.MapCalendarEndpoints().MapAgreementEndpoints().MapMeasurementEndpoints().MapServiceLevelReportEndpoints();
    }
}
