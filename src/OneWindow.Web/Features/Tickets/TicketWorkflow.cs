using OneWindow.Web.Features.Attachments;

namespace OneWindow.Web.Features.Tickets;

public sealed class TicketOptions
{
    /// <summary>How long after resolution a client's answer reopens the ticket instead of starting a new one.</summary>
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Working days (Russian production calendar) after which an unconfirmed resolution is closed; 0 turns it off.</summary>
    public int AutoCloseWorkingDays { get; set; } = 5;
}

/// <summary>
/// Told of every public reply before it is saved, so that what it adds (the mail outbox's email) commits in the same
/// transaction as the reply.
/// </summary>
[FeatureSeam]
public interface ITicketReplyListener
{
    Task OnPublicReplyAsync(Ticket ticket, TicketMessage reply, CancellationToken ct);
}

/// <summary>
/// Told of every new ticket once it has its number and before it is saved, so that what it adds (the acknowledgement
/// email in the outbox) commits in the ticket's own transaction.
/// </summary>
[FeatureSeam]
public interface ITicketIntakeListener
{
    Task OnCreatedAsync(Ticket ticket, People.AppUser requester, RequestType type, CancellationToken ct);
}

/// <summary>A change an agent or client asks for; the fields an action needs travel with it.</summary>
public sealed record TicketCommand(TicketAction Action, Guid? AssigneeId = null, Guid? TeamId = null, string? Message = null);

[FeatureSeam]
public enum TicketOutcome
{
    Done,
    NotFound,
    Forbidden,
    Invalid,
}

