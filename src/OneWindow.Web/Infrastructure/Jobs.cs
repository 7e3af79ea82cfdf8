using Microsoft.Data.Sqlite;
using Quartz;

namespace OneWindow.Web.Infrastructure;

/// <summary>
/// Background jobs on Quartz.NET, with its job store in the application's own database (tables <c>QRTZ_*</c>, created by
/// the EF migrations). On PostgreSQL every instance joins one cluster, so a firing runs on exactly one of them and a job
/// marked <see cref="DisallowConcurrentExecutionAttribute"/> never runs twice at once anywhere. Quartz refuses clustering
/// on SQLite (its locks are in-process), so the embedded database keeps a persistent, unclustered store: one instance.
/// </summary>
/// <summary>A feature's job and its trigger, registered with <see cref="Jobs.AddOneWindowJob"/>.</summary>
public sealed record JobRegistration(Action<IQuartzBuilder> Schedule);

public static class Jobs
{
    public const string TablePrefix = "QRTZ_";

    /// <summary>The scheduler's name: instances with the same name on the same database are one cluster.</summary>
    public const string SchedulerName = "OneWindow";

    /// <summary>
    /// A feature schedules its own job here (before <see cref="AddOneWindowJobs"/> runs); the scheduler picks up every
    /// registration, so this class names no feature.
    /// </summary>
    public static IServiceCollection AddOneWindowJob(this IServiceCollection services, Action<IQuartzBuilder> schedule) =>
        services.AddSingleton(new JobRegistration(schedule));

    /// <summary>
    /// Registers the scheduler and the jobs the features registered, when <c>Jobs:Enabled</c> (default true). The hosted service starts it once
    /// the application has started — after <c>PrepareDatabaseAsync</c> has migrated — and never for the <c>migrate</c>
    /// and <c>seed</c> commands, which exit before the host runs.
    /// </summary>
    public static IServiceCollection AddOneWindowJobs(this IServiceCollection services, IConfiguration configuration)
    {
        if (!configuration.GetValue("Jobs:Enabled", true))
        {
            return services;
        }

        var provider = (configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions()).Provider;
        var registrations = services.Where(d => d.ServiceType == typeof(JobRegistration)).Select(d => (JobRegistration)d.ImplementationInstance!).ToList();

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = SchedulerName;
                if (provider != DatabaseProvider.Postgres)
                {
                    // Unclustered schedulers all answer to NON_CLUSTERED; a name of its own says which instance did what.
                    o.InstanceId = $"{Environment.MachineName}-{Guid.NewGuid():N}";
                }

                // A sweep in progress is asked to stop (it honours its token) and awaited, so the host stops cleanly.
                o.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
            });
            // Quartz paces firings in real time; the jobs themselves read the application's TimeProvider for "now",
            // so a test's fake clock decides what is due without stalling the scheduler.
            q.UseTimeProvider(TimeProvider.System);
            q.UsePersistentStore(store =>
            {
                store.ConfigureStore(o => o.TablePrefix = TablePrefix);
                store.UseSystemTextJsonSerializer();
                if (provider == DatabaseProvider.Postgres)
                {
                    store.UsePostgres(ds => ds.ConnectionStringName = "OneWindow");
                    // Each instance gets a generated (AUTO) id; the database row lock serialises the cluster.
                    store.UseClustering();
                }
                else
                {
                    // The SQLite path is anchored under the content root by AddOneWindowData; reuse exactly that file.
                    store.UseSqlite(ds => ds.DataSourceFactory = sp =>
                        SqliteFactory.Instance.CreateDataSource(sp.GetRequiredService<DatabaseOptions>().ConnectionString));
                }
            });

            foreach (var registration in registrations)
            {
                registration.Schedule(q);
            }
        });

        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
