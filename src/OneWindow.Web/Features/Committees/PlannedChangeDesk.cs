namespace OneWindow.Web.Features.Committees;

public sealed record PlannedChangeInput(
    Guid? CompanyId,
    Guid? CommitteeId,
    Guid? MeetingId,
    [property: Required, MaxLength(2000)] string? What,
    DateOnly? PlannedOn,
    [property: MaxLength(1000)] string? Processes,
    [property: MaxLength(2000)] string? Impact,
    Guid? SscOwnerId,
    PlannedChangeStatus? Status);

public sealed record PlannedChangeStatusInput([property: Required] PlannedChangeStatus? Status);

public sealed record PlannedChangeDto(Guid Id, Guid CompanyId, string Company, Guid? CommitteeId, Guid? MeetingId, string What, DateOnly? PlannedOn,
    string? Processes, string? Impact, Guid? SscOwnerId, string? SscOwner, PlannedChangeStatus Status, Guid? AnsweredById, string? AnsweredBy,
    DateTimeOffset AnsweredAt, int Version);

/// <summary>
/// The planned-changes register: the business's answers to "are you planning changes that affect the processes or the
/// SSC?". Written by the company's executives and by the SSC (for the companies in their scope — the tenancy filter and
/// the save guard decide which); a company out of scope is not found.
/// </summary>
public sealed class PlannedChangeDesk(AppDbContext db, CurrentActor actor, TimeProvider clock)
{
    public const string NotAllowed = "Only the company's executives and the SSC answer planned changes.";
    private static readonly DateOnly Earliest = new(2000, 1, 1);
    private static readonly DateOnly Latest = new(2100, 12, 31);

    public static bool CanWrite(CurrentActor actor) =>
        actor.Kind == ActorKind.Person && (!actor.IsClient || actor.Principal.IsInRole(Roles.ClientExecutive));

    public static IQueryable<PlannedChangeDto> Project(AppDbContext db, IQueryable<PlannedChange> changes) =>
        changes.Select(c => new PlannedChangeDto(c.Id, c.CompanyId, db.Companies.Where(x => x.Id == c.CompanyId).Select(x => x.Name).FirstOrDefault() ?? "",
            c.CommitteeId, c.MeetingId, c.What, c.PlannedOn, c.Processes, c.Impact, c.SscOwnerId,
            db.Users.Where(u => u.Id == c.SscOwnerId).Select(u => u.FullName).FirstOrDefault(), c.Status, c.AnsweredById,
            db.Users.Where(u => u.Id == c.AnsweredById).Select(u => u.FullName).FirstOrDefault(), c.AnsweredAt, c.Version));

    /// <summary>The register in scope, optionally of one company or of the companies one committee covers; open ones first, by date.</summary>
    public static async Task<List<PlannedChangeDto>> ListAsync(AppDbContext db, Guid? companyId, Guid? committeeId, CancellationToken ct)
    {
        var query = db.Set<PlannedChange>().AsNoTracking();
        query = companyId is { } c ? query.Where(x => x.CompanyId == c) : query;
        if (committeeId is { } committee)
        {
            var covered = db.Set<CommitteeCompany>().Where(cc => cc.CommitteeId == committee).Select(cc => cc.CompanyId);
            query = query.Where(x => x.CommitteeId == committee || covered.Contains(x.CompanyId));
        }

        return [.. (await Project(db, query).Take(1000).ToListAsync(ct))
            .OrderBy(x => x.Status is PlannedChangeStatus.Done or PlannedChangeStatus.Dropped).ThenBy(x => x.PlannedOn ?? DateOnly.MaxValue)
            .ThenBy(x => x.Company, StringComparer.CurrentCulture)];
    }

    public static async Task<PlannedChangeDto?> GetAsync(AppDbContext db, Guid id, CancellationToken ct) =>
        await Project(db, db.Set<PlannedChange>().AsNoTracking().Where(x => x.Id == id)).FirstOrDefaultAsync(ct);

