namespace OneWindow.Web;

/// <summary>Marker for the rating links' strings in Resources/RatingResource(.en).resx. Russian is the neutral culture.</summary>
public sealed class RatingResource;
