using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;
using OneWindow.Core.Tickets.Mail;
using OneWindow.Web.Features.People;
using OneWindow.Web.Features.Tickets;

namespace OneWindow.Web.Features.Mail;

/// <summary>What happened to one email; <see cref="Duplicate"/> when its Message-ID had been taken in before.</summary>
public sealed record IntakeResult(InboundOutcome? Outcome, Guid? TicketId, string? Reason, bool Duplicate = false);

/// <summary>
/// Takes in one email as the system: ignores machine-sent mail, threads replies into their ticket (by In-Reply-To,
/// References or the ticket number in the subject), registers a new ticket for a known client person, and sends the
/// rest to triage. The email's record and its effect on tickets commit in one transaction.
/// </summary>
public sealed class InboundMailProcessor(AppDbContext db, TicketDesk desk, TicketWorkflow workflow, Attachments.AttachmentService attachments, Attachments.IAttachmentStore store, TimeProvider clock, IOptions<MailOptions> options, ILogger<InboundMailProcessor> logger)
{
    private const int MaxSubject = 300;
    private const int MaxDescription = 20000;

    public async Task<IntakeResult> ProcessAsync(MimeMessage message, CancellationToken ct)
    {
        var messageId = string.IsNullOrWhiteSpace(message.MessageId) ? SyntheticId(message) : message.MessageId.Trim();
        if (await db.InboundEmails.AnyAsync(e => e.MessageId == messageId, ct))
        {
            return new IntakeResult(null, null, null, Duplicate: true);
        }

        var from = message.From.Mailboxes.FirstOrDefault() ?? message.Sender;
        var address = from?.Address?.Trim() ?? "";
        var text = (message.TextBody ?? (message.HtmlBody is { } html ? HtmlText.Convert(html) : "")).Trim();
        var record = new InboundEmail
        {
            MessageId = messageId,
            ReceivedAt = clock.GetUtcNow(),
            SentAt = message.Date == DateTimeOffset.MinValue ? null : message.Date.ToUniversalTime(),
            FromAddress = Infrastructure.TextLimit.Truncate(address, 320),
            FromName = string.IsNullOrWhiteSpace(from?.Name) ? null : Infrastructure.TextLimit.Truncate(from.Name, 200),
            Subject = Infrastructure.TextLimit.Truncate(message.Subject ?? "", 1000),
            Body = Infrastructure.TextLimit.Truncate(text, 100000),
            Attachments = DescribeAttachments(message),
        };

        var headers = message.Headers.GroupBy(h => h.Field, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.OrdinalIgnoreCase);
        if (AutoReplyDetector.IsAutomatic(headers, from?.ToString()))
        {
            return await SaveAsync(record, InboundOutcome.Ignored, "Machine-sent (auto-reply, bounce or mailing list).", ct);
        }

        if (address.Length == 0)
        {
            // Malformed mail is kept for a person to read rather than dropped.
            return await TriageAsync(record, message, "The message has no sender address.", ct);
        }

        var normalized = address.ToUpperInvariant();
        var sender = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized && u.IsActive && u.CompanyId != null, ct);
        var ticket = await FindThreadAsync(message, ct);
        if (ticket is not null)
        {
            record.CompanyId = ticket.CompanyId;
            record.TicketId = ticket.Id;
            if (sender?.CompanyId != ticket.CompanyId)
            {
                // Only people of the ticket's company may write into it; anything else is for a person to judge.
                return await TriageAsync(record, message, $"A reply to {ticket.Number} from someone who is not a client person of its company.", ct);
            }

            record.Outcome = InboundOutcome.Reply;
            db.InboundEmails.Add(record);
            var (outcome, replyId) = await workflow.AddClientEmailAsync(ticket.Id, sender!, QuotedText.StripQuotedHistory(text), messageId, ct);
            if (outcome == TicketOutcome.Done)
            {
                if (await KeepAttachmentsAsync(message, record, new Attachments.AttachmentTarget(ticket.Id, ticket.CompanyId, replyId, true,
                    Attachments.AttachmentSource.Email, sender!.Id, sender.FullName), ct))
                {
                    await db.SaveChangesAsync(ct);
                }

                return new IntakeResult(InboundOutcome.Reply, ticket.Id, null);
            }

            // The ticket is closed for good: the answer becomes a new request, as in the portal.
            db.Entry(record).State = EntityState.Detached;
            record.TicketId = null;
            record.Reason = $"Follows up {ticket.Number}, which is closed.";
        }

        if (sender?.CompanyId is not { } companyId)
        {
            return await TriageAsync(record, message, "The sender is not an active client person.", ct);
        }

        record.CompanyId = companyId;
        var type = await RequestTypeForAsync(companyId, ct);
        if (type is null)
        {
            return await TriageAsync(record, message, "No request type is configured for email from this company.", ct);
        }

