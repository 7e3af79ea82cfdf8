namespace OneWindow.Web.Features.Notifications;

/// <summary>Ticket events become in-app notifications in the same save, whoever caused them (people, mail intake, jobs).</summary>
internal sealed class NotificationSaveReaction : ISaveChangesReaction
{
    public int Order => 100;

    public Task BeforeSaveAsync(SaveOperation save, CancellationToken ct) => NotificationPlanner.PlanAsync(save.Db, save.Now, ct);
}

/// <summary>The live-change topic of one person's notifications: their bell listens, every new notification publishes.</summary>
internal static class NotificationLive
{
    public static string Topic(Guid userId) => "notices:" + userId.ToString("N");
}

/// <summary>After a save that notified people commits, their open bells (on any instance) refresh.</summary>
internal sealed class NotificationLiveReaction(LiveChanges live) : ISaveChangesReaction
{
    // After NotificationSaveReaction has added this save's notifications.
    public int Order => 900;

    public Task BeforeSaveAsync(SaveOperation save, CancellationToken ct)
    {
        var people = save.Db.ChangeTracker.Entries<Notification>().Where(e => e.State is EntityState.Added or EntityState.Modified)
            .Select(e => e.Entity.UserId).ToHashSet();
        if (people.Count > 0)
        {
            save.AfterCommit(() =>
            {
                foreach (var person in people)
                {
                    live.Publish(NotificationLive.Topic(person));
                }
            });
        }

        return Task.CompletedTask;
    }
}

public static class NotificationsSetup
{
    public static IServiceCollection AddOneWindowNotifications(this IServiceCollection services) =>
        services.AddSingleton<ISaveChangesReaction, NotificationSaveReaction>().AddSingleton<ISaveChangesReaction, NotificationLiveReaction>().AddScoped<NotificationDesk>();
}
