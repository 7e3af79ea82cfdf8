namespace OneWindow.Web.Features.Documents;

/// <summary>Codes and regulations: the desk and the demo code.</summary>
public static class DocumentsSetup
{
    public static IServiceCollection AddOneWindowDocuments(this IServiceCollection services)
    {
        services.AddScoped<DocumentDesk>();
        services.AddScoped<IDemoDataSeeder, DemoDocuments>();
        return services;
    }
}
