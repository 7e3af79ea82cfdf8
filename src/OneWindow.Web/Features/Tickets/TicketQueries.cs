using OneWindow.Core.Identity;
using OneWindow.Web.Data.Tenancy;
using OneWindow.Web.Infrastructure;

namespace OneWindow.Web.Features.Tickets;

/// <summary>What other features ask of tickets: which ones a person may see.</summary>
[FeatureSeam]
public static class TicketQueries
{
    /// <summary>
    /// Beyond tenancy: a client user sees the tickets they requested; a client executive sees the company's.
    /// SSC staff see every ticket of the companies in their scope.
    /// </summary>
    public static IQueryable<Ticket> VisibleTo(this IQueryable<Ticket> query, CurrentActor actor) =>
        actor.IsClient && !actor.Principal.IsInRole(Roles.ClientExecutive) ? query.Where(t => t.RequesterId == actor.UserId) : query;
}
