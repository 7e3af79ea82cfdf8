namespace OneWindow.Web.Features.Mail;

public enum InboundOutcome
{
    /// <summary>Made a new ticket.</summary>
    Ticket = 0,
    /// <summary>Added to an existing ticket as the client's reply.</summary>
    Reply = 1,
    /// <summary>Machine-sent (auto-reply, bounce, list): never answered, never a ticket.</summary>
    Ignored = 2,
    /// <summary>Could not be matched; waits in the triage queue for an agent.</summary>
    Triage = 3,
    /// <summary>Taking it in failed at every attempt; waits in the triage queue with its raw MIME and the error.</summary>
    Failed = 4,
}

/// <summary>
/// Every email the intake has taken in, by Message-ID (unique): the reason the same message never makes a second
/// ticket, even when the app stops between processing it and marking it seen. Unmatched ones form the triage queue.
/// SSC-internal: not company-owned, since most triage mail comes from unknown senders; the API limits it to the
/// caller's company scope where a company is known.
/// </summary>
public sealed class InboundEmail
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string MessageId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public required string FromAddress { get; set; }
    public string? FromName { get; set; }
    public string Subject { get; set; } = "";
    /// <summary>The plain text as received (quoted history included); kept for triage.</summary>
    public string Body { get; set; } = "";
    /// <summary>Attachments as a JSON array of {name, contentType, size, attachmentId | refused}.</summary>
    public string Attachments { get; set; } = "[]";
    /// <summary>For triaged mail: the raw message in the attachment store, kept until a person decides.</summary>
    public string? RawKey { get; set; }
    public InboundOutcome Outcome { get; set; }
    /// <summary>Why it was ignored or sent to triage.</summary>
    public string? Reason { get; set; }
    public Guid? CompanyId { get; set; }
    public Guid? TicketId { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public Guid? ResolvedById { get; set; }
    public int Version { get; set; } = 1;
}

/// <summary>
/// Failed attempts to take in one message, by its (stored) Message-ID: the count that sends a poison message to triage
/// after <see cref="ImapOptions.MaxAttempts"/> instead of retrying it at every poll.
/// </summary>
public sealed class InboundMailFailure
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string MessageId { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset FirstFailedAt { get; set; }
    public DateTimeOffset LastFailedAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>
/// The installation's secret behind reply tokens (one row), stored protected by ASP.NET Data Protection (whose keys
/// are in the database too), so a copy of this table alone cannot forge tokens.
/// </summary>
public sealed class MailReplyKey
{
    public int Id { get; set; }
    public required string ProtectedSecret { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum OutboxStatus
{
    Pending = 0,
    Sent = 1,
    /// <summary>Given up after the configured number of attempts.</summary>
    Failed = 2,
}

/// <summary>An email waiting to be sent, written in the same transaction as what caused it (the transactional outbox).</summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public DateTimeOffset CreatedAt { get; set; }
    public required string ToAddress { get; set; }
    public string? ToName { get; set; }
    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    public string? HtmlBody { get; set; }
    /// <summary>Without angle brackets, as MimeKit spells it.</summary>
    public required string MessageId { get; set; }
    public string? InReplyTo { get; set; }
    /// <summary>Space-separated Message-IDs of the thread, oldest first.</summary>
    public string? References { get; set; }
    public Guid? TicketId { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>Claims a message for one sender at a time across instances.</summary>
    public int Version { get; set; } = 1;
}

/// <summary>A file sent with an outbox message (a report's PDF, a meeting's iCalendar invitation), kept until the message is deleted.</summary>
public sealed class OutboxAttachment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MessageId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
}

internal sealed class OutboxAttachmentConfiguration : IEntityTypeConfiguration<OutboxAttachment>
{
    public void Configure(EntityTypeBuilder<OutboxAttachment> b)
    {
        b.ToTable("OutboxAttachments");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.FileName).HasMaxLength(200);
        b.Property(x => x.ContentType).HasMaxLength(200);
        b.HasOne<OutboxMessage>().WithMany().HasForeignKey(x => x.MessageId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.MessageId);
    }
}

internal sealed class InboundEmailConfiguration : IEntityTypeConfiguration<InboundEmail>
{
    public void Configure(EntityTypeBuilder<InboundEmail> b)
    {
        b.MaxLength(500, x => x.MessageId);
        b.MaxLength(320, x => x.FromAddress);
        b.MaxLength(200, x => x.FromName);
        b.MaxLength(80, x => x.RawKey);
        b.MaxLength(1000, x => x.Subject);
        b.MaxLength(100000, x => x.Body);
        // Attachments (a JSON list) is unbounded: cutting it would leave JSON that triage cannot read.
        b.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Reason).HasMaxLength(1000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.MessageId).IsUnique();
        b.HasIndex(x => x.TicketId);
        b.HasIndex(x => new { x.Outcome, x.ResolvedAt });
    }
}

internal sealed class InboundMailFailureConfiguration : IEntityTypeConfiguration<InboundMailFailure>
{
    public void Configure(EntityTypeBuilder<InboundMailFailure> b)
    {
        b.ToTable("InboundMailFailures");
        b.MaxLength(500, x => x.MessageId);
        b.MaxLength(2000, x => x.LastError);
        b.HasIndex(x => x.MessageId).IsUnique();
    }
}

internal sealed class MailReplyKeyConfiguration : IEntityTypeConfiguration<MailReplyKey>
{
    public void Configure(EntityTypeBuilder<MailReplyKey> b)
    {
        b.ToTable("MailReplyKeys");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.ProtectedSecret).HasMaxLength(1000);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("OutboxMessages");
        b.MaxLength(320, x => x.ToAddress);
        b.MaxLength(200, x => x.ToName);
        b.MaxLength(1000, x => x.Subject);
        b.MaxLength(200000, x => x.TextBody);
        b.MaxLength(400000, x => x.HtmlBody);
        b.MaxLength(500, x => x.MessageId, x => x.InReplyTo);
        b.MaxLength(8000, x => x.References);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.LastError).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.MessageId).IsUnique();
        b.HasIndex(x => new { x.Status, x.NextAttemptAt });
        b.HasIndex(x => x.TicketId);
    }
}
