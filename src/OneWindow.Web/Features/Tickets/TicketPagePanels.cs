using Microsoft.AspNetCore.Components;

namespace OneWindow.Web.Features.Tickets;

/// <summary>A panel another feature adds to the ticket page's side column, and where it goes among the others.</summary>
[FeatureSeam]
public sealed record TicketPagePanel(Type Component, int Order);

/// <summary>
/// Features that show something of their own on the ticket page (the SLA/OLA clocks, say) register a component here;
/// the page renders each with the ticket as the viewer may see it (parameter <c>Ticket</c>, a <see cref="TicketDto"/>)
/// and the viewer's time zone (parameter <c>Zone</c>), so Tickets names none of them.
/// </summary>
[FeatureSeam]
public static class TicketPagePanels
{
    public static IServiceCollection AddTicketPagePanel<TComponent>(this IServiceCollection services, int order)
        where TComponent : IComponent =>
        services.AddSingleton(new TicketPagePanel(typeof(TComponent), order));
}
