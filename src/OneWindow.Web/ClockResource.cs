namespace OneWindow.Web;

/// <summary>Marker for the SLA/OLA clock strings in Resources/ClockResource(.en).resx. Russian is the neutral culture.</summary>
public sealed class ClockResource;