/// <summary>
/// Moves tickets through their lifecycle (OneWindow.Core's TicketLifecycle decides what is allowed) and records every
/// change with actor and time on the timeline, which the SLA/OLA clocks will read.
/// </summary>
[FeatureSeam]
public sealed class TicketWorkflow(AppDbContext db, CurrentActor actor, TimeProvider clock, Microsoft.Extensions.Options.IOptions<TicketOptions> options,
    IEnumerable<ITicketReplyListener> replyListeners, AttachmentService attachments)
{
    private static readonly TicketAction[] ClientActions = [TicketAction.ConfirmResolution, TicketAction.Reopen];

    public async Task<(TicketOutcome Outcome, string? Error, string? Field)> ApplyAsync(Guid ticketId, TicketCommand command, CancellationToken ct)
    {
        var ticket = await db.Tickets.VisibleTo(actor).FirstOrDefaultAsync(t => t.Id == ticketId, ct);
        if (ticket is null)
        {
            return (TicketOutcome.NotFound, null, null);
        }

        if (actor.IsClient && !ClientActions.Contains(command.Action))
        {
            return (TicketOutcome.Forbidden, "Clients can confirm a resolution or reopen a ticket; other changes are the SSC's.", "action");
        }

        var now = clock.GetUtcNow();
        var context = new TicketLifecycleContext(now, ticket.ResolvedAt, options.Value.ReopenWindow);
        var transition = TicketLifecycle.Apply(ticket.Status, command.Action, context);
        if (!transition.Ok)
        {
            return (TicketOutcome.Invalid, $"{command.Action} is not possible while the ticket is {ticket.Status} ({transition.Error}).", "action");
        }

        switch (command.Action)
        {
            case TicketAction.Assign:
                if (command.AssigneeId is not { } assignee || !await db.Users.AnyAsync(u => u.Id == assignee && u.CompanyId == null && u.IsActive, ct))
                {
                    return (TicketOutcome.Invalid, "Name an active SSC person as assigneeId.", "assigneeId");
                }

                ticket.AssigneeId = assignee;
                ticket.Events.Add(TicketEvents.New(ticket, now, actor, TicketEventKind.Assigned, isPublic: false, new JsonObject { ["assigneeId"] = assignee.ToString() }));
                break;
            case TicketAction.Unassign:
                ticket.AssigneeId = null;
                break;
            case TicketAction.Forward:
                if (command.TeamId is not { } team || !await db.Teams.AnyAsync(t => t.Id == team && t.IsActive, ct))
                {
                    return (TicketOutcome.Invalid, "Name an active team as teamId.", "teamId");
                }

                // Forwarding keeps one ticket with its history and clocks; only the team and assignee change. The move and
                // its note are internal: the client sees the same ticket, not how the SSC routes it.
                ticket.Events.Add(TicketEvents.New(ticket, now, actor, TicketEventKind.Forwarded, isPublic: false,
                    new JsonObject { ["fromTeamId"] = ticket.TeamId?.ToString(), ["teamId"] = team.ToString(), ["note"] = command.Message }));
                ticket.TeamId = team;
                ticket.AssigneeId = null;
                break;
            case TicketAction.AskClient:
                if (string.IsNullOrWhiteSpace(command.Message))
                {
                    return (TicketOutcome.Invalid, "Write the question to the client in message.", "message");
                }

                break;
            case TicketAction.Resolve:
                ticket.ResolvedAt = now;
                break;
            case TicketAction.ConfirmResolution or TicketAction.Close or TicketAction.AutoClose:
                ticket.ClosedAt = now;
                break;
            case TicketAction.Reopen:
                ticket.ResolvedAt = null;
                break;
        }

        if (!string.IsNullOrWhiteSpace(command.Message) && command.Action is not TicketAction.Forward)
        {
            // A question, a resolution note or a reopening reason is part of the conversation.
            var message = AddMessage(ticket, actor.IsClient ? MessageKind.ClientMessage : MessageKind.PublicReply, command.Message.Trim(), now);
            await NotifyAsync(ticket, message, ct);
        }

        if (transition.To != ticket.Status)
        {
            ticket.Events.Add(TicketEvents.StatusChange(ticket, now, actor, ticket.Status, transition.To));
            ticket.Status = transition.To;
        }

        ticket.LastActivityAt = now;
        await db.SaveChangesAsync(ct);
        return (TicketOutcome.Done, null, null);
    }

    public sealed record NewMessage(MessageKind Kind, string Body, DateTimeOffset? CallAt = null, string? CallWith = null);

    /// <summary>Adds a reply, note or logged call; a client's message answers a pending clarification.</summary>
    /// <summary>
    /// Adds a message, with files when given: they are checked and stored first and saved with the message, all or
    /// nothing — a refused file stops the message, and what was stored of the others is removed.
    /// </summary>
    public async Task<(TicketOutcome Outcome, string? Error, string? Field, Guid? MessageId)> AddMessageAsync(Guid ticketId, NewMessage message, CancellationToken ct,
        IReadOnlyList<IncomingFile>? files = null)
    {
        var ticket = await db.Tickets.VisibleTo(actor).FirstOrDefaultAsync(t => t.Id == ticketId, ct);
        if (ticket is null)
        {
            return (TicketOutcome.NotFound, null, null, null);
        }

        var kind = actor.IsClient ? MessageKind.ClientMessage : message.Kind;
        if (!actor.IsClient && kind == MessageKind.ClientMessage)
        {
            return (TicketOutcome.Invalid, "SSC staff write replies, notes or calls.", "kind", null);
        }

        var now = clock.GetUtcNow();
        if (kind == MessageKind.ClientMessage && !ApplyClientReply(ticket, now))
        {
            return (TicketOutcome.Invalid, "The ticket is closed; file a new request and mention this number.", "ticket", null);
        }

        var added = AddMessage(ticket, kind, message.Body.Trim(), now, message.CallAt, message.CallWith);
        var stored = new List<TicketAttachment>();
        if (files is { Count: > 0 })
        {
            var target = new AttachmentTarget(ticket.Id, ticket.CompanyId, added.Id, kind != MessageKind.InternalNote, AttachmentSource.Upload, actor.UserId, actor.Name);
            var refusals = new List<string>();
            foreach (var file in files)
            {
                var (attachment, refusal) = await attachments.StoreAsync(target, file.FileName, file.Content, ct);
                if (attachment is null)
                {
                    refusals.Add(refusal!);
                }
                else
                {
                    stored.Add(attachment);
                }
            }

            if (refusals.Count > 0)
            {
                await attachments.DiscardAsync(stored, ct);
                return (TicketOutcome.Invalid, string.Join(" ", refusals), "files", null);
            }

            db.TicketAttachments.AddRange(stored);
        }

        await NotifyAsync(ticket, added, ct);
        ticket.LastActivityAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            await attachments.DiscardAsync(stored, CancellationToken.None);
            throw;
        }

        return (TicketOutcome.Done, null, null, added.Id);
    }

    /// <summary>
    /// Adds a client's emailed reply on their behalf (the mail intake runs as the system): the message and its timeline
    /// entries name the client, and the email's Message-ID is kept so later replies thread. Whatever the caller added to
    /// the context is saved in the same transaction. NotFound when the ticket is closed for good (a new request then).
    /// </summary>
    public async Task<(TicketOutcome Outcome, Guid? MessageId)> AddClientEmailAsync(Guid ticketId, People.AppUser author, string body, string emailMessageId, CancellationToken ct)
    {
        var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == ticketId && t.CompanyId == author.CompanyId, ct);
        if (ticket is null)
        {
            return (TicketOutcome.NotFound, null);
        }

        var now = clock.GetUtcNow();
        var eventsBefore = ticket.Events.Count;
        if (!ApplyClientReply(ticket, now))
        {
            return (TicketOutcome.Invalid, null);
        }

        var added = AddMessage(ticket, MessageKind.ClientMessage, body.Trim(), now);
        added.AuthorId = author.Id;
        added.AuthorName = author.FullName;
        added.EmailMessageId = emailMessageId;
        foreach (var e in ticket.Events.Skip(eventsBefore))
        {
            e.ActorId = author.Id;
            e.ActorName = author.FullName;
        }

        ticket.LastActivityAt = now;
        await db.SaveChangesAsync(ct);
        return (TicketOutcome.Done, added.Id);
    }

    /// <summary>Whether a client's message now would enter the ticket (and perhaps reopen it) rather than start a new one.</summary>
    public bool AcceptsClientReply(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var now = clock.GetUtcNow();
        return !TicketLifecycle.Apply(ticket.Status, TicketAction.ClientReplied, new TicketLifecycleContext(now, ticket.ResolvedAt, options.Value.ReopenWindow)).StartsNewTicket;
    }

    /// <summary>A client's message answers a pending clarification or reopens a recently resolved ticket; false when it is closed for good.</summary>
    private bool ApplyClientReply(Ticket ticket, DateTimeOffset now)
    {
        var transition = TicketLifecycle.Apply(ticket.Status, TicketAction.ClientReplied, new TicketLifecycleContext(now, ticket.ResolvedAt, options.Value.ReopenWindow));
        if (transition.StartsNewTicket)
        {
            return false;
        }

        if (transition.Ok && transition.To != ticket.Status)
        {
            ticket.Events.Add(TicketEvents.StatusChange(ticket, now, actor, ticket.Status, transition.To));
            if (ticket.Status == TicketStatus.Resolved)
            {
                ticket.ResolvedAt = null;
            }

            ticket.Status = transition.To;
        }

        return true;
    }

    private async Task NotifyAsync(Ticket ticket, TicketMessage message, CancellationToken ct)
    {
        if (message.Kind != MessageKind.PublicReply)
        {
            return;
        }

        foreach (var listener in replyListeners)
        {
            await listener.OnPublicReplyAsync(ticket, message, ct);
        }
    }

    private TicketMessage AddMessage(Ticket ticket, MessageKind kind, string body, DateTimeOffset now, DateTimeOffset? callAt = null, string? callWith = null)
    {
        var message = new TicketMessage { TicketId = ticket.Id, CompanyId = ticket.CompanyId, Kind = kind, AuthorId = actor.UserId, AuthorName = actor.Name, Body = body, CallAt = callAt, CallWith = callWith };
        db.TicketMessages.Add(message);
        var eventKind = kind switch
        {
            MessageKind.PublicReply => TicketEventKind.Replied,
            MessageKind.PhoneCall => TicketEventKind.CallLogged,
            MessageKind.InternalNote => TicketEventKind.NoteAdded,
            _ => TicketEventKind.ClientReplied,
        };
        ticket.Events.Add(TicketEvents.New(ticket, now, actor, eventKind, isPublic: kind != MessageKind.InternalNote));
        if (kind is MessageKind.PublicReply or MessageKind.PhoneCall)
        {
            // A letter or a call both count as the SSC's first response.
            ticket.FirstResponseAt ??= now;
        }

        return message;
    }
}
