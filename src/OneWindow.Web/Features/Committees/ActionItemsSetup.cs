namespace OneWindow.Web.Features.Committees;

/// <summary>Committee minutes and action items: desks, queries, policies, the reminder job and their endpoints.</summary>
public static class ActionItemsSetup
{
    public static IServiceCollection AddOneWindowActionItems(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ActionItemOptions>(configuration.GetSection("Committees:ActionItems"));
        services.AddScoped<ActionItemDesk>().AddScoped<ActionItemQueries>().AddScoped<ActionItemReminderSweeper>().AddScoped<MinutesDesk>();
        var every = TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Committees:ActionItems:SweepMinutes", 15)));
        services.AddOneWindowJob(q => ActionItemReminderJob.Schedule(q, every));
        ActionItemEndpoints.AddPolicies(services.AddAuthorizationBuilder());
        return services;
    }

    public static RouteGroupBuilder MapActionItemsAndMinutes(this RouteGroupBuilder api) => api.MapActionItemEndpoints().MapMinutesEndpoints();
}
