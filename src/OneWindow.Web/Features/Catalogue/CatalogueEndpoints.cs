namespace OneWindow.Web.Features.Catalogue;

public static class CatalogueEndpoints
{
    public static RouteGroupBuilder MapCatalogueEndpoints(this RouteGroupBuilder api) => api;
}
