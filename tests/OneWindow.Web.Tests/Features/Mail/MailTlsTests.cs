using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OneWindow.Web.Features.Mail;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Mail;

/// <summary>The test mail servers, but without the suite's explicit "no STARTTLS": the defaults of a non-Development host.</summary>
public sealed class DefaultTlsMailFactory : MailFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [.. base.Settings.Where(s => !s.Key.EndsWith(":StartTls", StringComparison.Ordinal))];

    public MailOptions Mail => Services.GetRequiredService<IOptions<MailOptions>>().Value;
}

/// <summary>Issue 11, item 13: outside Development STARTTLS is required unless configured otherwise.</summary>
public class MailTlsTests(DefaultTlsMailFactory app) : IClassFixture<DefaultTlsMailFactory>
{
    [Fact]
    public async Task Outside_development_mail_is_not_sent_to_a_server_that_does_not_offer_starttls()
    {
        Assert.Equal(MailKit.Security.SecureSocketOptions.StartTls, MailTlsOptions.Socket(app.Mail.Smtp.UseSsl, app.Mail.Smtp.StartTls));
        Assert.Equal(MailKit.Security.SecureSocketOptions.StartTls, MailTlsOptions.Socket(app.Mail.Imap.UseSsl, app.Mail.Imap.StartTls));

        var subject = "Без шифрования не отправлять " + Guid.NewGuid().ToString("N")[..8];
        var id = await app.WithDbAsync(async db =>
        {
            var message = new OutboxMessage { ToAddress = Demo.ClientA, Subject = subject, TextBody = "Пароль от кабинета", MessageId = Guid.NewGuid().ToString("N") + "@onewindow.test" };
            db.OutboxMessages.Add(message);
            await db.SaveChangesAsync();
            return message.Id;
        });

        Assert.True((await app.DeliverAsync()).Failed >= 1);
        var stored = await app.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.Id == id));
        Assert.Equal(OutboxStatus.Pending, stored.Status);
        Assert.Contains("STARTTLS", stored.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(MailServers.Received(subject));
    }
}
