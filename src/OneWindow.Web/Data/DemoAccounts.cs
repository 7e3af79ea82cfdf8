using OneWindow.Web.Features.People;

namespace OneWindow.Web.Data;

/// <summary>
/// The demo SSC's logins share a password printed in the README, so outside Development an instance serves only while
/// none of them can sign in — unless Database:SeedDemoData=true declares a deliberate demo.
/// A demo account is an active person at a <c>.demo</c> address (every address the demo seeder writes; <c>demo</c> is
/// no delegated top-level domain, so no real mailbox has one) or one the seeder marked with <see cref="ClaimType"/>
/// (which still finds a demo person whose address was later changed but whose password may not have been).
/// Installations seeded before the mark existed carry only the addresses, which is why both count.
/// </summary>
public static class DemoAccounts
{
    /// <summary>The user claim the demo seeder gives every person it creates.</summary>
    public const string ClaimType = "ow:demo";

    private const string NormalizedDomainSuffix = ".DEMO";

    public static async Task<List<AppUser>> FindActiveAsync(AppDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Users.IgnoreQueryFilters()
            .Where(u => u.IsActive && ((u.NormalizedEmail != null && u.NormalizedEmail.EndsWith(NormalizedDomainSuffix))
                || db.UserClaims.Any(c => c.UserId == u.Id && c.ClaimType == ClaimType)))
            .OrderBy(u => u.NormalizedEmail)
            .ToListAsync(ct);
    }

    /// <summary>
    /// Outside Development, stops the start-up (the exception ends the process with a non-zero code) while any demo
    /// account is active and Database:SeedDemoData is not explicitly true. Serving is the only path it guards: the
    /// migrate, create-admin and deactivate-demo commands are how an operator gets out of it.
    /// </summary>
    public static async Task RefuseDemoAccountsOutsideDevelopmentAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        if (app.Environment.IsDevelopment())
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        var found = await FindActiveAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>());
        if (found.Count == 0)
        {
            return;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OneWindow.DemoData");
        var emails = string.Join(", ", found.Select(u => u.Email));
        if (options.IsDeliberateDemo)
        {
            logger.LogWarning("Serving {Count} demo account(s) with the published demo password, as Database:SeedDemoData=true asks: {Accounts}", found.Count, emails);
            return;
        }

        var message =
            $"Refusing to start in the {app.Environment.EnvironmentName} environment: {found.Count} active demo account(s) sign in with the password published in the README: {emails}. " +
            "If this instance is a demo on purpose, set Database__SeedDemoData=true. Otherwise create your own administrator with " +
            "`dotnet OneWindow.Web.dll create-admin --email <address> --name \"<full name>\"` and deactivate the demo accounts with " +
            "`dotnet OneWindow.Web.dll deactivate-demo`, then start again.";
        logger.LogCritical("{Refusal}", message);
        throw new InvalidOperationException(message);
    }
}
