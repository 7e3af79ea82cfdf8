namespace OneWindow.Web.Features.Tickets;

/// <summary>A client's request: one ticket from intake to closure, whichever teams handle it on the way.</summary>
public sealed class Ticket : Entity, IServiceScoped
{
    /// <summary>Human-friendly number, e.g. OW-2026-000123; unique.</summary>
    public required string Number { get; set; }
    public Guid CompanyId { get; set; }
    public Clients.ClientCompany? Company { get; set; }
    public Guid? ServiceId { get; set; }
    public Catalogue.Service? Service { get; set; }
    public Guid? RequestTypeId { get; set; }
    public RequestType? RequestType { get; set; }
    public required string Subject { get; set; }
    public required string Description { get; set; }
    public TicketChannel Channel { get; set; }
    public TicketPriority Priority { get; set; } = TicketPriority.Normal;
    public TicketStatus Status { get; set; } = TicketStatus.New;
    public Guid? TeamId { get; set; }
    public Organisation.Team? Team { get; set; }
    public Guid? AssigneeId { get; set; }
    public People.AppUser? Assignee { get; set; }
    /// <summary>The client contact the ticket is for.</summary>
    public Guid? RequesterId { get; set; }
    public People.AppUser? Requester { get; set; }
    /// <summary>Who registered it (the client, or an agent on the client's behalf for phone and walk-in).</summary>
    public Guid? CreatedById { get; set; }
    /// <summary>Values of the request type's custom fields, as a JSON object keyed by field key.</summary>
    public string FieldValues { get; set; } = "{}";
    /// <summary>Space-separated tags set by routing rules or agents.</summary>
    public string Tags { get; set; } = "";
    /// <summary>Unguessable token of the public tracking link.</summary>
    public required string TrackingToken { get; set; }
    public DateTimeOffset? FirstResponseAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public DateTimeOffset LastActivityAt { get; set; }
    /// <summary>Set when the ticket was merged into another one (it is then closed).</summary>
    public Guid? MergedIntoId { get; set; }
    /// <summary>
    /// The nearest projected due instant of the ticket's running SLA clocks; null when none runs. Kept by the SLA clock
    /// keeper in the save that replays the clocks, so the lists sort and show "SLA due" from the ticket row itself.
    /// </summary>
    public DateTimeOffset? SlaDueAt { get; set; }
    /// <summary>
    /// The earliest instant an SLA clock of the ticket exceeded (or, running, will exceed) its target; null when none
    /// has or will on its present course. "Breached now" is <c>SlaBreachAt &lt;= now</c>: one indexed range, no clock read.
    /// </summary>
    public DateTimeOffset? SlaBreachAt { get; set; }
    public List<TicketEvent> Events { get; set; } = [];
    public List<TicketMessage> Messages { get; set; } = [];
    public List<TicketWatcher> Watchers { get; set; } = [];
}

public enum WatchReason
{
    /// <summary>The client's CSM follows every ticket of the client by default.</summary>
    ClientSuccessManager = 0,
    Added = 1,
}

/// <summary>An SSC person who follows a ticket and is told of its changes.</summary>
public sealed class TicketWatcher : ICompanyOwned
{
    public long Id { get; set; }
    public Guid TicketId { get; set; }
    public Guid CompanyId { get; set; }
    public Guid UserId { get; set; }
    public WatchReason Reason { get; set; }
}

/// <summary>What happened on a ticket; the timeline, and the status intervals that SLA/OLA clocks read.</summary>
public enum TicketEventKind
{
    Created = 0,
    StatusChanged = 1,
    Assigned = 2,
    Routed = 3,
    Forwarded = 4,
    PriorityChanged = 5,
    Replied = 6,
    ClientReplied = 7,
    NoteAdded = 8,
    CallLogged = 9,
    FieldsChanged = 10,
    Linked = 11,
    Merged = 12,
    /// <summary>An SLA/OLA clock reached an escalation level below its target (internal).</summary>
    ClockWarning = 13,
    /// <summary>An SLA/OLA clock exceeded its target (internal).</summary>
    ClockBreached = 14,
    /// <summary>A feedback case was opened after a low grade (a notification only, never a ticket event).</summary>
    FeedbackCase = 15,
    /// <summary>An agreement version awaits the client executive's approval (a notification only).</summary>
    AgreementSubmitted = 16,
    /// <summary>The client executive approved an agreement version (a notification only).</summary>
    AgreementApproved = 17,
    /// <summary>The client executive sent an agreement version back with a reason (a notification only).</summary>
    AgreementReturned = 18,
    /// <summary>An OLA deadline of the client falls due by the end of the next working day (a notification only).</summary>
    ObligationDueSoon = 19,
    /// <summary>An OLA deadline of the client has passed with nothing delivered (a notification only).</summary>
    ObligationLate = 20,
}

