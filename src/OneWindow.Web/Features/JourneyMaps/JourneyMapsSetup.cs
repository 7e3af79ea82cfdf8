namespace OneWindow.Web.Features.JourneyMaps;

/// <summary>Customer journey maps: the desk, the demo map and the editors' policy.</summary>
public static class JourneyMapsSetup
{
    /// <summary>Creating and changing maps: the SSC's quality, client success and delivery managers.</summary>
    public const string EditPolicy = "journey-maps-edit";

    public static IServiceCollection AddOneWindowJourneyMaps(this IServiceCollection services)
    {
        services.AddScoped<JourneyMapDesk>();
        services.AddScoped<JourneyMapExport>();
        services.AddScoped<IDemoDataSeeder, DemoJourneyMaps>();
        services.AddAuthorizationBuilder().AddPolicy(EditPolicy, p => p.RequireRole([.. JourneyMapDesk.EditorRoles]));
        return services;
    }
}
