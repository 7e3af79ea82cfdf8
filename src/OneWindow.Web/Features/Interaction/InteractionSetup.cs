namespace OneWindow.Web.Features.Interaction;

/// <summary>The interaction menu: desk, queries' policy, the delivery job and the demo menus.</summary>
public static class InteractionSetup
{
    /// <summary>Reading menus and logs: a client company's executives (their own company) and the SSC's CSMs, quality managers and administrators (their scope).</summary>
    public const string ReadPolicy = "interaction-menu-read";

    public static IServiceCollection AddOneWindowInteraction(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<InteractionOptions>(configuration.GetSection("Interaction"));
        services.PostConfigure<InteractionOptions>(o => o.Organizer ??= configuration["Mail:Smtp:From"]);
        services.AddScoped<InteractionDesk>().AddScoped<InteractionDeliveries>();
        services.AddScoped<IDemoDataSeeder, DemoInteraction>();
        var every = TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Interaction:SweepMinutes", 15)));
        services.AddOneWindowJob(q => InteractionDeliveryJob.Schedule(q, every));
        services.AddAuthorizationBuilder().AddPolicy(ReadPolicy, p => p.RequireRole(Roles.ClientExecutive, Roles.ClientSuccessManager, Roles.QualityManager, Roles.Admin));
        return services;
    }
}
