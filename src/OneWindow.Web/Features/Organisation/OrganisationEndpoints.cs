using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Auth;
using OneWindow.Web.Infrastructure.Api;
using OneWindow.Web.Infrastructure.Security;

namespace OneWindow.Web.Features.Organisation;

public sealed record DepartmentDto(Guid Id, string Name, string? NameEn, string? Code, string? Description, Guid? HeadId, string? HeadName,
    bool IsServiceDesk, bool IsActive, int TeamCount, int Version);

public sealed record DepartmentInput(
    [property: Required, MaxLength(200)] string Name,
    [property: MaxLength(200)] string? NameEn,
    [property: MaxLength(32)] string? Code,
    [property: MaxLength(2000)] string? Description,
    Guid? HeadId,
    bool IsServiceDesk = false,
    bool IsActive = true);

public sealed record TeamDto(Guid Id, Guid DepartmentId, string? DepartmentName, string Name, string? NameEn, Guid? LeadId, string? LeadName,
    string? Email, bool IsActive, OneWindow.Core.Tickets.AssignmentStrategy AssignmentStrategy, Guid? CalendarId, int Version);

public sealed record TeamInput(
    [property: Required] Guid? DepartmentId,
    [property: Required, MaxLength(200)] string Name,
    [property: MaxLength(200)] string? NameEn,
    Guid? LeadId,
    [property: EmailAddress, MaxLength(256)] string? Email,
    bool IsActive = true,
    OneWindow.Core.Tickets.AssignmentStrategy AssignmentStrategy = OneWindow.Core.Tickets.AssignmentStrategy.Manual,
    Guid? CalendarId = null);

public static class OrganisationEndpoints
{
    private static readonly Dictionary<string, Expression<Func<Department, object?>>> DepartmentSort = new(StringComparer.OrdinalIgnoreCase)
    {
        ["name"] = d => d.Name,
        ["code"] = d => d.Code,
        ["createdAt"] = d => d.CreatedAt,
    };

    private static readonly Dictionary<string, Expression<Func<Team, object?>>> TeamSort = new(StringComparer.OrdinalIgnoreCase)
    {
        ["name"] = t => t.Name,
        ["department"] = t => t.Department!.Name,
        ["createdAt"] = t => t.CreatedAt,
    };

    private static Expression<Func<Department, DepartmentDto>> ToDepartmentDto(AppDbContext db) => d =>
        new DepartmentDto(d.Id, d.Name, d.NameEn, d.Code, d.Description, d.HeadId,
            db.Users.Where(u => u.Id == d.HeadId).Select(u => u.FullName).FirstOrDefault(),
            d.IsServiceDesk, d.IsActive, d.Teams.Count, d.Version);

    private static Expression<Func<Team, TeamDto>> ToTeamDto(AppDbContext db) => t =>
        new TeamDto(t.Id, t.DepartmentId, t.Department != null ? t.Department.Name : null, t.Name, t.NameEn, t.LeadId,
            db.Users.Where(u => u.Id == t.LeadId).Select(u => u.FullName).FirstOrDefault(),
            t.Email, t.IsActive, t.AssignmentStrategy, t.CalendarId, t.Version);

    public static RouteGroupBuilder MapOrganisationEndpoints(this RouteGroupBuilder api)
    {
        var departments = api.MapGroup("/departments").WithTags("Organisation").RequireAuthorization(Policies.Ssc);
        departments.MapGet("/", ListDepartmentsAsync).WithName("ListDepartments");
        departments.MapGet("/{id:guid}", GetDepartmentAsync).WithName("GetDepartment");
        departments.MapPost("/", CreateDepartmentAsync).WithName("CreateDepartment").RequireAuthorization(Policies.Admin).AddEndpointFilter<IdempotencyFilter>();
        departments.MapPut("/{id:guid}", UpdateDepartmentAsync).WithName("UpdateDepartment").RequireAuthorization(Policies.Admin);
        departments.MapDelete("/{id:guid}", DeleteDepartmentAsync).WithName("DeleteDepartment").RequireAuthorization(Policies.Admin);

        var teams = api.MapGroup("/teams").WithTags("Organisation").RequireAuthorization(Policies.Ssc);
        teams.MapGet("/", ListTeamsAsync).WithName("ListTeams");
        teams.MapGet("/{id:guid}", GetTeamAsync).WithName("GetTeam");
        teams.MapPost("/", CreateTeamAsync).WithName("CreateTeam").RequireAuthorization(Policies.Admin).AddEndpointFilter<IdempotencyFilter>();
        teams.MapPut("/{id:guid}", UpdateTeamAsync).WithName("UpdateTeam").RequireAuthorization(Policies.Admin);
        teams.MapDelete("/{id:guid}", DeleteTeamAsync).WithName("DeleteTeam").RequireAuthorization(Policies.Admin);
        return api;
    }

