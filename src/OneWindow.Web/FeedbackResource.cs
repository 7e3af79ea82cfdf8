namespace OneWindow.Web;

/// <summary>Marker for the complaint loop, reviews and feedback dashboard strings in Resources/FeedbackResource(.en).resx. Russian is the neutral culture.</summary>
public sealed class FeedbackResource;
