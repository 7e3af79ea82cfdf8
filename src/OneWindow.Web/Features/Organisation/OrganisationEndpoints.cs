namespace OneWindow.Web.Features.Organisation;

public static class OrganisationEndpoints
{
    public static RouteGroupBuilder MapOrganisationEndpoints(this RouteGroupBuilder api) => api;
}
