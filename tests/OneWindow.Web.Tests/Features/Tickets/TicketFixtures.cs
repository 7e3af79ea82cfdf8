using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Tickets;

namespace OneWindow.Web.Tests;

/// <summary>Arranges tickets straight in the database (as the application itself) for tests about who may see them.</summary>
public static class TicketFixtures
{
    public static async Task<Ticket> TicketOfAsync(AppDbContext db, Guid companyId)
    {
        var existing = await db.Tickets.FirstOrDefaultAsync(t => t.CompanyId == companyId && t.Subject.StartsWith("Тайна"));
        if (existing is not null)
        {
            return existing;
        }

        var requester = await db.Users.Where(u => u.CompanyId == companyId).Select(u => u.Id).FirstAsync();
        var ticket = new Ticket
        {
            Number = "OW-1999-" + Random.Shared.Next(100000, 999999),
            CompanyId = companyId,
            Subject = "Тайна компании " + companyId.ToString("N")[^8..],
            Description = "Содержимое, которое видит только сама компания " + companyId.ToString("N")[^8..],
            RequesterId = requester,
            TrackingToken = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")[..8],
            Events = [],
        };
        ticket.Events.Add(new TicketEvent { TicketId = ticket.Id, CompanyId = companyId, Kind = TicketEventKind.Created, IsPublic = true });
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync();
        return ticket;
    }
}
