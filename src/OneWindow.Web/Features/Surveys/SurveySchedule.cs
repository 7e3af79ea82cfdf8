using Quartz;

namespace OneWindow.Web.Features.Surveys;

/// <summary>
/// The surveys' scheduler part as a Quartz job: opens the waves that are due and sends the reminders of open waves.
/// Clustered on PostgreSQL it runs on one instance at a time; both steps are idempotent (a wave per campaign and
/// opening, a reminder per invitation), so an overlap on an unclustered store sends nothing twice.
/// </summary>
[DisallowConcurrentExecution]
public sealed class SurveyScheduleJob(IServiceScopeFactory scopes, ILogger<SurveyScheduleJob> logger) : IJob
{
    public const string Name = "survey-waves";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var (opened, reminded) = await RunOnceAsync(scopes, cancellationToken);
        if (opened + reminded > 0)
        {
            logger.LogInformation("Survey schedule: {Opened} wave(s) opened, {Reminded} reminder(s) queued", opened, reminded);
        }
    }

    /// <summary>One run as the system, in a scope of its own (a fresh DbContext): what each firing does.</summary>
    public static async Task<(int Opened, int Reminded)> RunOnceAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        var desk = scope.ServiceProvider.GetRequiredService<SurveyDesk>();
        return (await desk.OpenDueWavesAsync(ct), await desk.RemindAsync(ct));
    }

    public static void Schedule(IQuartzBuilder q, TimeSpan every) => q.ScheduleJob<SurveyScheduleJob>(
        // First a minute after start-up, out of the way of the start.
        trigger => trigger.WithIdentity(Name).StartAt(TimeProvider.System.GetUtcNow().AddMinutes(1)).WithSimpleSchedule(s => s.WithInterval(every).RepeatForever()
            // After downtime the next run catches up: it opens the latest due wave and reminds whoever is still due.
            .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
        job => job.WithIdentity(Name));
}
