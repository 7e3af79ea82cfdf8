namespace OneWindow.Web.Features.Feedback;

/// <summary>Registers operational feedback: ratings, the complaint loop, reviews, dashboards.</summary>
public static class FeedbackSetup
{
    public static IServiceCollection AddOneWindowFeedback(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOneWindowRatings(configuration);
        services.AddFeedbackCases();
        return services;
    }

    public static RouteGroupBuilder MapFeedbackEndpoints(this RouteGroupBuilder api)
    {
        api.MapFeedbackSettingsEndpoints();
        api.MapFeedbackCases();
        return api;
    }

    /// <summary>Public, non-API feedback routes (the rating links in emails).</summary>
    public static WebApplication MapFeedbackLinks(this WebApplication app)
    {
        app.MapRatingLinks();
        return app;
    }
}
