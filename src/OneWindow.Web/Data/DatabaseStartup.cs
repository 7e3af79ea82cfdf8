namespace OneWindow.Web.Data;

/// <summary>
/// Demo data one feature loads into an empty installation. Each feature registers its own; they run in
/// <see cref="Order"/> (the directory before agreements, agreements before the tickets they measure) when
/// <c>Database:SeedDemoData</c> says so and nobody has been created yet.
/// </summary>
public interface IDemoDataSeeder
{
    int Order { get; }

    Task SeedAsync(CancellationToken ct);
}

public static class DatabaseStartup
{
    /// <summary>Applies migrations (when configured) and loads the demo SSC into an empty database (when configured).</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        if (options.ShouldMigrateOnStartup)
        {
            await app.MigrateDatabaseAsync(options.ShouldSeedDemoData);
        }
        else if (options.ShouldSeedDemoData)
        {
            await SeedAsync(app);
        }
    }

    public static async Task MigrateDatabaseAsync(this WebApplication app, bool seedDemoData)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("OneWindow.Migrations");
            var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
            }

            await db.Database.MigrateAsync();
            await EnsureRolesAsync(scope.ServiceProvider);
        }

        if (seedDemoData)
        {
            await SeedAsync(app);
        }
    }

    /// <summary>The roles are part of the schema's contract: every installation has all of them.</summary>
    private static async Task EnsureRolesAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<Microsoft.AspNetCore.Identity.RoleManager<Features.People.AppRole>>();
        foreach (var role in Core.Identity.Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new Features.People.AppRole { Name = role });
            }
        }
    }

    private static async Task SeedAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        await EnsureRolesAsync(scope.ServiceProvider);
        if (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.IgnoreQueryFilters().AnyAsync())
        {
            return;
        }

        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OneWindow.DemoData").LogInformation("Empty database: loading the demo shared service center");
        foreach (var seeder in scope.ServiceProvider.GetServices<IDemoDataSeeder>().OrderBy(s => s.Order))
        {
            await seeder.SeedAsync(CancellationToken.None);
        }
    }
}
