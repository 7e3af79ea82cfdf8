namespace OneWindow.Web;

/// <summary>Marker for the shared UI strings in Resources/SharedResource(.en).resx. Russian is the neutral culture.</summary>
public sealed class SharedResource;
