using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Web.Features.Tickets;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Tickets;

public class BulkSeedTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    [Fact]
    public async Task The_seed_command_generates_distinct_numbered_tickets_for_companies_that_receive_the_service()
    {
        var before = await app.WithDbAsync(db => db.Tickets.CountAsync());
        var auditedBefore = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(Ticket)));
        var seed = ActivatorUtilities.CreateInstance<BulkSeed>(app.Services);
        Assert.Equal(700, await seed.RunAsync(700, 250, CancellationToken.None));

        var (count, numbers, orphans, events) = await app.WithDbAsync(async db => (
            await db.Tickets.CountAsync(),
            await db.Tickets.Select(t => t.Number).Distinct().CountAsync(),
            await db.Tickets.CountAsync(t => !db.ClientServices.Any(s => s.CompanyId == t.CompanyId && s.ServiceId == t.ServiceId)),
            await db.TicketEvents.CountAsync()));
        Assert.Equal(before + 700, count);
        Assert.Equal(count, numbers);
        Assert.Equal(0, orphans);
        Assert.True(events >= 700);
        Assert.Equal(auditedBefore, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(Ticket))));
    }
}