    private static async Task<Results<Ok<Page<DepartmentDto>>, ValidationProblem>> ListDepartmentsAsync(
        [AsParameters] ListParameters list, bool? active, bool? serviceDesk, AppDbContext db, CancellationToken ct)
    {
        if (!list.TryParse(DepartmentSort.Keys, out var request, out var problem))
        {
            return problem!;
        }

        var query = db.Departments.AsNoTracking();
        if (request.Search is { } q)
        {
            var p = Api.Pattern(q);
            query = query.Where(d => d.Name.ToLower().Contains(p) || (d.NameEn != null && d.NameEn.ToLower().Contains(p)) || (d.Code != null && d.Code.ToLower().Contains(p)));
        }

        if (active is { } a)
        {
            query = query.Where(d => d.IsActive == a);
        }

        if (serviceDesk is { } s)
        {
            query = query.Where(d => d.IsServiceDesk == s);
        }

        return TypedResults.Ok(await query.Sort(request, DepartmentSort, "name").ToPageAsync(request, ToDepartmentDto(db), ct));
    }

    private static async Task<Results<Ok<DepartmentDto>, ProblemHttpResult>> GetDepartmentAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var dto = await db.Departments.AsNoTracking().Where(d => d.Id == id).Select(ToDepartmentDto(db)).FirstOrDefaultAsync(ct);
        if (dto is null)
        {
            return Api.NotFound("department");
        }

        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Created<DepartmentDto>, ValidationProblem>> CreateDepartmentAsync(DepartmentInput input, AppDbContext db, CancellationToken ct)
    {
        if (await ValidateAsync(input, db, null, ct) is { } invalid)
        {
            return invalid;
        }

        var department = new Department { Name = input.Name.Trim() };
        Apply(department, input);
        db.Departments.Add(department);
        await db.SaveChangesAsync(ct);
        var dto = await db.Departments.AsNoTracking().Where(d => d.Id == department.Id).Select(ToDepartmentDto(db)).FirstAsync(ct);
        return TypedResults.Created($"/api/v1/departments/{department.Id}", dto);
    }

