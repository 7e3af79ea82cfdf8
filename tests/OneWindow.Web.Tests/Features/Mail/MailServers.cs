using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Mail;

/// <summary>
/// The real Dovecot IMAP server and SMTP receiver that ./test.sh starts on 127.0.0.1, found through OW_TEST_IMAP,
/// OW_TEST_IMAP_USER, OW_TEST_IMAP_PASSWORD, OW_TEST_SMTP and OW_TEST_SMTP_DIR. Without them the mail tests fail.
/// </summary>
public static class MailServers
{
    public static (string Host, int Port) Imap => Endpoint("OW_TEST_IMAP");
    public static (string Host, int Port) Smtp => Endpoint("OW_TEST_SMTP");
    public static string ImapUser => Require("OW_TEST_IMAP_USER");
    public static string ImapPassword => Require("OW_TEST_IMAP_PASSWORD");
    public static string SmtpDirectory => Require("OW_TEST_SMTP_DIR");

    public static string Require(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{name} is not set: the mail tests need the Dovecot IMAP server and SMTP receiver that ./test.sh starts. Run ./test.sh.");

    private static (string, int) Endpoint(string name)
    {
        var value = Require(name);
        var colon = value.LastIndexOf(':');
        return (value[..colon], int.Parse(value[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<ImapClient> ConnectAsync()
    {
        var client = new ImapClient();
        await client.ConnectAsync(Imap.Host, Imap.Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(ImapUser, ImapPassword);
        return client;
    }

    /// <summary>Creates an IMAP folder of the test mailbox (each test class gets its own, since classes run in parallel).</summary>
    public static async Task CreateFolderAsync(string name)
    {
        using var client = await ConnectAsync();
        var root = client.GetFolder(client.PersonalNamespaces[0]);
        await root.CreateAsync(name, true);
        await client.DisconnectAsync(true);
    }

    /// <summary>Delivers a message into the folder the way a mail server's delivery agent would: an IMAP APPEND, unseen.</summary>
    public static async Task AppendAsync(string folderName, MimeMessage message)
    {
        using var client = await ConnectAsync();
        var folder = await client.GetFolderAsync(folderName);
        await folder.AppendAsync(message, MessageFlags.None);
        await client.DisconnectAsync(true);
    }

    public static async Task<int> UnseenCountAsync(string folderName)
    {
        using var client = await ConnectAsync();
        var folder = await client.GetFolderAsync(folderName);
        await folder.OpenAsync(FolderAccess.ReadOnly);
        var count = (await folder.SearchAsync(MailKit.Search.SearchQuery.NotSeen)).Count;
        await client.DisconnectAsync(true);
        return count;
    }

    /// <summary>Every message the SMTP receiver got whose subject contains <paramref name="subjectPart"/>.</summary>
    public static List<MimeMessage> Received(string subjectPart) =>
        [.. Directory.GetFiles(SmtpDirectory, "*.eml").Select(f => MimeMessage.Load(f)).Where(m => m.Subject?.Contains(subjectPart, StringComparison.Ordinal) == true)];

    /// <summary>A plain-text email as a client's mail program would send it.</summary>
    public static MimeMessage Email(string from, string subject, string body, string? inReplyTo = null, string? fromName = null)
    {
        var message = new MimeMessage { Subject = subject, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("client.test"), Date = TimeProvider.System.GetUtcNow() };
        message.From.Add(new MailboxAddress(fromName ?? "", from));
        message.To.Add(new MailboxAddress("", "desk@onewindow.test"));
        if (inReplyTo is not null)
        {
            message.InReplyTo = inReplyTo;
            message.References.Add(inReplyTo);
        }

        message.Body = new TextPart("plain") { Text = body };
        return message;
    }
}

/// <summary>The app wired to the test mail servers, with its own IMAP folder and both background loops off (tests drive them).</summary>
public class MailFactory : OneWindowFactory, IAsyncLifetime
{
    public string Folder { get; } = "ow-" + Guid.NewGuid().ToString("N")[..12];

    public Task InitializeAsync() => MailServers.CreateFolderAsync(Folder);

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    public Task<OneWindow.Web.Features.Mail.PollReport> PollAsync() =>
        Services.GetRequiredService<OneWindow.Web.Features.Mail.MailIntake>().PollOnceAsync(CancellationToken.None);

    public Task<OneWindow.Web.Features.Mail.DeliveryReport> DeliverAsync() =>
        Services.GetRequiredService<OneWindow.Web.Features.Mail.MailOutboxSender>().DeliverPendingAsync(CancellationToken.None);

    protected virtual int SmtpPort => MailServers.Smtp.Port;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Mail:Imap:Host", MailServers.Imap.Host),
        // The test servers speak plain text on 127.0.0.1; outside Development STARTTLS is otherwise required.
        new("Mail:Imap:StartTls", "None"),
        new("Mail:Smtp:StartTls", "None"),
        new("Mail:Imap:Port", MailServers.Imap.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Mail:Imap:User", MailServers.ImapUser),
        new("Mail:Imap:Password", MailServers.ImapPassword),
        new("Mail:Imap:Folder", Folder),
        new("Mail:Imap:PollSeconds", "0"),
        new("Mail:Smtp:Host", MailServers.Smtp.Host),
        new("Mail:Smtp:Port", SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Mail:Smtp:From", "desk@onewindow.test"),
        new("Mail:Smtp:FromName", "OneWindow"),
        new("Mail:Smtp:PollSeconds", "0"),
        // The acknowledgement of new tickets has its own tests (AcknowledgementTests); here it would double every count.
        new("Mail:AcknowledgeNewTickets", "false"),
        new("Mail:DefaultRequestTypeCode", "CLOSE-Q"),
        // АО «Северная верфь» files email as report requests, whose required fields an email cannot fill.
        new("Mail:RequestTypeCodeByCompany:7805000005", "REPORT"),
    ];
}
