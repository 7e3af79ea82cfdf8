using OneWindow.Core.Committees;

namespace OneWindow.Web.Features.Committees;

/// <summary>Whom a committee covers: one client company, a holding's companies, or one service across its clients.</summary>
public enum CommitteeScope
{
    Company = 0,
    Holding = 1,
    Service = 2,
}

/// <summary>The level of a committee: working managers (operational) or the leaders on both sides (executive).</summary>
public enum CommitteeLevel
{
    Operational = 0,
    Executive = 1,
}

public enum CommitteeRole
{
    Chair = 0,
    Secretary = 1,
    Member = 2,
    Invited = 3,
}

/// <summary>Which side a person or an action item is on.</summary>
public enum CommitteeSide
{
    Ssc = 0,
    Client = 1,
}

public enum MeetingKind
{
    /// <summary>A working meeting before the committee, where routine issues are settled.</summary>
    PreMeeting = 0,
    Committee = 1,
}

public enum MeetingStatus
{
    Planned = 0,
    /// <summary>Started: the agenda pack is frozen.</summary>
    Started = 1,
    Held = 2,
    Cancelled = 3,
}

public enum ActionItemStatus
{
    Open = 0,
    InProgress = 1,
    Done = 2,
    Cancelled = 3,
}

/// <summary>Where an issue raised for a committee came from.</summary>
public enum IssueSource
{
    FreeText = 0,
    Ticket = 1,
    ComplaintCase = 2,
    ClaimToBusiness = 3,
    SurveyAction = 4,
    Breach = 5,
}

public enum IssueStatus
{
    /// <summary>Raised, to be worked at a pre-meeting.</summary>
    Open = 0,
    /// <summary>Settled before the committee (at a pre-meeting).</summary>
    Settled = 1,
    /// <summary>Marked for escalation: it goes onto the committee's agenda.</summary>
    Escalated = 2,
    /// <summary>Decided at the committee.</summary>
    Closed = 3,
}

public enum CadenceProposalStatus
{
    Proposed = 0,
    Accepted = 1,
    Rejected = 2,
}

public enum PlannedChangeStatus
{
    Planned = 0,
    InProgress = 1,
    Done = 2,
    Dropped = 3,
}

/// <summary>
/// A quality committee: the SSC and its client(s) at one level, meeting on a cadence in the client's zone by the
/// production calendar. Covered companies are listed in <see cref="CommitteeCompany"/> rows (computed from the scope),
/// which is what tenancy reads: a client user sees the committees that cover their company.
/// </summary>
public sealed class Committee : Entity
{
    public required string Name { get; set; }
    public CommitteeScope Scope { get; set; }
    public Guid? CompanyId { get; set; }
    public Guid? HoldingId { get; set; }
    public Guid? ServiceId { get; set; }
    public CommitteeLevel Level { get; set; }
    public CommitteeCadence Cadence { get; set; }
    /// <summary>The first meeting date; later ones follow the cadence (a day off moves to the next working day).</summary>
    public DateOnly FirstDate { get; set; }
    /// <summary>Local start time in <see cref="TimeZoneId"/>.</summary>
    public TimeOnly MeetingTime { get; set; } = new(11, 0);
    public int MeetingMinutes { get; set; } = 60;
    /// <summary>The client's zone (the covered company's, or the first covered company's).</summary>
    public required string TimeZoneId { get; set; }
    public string? Place { get; set; }
    public string? OnlineLink { get; set; }
    public bool IsActive { get; set; } = true;
    public List<CommitteeMember> Members { get; set; } = [];
    public List<CommitteeCompany> Companies { get; set; } = [];
}

/// <summary>A company a committee covers: the tenancy link (a committee is seen by the SSC and the covered companies' people).</summary>
public sealed class CommitteeCompany : ICompanyOwned
{
    public Guid CommitteeId { get; set; }
    public Guid CompanyId { get; set; }
}

