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
    /// <summary>
    /// Load the demo SSC, whose logins share a published password, into an empty database. Defaults to true in Development
    /// only; true set explicitly also declares a deliberate demo, which may then serve outside Development.
    /// </summary>
    public bool? SeedDemoData { get; set; }

    /// <summary>Whether the app runs in the Development environment; set at start-up, not bound.</summary>
    public bool IsDevelopment { get; internal set; }

    /// <summary>The connection string in use (a SQLite file anchored under the content root); set at start-up, not bound.</summary>
    public string ConnectionString { get; internal set; } = "";

    public bool ShouldMigrateOnStartup => MigrateOnStartup ?? Provider == DatabaseProvider.Sqlite;
    public bool ShouldSeedDemoData => SeedDemoData ?? IsDevelopment;

    /// <summary>A demo on purpose: Database:SeedDemoData set to true, not merely left to the Development default.</summary>
    public bool IsDeliberateDemo => SeedDemoData == true;
}

public static class DataSetup
{
    public const string DefaultSqlite = "Data Source=data/onewindow.db";

    public static IServiceCollection AddOneWindowData(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var contentRoot = environment.ContentRootPath;
        var options = configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        options.IsDevelopment = environment.IsDevelopment();
        services.AddSingleton(options);
        services.AddScoped<CurrentActor>();
        var connectionString = configuration.GetConnectionString("OneWindow");

        if (options.Provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:OneWindow is not set.");
            }

            connectionString = WithAutoPrepare(connectionString);
            options.ConnectionString = connectionString;
            services.AddDbContextFactory<PostgresAppDbContext>(
                o => o.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory")).AddInterceptors(AfterCommitInterceptor.Instance),
                ServiceLifetime.Scoped);
            services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<PostgresAppDbContext>());
            services.AddScoped<IDbContextFactory<AppDbContext>>(sp => new ForwardingFactory<PostgresAppDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresAppDbContext>>()));
        }
        else
        {
            connectionString = AnchorSqlite(string.IsNullOrWhiteSpace(connectionString) ? DefaultSqlite : connectionString, contentRoot);
            options.ConnectionString = connectionString;
            services.AddDbContextFactory<SqliteAppDbContext>(
                o => o.UseSqlite(connectionString).AddInterceptors(SqliteUnicodeCaseInterceptor.Instance, AfterCommitInterceptor.Instance),
                ServiceLifetime.Scoped);
            services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<SqliteAppDbContext>());
            services.AddScoped<IDbContextFactory<AppDbContext>>(sp => new ForwardingFactory<SqliteAppDbContext>(sp.GetRequiredService<IDbContextFactory<SqliteAppDbContext>>()));
        }

        return services;
    }

    /// <summary>
    /// The statements EF sends again and again (a handful of shapes per request) are prepared once per pooled connection,
    /// so PostgreSQL stops parsing and planning them on every call. A connection string that names Max Auto Prepare keeps
    /// its own value (0 behind a PgBouncer older than 1.21 in transaction mode).
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 100;
        }

        return builder.ConnectionString;
    }

    /// <summary>A relative SQLite file lives under the content root, whatever the current directory; its folder is created.</summary>
    private static string AnchorSqlite(string connectionString, string contentRoot)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.Memory)
        {
            return connectionString;
        }

        builder.DataSource = Path.GetFullPath(builder.DataSource, contentRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        return builder.ToString();
    }

    private sealed class ForwardingFactory<T>(IDbContextFactory<T> inner) : IDbContextFactory<AppDbContext>
        where T : AppDbContext
    {
        public AppDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
