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
/// rest to triage. A reply speaks in its ticket only with proof that its sender got the ticket's email (<see cref="MailTrust"/>).
/// The email's record and its effect on tickets commit in one transaction.
/// </summary>
public sealed class InboundMailProcessor(AppDbContext db, TicketDesk desk, TicketWorkflow workflow, Attachments.AttachmentService attachments, Attachments.IAttachmentStore store,
    MailTrust trust, TimeProvider clock, IOptions<MailOptions> options, ILogger<InboundMailProcessor> logger)
{
    private const int MaxSubject = 300;
    private const int MaxDescription = 20000;
    /// <summary>The length of a ticket message and of an inbound email's text (their columns).</summary>
    private const int MaxMessage = 100000;
    /// <summary>The length of the Message-ID columns.</summary>
    private const int MaxMessageId = 500;
    /// <summary>How many of a message's References are looked up (the newest, with In-Reply-To).</summary>
    private const int MaxReferences = 100;
    private const string FullTextFile = "message.txt";
    private const string FullTextMarker = "\n\n[✂ Текст сокращён, полностью он во вложении message.txt. / Text cut: the full text is attached as message.txt.]";
    private const string RecordCutMarker = "\n\n[✂ Текст сокращён. / Text cut.]";

    public async Task<IntakeResult> ProcessAsync(MimeMessage message, CancellationToken ct)
    {
        var messageId = IdentityOf(message);
        if (await db.InboundEmails.AnyAsync(e => e.MessageId == messageId, ct))
        {
            return new IntakeResult(null, null, null, Duplicate: true);
        }

        var from = SenderOf(message);
        var address = Clean(from?.Address?.Trim() ?? "");
        var text = TextOf(message);
        var record = Record(message, messageId, text);

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
        var referenced = ReferencedIds(message);
        var ticket = await FindThreadAsync(message, referenced, ct);
        if (ticket is not null)
        {
            record.CompanyId = ticket.CompanyId;
            record.TicketId = ticket.Id;
            if (sender?.CompanyId != ticket.CompanyId)
            {
                // Only people of the ticket's company may write into it; anything else is for a person to judge.
                return await TriageAsync(record, message, $"A reply to {ticket.Number} from someone who is not a client person of its company.", ct);
            }

            if (await trust.MayPostAsync(message, address, ticket.Id, referenced, ct))
            {
                if (await PostReplyAsync(message, record, ticket, sender!, text, messageId, ct) is { } posted)
                {
                    return posted;
                }
            }
            else if (workflow.AcceptsClientReply(ticket))
            {
                // From: is easy to forge and ticket numbers are sequential: without proof the message must not speak as the
                // client in the ticket (nor reopen it). A person reads it in triage and decides.
                return await TriageAsync(record, message,
                    $"Names {ticket.Number} but carries neither its reply token nor a verified sender domain, so it was not added to the ticket.", ct);
            }

            // The ticket is closed for good: the answer becomes a new request, as in the portal (and as any new email would).
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

        var subject = string.IsNullOrWhiteSpace(message.Subject) ? FirstLine(text) : Clean(message.Subject.Trim());
        var (description, cut) = Fit(string.IsNullOrWhiteSpace(text) ? subject : text.Trim(), MaxDescription, FullTextMarker);
        var stored = new List<Attachments.TicketAttachment>();
        await using var transaction = await db.Database.BeginUnitOfWorkAsync(ct);
        try
        {
            var (created, errors) = await desk.CreateAsync(new NewTicket(type.Value, Infrastructure.TextLimit.Truncate(subject, MaxSubject),
                description, null, null, TicketChannel.Email, sender.Id), ct);
            if (created is null)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                var why = string.Join(" ", errors.SelectMany(e => e.Value));
                return await TriageAsync(record, message, Infrastructure.TextLimit.Truncate("The ticket could not be registered: " + why, 1000), ct);
            }

            record.TicketId = created.Id;
            await KeepAttachmentsAsync(message, record, new Attachments.AttachmentTarget(created.Id, companyId, null, true,
                Attachments.AttachmentSource.Email, sender.Id, sender.FullName), cut ? text : null, stored, ct);
            var result = await SaveAsync(record, InboundOutcome.Ticket, record.Reason, ct);
            await transaction.CommitAsync(ct);
            logger.LogInformation("Email {MessageId} from {From} registered as {Number}", messageId, address, created.Number);
            return result;
        }
        catch
        {
            await attachments.DiscardAsync(stored, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Adds a proven reply to its ticket: the client's message, its files and the email's record commit together or not
    /// at all, so a file that cannot be saved leaves no message behind (and the poll tries the whole email again). Null
    /// when the ticket is closed for good.
    /// </summary>
    private async Task<IntakeResult?> PostReplyAsync(MimeMessage message, InboundEmail record, Ticket ticket, People.AppUser sender, string text, string messageId, CancellationToken ct)
    {
        var (body, cut) = Fit(QuotedText.StripQuotedHistory(text), MaxMessage, FullTextMarker);
        var stored = new List<Attachments.TicketAttachment>();
        await using var transaction = await db.Database.BeginUnitOfWorkAsync(ct);
        try
        {
            record.Outcome = InboundOutcome.Reply;
            db.InboundEmails.Add(record);
            var (outcome, replyId) = await workflow.AddClientEmailAsync(ticket.Id, sender, body, messageId, ct);
            if (outcome != TicketOutcome.Done)
            {
                db.Entry(record).State = EntityState.Detached;
                return null;
            }

            if (await KeepAttachmentsAsync(message, record, new Attachments.AttachmentTarget(ticket.Id, ticket.CompanyId, replyId, true,
                Attachments.AttachmentSource.Email, sender.Id, sender.FullName), cut ? text : null, stored, ct))
            {
                await db.SaveChangesAsync(ct);
            }

            await transaction.CommitAsync(ct);
            return new IntakeResult(InboundOutcome.Reply, ticket.Id, null);
        }
        catch
        {
            await attachments.DiscardAsync(stored, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Counts a failed attempt to take in a message. At <see cref="ImapOptions.MaxAttempts"/> the message is dead-lettered:
    /// kept in triage as failed with its raw MIME and the error, and returned so that the poll marks it seen. Null while
    /// it may be tried again.
    /// </summary>
    public async Task<IntakeResult?> RecordFailureAsync(MimeMessage message, Exception error, CancellationToken ct)
    {
        var messageId = IdentityOf(message);
        var now = clock.GetUtcNow();
        var failures = db.Set<InboundMailFailure>();
        var failure = await failures.FirstOrDefaultAsync(f => f.MessageId == messageId, ct);
        if (failure is null)
        {
            failure = new InboundMailFailure { MessageId = messageId, FirstFailedAt = now };
            failures.Add(failure);
        }

        failure.Attempts++;
        failure.LastFailedAt = now;
        failure.LastError = Infrastructure.TextLimit.Truncate(Clean(Describe(error)), 2000);
        if (failure.Attempts < Math.Max(1, options.Value.Imap.MaxAttempts))
        {
            await db.SaveChangesAsync(ct);
            return null;
        }

        if (db.Entry(failure).State == EntityState.Added)
        {
            db.Entry(failure).State = EntityState.Detached;
        }
        else
        {
            failures.Remove(failure);
        }

        InboundEmail record;
        try
        {
            record = Record(message, messageId, TextOf(message));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever broke processing may break reading the message too; the raw MIME still shows it whole.
            logger.LogWarning(e, "Describing dead-lettered email {MessageId} failed", messageId);
            record = new InboundEmail { MessageId = messageId, ReceivedAt = now, FromAddress = "" };
        }

        var reason = Infrastructure.TextLimit.Truncate($"Failed to process after {failure.Attempts} attempts: {failure.LastError}", 1000);
        logger.LogWarning("Email {MessageId} failed {Attempts} times and waits in triage", messageId, failure.Attempts);
        return await TriageAsync(record, message, reason, ct, InboundOutcome.Failed);
    }

    /// <summary>The identity a message is taken in by: its Message-ID as stored, or a hash of the whole message when it has none.</summary>
    public static string IdentityOf(MimeMessage message) =>
        string.IsNullOrWhiteSpace(message.MessageId) ? SyntheticId(message) : StoredId(message.MessageId.Trim());

    /// <summary>
    /// A Message-ID as stored: one longer than the column (or with control characters) becomes a hash of itself, so the
    /// message is still taken in once, and a reply naming the long id still finds it.
    /// </summary>
    internal static string StoredId(string id) => id.Length <= MaxMessageId && !id.Any(char.IsControl)
        ? id
        : "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id))) + "@hashed.onewindow.invalid";

    private static MailboxAddress? SenderOf(MimeMessage message) => message.From.Mailboxes.FirstOrDefault() ?? message.Sender;

    private static string TextOf(MimeMessage message) =>
        Clean((message.TextBody ?? (message.HtmlBody is { } html ? HtmlText.Convert(html) : "")).Trim());

    /// <summary>The email's record, every text within its column (PostgreSQL refuses longer ones, and the NUL character).</summary>
    private InboundEmail Record(MimeMessage message, string messageId, string text)
    {
        var from = SenderOf(message);
        return new InboundEmail
        {
            MessageId = messageId,
            ReceivedAt = clock.GetUtcNow(),
            SentAt = message.Date == DateTimeOffset.MinValue ? null : message.Date.ToUniversalTime(),
            FromAddress = Infrastructure.TextLimit.Truncate(Clean(from?.Address?.Trim() ?? ""), 320),
            FromName = string.IsNullOrWhiteSpace(from?.Name) ? null : Infrastructure.TextLimit.Truncate(Clean(from.Name), 200),
            Subject = Infrastructure.TextLimit.Truncate(Clean(message.Subject ?? ""), 1000),
            Body = Fit(text, MaxMessage, RecordCutMarker).Text,
            Attachments = DescribeAttachments(message),
        };
    }

    /// <summary>Text that fits <paramref name="limit"/>: whole, or cut with <paramref name="marker"/> at its end.</summary>
    private static (string Text, bool Cut) Fit(string text, int limit, string marker) =>
        text.Length <= limit ? (text, false) : (Infrastructure.TextLimit.Truncate(text, limit - marker.Length) + marker, true);

    /// <summary>PostgreSQL text cannot hold the NUL character; mail programs do not mean anything by it.</summary>
    private static string Clean(string text) => text.Contains('\0', StringComparison.Ordinal) ? text.Replace("\0", "", StringComparison.Ordinal) : text;

    private static string Describe(Exception error)
    {
        var inner = error.GetBaseException();
        return inner == error ? $"{error.GetType().Name}: {error.Message}" : $"{error.GetType().Name}: {error.Message} → {inner.GetType().Name}: {inner.Message}";
    }

    /// <summary>
    /// Triage keeps the whole message as received (raw MIME in the attachment store), so its files can still become
    /// the ticket's attachments when an agent registers it: nothing a client sends is lost while it waits.
    /// </summary>
    private async Task<IntakeResult> TriageAsync(InboundEmail record, MimeMessage message, string reason, CancellationToken ct, InboundOutcome outcome = InboundOutcome.Triage)
    {
        await using var raw = new MemoryStream();
        await message.WriteToAsync(raw, ct);
        raw.Position = 0;
        record.RawKey = (await store.SaveAsync(raw, long.MaxValue, ct))?.Key;
        return await SaveAsync(record, outcome, reason, ct);
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
                Attachments.AttachmentSource.Email, requesterId, requesterName), null, [], ct);
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

    /// <summary>The Message-IDs an email answers (In-Reply-To and the newest References), as stored.</summary>
    private static List<string> ReferencedIds(MimeMessage message) =>
        [.. message.References.TakeLast(MaxReferences).Concat(message.InReplyTo is { } r ? [r] : []).Select(StoredId).Distinct(StringComparer.Ordinal)];

    /// <summary>The ticket an email answers: by the Message-IDs it refers to, then by a ticket number in its subject.</summary>
    private async Task<Ticket?> FindThreadAsync(MimeMessage message, List<string> ids, CancellationToken ct)
    {
        if (ids.Count > 0)
        {
            var ticketId = await db.TicketMessages.Where(m => m.EmailMessageId != null && ids.Contains(m.EmailMessageId)).Select(m => (Guid?)m.TicketId).FirstOrDefaultAsync(ct)
                ?? await db.OutboxMessages.Where(m => m.TicketId != null && ids.Contains(m.MessageId)).Select(m => m.TicketId).FirstOrDefaultAsync(ct)
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
    /// attachment with the reason (and the reason is on the email's record), never silently dropped. A text too long
    /// for the ticket comes along whole as <see cref="FullTextFile"/>. What reached the store is added to
    /// <paramref name="stored"/>, for the caller to remove if its save fails.
    /// </summary>
    private async Task<bool> KeepAttachmentsAsync(MimeMessage message, InboundEmail record, Attachments.AttachmentTarget target, string? fullText,
        List<Attachments.TicketAttachment> stored, CancellationToken ct)
    {
        var parts = message.Attachments.OfType<MimePart>().ToList();
        if (parts.Count == 0 && fullText is null)
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
            stored.Add(kept);
            described.Add(new { name = part.FileName ?? "", contentType = part.ContentType.MimeType, size = kept.Size, attachmentId = kept.Id, refused = kept.RefusedReason });
        }

        if (fullText is not null)
        {
            await using var content = new MemoryStream(Encoding.UTF8.GetBytes(fullText));
            var (kept, refusal) = await attachments.StoreAsync(target, FullTextFile, content, ct);
            kept ??= Attachments.AttachmentService.Refused(target, FullTextFile, content.Length, refusal!);
            db.TicketAttachments.Add(kept);
            stored.Add(kept);
            described.Add(new { name = FullTextFile, contentType = "text/plain", size = kept.Size, attachmentId = kept.Id, refused = kept.RefusedReason });
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

        // Whole: the column is unbounded, and a list cut short is JSON the triage queue cannot read.
        return JsonSerializer.Serialize(list);
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
/// A message whose processing fails stays unseen and is tried again at the next poll, up to
/// <see cref="ImapOptions.MaxAttempts"/> times; then it waits in triage as failed and is marked seen.
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
            await client.ConnectAsync(imap.Host!, imap.Port ?? (imap.UseSsl ? 993 : 143), MailTlsOptions.Socket(imap.UseSsl, imap.StartTls), ct);
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
                    logger.LogError(e, "Taking in email {MessageId} failed", message.MessageId);
                    if (await RecordFailureAsync(message, e, ct) is not { } deadLettered)
                    {
                        // Left unseen: the next poll tries again.
                        continue;
                    }

                    results.Add(deadLettered);
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
            if (await AlreadyTakenInAsync(InboundMailProcessor.IdentityOf(message), ct))
            {
                return new IntakeResult(null, null, null, Duplicate: true);
            }

            throw;
        }
    }

    /// <summary>Counts the failure in a scope of its own (the failed one's work is gone); null while the message may be retried.</summary>
    private async Task<IntakeResult?> RecordFailureAsync(MimeMessage message, Exception error, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
            return await scope.ServiceProvider.GetRequiredService<InboundMailProcessor>().RecordFailureAsync(message, error, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Counting failed too (the database is away, most likely): the message stays unseen, and this attempt does not count.
            logger.LogError(e, "Recording the failure of email {MessageId} failed", message.MessageId);
            return null;
        }
    }

    private async Task<bool> AlreadyTakenInAsync(string id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().InboundEmails.AnyAsync(e => e.MessageId == id, ct);
    }
}
