namespace OneWindow.Web;

/// <summary>Marker for the service-level UI strings in Resources/ServiceLevelResource(.en).resx. Russian is the neutral culture.</summary>
public sealed class ServiceLevelResource;