        var subject = string.IsNullOrWhiteSpace(message.Subject) ? FirstLine(text) : message.Subject.Trim();
        var description = string.IsNullOrWhiteSpace(text) ? subject : text.Trim();
        await using var transaction = await db.Database.BeginUnitOfWorkAsync(ct);
        var (created, errors) = await desk.CreateAsync(new NewTicket(type.Value, Infrastructure.TextLimit.Truncate(subject, MaxSubject),
            Infrastructure.TextLimit.Truncate(description, MaxDescription), null, null, TicketChannel.Email, sender.Id), ct);
        if (created is null)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var why = string.Join(" ", errors.SelectMany(e => e.Value));
            return await TriageAsync(record, message, Infrastructure.TextLimit.Truncate("The ticket could not be registered: " + why, 1000), ct);
        }

        record.TicketId = created.Id;
        await KeepAttachmentsAsync(message, record, new Attachments.AttachmentTarget(created.Id, companyId, null, true,
            Attachments.AttachmentSource.Email, sender.Id, sender.FullName), ct);
        var result = await SaveAsync(record, InboundOutcome.Ticket, record.Reason, ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Email {MessageId} from {From} registered as {Number}", messageId, address, created.Number);
        return result;
    }

    /// <summary>
    /// Triage keeps the whole message as received (raw MIME in the attachment store), so its files can still become
    /// the ticket's attachments when an agent registers it: nothing a client sends is lost while it waits.
    /// </summary>
    private async Task<IntakeResult> TriageAsync(InboundEmail record, MimeMessage message, string reason, CancellationToken ct)
    {
        await using var raw = new MemoryStream();
        await message.WriteToAsync(raw, ct);
        raw.Position = 0;
        record.RawKey = (await store.SaveAsync(raw, long.MaxValue, ct))?.Key;
        return await SaveAsync(record, InboundOutcome.Triage, reason, ct);
    }

    /// <summary>Stores a triaged email's files on the ticket an agent registered for it.</summary>
    public async Task KeepTriagedAttachmentsAsync(InboundEmail record, Ticket ticket, Guid requesterId, string requesterName, CancellationToken ct)
    {
        if (record.RawKey is null || await store.OpenReadAsync(record.RawKey, ct) is not { } raw)
        {
            return;
        }

        await using (raw)
        {
            var message = await MimeMessage.LoadAsync(raw, ct);
            await KeepAttachmentsAsync(message, record, new Attachments.AttachmentTarget(ticket.Id, ticket.CompanyId, null, true,
                Attachments.AttachmentSource.Email, requesterId, requesterName), ct);
        }
    }

    private async Task<IntakeResult> SaveAsync(InboundEmail record, InboundOutcome outcome, string? reason, CancellationToken ct)
    {
        record.Outcome = outcome;
        record.Reason = reason;
        db.InboundEmails.Add(record);
        await db.SaveChangesAsync(ct);
        return new IntakeResult(outcome, record.TicketId, reason);
    }

    /// <summary>The ticket an email answers: by the Message-IDs it refers to, then by a ticket number in its subject.</summary>
    private async Task<Ticket?> FindThreadAsync(MimeMessage message, CancellationToken ct)
    {
        var ids = message.References.Concat(message.InReplyTo is { } r ? [r] : []).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count > 0)
        {
            var ticketId = await db.TicketMessages.Where(m => m.EmailMessageId != null && ids.Contains(m.EmailMessageId)).Select(m => (Guid?)m.TicketId).FirstOrDefaultAsync(ct)
                ?? await db.InboundEmails.Where(e => e.TicketId != null && ids.Contains(e.MessageId)).Select(e => e.TicketId).FirstOrDefaultAsync(ct);
            if (ticketId is { } id)
            {
                return await db.Tickets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
            }
        }

        if (TicketNumber.TryParse(message.Subject, out var number))
        {
            var text = number.ToString();
            return await db.Tickets.AsNoTracking().FirstOrDefaultAsync(t => t.Number == text, ct);
        }

        return null;
    }

    /// <summary>The company's own code (by INN) or the default, among the request types of services the company receives.</summary>
    private async Task<Guid?> RequestTypeForAsync(Guid companyId, CancellationToken ct)
    {
        var mail = options.Value;
        var inn = await db.Companies.Where(c => c.Id == companyId).Select(c => c.Inn).FirstOrDefaultAsync(ct);
        var code = inn is not null && mail.RequestTypeCodeByCompany.TryGetValue(inn, out var own) ? own : mail.DefaultRequestTypeCode;
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        return await MailDesk.RequestTypesFor(db, companyId).Where(t => t.Code == code).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Stores the email's files on its ticket under the same limits as uploads. A refused file becomes a refused
    /// attachment with the reason (and the reason is on the email's record), never silently dropped.
    /// </summary>
    private async Task<bool> KeepAttachmentsAsync(MimeMessage message, InboundEmail record, Attachments.AttachmentTarget target, CancellationToken ct)
    {
        var parts = message.Attachments.OfType<MimePart>().ToList();
        if (parts.Count == 0)
        {
            return false;
        }

        var described = new List<object>();
        var limits = attachments.Limits;
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            Attachments.TicketAttachment? kept;
            string? refusal;
            await using (var content = new MemoryStream())
            {
                long size = 0;
                if (part.Content is not null)
                {
                    // Decoded into memory: a message's size is bounded by the mail server, and the store re-checks the limit.
                    await part.Content.DecodeToAsync(content, ct);
                    size = content.Length;
                    content.Position = 0;
                }

                if (i >= limits.MaxFilesPerMessage)
                {
                    (kept, refusal) = (null, attachments.TooMany);
                }
                else
                {
                    (kept, refusal) = await attachments.StoreAsync(target, part.FileName, content, ct);
                }

                kept ??= Attachments.AttachmentService.Refused(target, part.FileName, size, refusal!);
            }

            db.TicketAttachments.Add(kept);
            described.Add(new { name = part.FileName ?? "", contentType = part.ContentType.MimeType, size = kept.Size, attachmentId = kept.Id, refused = kept.RefusedReason });
        }

        record.Attachments = JsonSerializer.Serialize(described);
        return true;
    }

    private static string DescribeAttachments(MimeMessage message)
    {
        var list = new List<object>();
        foreach (var part in message.Attachments.OfType<MimePart>())
        {
            long size = 0;
            if (part.Content is not null)
            {
                using var counter = new CountingStream();
                part.Content.DecodeTo(counter);
                size = counter.Length;
            }

            list.Add(new { name = part.FileName ?? "", contentType = part.ContentType.MimeType, size });
        }

        return Infrastructure.TextLimit.Truncate(JsonSerializer.Serialize(list), 20000);
    }

    private static string FirstLine(string text)
    {
        var line = text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "—";
        return line.Length > 100 ? line[..100] : line;
    }

    /// <summary>Mail without a Message-ID still needs a stable identity, so that it is taken in once.</summary>
    private static string SyntheticId(MimeMessage message)
    {
        using var buffer = new MemoryStream();
        message.WriteTo(buffer);
        return "sha256-" + Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray())) + "@onewindow.invalid";
    }

    /// <summary>Counts decoded attachment bytes without keeping them.</summary>
    private sealed class CountingStream : Stream
    {
        private long length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => length;
        public override long Position { get => length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => length += count;
    }
}

