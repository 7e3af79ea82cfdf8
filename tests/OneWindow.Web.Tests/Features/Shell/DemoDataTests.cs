using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Features.Shell;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Shell;

/// <summary>The app as `dotnet run` starts it: Development, with Database:SeedDemoData left out.</summary>
public sealed class DevelopmentFactory : OneWindowFactory
{
    protected override string HostEnvironment => "Development";
    protected override bool? SeedDemoData => null;
}

/// <summary>The app in Production; on its own fresh database, or on another factory's with Database:SeedDemoData as given.</summary>
public sealed class ProductionFactory : OneWindowFactory
{
    private readonly bool? seedDemoData;

    public ProductionFactory()
    {
    }

    private ProductionFactory(OneWindowFactory primary, bool? seedDemoData)
        : base(primary) => this.seedDemoData = seedDemoData;

    protected override string HostEnvironment => "Production";
    protected override bool? SeedDemoData => seedDemoData;

    public static ProductionFactory On(OneWindowFactory primary, bool? seedDemoData = null) => new(primary, seedDemoData);
}

/// <summary>
/// Issue 11, item 7: the demo logins share a published password, so they are loaded only in Development or when
/// Database:SeedDemoData=true asks for them, and outside Development the app will not serve while one of them is active.
/// </summary>
public class DemoDataTests
{
    [Fact]
    public async Task Development_loads_the_demo_ssc_without_being_asked()
    {
        await using var app = new DevelopmentFactory();
        var me = await (await app.ClientForAsync(Demo.Admin)).GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal(Demo.Admin, me.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Production_loads_no_demo_data_unless_asked()
    {
        await using var app = new ProductionFactory();
        Assert.Equal(HttpStatusCode.OK, (await app.AnonymousClient().GetAsync("/health/live")).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Users.IgnoreQueryFilters().CountAsync()));
        var token = await app.AnonymousClient().PostAsJsonAsync("/api/v1/auth/token", new { email = Demo.Admin, password = DemoData.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
    }

    [Fact]
    public async Task Production_refuses_to_serve_while_a_demo_login_is_active()
    {
        await using var seeded = new OneWindowFactory();
        _ = seeded.Services;

        // As an operator starts it: the process ends at start-up, naming the accounts and the ways out.
        var refused = await AppProcess.RunAsync(seeded.ConnectionString, [], timeout: TimeSpan.FromSeconds(90));
        Assert.True(refused.ExitCode > 0, $"exit code {refused.ExitCode}:\n{refused.Output}");
        Assert.Contains(Demo.Admin, refused.Output, StringComparison.Ordinal);
        Assert.Contains(Demo.ClientA, refused.Output, StringComparison.Ordinal);
        Assert.Contains("Database__SeedDemoData=true", refused.Output, StringComparison.Ordinal);
        Assert.Contains("create-admin", refused.Output, StringComparison.Ordinal);
        Assert.Contains("deactivate-demo", refused.Output, StringComparison.Ordinal);

        // The same in a host started in-process, and a demo address changed by an admin still counts (the seeder's mark).
        await seeded.WithDbAsync(async db =>
        {
            var admin = await db.Users.SingleAsync(u => u.Email == Demo.Admin);
            admin.Email = "irina@meridian.example";
            admin.NormalizedEmail = admin.Email.ToUpperInvariant();
            return await db.SaveChangesAsync();
        });
        await using (var production = ProductionFactory.On(seeded))
        {
            var start = Record.Exception(() => production.Services);
            Assert.NotNull(start);
            Assert.Contains("irina@meridian.example", start.ToString(), StringComparison.Ordinal);
        }

        // A demo on purpose serves.
        await using (var demo = ProductionFactory.On(seeded, seedDemoData: true))
        {
            Assert.Equal(HttpStatusCode.OK, (await demo.AnonymousClient().GetAsync("/health/live")).StatusCode);
        }

        // Once the demo logins are deactivated, production serves, and none of them signs in.
        var deactivated = await AppProcess.RunAsync(seeded.ConnectionString, ["deactivate-demo"]);
        Assert.True(deactivated.ExitCode == 0, deactivated.Output);
        Assert.Contains("Deactivated irina@meridian.example.", deactivated.Output, StringComparison.Ordinal);
        Assert.Contains("No active administrator is left", deactivated.Output, StringComparison.Ordinal);
        await using (var production = ProductionFactory.On(seeded))
        {
            Assert.Equal(HttpStatusCode.OK, (await production.AnonymousClient().GetAsync("/health/live")).StatusCode);
            var token = await production.AnonymousClient().PostAsJsonAsync("/api/v1/auth/token", new { email = Demo.Agent, password = DemoData.Password });
            Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
        }
    }
}
