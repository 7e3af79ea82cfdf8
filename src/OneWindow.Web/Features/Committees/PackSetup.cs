namespace OneWindow.Web.Features.Committees;

/// <summary>The committee agenda pack, the planned-changes register and committee issues (helper B's part of committees).</summary>
public static class PackSetup
{
    /// <summary>Reading and answering the planned-changes register: the SSC and client executives (their own company).</summary>
    public const string PlannedChangePolicy = "planned-changes";

    public static IServiceCollection AddOneWindowCommitteePacks(this IServiceCollection services)
    {
        services.AddScoped<PackBuilder>().AddScoped<PackFiles>().AddScoped<IssueDesk>().AddScoped<PlannedChangeDesk>();
        services.AddAuthorizationBuilder().AddPolicy(PlannedChangePolicy, p => p.RequireRole([.. Roles.Ssc, Roles.ClientExecutive]));
        return services;
    }
}
