namespace OneWindow.Web;

/// <summary>Marker for the ticketing UI strings in Resources/TicketResource(.en).resx. Russian is the neutral culture.</summary>
public sealed class TicketResource;
