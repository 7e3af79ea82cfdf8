using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Core.Tickets;
using OneWindow.Web.Features.Notifications;
using OneWindow.Web.Features.Tickets;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Data;

/// <summary>
/// The features' reactions to a save (notifications, SLA/OLA clocks, the audit log) run for every save, whichever way
/// it is made: library code such as the data-protection key store saves synchronously.
/// </summary>
public sealed class SavePipelineTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_status_change_notifies_recomputes_the_clocks_and_is_audited_whether_saved_synchronously_or_not(bool synchronously)
    {
        // A new request of a company with an agreed SLA: its clocks start with it.
        var client = await app.ClientForAsync(Demo.ClientA);
        var type = await app.WithDbAsync(db => db.RequestTypes.Where(t => t.Code == "CLOSE-Q").Select(t => t.Id).SingleAsync());
        var created = await client.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = type, subject = "Сроки закрытия декабря", description = "Когда закроется декабрь?" });
        var ticketId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary").GetProperty("id").GetGuid();
        var (requesterId, clocksBefore) = await app.WithDbAsync(async db => (
            (await db.Tickets.SingleAsync(t => t.Id == ticketId)).RequesterId!.Value,
            await db.TicketClocks.Where(c => c.TicketId == ticketId).MaxAsync(c => c.ComputedAt)));

        await app.WithDbAsync(async db =>
        {
            var ticket = await db.Tickets.FirstAsync(t => t.Id == ticketId);
            ticket.Status = TicketStatus.WaitingForClient;
            db.TicketEvents.Add(new TicketEvent
            {
                TicketId = ticket.Id, CompanyId = ticket.CompanyId, Kind = TicketEventKind.StatusChanged, IsPublic = true,
                FromStatus = TicketStatus.New, ToStatus = TicketStatus.WaitingForClient, At = db.Clock.GetUtcNow().AddMinutes(1),
            });
            return synchronously ? db.SaveChanges() : await db.SaveChangesAsync();
        });

        var (notified, audited, clocksAfter) = await app.WithDbAsync(async db => (
            await db.Set<Notification>().AnyAsync(n => n.TicketId == ticketId && n.UserId == requesterId && n.Status == TicketStatus.WaitingForClient),
            await db.AuditEntries.AnyAsync(a => a.EntityType == nameof(Ticket) && a.EntityId == ticketId.ToString() && a.Changes.Contains("WaitingForClient")),
            await db.TicketClocks.Where(c => c.TicketId == ticketId).MaxAsync(c => c.ComputedAt)));
        Assert.True(notified, "the requester was not told of the status change");
        Assert.True(audited, "the change is missing from the audit log");
        Assert.True(clocksAfter > clocksBefore, "the ticket's clocks were not recomputed");
    }

    [Fact]
    public async Task The_audit_log_refuses_an_edit_made_synchronously_too()
    {
        var edit = await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(db =>
        {
            var entry = db.AuditEntries.OrderBy(a => a.Id).First();
            entry.Action = "forged";
            return Task.FromResult(db.SaveChanges());
        }));
        Assert.Contains("append-only", edit.Message, StringComparison.Ordinal);
    }
}
