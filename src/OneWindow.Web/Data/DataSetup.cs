using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Infrastructure.Tenancy;

namespace OneWindow.Web.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    /// <summary>Apply migrations at start-up. Defaults to true for SQLite and false for PostgreSQL (use the migrate command).</summary>
    public bool? MigrateOnStartup { get; set; }
    /// <summary>Load the demo SSC into an empty database. Defaults to true for SQLite.</summary>
    public bool? SeedDemoData { get; set; }

    public bool ShouldMigrateOnStartup => MigrateOnStartup ?? Provider == DatabaseProvider.Sqlite;
    public bool ShouldSeedDemoData => SeedDemoData ?? Provider == DatabaseProvider.Sqlite;
}

public static class DataSetup
{
    public const string DefaultSqlite = "Data Source=data/onewindow.db";

    public static IServiceCollection AddOneWindowData(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);
        services.AddScoped<CurrentActor>();
        var connectionString = configuration.GetConnectionString("OneWindow");

        if (options.Provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:OneWindow is not set.");
            }

            services.AddDbContextFactory<PostgresAppDbContext>(
                o => o.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory")),
                ServiceLifetime.Scoped);
            services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<PostgresAppDbContext>());
            services.AddScoped<IDbContextFactory<AppDbContext>>(sp => new ForwardingFactory<PostgresAppDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresAppDbContext>>()));
        }
        else
        {
            connectionString = string.IsNullOrWhiteSpace(connectionString) ? DefaultSqlite : connectionString;
            EnsureSqliteFolder(connectionString);
            services.AddDbContextFactory<SqliteAppDbContext>(
                o => o.UseSqlite(connectionString).AddInterceptors(SqliteUnicodeCaseInterceptor.Instance),
                ServiceLifetime.Scoped);
            services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<SqliteAppDbContext>());
            services.AddScoped<IDbContextFactory<AppDbContext>>(sp => new ForwardingFactory<SqliteAppDbContext>(sp.GetRequiredService<IDbContextFactory<SqliteAppDbContext>>()));
        }

        return services;
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:")
        {
            return;
        }

        var path = Path.IsPathRooted(builder.DataSource) ? builder.DataSource : Path.Combine(Directory.GetCurrentDirectory(), builder.DataSource);
        var folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }

    private sealed class ForwardingFactory<T>(IDbContextFactory<T> inner) : IDbContextFactory<AppDbContext>
        where T : AppDbContext
    {
        public AppDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
