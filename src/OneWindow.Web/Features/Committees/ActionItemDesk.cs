using OneWindow.Core.Calendars;
using OneWindow.Web.Features.Calendars;

namespace OneWindow.Web.Features.Committees;

/// <summary>
/// A new action item: its committee (and the meeting and decision it came from), what is to be done, the owner on
/// either side, and the due date — a date, or a number of working days from the meeting date (today without a meeting).
/// </summary>
public sealed record ActionItemInput(
    [property: Required] Guid? CommitteeId,
    [property: Required, MaxLength(500)] string? Title,
    [property: Required] Guid? OwnerId,
    Guid? MeetingId = null,
    Guid? DecisionId = null,
    [property: MaxLength(4000)] string? Description = null,
    DateOnly? DueOn = null,
    int? DueWorkingDays = null,
    Guid? CompanyId = null);

/// <summary>A change of an item's text, owner or due date (SSC managers); what is null stays as it is.</summary>
public sealed record ActionItemChange(
    [property: MaxLength(500)] string? Title = null,
    [property: MaxLength(4000)] string? Description = null,
    Guid? OwnerId = null,
    DateOnly? DueOn = null,
    int? DueWorkingDays = null);

/// <summary>A status change with what came of it (the outcome is required to cancel).</summary>
public sealed record ActionItemStatusChange([property: Required] ActionItemStatus? Status, [property: MaxLength(4000)] string? Outcome = null);

/// <summary>An action item as the API and the pages show it.</summary>
public sealed record ActionItemDto(Guid Id, Guid CommitteeId, string CommitteeName, Guid? MeetingId, Guid? DecisionId, Guid? CompanyId, string Title, string? Description,
    Guid OwnerId, string OwnerName, CommitteeSide Side, int? DueWorkingDays, DateOnly DueOn, bool Overdue, ActionItemStatus Status, string? Outcome,
    DateTimeOffset? ClosedAt, DateTimeOffset CreatedAt, int Version);

/// <summary>
/// Committee action items' one write path (API and pages): SSC managers create and change any item of the committees
/// in their scope; an item's owner moves its status (Open → InProgress → Done or Cancelled) and writes the outcome.
/// A client owner's item belongs to the owner's company, which the committee must cover; tenancy hides the rest.
/// </summary>
public sealed class ActionItemDesk(AppDbContext db, CurrentActor actor, TimeProvider clock, CalendarBook calendars)
{
    public const int MaxWorkingDays = 250;

    /// <summary>SSC people who manage committees and their action items.</summary>
    public static bool CanManage(CurrentActor actor) =>
        actor is { Kind: ActorKind.Person, IsClient: false }
        && (actor.Principal.IsInRole(Roles.Admin) || actor.Principal.IsInRole(Roles.QualityManager)
            || actor.Principal.IsInRole(Roles.ClientSuccessManager) || actor.Principal.IsInRole(Roles.DeliveryLead));

    /// <summary>Whether the actor may move this item's status: a manager, or its owner.</summary>
    public static bool CanMove(CurrentActor actor, ActionItem item) => CanManage(actor) || (actor.Kind == ActorKind.Person && actor.UserId == item.OwnerId);

    public async Task<DeskResult> CreateAsync(ActionItemInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!CanManage(actor))
        {
            return DeskResult.Refused("Only the SSC's managers create action items.");
        }

        var errors = Annotations.Check(input);
        if (input.Title is { } title && string.IsNullOrWhiteSpace(title))
        {
            errors["title"] = ["A title is required."];
        }

        if (errors.Count > 0)
        {
            return DeskResult.Invalid(errors)!;
        }

        var committee = await db.Set<Committee>().AsNoTracking().Include(c => c.Companies).FirstOrDefaultAsync(c => c.Id == input.CommitteeId, ct);
        if (committee is null)
        {
            return DeskResult.Field("committeeId", "No such committee.");
        }