/// <summary>What one poll did.</summary>
public sealed record PollReport(IReadOnlyList<IntakeResult> Results);

/// <summary>
/// Polls the IMAP folder: each unseen message is taken in (in its own DI scope, as the system) and then marked
/// \Seen. The Message-ID record makes a crash between the two harmless: the next poll finds it and only marks it.
/// </summary>
public sealed class MailIntake(IServiceScopeFactory scopes, IOptions<MailOptions> options, ILogger<MailIntake> logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<PollReport> PollOnceAsync(CancellationToken ct)
    {
        var imap = options.Value.Imap;
        if (!imap.Enabled)
        {
            return new PollReport([]);
        }

        await gate.WaitAsync(ct);
        try
        {
            using var client = new ImapClient { Timeout = 30_000 };
            await client.ConnectAsync(imap.Host!, imap.Port ?? (imap.UseSsl ? 993 : 143), imap.UseSsl ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, ct);
            await client.AuthenticateAsync(imap.User ?? "", imap.Password ?? "", ct);
            var folder = string.Equals(imap.Folder, "INBOX", StringComparison.OrdinalIgnoreCase) ? client.Inbox : await client.GetFolderAsync(imap.Folder, ct);
            await folder.OpenAsync(FolderAccess.ReadWrite, ct);
            var results = new List<IntakeResult>();
            foreach (var uid in await folder.SearchAsync(SearchQuery.NotSeen, ct))
            {
                var message = await folder.GetMessageAsync(uid, ct);
                try
                {
                    results.Add(await ProcessAsync(message, ct));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Left unseen: the next poll tries again.
                    logger.LogError(e, "Taking in email {MessageId} failed", message.MessageId);
                    continue;
                }

                await folder.AddFlagsAsync(uid, MessageFlags.Seen, true, ct);
            }

            await client.DisconnectAsync(true, ct);
            return new PollReport(results);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<IntakeResult> ProcessAsync(MimeMessage message, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
            return await scope.ServiceProvider.GetRequiredService<InboundMailProcessor>().ProcessAsync(message, ct);
        }
        catch (DbUpdateException) when (!string.IsNullOrWhiteSpace(message.MessageId))
        {
            // Another instance may have taken in the same message at the same moment; its unique Message-ID stops this one.
            if (await AlreadyTakenInAsync(message.MessageId.Trim(), ct))
            {
                return new IntakeResult(null, null, null, Duplicate: true);
            }

            throw;
        }
    }

    private async Task<bool> AlreadyTakenInAsync(string id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().InboundEmails.AnyAsync(e => e.MessageId == id, ct);
    }
}
