namespace OneWindow.Web;

/// <summary>Marker for the ticket list's filters, columns and export in Resources/TicketListResource(.en).resx. Russian is the neutral culture.</summary>
public sealed class TicketListResource;
