namespace OneWindow.Web.Features.Documents;

/// <summary>The interaction matrix: desk, queries, export, demo and the policies of its API and page.</summary>
public static class InteractionMatrixSetup
{
    /// <summary>Reading a matrix: everyone signed in, within their tenancy scope.</summary>
    public const string ReadPolicy = "interaction-matrix-read";

    /// <summary>Writing a matrix: the SSC's managers (no client person).</summary>
    public const string ManagePolicy = "interaction-matrix-manage";

    public static IServiceCollection AddOneWindowInteractionMatrix(this IServiceCollection services)
    {
        services.AddScoped<MatrixDesk>().AddScoped<InteractionMatrixQueries>().AddScoped<MatrixWorkbook>();
        services.AddScoped<IDemoDataSeeder, DemoInteractionMatrix>();
        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, p => p.RequireRole([.. Roles.All]))
            .AddPolicy(ManagePolicy, p => p.RequireRole([.. MatrixDesk.ManagerRoles]).RequireAssertion(c => c.User.FindFirst(CurrentActor.CompanyClaim) is null));
        return services;
    }
}
