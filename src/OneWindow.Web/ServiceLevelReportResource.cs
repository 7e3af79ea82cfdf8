namespace OneWindow.Web;

/// <summary>Marker for the service-level report strings in Resources/ServiceLevelReportResource(.en).resx. Russian is the neutral culture.</summary>
public sealed class ServiceLevelReportResource;
