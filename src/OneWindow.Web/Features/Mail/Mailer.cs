using MimeKit;

namespace OneWindow.Web.Features.Mail;

/// <summary>One addressee of a queued email.</summary>
[FeatureSeam]
public sealed record MailRecipient(string Address, string? Name = null);

/// <summary>A file to send with a queued email: its name, MIME type (parameters allowed, e.g. text/calendar; method=REQUEST) and bytes.</summary>
[FeatureSeam]
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>Where a queued email belongs: the ticket it is about, and the Message-IDs of the conversation it answers (oldest first).</summary>
[FeatureSeam]
public sealed record MailThreading(Guid? TicketId = null, IReadOnlyList<string>? References = null);

/// <summary>
/// The one way a feature sends email: renders a template (the built-in default, or the administrator's edit of it) in
/// the recipient's language and adds one outbox message per recipient to this scope's DbContext, so the email commits
/// with the caller's change or not at all. The outbox sender delivers it later.
/// </summary>
[FeatureSeam]
public sealed class Mailer(AppDbContext db, MailTemplates templates, TimeProvider clock, IOptions<MailOptions> options, ReplyTokenKey replyTokens)
{
    /// <summary>Administrators' edits by (key, language), read once per scope.</summary>
    private readonly Dictionary<(string Key, string Language), MailTemplateSource?> edited = [];

    /// <summary>
    /// Queues the email of <paramref name="templateKey"/> (one of <see cref="MailTemplateKeys"/>) with its model for the
    /// recipients, and returns the messages added (each with its own Message-ID). Nothing is saved here.
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessage>> QueueAsync(string templateKey, string? culture, object model, IReadOnlyList<MailRecipient> recipients,
        MailThreading? thread = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        var rendered = templates.Render(templateKey, culture, model, await EditedAsync(templateKey, MailTemplates.Language(culture), ct));
        var now = clock.GetUtcNow();
        var references = thread?.References ?? [];
        var token = thread?.TicketId is { } ticketId ? await replyTokens.TokenForAsync(ticketId, ct) : null;
        var messages = recipients.Select(to => new OutboxMessage
        {
            CreatedAt = now,
            NextAttemptAt = now,
            ToAddress = to.Address,
            ToName = to.Name,
            Subject = TextLimit.Truncate(rendered.Subject, 1000),
            TextBody = rendered.Text,
            HtmlBody = rendered.Html,
            MessageId = NewMessageId(token),
            InReplyTo = references.Count > 0 ? references[^1] : null,
            References = references.Count > 0 ? string.Join(' ', references.TakeLast(20)) : null,
            TicketId = thread?.TicketId,
        }).ToList();
        db.OutboxMessages.AddRange(messages);
        return messages;
    }

    /// <summary>
    /// As <see cref="QueueAsync"/>, with the same files attached to each recipient's message (stored beside the outbox
    /// row, in the same save).
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessage>> QueueWithAttachmentsAsync(string templateKey, string? culture, object model, IReadOnlyList<MailRecipient> recipients,
        IReadOnlyList<MailAttachment> attachments, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        var messages = await QueueAsync(templateKey, culture, model, recipients, null, ct);
        foreach (var message in messages)
        {
            db.Set<OutboxAttachment>().AddRange(attachments.Select(a => new OutboxAttachment
            {
                MessageId = message.Id, FileName = a.FileName, ContentType = a.ContentType, Content = a.Content,
            }));
        }

        return messages;
    }

    private async Task<MailTemplateSource?> EditedAsync(string key, string language, CancellationToken ct)
    {
        if (!edited.TryGetValue((key, language), out var source))
        {
            source = await db.MailTemplates.AsNoTracking().Where(t => t.Key == key && t.Culture == language)
                .Select(t => new MailTemplateSource(t.Subject, t.Text, t.Html)).FirstOrDefaultAsync(ct);
            edited[(key, language)] = source;
        }

        return source;
    }

    /// <summary>
    /// Without angle brackets, in the sending address's domain: 128 random bits (a reply naming it proves its sender got
    /// this email, so it must not be guessable), then the ticket's reply token for email about a ticket.
    /// </summary>
    private string NewMessageId(string? replyToken)
    {
        var domain = MailboxAddress.TryParse(options.Value.Smtp.From, out var from) && from.Domain.Length > 0 ? from.Domain : "onewindow.local";
        var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return replyToken is null ? $"{random}@{domain}" : $"{random}.{replyToken}@{domain}";
    }
}

/// <summary>An emailed ticket reply, as a <see cref="IReplyMailBlock"/> sees it: which reply, by whom, to whom, in which language.</summary>
[FeatureSeam]
public sealed record TicketReplyMail(Guid TicketId, Guid ReplyId, Guid? AuthorId, Guid RecipientId, string Culture);

/// <summary>Content another feature adds to an email, in HTML and plain text.</summary>
[FeatureSeam]
public sealed record MailBlock(string Html, string Text);

/// <summary>
/// Lets another feature add a block to the requester's copy of an emailed ticket reply — Feedback's one-click rating
/// links — without Mail knowing that feature. Registered in DI by the feature that offers the block.
/// </summary>
[FeatureSeam]
public interface IReplyMailBlock
{
    /// <summary>The block for this reply and recipient, or null when there is none. Runs in the reply's own save: read through <paramref name="db"/>.</summary>
    Task<MailBlock?> ForReplyAsync(AppDbContext db, TicketReplyMail reply, CancellationToken ct);
}
