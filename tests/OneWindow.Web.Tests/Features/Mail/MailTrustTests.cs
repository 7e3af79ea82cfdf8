using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using OneWindow.Core.Tickets;
using OneWindow.Web.Features.Mail;
using OneWindow.Web.Features.Tickets;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Mail;

/// <summary>
/// From: is easy to forge and ticket numbers are sequential: a message speaks in a ticket as the client only when it
/// carries proof that its sender received the ticket's email (its reply token, or one of our Message-IDs).
/// </summary>
public class MailTrustTests(MailFactory app) : IClassFixture<MailFactory>
{
    private static string Unique(string subject) => $"{subject} {Guid.NewGuid().ToString("N")[..8]}";

    private async Task<Ticket> TicketAsync(Guid id) => await app.WithDbAsync(db => db.Tickets.Include(t => t.Messages).SingleAsync(t => t.Id == id));

    /// <summary>A ticket from the client's email, resolved by the agent with a note that is emailed to the client.</summary>
    private async Task<(Ticket Ticket, MimeMessage Opening, MimeMessage Resolution)> ResolvedTicketAsync(string subject)
    {
        var opening = MailServers.Email(Demo.ClientA, subject, "Когда будет закрыт ноябрь?", fromName: "Сергей Иванов");
        await MailServers.AppendAsync(app.Folder, opening);
        var ticketId = Assert.Single((await app.PollAsync()).Results).TicketId!.Value;
        var agent = await app.ClientForAsync(Demo.Agent);
        foreach (var body in new object[] { new { action = "Start" }, new { action = "Resolve", message = "Ноябрь закрыт." } })
        {
            var response = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/actions", body);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        await app.DeliverAsync();
        return (await TicketAsync(ticketId), opening, Assert.Single(MailServers.Received(subject)));
    }

    [Fact]
    public async Task A_forged_sender_with_a_guessed_ticket_number_neither_posts_nor_reopens()
    {
        var subject = Unique("Поддельный ответ");
        var (ticket, opening, _) = await ResolvedTicketAsync(subject);

        // The number alone; the number with the client's own Message-ID (which proves nothing about who writes); and a
        // reference to the forger's first attempt, which triage now holds with the ticket's id.
        var guessed = MailServers.Email(Demo.ClientA, $"Re: [{ticket.Number}] {subject}", "Не решено, откройте снова.", fromName: "Сергей Иванов");
        await MailServers.AppendAsync(app.Folder, guessed);
        await MailServers.AppendAsync(app.Folder, MailServers.Email(Demo.ClientA, "Re: " + subject, "Переоткройте.", inReplyTo: opening.MessageId));
        await MailServers.AppendAsync(app.Folder, MailServers.Email(Demo.ExecutiveA, $"Re: [{ticket.Number}]", "Поддерживаю.", inReplyTo: guessed.MessageId));
        var results = (await app.PollAsync()).Results;

        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.Equal(InboundOutcome.Triage, r.Outcome));
        Assert.All(results, r => Assert.Contains("reply token", r.Reason, StringComparison.Ordinal));
        var after = await TicketAsync(ticket.Id);
        Assert.Equal(TicketStatus.Resolved, after.Status);
        Assert.DoesNotContain(after.Messages, m => m.Kind == MessageKind.ClientMessage);
    }

    [Fact]
    public async Task A_reply_carrying_the_tickets_token_posts_and_reopens_and_a_wrong_token_does_not()
    {
        var subject = Unique("Ответ с токеном");
        var (ticket, _, resolution) = await ResolvedTicketAsync(subject);
        var token = Regex.Match(resolution.MessageId ?? "", "\\.(ow[0-9a-f]{24})@onewindow\\.test$").Groups[1].Value;
        Assert.NotEmpty(token);

        var wrong = MailServers.Email(Demo.ClientA, "Re: " + resolution.Subject, "Не решено.", inReplyTo: $"0123456789abcdef.ow{new string('0', 24)}@onewindow.test");
        await MailServers.AppendAsync(app.Folder, wrong);
        Assert.Equal(InboundOutcome.Triage, Assert.Single((await app.PollAsync()).Results).Outcome);
        Assert.Equal(TicketStatus.Resolved, (await TicketAsync(ticket.Id)).Status);

        // A Message-ID we never sent, but with the ticket's token: the token is the proof, not the stored id.
        var right = MailServers.Email(Demo.ClientA, "Re: " + resolution.Subject, "Не решено, проверьте ещё раз.", inReplyTo: $"0123456789abcdef.{token}@onewindow.test");
        await MailServers.AppendAsync(app.Folder, right);
        Assert.Equal(InboundOutcome.Reply, Assert.Single((await app.PollAsync()).Results).Outcome);
        var after = await TicketAsync(ticket.Id);
        Assert.Equal(TicketStatus.Reopened, after.Status);
        Assert.Equal("Не решено, проверьте ещё раз.", after.Messages.Single(m => m.Kind == MessageKind.ClientMessage).Body);
    }

    [Fact]
    public async Task A_reply_to_an_email_sent_before_reply_tokens_still_posts()
    {
        var subject = Unique("Старое письмо");
        var (ticket, _, _) = await ResolvedTicketAsync(subject);
        // What the outbox held before reply tokens: a random id with no token, stored with the ticket.
        var old = $"{Guid.CreateVersion7():N}@onewindow.test";
        await app.WithDbAsync(async db =>
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                ToAddress = Demo.ClientA,
                Subject = $"[{ticket.Number}] {subject}",
                TextBody = "—",
                MessageId = old,
                TicketId = ticket.Id,
                Status = OutboxStatus.Sent,
                CreatedAt = TimeProvider.System.GetUtcNow(),
                NextAttemptAt = TimeProvider.System.GetUtcNow(),
            });
            return await db.SaveChangesAsync();
        });

        await MailServers.AppendAsync(app.Folder, MailServers.Email(Demo.ClientA, $"Re: [{ticket.Number}] {subject}", "Вопрос остался.", inReplyTo: old));

        Assert.Equal(InboundOutcome.Reply, Assert.Single((await app.PollAsync()).Results).Outcome);
        Assert.Equal(TicketStatus.Reopened, (await TicketAsync(ticket.Id)).Status);
    }
}