/// <summary>A member of a committee from either side, with a role.</summary>
public sealed class CommitteeMember : Entity
{
    public Guid CommitteeId { get; set; }
    public Guid PersonId { get; set; }
    public People.AppUser? Person { get; set; }
    public CommitteeRole Role { get; set; }
    public CommitteeSide Side { get; set; }
}

/// <summary>
/// A meeting of a committee (or a pre-meeting): its date and time, place and online link, the iCalendar sequence of its
/// invitation, the agenda pack frozen when it starts, the minutes' approval.
/// </summary>
public sealed class CommitteeMeeting : Entity
{
    public Guid CommitteeId { get; set; }
    public Committee? Committee { get; set; }
    public MeetingKind Kind { get; set; } = MeetingKind.Committee;
    /// <summary>Sequential number within the committee (протокол № N).</summary>
    public int Number { get; set; }
    /// <summary>The local date (after any move off a day off).</summary>
    public DateOnly Date { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public int Minutes { get; set; } = 60;
    public string? Place { get; set; }
    public string? OnlineLink { get; set; }
    public MeetingStatus Status { get; set; }
    /// <summary>The report period the pack covers (2026-11, 2026-Q4…).</summary>
    public required string PeriodKey { get; set; }
    /// <summary>The iCalendar SEQUENCE last sent (0: no invitation yet).</summary>
    public int InviteSequence { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    /// <summary>The agenda pack as frozen at the start (JSON); null while it is built live.</summary>
    public string? FrozenPack { get; set; }
    public string? Agenda { get; set; }
    public DateTimeOffset? MinutesApprovedAt { get; set; }
    public Guid? MinutesApprovedById { get; set; }
    public DateTimeOffset? MinutesSentAt { get; set; }
}

/// <summary>Who attended a meeting (members and invited guests).</summary>
public sealed class MeetingAttendance
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MeetingId { get; set; }
    public Guid PersonId { get; set; }
    public bool Present { get; set; }
    public string? Note { get; set; }
}

/// <summary>One item of the minutes: what was heard («СЛУШАЛИ») and what was decided («РЕШИЛИ»).</summary>
public sealed class MeetingDecision : Entity
{
    public Guid MeetingId { get; set; }
    public int Order { get; set; }
    public required string Heard { get; set; }
    public required string Decided { get; set; }
    /// <summary>The issue this decision answers, if any.</summary>
    public Guid? IssueId { get; set; }
}

/// <summary>
/// An action item from a committee's minutes (or raised between meetings), owned on either side, tracked to closure;
/// the client owner sees it in the portal and gets reminders before and after the due date.
/// </summary>
public sealed class ActionItem : Entity
{
    public Guid CommitteeId { get; set; }
    public Guid? MeetingId { get; set; }
    public Guid? DecisionId { get; set; }
    /// <summary>The company the item concerns (a client owner's company); null for SSC-internal items.</summary>
    public Guid? CompanyId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public Guid OwnerId { get; set; }
    public People.AppUser? Owner { get; set; }
    public CommitteeSide Side { get; set; }
    /// <summary>Working days given at the meeting (the due date is computed from them by the production calendar).</summary>
    public int? DueWorkingDays { get; set; }
    public DateOnly DueOn { get; set; }
    public ActionItemStatus Status { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? Outcome { get; set; }
    /// <summary>What the item came from (an issue's source), for the link back.</summary>
    public IssueSource? SourceKind { get; set; }
    public Guid? SourceId { get; set; }
    public DateTimeOffset? ReminderBeforeSentAt { get; set; }
    public DateTimeOffset? ReminderOverdueSentAt { get; set; }
}

/// <summary>An issue raised by either side for a committee; worked at pre-meetings; only escalated ones reach the agenda.</summary>
public sealed class CommitteeIssue : Entity
{
    public Guid CommitteeId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public CommitteeSide RaisedBySide { get; set; }
    public Guid RaisedById { get; set; }
    public IssueSource Source { get; set; }
    public Guid? SourceId { get; set; }
    public IssueStatus Status { get; set; }
    /// <summary>The pre-meeting that worked it.</summary>
    public Guid? PreMeetingId { get; set; }
    /// <summary>The committee meeting it was escalated to.</summary>
    public Guid? MeetingId { get; set; }
    public string? Resolution { get; set; }
    public DateTimeOffset? SettledAt { get; set; }
}

/// <summary>
/// The planned-changes register: the business's answers to the standing question "are you planning changes that will
/// affect the processes or the SSC?" — what, when, which processes, the impact, and the SSC's owner.
/// </summary>
public sealed class PlannedChange : Entity, ICompanyOwned
{
    public Guid CompanyId { get; set; }
    public Guid? CommitteeId { get; set; }
    public Guid? MeetingId { get; set; }
    public required string What { get; set; }
    public DateOnly? PlannedOn { get; set; }
    /// <summary>The processes affected, as the business named them.</summary>
    public string? Processes { get; set; }
    public string? Impact { get; set; }
    public Guid? SscOwnerId { get; set; }
    public PlannedChangeStatus Status { get; set; }
    public Guid? AnsweredById { get; set; }
    public DateTimeOffset AnsweredAt { get; set; }
}

/// <summary>A cadence the system proposes for a committee (tighter on a falling index or a stabilising service, looser once stable); a person accepts.</summary>
public sealed class CadenceProposal : Entity
{
    public Guid CommitteeId { get; set; }
    public CommitteeCadence From { get; set; }
    public CommitteeCadence To { get; set; }
    /// <summary>A stable code of <see cref="CadenceReason"/>.</summary>
    public CadenceReason Reason { get; set; }
    public string? Detail { get; set; }
    public CadenceProposalStatus Status { get; set; }
    public DateTimeOffset ProposedAt { get; set; }
    public Guid? DecidedById { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
}

internal sealed class CommitteeConfiguration : IEntityTypeConfiguration<Committee>
{
    public void Configure(EntityTypeBuilder<Committee> b)
    {
        b.ToTable("Committees");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Scope).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Level).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Cadence).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.TimeZoneId).HasMaxLength(64);
        b.Property(x => x.Place).HasMaxLength(300);
        b.Property(x => x.OnlineLink).HasMaxLength(1000);
        b.HasOne<Clients.ClientCompany>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Clients.Holding>().WithMany().HasForeignKey(x => x.HoldingId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Catalogue.Service>().WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Members).WithOne().HasForeignKey(x => x.CommitteeId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Companies).WithOne().HasForeignKey(x => x.CommitteeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CommitteeCompanyConfiguration : IEntityTypeConfiguration<CommitteeCompany>
{
    public void Configure(EntityTypeBuilder<CommitteeCompany> b)
    {
        b.ToTable("CommitteeCompanies");
        b.HasKey(x => new { x.CommitteeId, x.CompanyId });
        b.HasOne<Clients.ClientCompany>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.CompanyId);
    }
}

internal sealed class CommitteeMemberConfiguration : IEntityTypeConfiguration<CommitteeMember>
{
    public void Configure(EntityTypeBuilder<CommitteeMember> b)
    {
        b.ToTable("CommitteeMembers");
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Side).HasConversion<string>().HasMaxLength(8);
        b.HasOne(x => x.Person).WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CommitteeId, x.PersonId }).IsUnique();
    }
}

