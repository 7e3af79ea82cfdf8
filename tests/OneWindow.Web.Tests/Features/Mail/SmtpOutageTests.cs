using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OneWindow.Web.Features.Mail;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Mail;

/// <summary>SMTP pointed at a port nobody listens on, and a clock the test moves.</summary>
public sealed class SmtpOutageFactory : MailFactory
{
    // Whole seconds, so instants compare equal after any database's rounding.
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()));

    public static int ClosedPort { get; } = FreePort();

    protected override int SmtpPort => ClosedPort;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. base.Settings, new("Mail:Smtp:MaxAttempts", "3")];

    public SmtpOptions Smtp => Services.GetRequiredService<IOptions<MailOptions>>().Value.Smtp;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

public class SmtpOutageTests(SmtpOutageFactory app) : IClassFixture<SmtpOutageFactory>
{
    private async Task<(Guid TicketId, string Subject)> AskClientAsync(string text)
    {
        var subject = $"Сверка {Guid.NewGuid().ToString("N")[..8]}";
        await MailServers.AppendAsync(app.Folder, MailServers.Email(Demo.ClientA, subject, "Нужен акт сверки."));
        var ticketId = Assert.Single((await app.PollAsync()).Results).TicketId!.Value;
        var agent = await app.ClientForAsync(Demo.Agent);
        foreach (var body in new object[] { new { action = "Start" }, new { action = "AskClient", message = text } })
        {
            var response = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/actions", body);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        return (ticketId, subject);
    }

    private Task<OutboxMessage> OutboxOfAsync(Guid ticketId) => app.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.TicketId == ticketId));

    [Fact]
    public async Task While_SMTP_is_down_the_email_waits_with_back_off_and_goes_out_once_it_is_back()
    {
        var (ticketId, subject) = await AskClientAsync("За какой период нужен акт?");

        // Other tests of this class may leave their own messages in the outbox: only this ticket's counts.
        Assert.True((await app.DeliverAsync()).Failed >= 1);
        var waiting = await OutboxOfAsync(ticketId);
        Assert.Equal(OutboxStatus.Pending, waiting.Status);
        Assert.Equal(1, waiting.Attempts);
        Assert.False(string.IsNullOrEmpty(waiting.LastError));
        Assert.Equal(app.Clock.GetUtcNow().AddSeconds(30), waiting.NextAttemptAt);

        // The administrator sees it waiting, with the error; agents do not see the outbox at all.
        var admin = await app.ClientForAsync(Demo.Admin);
        var pending = await admin.GetFromJsonAsync<JsonElement>("/api/v1/mail/outbox?status=pending");
        var item = pending.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == waiting.Id);
        Assert.Equal(1, item.GetProperty("attempts").GetInt32());
        Assert.False(string.IsNullOrEmpty(item.GetProperty("lastError").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientForAsync(Demo.Agent)).GetAsync("/api/v1/mail/outbox")).StatusCode);
        await HttpAssert.FieldErrorAsync(await admin.GetAsync("/api/v1/mail/outbox?status=lost"), "status");

        // Not due yet: nothing is tried before the back-off has passed.
        await app.DeliverAsync();
        Assert.Equal(1, (await OutboxOfAsync(ticketId)).Attempts);

        // The second failure waits twice as long.
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        await app.DeliverAsync();
        var again = await OutboxOfAsync(ticketId);
        Assert.Equal(2, again.Attempts);
        Assert.Equal(app.Clock.GetUtcNow().AddSeconds(60), again.NextAttemptAt);

        // SMTP is back.
        app.Smtp.Port = MailServers.Smtp.Port;
        try
        {
            app.Clock.Advance(TimeSpan.FromSeconds(61));
            Assert.True((await app.DeliverAsync()).Sent >= 1);
        }
        finally
        {
            app.Smtp.Port = SmtpOutageFactory.ClosedPort;
        }

        var sent = await OutboxOfAsync(ticketId);
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.Equal(3, sent.Attempts);
        Assert.Null(sent.LastError);
        var received = Assert.Single(MailServers.Received(subject));
        Assert.Equal(sent.MessageId, received.MessageId);
        var sentList = await admin.GetFromJsonAsync<JsonElement>("/api/v1/mail/outbox?status=sent");
        Assert.Contains(sentList.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == sent.Id);
    }

    [Fact]
    public async Task After_the_last_attempt_the_email_is_failed_for_the_administrator_who_can_send_it_again()
    {
        var (ticketId, subject) = await AskClientAsync("Уточните контрагента.");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await app.DeliverAsync();
            Assert.Equal(attempt + 1, (await OutboxOfAsync(ticketId)).Attempts);
            app.Clock.Advance(TimeSpan.FromSeconds((30 * Math.Pow(2, attempt)) + 1));
        }

        var failed = await OutboxOfAsync(ticketId);
        Assert.Equal(OutboxStatus.Failed, failed.Status);
        await app.DeliverAsync();
        Assert.Equal(3, (await OutboxOfAsync(ticketId)).Attempts);
        var admin = await app.ClientForAsync(Demo.Admin);
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/v1/mail/outbox?status=failed");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == failed.Id);

        var retry = await admin.PostAsync($"/api/v1/mail/outbox/{failed.Id}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(OutboxStatus.Pending, (await OutboxOfAsync(ticketId)).Status);
        Assert.Empty(MailServers.Received(subject));
    }
}
