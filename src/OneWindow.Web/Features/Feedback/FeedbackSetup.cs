namespace OneWindow.Web.Features.Feedback;

/// <summary>Registers operational feedback: ratings, the complaint loop, reviews, dashboards, loyalty.</summary>
public static class FeedbackSetup
{
    public static IServiceCollection AddOneWindowFeedback(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddOneWindowLoyalty();
        return services;
    }

    public static RouteGroupBuilder MapFeedbackEndpoints(this RouteGroupBuilder api) => api
        .MapLoyaltyEndpoints();
}
