namespace OneWindow.Web;

/// <summary>Marker for the loyalty programme strings in Resources/LoyaltyResource(.en).resx. Russian is the neutral culture.</summary>
public sealed class LoyaltyResource;