internal sealed class CommitteeMeetingConfiguration : IEntityTypeConfiguration<CommitteeMeeting>
{
    public void Configure(EntityTypeBuilder<CommitteeMeeting> b)
    {
        b.ToTable("CommitteeMeetings");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.PeriodKey).HasMaxLength(16);
        b.Property(x => x.Place).HasMaxLength(300);
        b.Property(x => x.OnlineLink).HasMaxLength(1000);
        b.Property(x => x.Agenda).HasMaxLength(8000);
        b.HasOne(x => x.Committee).WithMany().HasForeignKey(x => x.CommitteeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.MinutesApprovedById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CommitteeId, x.Kind, x.Number }).IsUnique();
        b.HasIndex(x => new { x.CommitteeId, x.Date });
    }
}

internal sealed class MeetingAttendanceConfiguration : IEntityTypeConfiguration<MeetingAttendance>
{
    public void Configure(EntityTypeBuilder<MeetingAttendance> b)
    {
        b.ToTable("MeetingAttendance");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Note).HasMaxLength(500);
        b.HasOne<CommitteeMeeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.MeetingId, x.PersonId }).IsUnique();
    }
}

internal sealed class MeetingDecisionConfiguration : IEntityTypeConfiguration<MeetingDecision>
{
    public void Configure(EntityTypeBuilder<MeetingDecision> b)
    {
        b.ToTable("MeetingDecisions");
        b.Property(x => x.Heard).HasMaxLength(4000);
        b.Property(x => x.Decided).HasMaxLength(4000);
        b.HasOne<CommitteeMeeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CommitteeIssue>().WithMany().HasForeignKey(x => x.IssueId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => new { x.MeetingId, x.Order });
    }
}