/// <summary>One append-only timeline entry of a ticket.</summary>
public sealed class TicketEvent : ICompanyOwned
{
    public long Id { get; set; }
    public Guid TicketId { get; set; }
    public Guid CompanyId { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? ActorId { get; set; }
    public string? ActorName { get; set; }
    public TicketEventKind Kind { get; set; }
    public TicketStatus? FromStatus { get; set; }
    public TicketStatus? ToStatus { get; set; }
    /// <summary>Language-neutral details as JSON (team, rule, assignee…); the UI renders them in the viewer's language.</summary>
    public string Data { get; set; } = "{}";
    /// <summary>Whether the client sees this entry (internal notes and routing details are hidden).</summary>
    public bool IsPublic { get; set; }
}

public enum MessageKind
{
    /// <summary>An SSC reply to the client (emailed).</summary>
    PublicReply = 0,
    /// <summary>What the client wrote (portal, email).</summary>
    ClientMessage = 1,
    /// <summary>Visible only to the SSC.</summary>
    InternalNote = 2,
    /// <summary>A logged phone call: counts as a response.</summary>
    PhoneCall = 3,
}

/// <summary>A message in a ticket's conversation.</summary>
public sealed class TicketMessage : Entity, ICompanyOwned
{
    public Guid TicketId { get; set; }
    public Guid CompanyId { get; set; }
    public MessageKind Kind { get; set; }
    public Guid? AuthorId { get; set; }
    public string? AuthorName { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset? CallAt { get; set; }
    public string? CallWith { get; set; }
    /// <summary>Message-ID of the email this message came in or went out as; threads replies.</summary>
    public string? EmailMessageId { get; set; }
}

/// <summary>The next ticket number of a year: the counter on SQLite, the starting point of the year's sequence on PostgreSQL (see TicketNumbers).</summary>
public sealed class TicketSequence
{
    public int Year { get; set; }
    public long Next { get; set; } = 1;
    public int Version { get; set; }
}

/// <summary>An ordered routing rule; conditions and actions are stored as JSON and evaluated by OneWindow.Core's RoutingEngine.</summary>
public sealed class TicketRoutingRule : Entity
{
    public required string Name { get; set; }
    public int Order { get; set; }
    public bool IsActive { get; set; } = true;
    public bool StopProcessing { get; set; } = true;
    public string Conditions { get; set; } = "{}";
    public string Actions { get; set; } = "{}";
}

/// <summary>A prepared answer agents insert into replies; shared with everyone or kept to one team.</summary>
public sealed class CannedResponse : Entity
{
    public required string Title { get; set; }
    public required string Body { get; set; }
    /// <summary>Null: available to every agent.</summary>
    public Guid? TeamId { get; set; }
    public string Culture { get; set; } = "ru";
}

public enum TicketLinkKind
{
    Related = 0,
    /// <summary>The linked ticket was merged into this one.</summary>
    MergedFrom = 1,
    /// <summary>This ticket was merged into the linked one.</summary>
    MergedInto = 2,
}

/// <summary>A link between two tickets of the same company; merging records a pair of links.</summary>
public sealed class TicketLink : ICompanyOwned
{
    public long Id { get; set; }
    public Guid TicketId { get; set; }
    public Guid LinkedTicketId { get; set; }
    public Guid CompanyId { get; set; }
    public TicketLinkKind Kind { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedById { get; set; }
}
