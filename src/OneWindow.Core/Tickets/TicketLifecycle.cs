namespace OneWindow.Core.Tickets;

/// <summary>The status of a ticket in its lifecycle.</summary>
public enum TicketStatus
{
    New,
    Assigned,
    InProgress,
    WaitingForClient,
    Resolved,
    Closed,
    Reopened,
}

/// <summary>Something an agent, the client or the system does to a ticket.</summary>
public enum TicketAction
{
    Assign,
    Unassign,
    Start,
    AskClient,
    ClientReplied,
    Resolve,
    ConfirmResolution,
    Reopen,
    Close,
    AutoClose,
    Forward,
}

/// <summary>The facts a transition may depend on: the current instant and the reopen window.</summary>
public sealed record TicketLifecycleContext(DateTimeOffset Now, DateTimeOffset? ResolvedAt, TimeSpan ReopenWindow);

/// <summary>
/// The outcome of applying an action. <see cref="Error"/> is a stable machine code (see <see cref="TicketLifecycle"/>
/// constants). When <see cref="StartsNewTicket"/> is true the action is accepted, the ticket keeps its status,
/// and the caller opens a new ticket linked to this one.
/// </summary>
public sealed record TicketTransition(bool Ok, TicketStatus To, string? Error, bool StartsNewTicket = false);

/// <summary>
/// The ticket state machine: New → Assigned → InProgress ⇄ WaitingForClient → Resolved → Closed, with Reopened
/// inside the reopen window. Pure: the caller supplies the instant and records the change with its actor.
/// </summary>
public static class TicketLifecycle
{
    public const string InvalidTransition = "invalid-transition";
    public const string ReopenWindowExpired = "reopen-window-expired";
    public const string TicketClosed = "ticket-closed";

    private static readonly TicketAction[] AllActions = Enum.GetValues<TicketAction>();

    public static TicketTransition Apply(TicketStatus from, TicketAction action, TicketLifecycleContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentOutOfRangeException.ThrowIfLessThan(ctx.ReopenWindow, TimeSpan.Zero, nameof(ctx));
        if (!Enum.IsDefined(from) || !Enum.IsDefined(action))
        {
            return Fail(from, InvalidTransition);
        }

        return (from, action) switch
        {
            // Closed is final: the only accepted action is a client reply, which starts a new linked ticket.
            (TicketStatus.Closed, TicketAction.ClientReplied) => NewTicket(from),
            (TicketStatus.Closed, _) => Fail(from, TicketClosed),

            (TicketStatus.New, TicketAction.Assign) => Move(TicketStatus.Assigned),
            (TicketStatus.Assigned, TicketAction.Unassign) => Move(TicketStatus.New),

            // Reassignment and forwarding to another team change who works the ticket, not where it is.
            (TicketStatus.Assigned or TicketStatus.InProgress or TicketStatus.WaitingForClient or TicketStatus.Reopened, TicketAction.Assign) => Move(from),
            (_, TicketAction.Forward) => Move(from),

            (TicketStatus.New or TicketStatus.Assigned or TicketStatus.Reopened, TicketAction.Start) => Move(TicketStatus.InProgress),
            (TicketStatus.InProgress, TicketAction.AskClient) => Move(TicketStatus.WaitingForClient),
            (TicketStatus.WaitingForClient, TicketAction.ClientReplied) => Move(TicketStatus.InProgress),

            // An extra message from the client on an open ticket is conversation, not a status change.
            (TicketStatus.New or TicketStatus.Assigned or TicketStatus.InProgress or TicketStatus.Reopened, TicketAction.ClientReplied) => Move(from),

            (TicketStatus.Assigned or TicketStatus.InProgress or TicketStatus.Reopened, TicketAction.Resolve) => Move(TicketStatus.Resolved),
            (TicketStatus.Resolved, TicketAction.ConfirmResolution or TicketAction.Close or TicketAction.AutoClose) => Move(TicketStatus.Closed),
            (TicketStatus.Resolved, TicketAction.Reopen) => InReopenWindow(ctx) ? Move(TicketStatus.Reopened) : Fail(from, ReopenWindowExpired),
            (TicketStatus.Resolved, TicketAction.ClientReplied) => InReopenWindow(ctx) ? Move(TicketStatus.Reopened) : NewTicket(from),

            _ => Fail(from, InvalidTransition),
        };
    }

    /// <summary>
    /// The actions that can succeed from <paramref name="status"/> in some context (Reopen on a Resolved ticket
    /// still depends on the window; use the overload with a context to know for sure).
    /// </summary>
    public static IReadOnlyList<TicketAction> AllowedActions(TicketStatus status)
    {
        var inWindow = new TicketLifecycleContext(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, TimeSpan.MaxValue);
        return AllowedActions(status, inWindow);
    }

    /// <summary>The actions that succeed from <paramref name="status"/> given <paramref name="ctx"/>.</summary>
    public static IReadOnlyList<TicketAction> AllowedActions(TicketStatus status, TicketLifecycleContext ctx) =>
        [.. AllActions.Where(a => Apply(status, a, ctx).Ok)];

    /// <summary>Whether the ticket still awaits an answer from the SSC or the client (not Resolved or Closed).</summary>
    public static bool IsOpen(TicketStatus status) => status is not (TicketStatus.Resolved or TicketStatus.Closed);

    /// <summary>
    /// Whether the reopen window is open at <c>ctx.Now</c>; the end is inclusive. Without a resolution instant the
    /// window cannot be shown to be open, so it counts as expired.
    /// </summary>
    public static bool InReopenWindow(TicketLifecycleContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (ctx.ResolvedAt is not { } resolvedAt)
        {
            return false;
        }

        // Compare elapsed time rather than adding the window to the instant, which would overflow for TimeSpan.MaxValue.
        return ctx.Now - resolvedAt <= ctx.ReopenWindow;
    }

    private static TicketTransition Move(TicketStatus to) => new(true, to, null);

    private static TicketTransition Fail(TicketStatus from, string error) => new(false, from, error);

    private static TicketTransition NewTicket(TicketStatus from) => new(true, from, null, StartsNewTicket: true);
}

/// <summary>
/// Which clock runs in a status. The SLA clock (the SSC's promise) pauses while the ticket waits for the client;
/// the OLA clock (the business's promise to answer) runs exactly then.
/// </summary>
public static class StatusClocks
{
    public static bool SlaClockRunning(TicketStatus status) =>
        status is not (TicketStatus.WaitingForClient or TicketStatus.Resolved or TicketStatus.Closed);

    public static bool OlaClockRunning(TicketStatus status) => status == TicketStatus.WaitingForClient;
}
