namespace OneWindow.Web.Features.Catalogue;

public static class CatalogueSetup
{
    public static IServiceCollection AddOneWindowCatalogue(this IServiceCollection services) => services.AddScoped<CatalogueDesk>();
}
