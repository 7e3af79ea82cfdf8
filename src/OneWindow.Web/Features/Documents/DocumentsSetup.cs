namespace OneWindow.Web.Features.Documents;

/// <summary>Codes and regulations: the desk, the files, the acknowledgement reminders and their job, and the demo code.</summary>
public static class DocumentsSetup
{
    public static IServiceCollection AddOneWindowDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DocumentReminderOptions>(configuration.GetSection("Documents"));
        services.AddScoped<DocumentDesk>().AddScoped<DocumentFiles>().AddScoped<DocumentReminders>();
        var cron = configuration.GetValue<string>("Documents:ReminderCron") is { Length: > 0 } configured ? configured : new DocumentReminderOptions().ReminderCron;
        services.AddOneWindowJob(q => DocumentReminderJob.Schedule(q, cron));
        services.AddScoped<IDemoDataSeeder, DemoDocuments>();
        return services;
    }
}
