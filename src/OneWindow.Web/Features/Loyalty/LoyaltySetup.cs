using OneWindow.Web.Features.Feedback;

namespace OneWindow.Web.Features.Loyalty;

/// <summary>Registers the loyalty programme: the ledger, its earnings from Feedback's ratings and reviews, the rewards desk, demo rewards.</summary>
public static class LoyaltySetup
{
    public static IServiceCollection AddOneWindowLoyalty(this IServiceCollection services)
    {
        services.AddScoped<LoyaltyBook>();
        services.AddScoped<RewardsDesk>();
        services.AddScoped<LoyaltyEarnings>();
        services.AddScoped<IRatingListener>(sp => sp.GetRequiredService<LoyaltyEarnings>());
        services.AddScoped<IReviewListener>(sp => sp.GetRequiredService<LoyaltyEarnings>());
        services.AddScoped<Surveys.ISurveyListener>(sp => sp.GetRequiredService<LoyaltyEarnings>());
        services.AddScoped<IDemoDataSeeder, DemoLoyalty>();
        return services;
    }
}
