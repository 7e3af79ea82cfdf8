using MailKit.Security;

namespace OneWindow.Web.Features.Mail;

/// <summary>The <c>Mail</c> section. Intake is off without <c>Mail:Imap:Host</c>, notifications without <c>Mail:Smtp:Host</c>.</summary>
public sealed class MailOptions
{
    public ImapOptions Imap { get; set; } = new();
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Whether a new ticket's requester gets an email with its number (the "received" template); on by default.</summary>
    public bool AcknowledgeNewTickets { get; set; } = true;

    /// <summary>Request type code of tickets made from new emails (e.g. CLOSE-Q); without one, new emails go to triage.</summary>
    public string? DefaultRequestTypeCode { get; set; }

    /// <summary>Per-company request type codes, keyed by the company's INN; they win over the default.</summary>
    public Dictionary<string, string> RequestTypeCodeByCompany { get; set; } = [];

    /// <summary>
    /// Whether ticket emails carry Reply-To: <c>local+&lt;reply token&gt;@domain</c> of <see cref="SmtpOptions.From"/>. Off
    /// by default: the mail server must deliver plus-addresses to the intake mailbox. The token in the Message-ID works
    /// without it.
    /// </summary>
    public bool ReplyToPlusAddress { get; set; }

    /// <summary>The admin-configured proof that a sender's domain really sent a message (off by default).</summary>
    public SenderCheckOptions SenderCheck { get; set; } = new();
}

/// <summary>
/// Trusts the <c>Authentication-Results</c> header (RFC 8601) of the server that received the message: a message whose
/// topmost such header carries <see cref="TrustedAuthServId"/> and a passing result of one of <see cref="Methods"/>,
/// aligned with the From domain, counts as sent by that domain. The receiving server must add its header on top and
/// remove any that arrive claiming its authserv-id.
/// </summary>
public sealed class SenderCheckOptions
{
    /// <summary>The authserv-id of the receiving server (e.g. mx.example.ru); empty turns the check off.</summary>
    public string? TrustedAuthServId { get; set; }

    /// <summary>Comma-separated methods any one of which proves the sender: dmarc, dkim, spf.</summary>
    public string Methods { get; set; } = "dmarc";

    public bool Enabled => !string.IsNullOrWhiteSpace(TrustedAuthServId);
}

public sealed class ImapOptions
{
    public string? Host { get; set; }
    public int? Port { get; set; }
    public bool UseSsl { get; set; }

    /// <summary>STARTTLS on a plain port; unset, it is required outside Development (see <see cref="MailTls"/>).</summary>
    public MailTls? StartTls { get; set; }
    public string? User { get; set; }
    public string? Password { get; set; }
    public string Folder { get; set; } = "INBOX";

    /// <summary>Seconds between polls; 0 turns the background poll off (the intake then runs only when called).</summary>
    public int PollSeconds { get; set; } = 60;

    /// <summary>
    /// After this many failed attempts to take a message in, it goes to triage as failed (raw MIME and error kept) and
    /// is marked seen, so a poison message is not retried at every poll forever.
    /// </summary>
    public int MaxAttempts { get; set; } = 5;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int? Port { get; set; }
    public bool UseSsl { get; set; }

    /// <summary>STARTTLS on a plain port; unset, it is required outside Development (see <see cref="MailTls"/>).</summary>
    public MailTls? StartTls { get; set; }
    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "desk@onewindow.local";
    public string FromName { get; set; } = "OneWindow";

    /// <summary>Seconds between outbox deliveries; 0 turns the background delivery off.</summary>
    public int PollSeconds { get; set; } = 10;

    /// <summary>The first retry waits this long; each further one twice as long, up to an hour.</summary>
    public int RetryBaseSeconds { get; set; } = 30;

    /// <summary>
    /// How long a claimed message stays reserved for the instance sending it. An instance that dies after the SMTP
    /// server took a message but before recording it leaves it claimed; it is sent again once this lease runs out.
    /// </summary>
    public int LeaseSeconds { get; set; } = 300;

    /// <summary>After this many failed attempts a message is given up as failed (an admin sees it and can retry it).</summary>
    public int MaxAttempts { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>
/// STARTTLS on a plain port. Required by default outside Development, so a server that stops offering it (or a
/// downgrade by someone in between) stops mail rather than sending passwords and messages in clear.
/// </summary>
public enum MailTls
{
    Required = 0,
    WhenAvailable = 1,
    None = 2,
}

public static class MailTlsOptions
{
    public static SecureSocketOptions Socket(bool useSsl, MailTls? startTls) => useSsl
        ? SecureSocketOptions.SslOnConnect
        : startTls switch
        {
            MailTls.None => SecureSocketOptions.None,
            MailTls.WhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
            _ => SecureSocketOptions.StartTls,
        };
}
