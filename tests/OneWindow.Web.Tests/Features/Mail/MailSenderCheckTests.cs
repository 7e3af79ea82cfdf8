using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using OneWindow.Core.Tickets;
using OneWindow.Web.Features.Mail;
using OneWindow.Web.Features.Tickets;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Mail;

/// <summary>
/// The mail servers with the administrator's domain check on (the receiving server mx.onewindow.test is trusted for its
/// Authentication-Results) and ticket emails answering to a plus-address that carries the reply token.
/// </summary>
public sealed class SenderCheckMailFactory : MailFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [.. base.Settings, new("Mail:SenderCheck:TrustedAuthServId", "mx.onewindow.test"), new("Mail:ReplyToPlusAddress", "true")];
}

public class MailSenderCheckTests(SenderCheckMailFactory app) : IClassFixture<SenderCheckMailFactory>
{
    private static string Unique(string subject) => $"{subject} {Guid.NewGuid().ToString("N")[..8]}";

    private async Task<(Ticket Ticket, MimeMessage Question)> WaitingForClientAsync(string subject)
    {
        await MailServers.AppendAsync(app.Folder, MailServers.Email(Demo.ClientA, subject, "Нужен акт сверки.", fromName: "Сергей Иванов"));
        var ticketId = Assert.Single((await app.PollAsync()).Results).TicketId!.Value;
        var agent = await app.ClientForAsync(Demo.Agent);
        foreach (var body in new object[] { new { action = "Start" }, new { action = "AskClient", message = "За какой период?" } })
        {
            var response = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/actions", body);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        await app.DeliverAsync();
        return (await app.WithDbAsync(db => db.Tickets.SingleAsync(t => t.Id == ticketId)), Assert.Single(MailServers.Received(subject)));
    }

    /// <summary>A new message naming the ticket by number only, with Authentication-Results headers from the top down.</summary>
    private static MimeMessage ByNumber(Ticket ticket, string text, params string[] authenticationResults)
    {
        var message = MailServers.Email(Demo.ClientA, $"[{ticket.Number}] {text}", text);
        for (var i = authenticationResults.Length - 1; i >= 0; i--)
        {
            message.Headers.Insert(0, new Header("Authentication-Results", authenticationResults[i]));
        }

        return message;
    }

    [Fact]
    public async Task A_message_whose_domain_the_trusted_server_verified_may_post_by_the_ticket_number_alone()
    {
        var (ticket, _) = await WaitingForClientAsync(Unique("Проверка домена"));

        var refused = new[]
        {
            ByNumber(ticket, "dmarc не пройден", "mx.onewindow.test; dmarc=fail header.from=ural-mining.demo"),
            ByNumber(ticket, "чужой сервер", "mx.forger.example; dmarc=pass header.from=ural-mining.demo"),
            ByNumber(ticket, "подделка ниже", "mx.onewindow.test; dmarc=fail header.from=ural-mining.demo", "mx.onewindow.test; dmarc=pass header.from=ural-mining.demo"),
            ByNumber(ticket, "другой домен", "mx.onewindow.test; dmarc=pass header.from=forger.example"),
            ByNumber(ticket, "spf не проверяется", "mx.onewindow.test; spf=pass smtp.mailfrom=user@ural-mining.demo"),
        };
        foreach (var message in refused)
        {
            await MailServers.AppendAsync(app.Folder, message);
        }

        var results = (await app.PollAsync()).Results;
        Assert.Equal(refused.Length, results.Count);
        Assert.All(results, r => Assert.Equal(InboundOutcome.Triage, r.Outcome));
        Assert.Equal(TicketStatus.WaitingForClient, await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == ticket.Id).Select(t => t.Status).SingleAsync()));

        await MailServers.AppendAsync(app.Folder, ByNumber(ticket, "Период — ноябрь.", "mx.onewindow.test; spf=pass smtp.mailfrom=user@ural-mining.demo; dmarc=pass (p=reject) header.from=ural-mining.demo"));
        Assert.Equal(InboundOutcome.Reply, Assert.Single((await app.PollAsync()).Results).Outcome);
        var after = await app.WithDbAsync(db => db.Tickets.Include(t => t.Messages).SingleAsync(t => t.Id == ticket.Id));
        Assert.Equal(TicketStatus.InProgress, after.Status);
        Assert.Equal("Период — ноябрь.", after.Messages.Single(m => m.Kind == MessageKind.ClientMessage).Body);
    }

    [Fact]
    public async Task The_reply_to_address_carries_the_token_and_a_message_written_afresh_to_it_posts()
    {
        var (ticket, question) = await WaitingForClientAsync(Unique("Адрес для ответа"));
        var replyTo = Assert.Single(question.ReplyTo.Mailboxes).Address;
        Assert.Matches("^desk\\+ow[0-9a-f]{24}@onewindow\\.test$", replyTo);

        var fresh = MailServers.Email(Demo.ClientA, $"[{ticket.Number}] дополнение", "Период — декабрь.");
        fresh.To.Clear();
        fresh.To.Add(new MailboxAddress("OneWindow", replyTo));
        await MailServers.AppendAsync(app.Folder, fresh);

        Assert.Equal(InboundOutcome.Reply, Assert.Single((await app.PollAsync()).Results).Outcome);
        Assert.Equal(TicketStatus.InProgress, await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == ticket.Id).Select(t => t.Status).SingleAsync()));
    }
}