    public async Task<DeskResult> CreateAsync(PlannedChangeInput input, CancellationToken ct)
    {
        if (!CanWrite(actor))
        {
            return DeskResult.Refused(NotAllowed);
        }

        if (input.CompanyId is { } companyId && !await db.Companies.AnyAsync(c => c.Id == companyId, ct))
        {
            return DeskResult.Missing;
        }

        if (input.CompanyId is null)
        {
            return DeskResult.Field("companyId", "The company is required.");
        }

        if (await CheckAsync(input, ct) is { } invalid)
        {
            return invalid;
        }

        var change = new PlannedChange { CompanyId = input.CompanyId!.Value, What = "" };
        Apply(change, input);
        db.Set<PlannedChange>().Add(change);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(change.Id);
    }

    public async Task<DeskResult> UpdateAsync(PlannedChange change, PlannedChangeInput input, CancellationToken ct)
    {
        if (!CanWrite(actor))
        {
            return DeskResult.Refused(NotAllowed);
        }

        if (input.CompanyId is { } companyId && companyId != change.CompanyId)
        {
            return DeskResult.Field("companyId", "A planned change stays with its company.");
        }

        if (await CheckAsync(input, ct) is { } invalid)
        {
            return invalid;
        }

        Apply(change, input);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(change.Id);
    }

    public async Task<DeskResult> SetStatusAsync(PlannedChange change, PlannedChangeStatusInput input, CancellationToken ct)
    {
        if (!CanWrite(actor))
        {
            return DeskResult.Refused(NotAllowed);
        }

        if (input.Status is not { } status || !Enum.IsDefined(status))
        {
            return DeskResult.Field("status", "status must be Planned, InProgress, Done or Dropped.");
        }

        change.Status = status;
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(change.Id);
    }

    private async Task<DeskResult?> CheckAsync(PlannedChangeInput input, CancellationToken ct)
    {
        var errors = Annotations.Check(input);
        if (input.What is { } what && string.IsNullOrWhiteSpace(what))
        {
            errors["what"] = ["What is planned is required."];
        }

        if (input.PlannedOn is { } on && (on < Earliest || on > Latest))
        {
            errors["plannedOn"] = ["A date between 2000 and 2100."];
        }

        if (input.Status is { } status && !Enum.IsDefined(status))
        {
            errors["status"] = ["status must be Planned, InProgress, Done or Dropped."];
        }

        if (input.CommitteeId is { } committeeId && input.CompanyId is { } companyId
            && !await db.Set<CommitteeCompany>().AnyAsync(c => c.CommitteeId == committeeId && c.CompanyId == companyId, ct))
        {
            errors["committeeId"] = ["The committee does not cover this company."];
        }

        if (input.MeetingId is { } meetingId
            && !await db.Set<CommitteeMeeting>().AnyAsync(m => m.Id == meetingId && (input.CommitteeId == null || m.CommitteeId == input.CommitteeId), ct))
        {
            errors["meetingId"] = ["No such meeting of the committee."];
        }

        if (input.SscOwnerId is { } owner && await Api.SscStaffProblemAsync(db, owner, ct) is { } problem)
        {
            errors["sscOwnerId"] = [problem];
        }

        return DeskResult.Invalid(errors);
    }

    private void Apply(PlannedChange change, PlannedChangeInput input)
    {
        change.CommitteeId = input.CommitteeId;
        change.MeetingId = input.MeetingId;
        change.What = input.What!.Trim();
        change.PlannedOn = input.PlannedOn;
        change.Processes = string.IsNullOrWhiteSpace(input.Processes) ? null : input.Processes.Trim();
        change.Impact = string.IsNullOrWhiteSpace(input.Impact) ? null : input.Impact.Trim();
        change.SscOwnerId = input.SscOwnerId;
        change.Status = input.Status ?? change.Status;
        change.AnsweredById = actor.UserId;
        change.AnsweredAt = clock.GetUtcNow();
    }
}
