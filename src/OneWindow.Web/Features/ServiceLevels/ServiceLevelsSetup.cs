using OneWindow.Web.Features.Tickets;
using Quartz;
using OneWindow.Web.Features.ServiceLevels.Reports;

namespace OneWindow.Web.Features.ServiceLevels;

/// <summary>Registers the service-level feature: agreements, clocks, measurements, reports (on the calendars of Features/Calendars).</summary>
public static class ServiceLevelsSetup
{
    public static IServiceCollection AddOneWindowServiceLevels(this IServiceCollection services, IConfiguration configuration)
    {
        var sweep = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("ServiceLevels:AlertSweepSeconds", 30)));
        services.AddOneWindowJob(q => q.ScheduleJob<ClockAlertJob>(
            trigger => trigger.WithIdentity(ClockAlertJob.Name).WithSimpleSchedule(s => s.WithInterval(sweep).RepeatForever()
                // After downtime the next regular sweep catches up on all that is due; replaying missed runs adds nothing.
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
            job => job.WithIdentity(ClockAlertJob.Name)));
        var obligationSweep = TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("ServiceLevels:ObligationSweepMinutes", 15)));
        services.AddOneWindowJob(q => ObligationReminderJob.Schedule(q, obligationSweep));
        services.AddSingleton<ClockCountCache>().AddSingleton<ClockKeeper>().AddSingleton<ISaveChangesReaction, ClockSaveReaction>().AddSingleton<ISeededTicketRows, SeededClocks>();
        services.AddTicketPagePanel<TicketClocksPanel>(order: 100);
        services.AddOneWindowBottleneckReport();
        return services.AddScoped<AgreementDesk>().AddScoped<MeasurementDesk>().AddScoped<ClockAlertSweeper>().AddScoped<ObligationReminderSweeper>()
            .AddScoped<ServiceLevelReports>().AddScoped<ReportWorkbook>().AddScoped<IDemoDataSeeder, DemoAgreements>()
            .AddScoped<IDemoDataSeeder, DemoServiceLevelHistory>().AddScoped<OlaObligations>();
    }

    public static RouteGroupBuilder MapServiceLevelEndpoints(this RouteGroupBuilder api)
    {
        return api.MapAgreementEndpoints().MapMeasurementEndpoints().MapServiceLevelReportEndpoints();
    }
}
