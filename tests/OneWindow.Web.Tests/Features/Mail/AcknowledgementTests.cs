using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Features.Mail;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Mail;

/// <summary>The mail servers with the acknowledgement of new tickets on, as it is by default.</summary>
public class AcknowledgingMailFactory : MailFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. base.Settings, new("Mail:AcknowledgeNewTickets", "true")];
}

/// <summary>Every new ticket's requester gets its number by email, queued in the ticket's own transaction and sent over real SMTP.</summary>
public class AcknowledgementTests(AcknowledgingMailFactory app) : IClassFixture<AcknowledgingMailFactory>
{
    [Fact]
    public async Task A_ticket_filed_in_the_portal_is_acknowledged_to_the_requester_with_its_number_in_their_language()
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        var subject = "Подтверждение регистрации " + Guid.NewGuid().ToString("N")[..8];
        var typeId = await app.WithDbAsync(db => db.RequestTypes.Where(t => t.Code == "CLOSE-Q").Select(t => t.Id).SingleAsync());
        var response = await client.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = typeId, subject, description = "Когда будет закрыт ноябрь?" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = Guid.Parse(created.GetProperty("summary").GetProperty("id").GetString()!);
        var number = created.GetProperty("summary").GetProperty("number").GetString()!;

        var queued = Assert.Single(await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.TicketId == id).ToListAsync()));
        Assert.Equal(Demo.ClientA, queued.ToAddress);
        Assert.Equal(OutboxStatus.Pending, queued.Status);

        await app.DeliverAsync();
        var sent = Assert.Single(MailServers.Received(subject));
        Assert.Equal($"[{number}] Обращение зарегистрировано: {subject}", sent.Subject);
        Assert.Contains($"зарегистрировано под номером {number}", sent.TextBody);
        Assert.Contains("Когда будет закрыт ноябрь?", sent.TextBody);
        Assert.Equal(queued.MessageId, sent.MessageId);
    }

    [Fact]
    public async Task A_ticket_made_from_an_email_is_acknowledged_and_a_refused_request_sends_nothing()
    {
        var subject = "Письмо с вопросом " + Guid.NewGuid().ToString("N")[..8];
        await MailServers.AppendAsync(app.Folder, MailServers.Email(Demo.ClientA, subject, "Добрый день! Нужен акт сверки.", fromName: "Сергей Иванов"));
        await app.PollAsync();
        var ticket = await app.WithDbAsync(db => db.Tickets.SingleAsync(t => t.Subject == subject));
        var queued = Assert.Single(await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.TicketId == ticket.Id).ToListAsync()));
        Assert.StartsWith($"[{ticket.Number}] ", queued.Subject, StringComparison.Ordinal);

        var before = await app.WithDbAsync(db => db.OutboxMessages.CountAsync());
        var client = await app.ClientForAsync(Demo.ClientA);
        var refused = await client.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = Guid.NewGuid(), subject = "Неверный тип", description = "—" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(before, await app.WithDbAsync(db => db.OutboxMessages.CountAsync()));
    }
}
