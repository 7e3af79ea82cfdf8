using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneWindow.Core.ServiceLevels;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Features.Tickets;
using OneWindow.Web.Tests.Features.Mail;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.ServiceLevels;

/// <summary>The mail servers, no scheduler, and a clock the test moves: each sweep and delivery is the test's own call.</summary>
public sealed class ClientReminderFactory : MailFactory
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()));

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. base.Settings, new("Jobs:Enabled", "false")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public async Task<int> SweepAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ClockAlertSweeper>().SweepAsync("test", CancellationToken.None);
    }

    /// <summary>One run of the OLA obligation reminders, as the scheduled job does it.</summary>
    public async Task<int> RemindObligationsAsync(string sentBy = "test")
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ObligationReminderSweeper>().SweepAsync(sentBy, CancellationToken.None);
    }
}

/// <summary>
/// Issue 13, item 5: an OLA escalation level may name the client side — the ticket's requester and the company's
/// executives — who are told on the bell and by email, each in their own language.
/// </summary>
public class ClientReminderTests(ClientReminderFactory app) : IClassFixture<ClientReminderFactory>
{
    [Fact]
    public async Task A_clarification_level_naming_the_requester_and_the_executive_reaches_both_by_bell_and_email_in_their_language()
    {
        var start = app.Clock.GetUtcNow();
        IReadOnlyList<EscalationLevel> levels =
        [
            new(50, [EscalationRecipient.Requester, EscalationRecipient.ClientExecutive]),
            new(100, [EscalationRecipient.Requester, EscalationRecipient.ClientExecutive, EscalationRecipient.ClientSuccessManager]),
        ];
        var ticket = await app.WithDbAsync(async db =>
        {
            var people = await ClockFixtures.PeopleAsync(db);
            // The executive reads English; the requester Russian (the default).
            var executive = await db.Users.SingleAsync(u => u.Email == Demo.ExecutiveA);
            executive.Culture = "en";
            var metric = await ClockFixtures.MetricAsync(db, people, levels, targetMinutes: 100);
            metric.Side = MetricSide.Ola;
            metric.Timer = TimerKind.ClientClarification;
            metric.Name = "Ответ клиента на уточнение";
            var (ticket, clock) = ClockFixtures.Clock(people, metric, levels, ClockState.Running, TimeSpan.Zero, start);
            db.TicketClocks.Add(clock);
            await db.SaveChangesAsync();
            return ticket;
        });

        app.Clock.SetUtcNow(start.AddMinutes(51));
        Assert.True(await app.SweepAsync() >= 1);

        // The bell: both client people see the reminder about their ticket; another company's executive does not.
        foreach (var email in new[] { Demo.ClientA, Demo.ExecutiveA })
        {
            var mine = await (await app.ClientForAsync(email)).GetFromJsonAsync<JsonElement>("/api/v1/notifications");
            var item = Assert.Single(mine.GetProperty("items").EnumerateArray(), n => n.GetProperty("ticketId").GetGuid() == ticket.Id);
            Assert.Equal("ClockWarning", item.GetProperty("kind").GetString());
            Assert.Equal(50, item.GetProperty("clock").GetProperty("percent").GetInt32());
            Assert.Equal("Ola", item.GetProperty("clock").GetProperty("side").GetString());
        }

        var other = await (await app.ClientForAsync("cfo@sib-agro.demo")).GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        Assert.DoesNotContain(other.GetProperty("items").EnumerateArray(), n => n.GetProperty("ticketId").GetGuid() == ticket.Id);

        // Email, through the outbox to the SMTP receiver: Russian to the requester, English to the executive.
        await app.DeliverAsync();
        var received = MailServers.Received(ticket.Number);
        Assert.Equal(2, received.Count);
        var toRequester = Assert.Single(received, m => m.To.Mailboxes.Any(a => a.Address == Demo.ClientA));
        Assert.Equal($"Напоминание: [{ticket.Number}] {ticket.Subject}", toRequester.Subject);
        Assert.Contains("«Ответ клиента на уточнение», израсходовано 50 %", toRequester.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/tickets/{ticket.Id}", toRequester.TextBody, StringComparison.Ordinal);
        var toExecutive = Assert.Single(received, m => m.To.Mailboxes.Any(a => a.Address == Demo.ExecutiveA));
        Assert.Equal($"Reminder: [{ticket.Number}] {ticket.Subject}", toExecutive.Subject);

        // At the breach both are told it has run out, and the CSM (bell only) with them.
        app.Clock.SetUtcNow(start.AddMinutes(101));
        await app.SweepAsync();
        await app.DeliverAsync();
        var overdue = MailServers.Received(ticket.Number).Where(m => !received.Any(r => r.MessageId == m.MessageId)).ToList();
        Assert.Equal(["Time to answer has run out", "Срок ответа истёк"], overdue.Select(m => m.Subject!.Split(':')[0]).Order(StringComparer.Ordinal));
        var notified = await app.WithDbAsync(db => db.Users
            .Where(u => db.Notifications.Any(n => n.UserId == u.Id && n.TicketId == ticket.Id && n.Kind == TicketEventKind.ClockBreached)).Select(u => u.Email!).ToListAsync());
        Assert.Equal(new[] { Demo.Csm, Demo.ClientA, Demo.ExecutiveA }.Order(), notified.Order());
    }
}
