namespace OneWindow.Web.Features.Feedback;

/// <summary>The complaint loop, portal reviews and dashboards: services and routes.</summary>
public static class FeedbackCaseSetup
{
    /// <summary>The claims-to-the-business page: a client company's executives (their own company's claims) and SSC staff.</summary>
    public const string ClaimsPolicy = "business-claims";

    public static IServiceCollection AddFeedbackCases(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(ClaimsPolicy, p => p.RequireAssertion(c =>
            c.User.FindFirst(CurrentActor.CompanyClaim) is null ? Roles.Ssc.Any(c.User.IsInRole) : c.User.IsInRole(Roles.ClientExecutive)));
        services.AddScoped<ComplaintLoop>();
        services.AddScoped<IRatingListener>(sp => sp.GetRequiredService<ComplaintLoop>());
        services.AddScoped<IReviewListener>(sp => sp.GetRequiredService<ComplaintLoop>());
        services.AddScoped<FeedbackCaseDesk>();
        services.AddScoped<BusinessClaimDesk>();
        services.AddScoped<IDemoDataSeeder, DemoFeedbackHistory>();
        services.AddScoped<ReviewDesk>();
        return services;
    }

    public static RouteGroupBuilder MapFeedbackCases(this RouteGroupBuilder api)
    {
        api.MapFeedbackCaseRoutes();
        api.MapReviewRoutes();
        api.MapFeedbackDashboardRoutes();
        return api;
    }
}
