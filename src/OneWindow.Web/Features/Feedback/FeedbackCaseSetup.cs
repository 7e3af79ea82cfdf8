namespace OneWindow.Web.Features.Feedback;

/// <summary>The complaint loop, portal reviews and dashboards: services and routes.</summary>
public static class FeedbackCaseSetup
{
    public static IServiceCollection AddFeedbackCases(this IServiceCollection services)
    {
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
