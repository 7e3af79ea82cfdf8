namespace OneWindow.Web.Features.Clients;

public static class ClientsSetup
{
    public static IServiceCollection AddOneWindowClients(this IServiceCollection services)
    {
        services.AddScoped<CompanyDesk>();
        services.AddScoped<ClientServiceDesk>();
        services.AddScoped<TransitionDesk>();
        services.AddScoped<IDemoDataSeeder, DemoTransitions>();
        return services;
    }
}
