namespace OneWindow.Web.Features.Notifications;

/// <summary>Ticket events become in-app notifications in the same save, whoever caused them (people, mail intake, jobs).</summary>
internal sealed class NotificationSaveReaction : ISaveChangesReaction
{
    public int Order => 100;

    public Task BeforeSaveAsync(SaveOperation save, CancellationToken ct) => NotificationPlanner.PlanAsync(save.Db, save.Now, ct);
}

public static class NotificationsSetup
{
    public static IServiceCollection AddOneWindowNotifications(this IServiceCollection services) =>
        services.AddSingleton<ISaveChangesReaction, NotificationSaveReaction>().AddScoped<NotificationDesk>();
}
