using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Core.Tickets;
using OneWindow.Web.Features.Mail;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Mail;

/// <summary>The app with both mail loops running every second, as in production (only faster).</summary>
public sealed class BackgroundMailFactory : MailFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [.. base.Settings, new("Mail:Imap:PollSeconds", "1"), new("Mail:Smtp:PollSeconds", "1")];
}

public class MailBackgroundTests(BackgroundMailFactory app) : IClassFixture<BackgroundMailFactory>
{
    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Waited 20 s for {what}.");
    }

    [Fact]
    public async Task Without_anyone_calling_the_mailbox_is_polled_and_the_outbox_sent()
    {
        _ = app.Services;
        var subject = $"Фоновый опрос {Guid.NewGuid().ToString("N")[..8]}";
        await MailServers.AppendAsync(app.Folder, MailServers.Email(Demo.ClientA, subject, "Проверка фонового опроса."));

        var ticket = await EventuallyAsync(() => app.WithDbAsync(db => db.Tickets.FirstOrDefaultAsync(t => t.Subject == subject)), "the email ticket");
        Assert.Equal(TicketChannel.Email, ticket.Channel);

        var agent = await app.ClientForAsync(Demo.Agent);
        var response = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { kind = "PublicReply", body = "Приняли в работу." });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var sent = await EventuallyAsync(() => Task.FromResult(MailServers.Received(subject).FirstOrDefault()), "the reply at the SMTP receiver");
        Assert.Contains("Приняли в работу.", sent.TextBody, StringComparison.Ordinal);
        Assert.Equal(OutboxStatus.Sent, (await app.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.TicketId == ticket.Id))).Status);
    }
}