internal sealed class ActionItemConfiguration : IEntityTypeConfiguration<ActionItem>
{
    public void Configure(EntityTypeBuilder<ActionItem> b)
    {
        b.ToTable("ActionItems");
        b.Property(x => x.Title).HasMaxLength(500);
        b.Property(x => x.Description).HasMaxLength(4000);
        b.Property(x => x.Outcome).HasMaxLength(4000);
        b.Property(x => x.Side).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.SourceKind).HasConversion<string>().HasMaxLength(32);
        b.HasOne<Committee>().WithMany().HasForeignKey(x => x.CommitteeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CommitteeMeeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<MeetingDecision>().WithMany().HasForeignKey(x => x.DecisionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Clients.ClientCompany>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Owner).WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CommitteeId, x.Status });
        b.HasIndex(x => new { x.OwnerId, x.Status });
        b.HasIndex(x => new { x.Status, x.DueOn });
    }
}

internal sealed class CommitteeIssueConfiguration : IEntityTypeConfiguration<CommitteeIssue>
{
    public void Configure(EntityTypeBuilder<CommitteeIssue> b)
    {
        b.ToTable("CommitteeIssues");
        b.Property(x => x.Title).HasMaxLength(500);
        b.Property(x => x.Description).HasMaxLength(4000);
        b.Property(x => x.Resolution).HasMaxLength(4000);
        b.Property(x => x.RaisedBySide).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Source).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Committee>().WithMany().HasForeignKey(x => x.CommitteeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.RaisedById).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CommitteeMeeting>().WithMany().HasForeignKey(x => x.PreMeetingId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CommitteeMeeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CommitteeId, x.Status });
    }
}

internal sealed class PlannedChangeConfiguration : IEntityTypeConfiguration<PlannedChange>
{
    public void Configure(EntityTypeBuilder<PlannedChange> b)
    {
        b.ToTable("PlannedChanges");
        b.Property(x => x.What).HasMaxLength(2000);
        b.Property(x => x.Processes).HasMaxLength(1000);
        b.Property(x => x.Impact).HasMaxLength(2000);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Clients.ClientCompany>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Committee>().WithMany().HasForeignKey(x => x.CommitteeId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<CommitteeMeeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.SscOwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.AnsweredById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CompanyId, x.Status });
    }
}

internal sealed class CadenceProposalConfiguration : IEntityTypeConfiguration<CadenceProposal>
{
    public void Configure(EntityTypeBuilder<CadenceProposal> b)
    {
        b.ToTable("CadenceProposals");
        b.Property(x => x.From).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.To).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Reason).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Detail).HasMaxLength(1000);
        b.HasOne<Committee>().WithMany().HasForeignKey(x => x.CommitteeId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.CommitteeId, x.Status });
    }
}
