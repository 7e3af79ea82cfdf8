namespace OneWindow.Web.Features.Feedback;

/// <summary>Registers operational feedback: ratings, the complaint loop, reviews, dashboards, loyalty.</summary>
public static class FeedbackSetup
{
    public static IServiceCollection AddOneWindowFeedback(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOneWindowRatings(configuration);
        services.AddFeedbackCases();
        services.AddOneWindowLoyalty();
        return services;
    }

    public static RouteGroupBuilder MapFeedbackEndpoints(this RouteGroupBuilder api)
    {
        api.MapFeedbackSettingsEndpoints();
        api.MapFeedbackCases();
        api.MapLoyaltyEndpoints();
        return api;
    }

    /// <summary>Public, non-API feedback routes (the rating links in emails).</summary>
    public static WebApplication MapFeedbackLinks(this WebApplication app)
    {
        app.MapRatingLinks();
        return app;
    }
}