        CommitteeMeeting? meeting = null;
        if (input.MeetingId is { } meetingId)
        {
            meeting = await db.Set<CommitteeMeeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == meetingId && m.CommitteeId == committee.Id, ct);
            if (meeting is null)
            {
                errors["meetingId"] = ["No such meeting of this committee."];
            }
        }

        if (input.DecisionId is { } decisionId
            && !await db.Set<MeetingDecision>().AnyAsync(d => d.Id == decisionId && d.MeetingId == input.MeetingId, ct))
        {
            errors["decisionId"] = ["No such decision of this meeting."];
        }

        var owner = await OwnerAsync(input.OwnerId!.Value, committee, errors, ct);
        var companyId = owner?.CompanyId ?? input.CompanyId ?? committee.CompanyId;
        if (owner is { CompanyId: null } && companyId is { } concerned && committee.Companies.All(c => c.CompanyId != concerned))
        {
            errors["companyId"] = ["One of the companies the committee covers."];
        }

        var due = await DueAsync(input.DueOn, input.DueWorkingDays, meeting?.Date, committee, companyId, errors, ct);
        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        var item = new ActionItem
        {
            CommitteeId = committee.Id,
            MeetingId = meeting?.Id,
            DecisionId = input.DecisionId,
            CompanyId = companyId,
            Title = input.Title!.Trim(),
            Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(),
            OwnerId = owner!.Id,
            Side = owner.CompanyId is null ? CommitteeSide.Ssc : CommitteeSide.Client,
            DueWorkingDays = input.DueOn is null ? input.DueWorkingDays : null,
            DueOn = due!.Value,
            Status = ActionItemStatus.Open,
        };
        db.Set<ActionItem>().Add(item);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(item.Id);
    }

    /// <summary>Changes the text, owner or due date; a new due date lets the reminders go again.</summary>
    public async Task<DeskResult> ChangeAsync(ActionItem item, ActionItemChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(change);
        if (!CanManage(actor))
        {
            return DeskResult.Refused("Only the SSC's managers change action items; the owner moves the status.");
        }

        var errors = Annotations.Check(change);
        if (change.Title is { } title && string.IsNullOrWhiteSpace(title))
        {
            errors["title"] = ["A title is required."];
        }

        var committee = await db.Set<Committee>().AsNoTracking().Include(c => c.Companies).FirstAsync(c => c.Id == item.CommitteeId, ct);
        var owner = change.OwnerId is { } ownerId && ownerId != item.OwnerId ? await OwnerAsync(ownerId, committee, errors, ct) : null;
        DateOnly? due = null;
        if (change.DueOn is not null || change.DueWorkingDays is not null)
        {
            var meetingDate = item.MeetingId is { } meetingId
                ? await db.Set<CommitteeMeeting>().Where(m => m.Id == meetingId).Select(m => (DateOnly?)m.Date).FirstOrDefaultAsync(ct)
                : null;
            due = await DueAsync(change.DueOn, change.DueWorkingDays, meetingDate, committee, owner?.CompanyId ?? item.CompanyId, errors, ct);
        }

        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        item.Title = change.Title?.Trim() ?? item.Title;
        item.Description = change.Description is null ? item.Description : string.IsNullOrWhiteSpace(change.Description) ? null : change.Description.Trim();
        if (owner is not null)
        {
            item.OwnerId = owner.Id;
            item.Side = owner.CompanyId is null ? CommitteeSide.Ssc : CommitteeSide.Client;
            item.CompanyId = owner.CompanyId ?? item.CompanyId;
            item.ReminderBeforeSentAt = null;
            item.ReminderOverdueSentAt = null;
        }

        if (due is { } newDue && newDue != item.DueOn)
        {
            item.DueOn = newDue;
            item.DueWorkingDays = change.DueOn is null ? change.DueWorkingDays : null;
            item.ReminderBeforeSentAt = null;
            item.ReminderOverdueSentAt = null;
        }

        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(item.Id);
    }

    /// <summary>
    /// Moves the status: the owner or a manager. Done and Cancelled close the item (a cancellation says why); reopening
    /// a closed item is a manager's.
    /// </summary>
    public async Task<DeskResult> ChangeStatusAsync(ActionItem item, ActionItemStatusChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(change);
        if (!CanMove(actor, item))
        {
            return DeskResult.Refused("Only the item's owner or the SSC's managers change its status.");
        }

        var errors = Annotations.Check(change);
        if (change.Status is { } s && !Enum.IsDefined(s))
        {
            errors["status"] = ["Open, InProgress, Done or Cancelled."];
        }

        if (errors.Count > 0)
        {
            return DeskResult.Invalid(errors)!;
        }

        var status = change.Status!.Value;
        var closed = item.Status is ActionItemStatus.Done or ActionItemStatus.Cancelled;
        if (closed && status is ActionItemStatus.Open or ActionItemStatus.InProgress && !CanManage(actor))
        {
            return DeskResult.Refused("Only the SSC's managers reopen a closed item.");
        }

        if (status == ActionItemStatus.Cancelled && string.IsNullOrWhiteSpace(change.Outcome ?? item.Outcome))
        {
            return DeskResult.Field("outcome", "Say why the item is cancelled.");
        }

        item.Status = status;
        item.Outcome = change.Outcome is null ? item.Outcome : string.IsNullOrWhiteSpace(change.Outcome) ? null : change.Outcome.Trim();
        item.ClosedAt = status is ActionItemStatus.Done or ActionItemStatus.Cancelled ? item.ClosedAt ?? clock.GetUtcNow() : null;
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(item.Id);
    }

    /// <summary>An active person of the SSC, or of a company the committee covers.</summary>
    private async Task<People.AppUser?> OwnerAsync(Guid ownerId, Committee committee, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var covered = committee.Companies.Select(c => c.CompanyId).ToList();
        var owner = await db.Users.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(u => u.Id == ownerId && u.IsActive, ct);
        if (owner is null || owner.CompanyId is { } company && !covered.Contains(company))
        {
            errors["ownerId"] = ["The owner is an active SSC person or a person of a company the committee covers."];
            return null;
        }

        return owner;
    }

    /// <summary>
    /// The due date: the given date (from the base date to three years on), or N working days after the meeting date
    /// (today when there is no meeting) by the company's calendar, or the Russian production calendar without one.
    /// </summary>
    private async Task<DateOnly?> DueAsync(DateOnly? dueOn, int? workingDays, DateOnly? meetingDate, Committee committee, Guid? companyId,
        Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var today = LocalToday(clock.GetUtcNow(), committee.TimeZoneId);
        if (dueOn is { } date)
        {
            if (date < today.AddDays(-1) || date > today.AddYears(3))
            {
                errors["dueOn"] = ["The due date is from today to three years ahead."];
                return null;
            }

            return date;
        }

        if (workingDays is not { } n)
        {
            errors["dueOn"] = ["Give a due date or a number of working days."];
            return null;
        }

        if (n is < 1 or > MaxWorkingDays)
        {
            errors["dueWorkingDays"] = ["From 1 to 250 working days."];
            return null;
        }

        var from = meetingDate ?? today;
        if (companyId is { } company && await CalendarBook.ResolveIdAsync(db, null, company, null, ct) is { } calendarId)
        {
            try
            {
                var calendar = await calendars.GetAsync(db, calendarId, ct);
                return calendar.NthWorkingDate(from.AddDays(1), n);
            }
            catch (InvalidOperationException)
            {
                // A calendar without working days falls back to the production calendar below.
            }
        }

        return ProductionCalendar.Russia.AddWorkingDays(from, n);
    }

    public static DateOnly LocalToday(DateTimeOffset now, string? timeZoneId) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, ViewerTime.Zone(timeZoneId)).DateTime);
}
