using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Features.Shell;
using OneWindow.Web.Infrastructure.Tenancy;

namespace OneWindow.Web.Data;

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
        await scope.ServiceProvider.GetRequiredService<DemoData>().SeedIfEmptyAsync();
    }
}
