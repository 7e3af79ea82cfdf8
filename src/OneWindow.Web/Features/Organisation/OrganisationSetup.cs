namespace OneWindow.Web.Features.Organisation;

public static class OrganisationSetup
{
    public static IServiceCollection AddOneWindowOrganisation(this IServiceCollection services) => services.AddScoped<OrganisationDesk>();
}
