using Quartz;

namespace OneWindow.Web.Features.Interaction;

/// <summary>The delivery job on the clustered scheduler: runs <see cref="InteractionDeliveries.DeliverDueAsync"/> as the system.</summary>
[DisallowConcurrentExecution]
public sealed class InteractionDeliveryJob(IServiceScopeFactory scopes, ILogger<InteractionDeliveryJob> logger) : IJob
{
    public const string Name = "interaction-deliveries";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var made = await RunOnceAsync(scopes, cancellationToken);
        if (made > 0)
        {
            logger.LogInformation("Interaction menu: {Made} delivery(ies) sent or held", made);
        }
    }

    /// <summary>One run as the system, in a scope of its own: what each firing does (tests call it at the fake time they choose).</summary>
    public static async Task<int> RunOnceAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        return await scope.ServiceProvider.GetRequiredService<InteractionDeliveries>().DeliverDueAsync(ct);
    }

    public static void Schedule(IQuartzBuilder q, TimeSpan every) => q.ScheduleJob<InteractionDeliveryJob>(
        trigger => trigger.WithIdentity(Name).StartAt(TimeProvider.System.GetUtcNow().AddMinutes(2)).WithSimpleSchedule(s => s.WithInterval(every).RepeatForever()
            // After downtime the next run catches up: missed days within CatchUpDays are delivered late, each once.
            .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
        job => job.WithIdentity(Name));
}
