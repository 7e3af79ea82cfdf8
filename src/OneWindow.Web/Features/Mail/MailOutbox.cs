using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using OneWindow.Web.Features.Tickets;

namespace OneWindow.Web.Features.Mail;

/// <summary>
/// Turns an SSC public reply into an email to the requester, added to the outbox in the reply's own transaction.
/// The Message-ID is stored on the ticket message so the client's answer threads back into the ticket.
/// </summary>
public sealed class TicketReplyMailer(AppDbContext db, IOptions<MailOptions> options, Mailer mailer, IEnumerable<IReplyMailBlock> blocks) : ITicketReplyListener
{
    public async Task OnPublicReplyAsync(Ticket ticket, TicketMessage reply, CancellationToken ct)
    {
        if (!options.Value.Smtp.Enabled || ticket.RequesterId is not { } requesterId)
        {
            return;
        }

        var requester = await db.Users.AsNoTracking().Where(u => u.Id == requesterId)
            .Select(u => new { u.Email, u.FullName, u.Culture, u.IsActive }).FirstOrDefaultAsync(ct);
        if (requester is not { IsActive: true, Email: { Length: > 0 } email })
        {
            return;
        }

        var thread = new MailThreading(ticket.Id, await MailThread.IdsAsync(db, ticket.Id, ct));
        // Other features add their part to the requester's copy (Feedback: rating links bound to this reply).
        var (html, text) = await BlocksAsync(new TicketReplyMail(ticket.Id, reply.Id, reply.AuthorId, requesterId, requester.Culture), ct);
        var model = new ReplyModel(ticket.Number, ticket.Subject, requester.FullName, reply.Body, reply.AuthorName) { RatingHtml = html, RatingText = text };
        var sent = await mailer.QueueAsync(MailTemplateKeys.Reply, requester.Culture, model, [new MailRecipient(email, requester.FullName)], thread, ct);
        reply.EmailMessageId = sent[0].MessageId;

        // Colleagues copied on the ticket (client watchers of the same company) get their own copy; a reply from
        // them threads back by its Message-ID, which carries the ticket's reply token like every ticket email.
        var copies = await db.TicketWatchers.AsNoTracking().Where(w => w.TicketId == ticket.Id && w.UserId != requesterId)
            .Join(db.Users, w => w.UserId, u => u.Id, (w, u) => new { u.Email, u.FullName, u.Culture, u.IsActive, u.CompanyId })
            .Where(u => u.IsActive && u.CompanyId == ticket.CompanyId && u.Email != null)
            .ToListAsync(ct);
        foreach (var copy in copies)
        {
            await mailer.QueueAsync(MailTemplateKeys.Reply, copy.Culture, model with { RecipientName = copy.FullName, RatingHtml = null, RatingText = null },
                [new MailRecipient(copy.Email!, copy.FullName)], thread, ct);
        }
    }

    private async Task<(string? Html, string? Text)> BlocksAsync(TicketReplyMail reply, CancellationToken ct)
    {
        var found = new List<MailBlock>();
        foreach (var block in blocks)
        {
            if (await block.ForReplyAsync(db, reply, ct) is { } added)
            {
                found.Add(added);
            }
        }

        return found.Count == 0 ? (null, null) : (string.Concat(found.Select(b => b.Html)), string.Concat(found.Select(b => b.Text)));
    }
}

/// <summary>
/// Acknowledges a new ticket to its requester with its number, in the ticket's own transaction: the client knows it was
/// registered, and a reply to this email threads into the ticket by the number in the subject.
/// </summary>
public sealed class TicketReceivedMailer(IOptions<MailOptions> options, Mailer mailer) : ITicketIntakeListener
{
    public async Task OnCreatedAsync(Ticket ticket, People.AppUser requester, RequestType type, CancellationToken ct)
    {
        if (!options.Value.Smtp.Enabled || !options.Value.AcknowledgeNewTickets || requester is not { IsActive: true, Email: { Length: > 0 } email })
        {
            return;
        }

        var english = MailTemplates.Language(requester.Culture) == "en";
        var model = new ReceivedModel(ticket.Number, ticket.Subject, requester.FullName, english && type.NameEn is { Length: > 0 } en ? en : type.Name,
            Infrastructure.TextLimit.Truncate(ticket.Description, 2000));
        await mailer.QueueAsync(MailTemplateKeys.Received, requester.Culture, model, [new MailRecipient(email, requester.FullName)], new MailThreading(ticket.Id), ct);
    }
}

internal static class MailThread
{
    /// <summary>Message-IDs of a ticket's emails, oldest first: the email that opened it, then every message in and out.</summary>
    public static async Task<List<string>> IdsAsync(AppDbContext db, Guid ticketId, CancellationToken ct)
    {
        var opening = await db.InboundEmails.AsNoTracking().Where(e => e.TicketId == ticketId && e.Outcome == InboundOutcome.Ticket)
            .OrderBy(e => e.ReceivedAt).Select(e => e.MessageId).ToListAsync(ct);
        var messages = await db.TicketMessages.AsNoTracking().Where(m => m.TicketId == ticketId && m.EmailMessageId != null)
            .OrderBy(m => m.CreatedAt).Select(m => m.EmailMessageId!).ToListAsync(ct);
        return [.. opening.Concat(messages).Distinct(StringComparer.Ordinal)];
    }
}

