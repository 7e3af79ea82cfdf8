namespace OneWindow.Web.Features.Organisation;

public sealed record DepartmentInput(
    [property: Required, MaxLength(200)] string Name,
    [property: MaxLength(200)] string? NameEn,
    [property: MaxLength(32)] string? Code,
    [property: MaxLength(2000)] string? Description,
    Guid? HeadId,
    bool IsServiceDesk = false,
    bool IsActive = true);

public sealed record TeamInput(
    [property: Required] Guid? DepartmentId,
    [property: Required, MaxLength(200)] string Name,
    [property: MaxLength(200)] string? NameEn,
    Guid? LeadId,
    [property: EmailAddress, MaxLength(256)] string? Email,
    bool IsActive = true,
    OneWindow.Core.Tickets.AssignmentStrategy AssignmentStrategy = OneWindow.Core.Tickets.AssignmentStrategy.Manual,
    Guid? CalendarId = null);

/// <summary>The SSC's departments and their teams: the one write path of the organisation API and the admin page.</summary>
public sealed class OrganisationDesk(AppDbContext db)
{
    public const string DepartmentNameTaken = "A department with this name already exists.";
    public const string DepartmentInUse = "The department still has teams, services or people; deactivate it instead (isActive: false).";
    public const string NoDepartment = "No department with this id.";
    public const string TeamNameTaken = "The department already has a team with this name.";
    public const string NoCalendar = "No calendar with this id.";
    public const string TeamInUse = "The team still has people; move them first or deactivate the team (isActive: false).";

    public async Task<DeskResult> CreateDepartmentAsync(DepartmentInput input, CancellationToken ct) =>
        await db.SaveAsync(new Department { Name = input.Name }, await CheckAsync(input, null, ct), d => Apply(d, input), ct);

    public async Task<DeskResult> UpdateDepartmentAsync(Department department, DepartmentInput input, CancellationToken ct) =>
        await db.SaveAsync(department, await CheckAsync(input, department.Id, ct), d => Apply(d, input), ct);

    public async Task<DeskResult> DeleteDepartmentAsync(Department department, CancellationToken ct)
    {
        var id = department.Id;
        var inUse = await db.Teams.AnyAsync(t => t.DepartmentId == id, ct) || await db.Services.AnyAsync(s => s.DepartmentId == id, ct)
            || await db.Users.IgnoreQueryFilters().AnyAsync(u => u.DepartmentId == id, ct);
        return await db.RemoveAsync(department, inUse ? DepartmentInUse : null, ct);
    }

    public async Task<DeskResult> CreateTeamAsync(TeamInput input, CancellationToken ct) =>
        await db.SaveAsync(new Team { Name = input.Name }, await CheckAsync(input, null, ct), t => Apply(t, input), ct);

    public async Task<DeskResult> UpdateTeamAsync(Team team, TeamInput input, CancellationToken ct) =>
        await db.SaveAsync(team, await CheckAsync(input, team.Id, ct), t => Apply(t, input), ct);

    public async Task<DeskResult> DeleteTeamAsync(Team team, CancellationToken ct) =>
        await db.RemoveAsync(team, await db.Users.IgnoreQueryFilters().AnyAsync(u => u.TeamId == team.Id, ct) ? TeamInUse : null, ct);

    private async Task<DeskResult?> CheckAsync(DepartmentInput input, Guid? self, CancellationToken ct)
    {
        var errors = DeskSteps.AnnotationErrors(input);
        var name = input.Name.Trim();
        if (await db.Departments.AnyAsync(d => d.Name == name && d.Id != self, ct))
        {
            errors["name"] = [DepartmentNameTaken];
        }

        if (input.HeadId is { } head && await Api.SscStaffProblemAsync(db, head, ct) is { } headProblem)
        {
            errors["headId"] = [headProblem];
        }

        return DeskResult.Invalid(errors);
    }

    private async Task<DeskResult?> CheckAsync(TeamInput input, Guid? self, CancellationToken ct)
    {
        var errors = DeskSteps.AnnotationErrors(input);
        var departmentId = input.DepartmentId.GetValueOrDefault();
        if (!await db.Departments.AnyAsync(d => d.Id == departmentId, ct))
        {
            errors["departmentId"] = [NoDepartment];
        }

        var name = input.Name.Trim();
        if (await db.Teams.AnyAsync(t => t.DepartmentId == departmentId && t.Name == name && t.Id != self, ct))
        {
            errors["name"] = [TeamNameTaken];
        }

        if (input.LeadId is { } lead && await Api.SscStaffProblemAsync(db, lead, ct) is { } leadProblem)
        {
            errors["leadId"] = [leadProblem];
        }

        if (input.CalendarId is { } calendar && !await db.Calendars.AnyAsync(c => c.Id == calendar, ct))
        {
            errors["calendarId"] = [NoCalendar];
        }

        return DeskResult.Invalid(errors);
    }

    private static void Apply(Department d, DepartmentInput input)
    {
        d.Name = input.Name.Trim();
        d.NameEn = input.NameEn?.Trim();
        d.Code = input.Code?.Trim();
        d.Description = input.Description?.Trim();
        d.HeadId = input.HeadId;
        d.IsServiceDesk = input.IsServiceDesk;
        d.IsActive = input.IsActive;
    }

    private static void Apply(Team t, TeamInput input)
    {
        t.DepartmentId = input.DepartmentId.GetValueOrDefault();
        t.Name = input.Name.Trim();
        t.NameEn = input.NameEn?.Trim();
        t.LeadId = input.LeadId;
        t.Email = input.Email?.Trim().ToLowerInvariant();
        t.IsActive = input.IsActive;
        t.AssignmentStrategy = input.AssignmentStrategy;
        t.CalendarId = input.CalendarId;
    }
}
