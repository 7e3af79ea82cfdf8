using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Infrastructure;

namespace OneWindow.Web.Tests.Infrastructure;

public class JobsTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    [Fact]
    public async Task The_scheduler_keeps_its_jobs_in_the_applications_own_database()
    {
        _ = app.Services;
        // The hosted service starts the scheduler once the application has started; its first act is storing the jobs.
        var stored = await Eventually.ThatAsync(
            () => app.WithDbAsync(db => db.Database.SqlQueryRaw<int>(
                $"SELECT COUNT(*) AS \"Value\" FROM {Jobs.TablePrefix}TRIGGERS WHERE SCHED_NAME = '{Jobs.SchedulerName}' AND TRIGGER_NAME = '{ClockAlertJob.Name}'").SingleAsync()),
            count => count == 1, "the alert sweep's trigger in QRTZ_TRIGGERS");
        Assert.Equal(1, stored);
        // The surveys' waves and reminders are on the same scheduler.
        Assert.Equal(1, await app.WithDbAsync(db => db.Database.SqlQueryRaw<int>(
            $"SELECT COUNT(*) AS \"Value\" FROM {Jobs.TablePrefix}TRIGGERS WHERE SCHED_NAME = '{Jobs.SchedulerName}' AND TRIGGER_NAME = '{OneWindow.Web.Features.Surveys.SurveyScheduleJob.Name}'").SingleAsync()));
    }
}

/// <summary>Polling for what background work does, with a generous limit rather than a fixed sleep.</summary>
public static class Eventually
{
    public static async Task<T> ThatAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int seconds = 60)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (waited.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException($"Waited {seconds} s for {what}; last seen: {value}");
            }

            await Task.Delay(250);
        }
    }
}