/// <summary>What one delivery run did.</summary>
public sealed record DeliveryReport(int Sent, int Failed);

/// <summary>
/// Sends the outbox over SMTP. Each message is claimed (its row version moves) before sending, so two instances
/// never send the same one; a failure is retried with exponential back-off and, after the configured number of
/// attempts, left as failed for an administrator to see.
/// </summary>
public sealed class MailOutboxSender(IServiceScopeFactory scopes, TimeProvider clock, IOptions<MailOptions> options, ReplyTokenKey replyTokens, ILogger<MailOutboxSender> logger)
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<DeliveryReport> DeliverPendingAsync(CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        if (!smtp.Enabled)
        {
            return new DeliveryReport(0, 0);
        }

        await gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = clock.GetUtcNow();
            var due = await db.OutboxMessages.Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
                .OrderBy(m => m.NextAttemptAt).Take(50).ToListAsync(ct);
            var claimed = new List<OutboxMessage>();
            foreach (var message in due)
            {
                message.NextAttemptAt = now + TimeSpan.FromSeconds(Math.Max(1, smtp.LeaseSeconds));
                message.Version++;
                try
                {
                    await db.SaveChangesAsync(ct);
                    claimed.Add(message);
                }
                catch (DbUpdateConcurrencyException)
                {
                    // Another instance claimed it first.
                    db.Entry(message).State = EntityState.Detached;
                }
            }

            if (claimed.Count == 0)
            {
                return new DeliveryReport(0, 0);
            }

            int sent = 0, failed = 0;
            using var client = new SmtpClient { Timeout = 30_000 };
            Exception? connectError = null;
            try
            {
                await client.ConnectAsync(smtp.Host!, smtp.Port ?? (smtp.UseSsl ? 465 : 25), MailTlsOptions.Socket(smtp.UseSsl, smtp.StartTls), ct);
                if (!string.IsNullOrEmpty(smtp.User))
                {
                    await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                connectError = e;
            }

            foreach (var message in claimed)
            {
                var error = connectError;
                if (error is null)
                {
                    try
                    {
                        await client.SendAsync(await ToMimeAsync(db, message, smtp, ct), ct);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        error = e;
                    }
                }

                message.Attempts++;
                if (error is null)
                {
                    message.Status = OutboxStatus.Sent;
                    message.SentAt = clock.GetUtcNow();
                    message.LastError = null;
                    sent++;
                }
                else
                {
                    failed++;
                    message.LastError = Infrastructure.TextLimit.Truncate($"{error.GetType().Name}: {error.Message}", 2000);
                    var delay = TimeSpan.FromSeconds(Math.Min(MaxDelay.TotalSeconds, smtp.RetryBaseSeconds * Math.Pow(2, message.Attempts - 1)));
                    message.NextAttemptAt = clock.GetUtcNow() + delay;
                    if (message.Attempts >= smtp.MaxAttempts)
                    {
                        message.Status = OutboxStatus.Failed;
                    }

                    logger.LogWarning("Sending email {MessageId} to {To} failed (attempt {Attempts}): {Error}", message.MessageId, message.ToAddress, message.Attempts, message.LastError);
                }

                message.Version++;
                await db.SaveChangesAsync(ct);
            }

            if (client.IsConnected)
            {
                await client.DisconnectAsync(true, ct);
            }

            return new DeliveryReport(sent, failed);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<MimeMessage> ToMimeAsync(AppDbContext db, OutboxMessage message, SmtpOptions smtp, CancellationToken ct)
    {
        var mime = new MimeMessage { Subject = message.Subject, MessageId = message.MessageId, Date = message.CreatedAt };
        mime.From.Add(new MailboxAddress(smtp.FromName, smtp.From));
        if (options.Value.ReplyToPlusAddress && message.TicketId is { } ticketId && MailboxAddress.TryParse(smtp.From, out var from) && from.Domain.Length > 0)
        {
            // desk+<token>@…: an answer written afresh to this address (not as a reply) still proves it came from a recipient.
            var local = from.LocalPart.Split('+')[0];
            mime.ReplyTo.Add(new MailboxAddress(smtp.FromName, $"{local}+{await replyTokens.TokenForAsync(ticketId, ct)}@{from.Domain}"));
        }

        mime.To.Add(new MailboxAddress(message.ToName ?? "", message.ToAddress));
        if (message.InReplyTo is not null)
        {
            mime.InReplyTo = message.InReplyTo;
        }

        foreach (var reference in (message.References ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            mime.References.Add(reference);
        }

        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        foreach (var file in await db.Set<OutboxAttachment>().AsNoTracking().Where(a => a.MessageId == message.Id).OrderBy(a => a.Id).ToListAsync(ct))
        {
            body.Attachments.Add(file.FileName, file.Content, ContentType.Parse(file.ContentType));
        }

        mime.Body = body.ToMessageBody();
        return mime;
    }

}