    private static async Task<Results<Ok<DepartmentDto>, ValidationProblem, ProblemHttpResult>> UpdateDepartmentAsync(
        Guid id, DepartmentInput input, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.Departments.FindForChangeAsync(id, http, "department", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var department = found.Entity;

        if (await ValidateAsync(input, db, id, ct) is { } invalid)
        {
            return invalid;
        }

        Apply(department, input);
        await db.SaveChangesAsync(ct);
        Api.SetETag(http, department.Version);
        return TypedResults.Ok(await db.Departments.AsNoTracking().Where(d => d.Id == id).Select(ToDepartmentDto(db)).FirstAsync(ct));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteDepartmentAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.Departments.FindForChangeAsync(id, http, "department", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var department = found.Entity;

        var inUse = await db.Teams.AnyAsync(t => t.DepartmentId == id, ct) || await db.Services.AnyAsync(s => s.DepartmentId == id, ct)
            || await db.Users.IgnoreQueryFilters().AnyAsync(u => u.DepartmentId == id, ct);
        if (inUse)
        {
            return Api.Conflict("The department still has teams, services or people; deactivate it instead (isActive: false).");
        }

        db.Departments.Remove(department);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<ValidationProblem?> ValidateAsync(DepartmentInput input, AppDbContext db, Guid? self, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var name = input.Name.Trim();
        if (await db.Departments.AnyAsync(d => d.Name == name && d.Id != self, ct))
        {
            errors["name"] = ["A department with this name already exists."];
        }

        if (input.HeadId is { } head && await Api.SscStaffProblemAsync(db, head, ct) is { } headProblem)
        {
            errors["headId"] = [headProblem];
        }

        return errors.Count > 0 ? Api.Invalid(errors) : null;
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

    private static async Task<Results<Ok<Page<TeamDto>>, ValidationProblem>> ListTeamsAsync(
        [AsParameters] ListParameters list, Guid? departmentId, bool? active, AppDbContext db, CancellationToken ct)
    {
        if (!list.TryParse(TeamSort.Keys, out var request, out var problem))
        {
            return problem!;
        }

        var query = db.Teams.AsNoTracking();
        if (request.Search is { } q)
        {
            var p = Api.Pattern(q);
            query = query.Where(t => t.Name.ToLower().Contains(p) || (t.NameEn != null && t.NameEn.ToLower().Contains(p)));
        }

        if (departmentId is { } d)
        {
            query = query.Where(t => t.DepartmentId == d);
        }

        if (active is { } a)
        {
            query = query.Where(t => t.IsActive == a);
        }

        return TypedResults.Ok(await query.Sort(request, TeamSort, "name").ToPageAsync(request, ToTeamDto(db), ct));
    }

    private static async Task<Results<Ok<TeamDto>, ProblemHttpResult>> GetTeamAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var dto = await db.Teams.AsNoTracking().Where(t => t.Id == id).Select(ToTeamDto(db)).FirstOrDefaultAsync(ct);
        if (dto is null)
        {
            return Api.NotFound("team");
        }

        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Created<TeamDto>, ValidationProblem>> CreateTeamAsync(TeamInput input, AppDbContext db, CancellationToken ct)
    {
        if (await ValidateAsync(input, db, null, ct) is { } invalid)
        {
            return invalid;
        }

        var team = new Team { Name = input.Name.Trim() };
        Apply(team, input);
        db.Teams.Add(team);
        await db.SaveChangesAsync(ct);
        var dto = await db.Teams.AsNoTracking().Where(t => t.Id == team.Id).Select(ToTeamDto(db)).FirstAsync(ct);
        return TypedResults.Created($"/api/v1/teams/{team.Id}", dto);
    }

    private static async Task<Results<Ok<TeamDto>, ValidationProblem, ProblemHttpResult>> UpdateTeamAsync(
        Guid id, TeamInput input, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.Teams.FindForChangeAsync(id, http, "team", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var team = found.Entity;

        if (await ValidateAsync(input, db, id, ct) is { } invalid)
        {
            return invalid;
        }

        Apply(team, input);
        await db.SaveChangesAsync(ct);
        Api.SetETag(http, team.Version);
        return TypedResults.Ok(await db.Teams.AsNoTracking().Where(t => t.Id == id).Select(ToTeamDto(db)).FirstAsync(ct));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteTeamAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.Teams.FindForChangeAsync(id, http, "team", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var team = found.Entity;

        if (await db.Users.IgnoreQueryFilters().AnyAsync(u => u.TeamId == id, ct))
        {
            return Api.Conflict("The team still has people; move them first or deactivate the team (isActive: false).");
        }

        db.Teams.Remove(team);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<ValidationProblem?> ValidateAsync(TeamInput input, AppDbContext db, Guid? self, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var departmentId = input.DepartmentId.GetValueOrDefault();
        if (!await db.Departments.AnyAsync(d => d.Id == departmentId, ct))
        {
            errors["departmentId"] = ["No department with this id."];
        }

        var name = input.Name.Trim();
        if (await db.Teams.AnyAsync(t => t.DepartmentId == departmentId && t.Name == name && t.Id != self, ct))
        {
            errors["name"] = ["The department already has a team with this name."];
        }

        if (input.LeadId is { } lead && await Api.SscStaffProblemAsync(db, lead, ct) is { } leadProblem)
        {
            errors["leadId"] = [leadProblem];
        }

        if (input.CalendarId is { } calendar && !await db.Calendars.AnyAsync(c => c.Id == calendar, ct))
        {
            errors["calendarId"] = ["No calendar with this id."];
        }

        return errors.Count > 0 ? Api.Invalid(errors) : null;
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
