using Microsoft.AspNetCore.Authorization;

namespace OneWindow.Web.Infrastructure.Security;

/// <summary>The authorization policies every feature's endpoints and pages name.</summary>
public static class Policies
{
    public const string Ssc = "ssc";
    public const string Admin = "admin";
    public const string QualityOrAdmin = "quality";
    /// <summary>SSC people who negotiate agreements and record what was delivered: admin, quality, CSM, delivery lead.</summary>
    public const string ServiceLevelManagers = "service-levels";

    public static IServiceCollection AddOneWindowPolicies(this IServiceCollection services)
    {
        // Every SSC policy also refuses anyone who belongs to a client company, whatever roles they were given.
        services.AddAuthorizationBuilder()
            .AddPolicy(Ssc, p => p.RequireRole([.. Roles.Ssc]).RequireAssertion(NoCompany))
            .AddPolicy(Admin, p => p.RequireRole(Roles.Admin).RequireAssertion(NoCompany))
            .AddPolicy(QualityOrAdmin, p => p.RequireRole(Roles.Admin, Roles.QualityManager).RequireAssertion(NoCompany))
            .AddPolicy(ServiceLevelManagers, p => p.RequireRole(Roles.Admin, Roles.QualityManager, Roles.ClientSuccessManager, Roles.DeliveryLead)
                .RequireAssertion(NoCompany));
        return services;
    }

    private static bool NoCompany(AuthorizationHandlerContext c) => c.User.FindFirst(CurrentActor.CompanyClaim) is null;
}
