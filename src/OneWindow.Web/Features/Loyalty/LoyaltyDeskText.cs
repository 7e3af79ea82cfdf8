namespace OneWindow.Web.Features.Loyalty;

/// <summary>The loyalty desks' English sentences (as the API returns them) and the LoyaltyResource keys the pages show instead.</summary>
internal static class LoyaltyDeskText
{
    public static readonly IReadOnlyDictionary<string, string> Known = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [RewardsDesk.Stale] = "Stale",
        ["A Russian name of up to 200 characters is required."] = "Err_NameRu",
        ["An English name of up to 200 characters is required."] = "Err_NameEn",
        ["At most 2000 characters."] = "Err_Description",
        ["The cost must be 1..1000000 points."] = "Err_Cost",
        ["Stock must be 0..1000000."] = "Err_Stock",
        ["Points must be 0..10000."] = "Err_RulePoints",
        ["The cap must be 0 (none) or more."] = "Err_RuleCap",
    };
}
