using Microsoft.AspNetCore.Http.HttpResults;
using OneWindow.Web.Data;
using OneWindow.Web.Infrastructure.Api;
using OneWindow.Web.Infrastructure.Security;

namespace OneWindow.Web.Features.Organisation;

public sealed record DepartmentDto(Guid Id, string Name, string? NameEn, string? Code, string? Description, Guid? HeadId, string? HeadName,
    bool IsServiceDesk, bool IsActive, int TeamCount, int Version);

public sealed record TeamDto(Guid Id, Guid DepartmentId, string? DepartmentName, string Name, string? NameEn, Guid? LeadId, string? LeadName,
    string? Email, bool IsActive, OneWindow.Core.Tickets.AssignmentStrategy AssignmentStrategy, Guid? CalendarId, int Version);

/// <summary>The SSC's departments and teams (read by SSC people); written by administrators through <see cref="OrganisationDesk"/>.</summary>
public static class OrganisationEndpoints
{
    private static readonly ApiResource<Department, DepartmentDto> Departments = new()
    {
        What = "department",
        Path = "/api/v1/departments",
        Set = db => db.Departments,
        ToDto = db => d => new DepartmentDto(d.Id, d.Name, d.NameEn, d.Code, d.Description, d.HeadId,
            db.Users.Where(u => u.Id == d.HeadId).Select(u => u.FullName).FirstOrDefault(),
            d.IsServiceDesk, d.IsActive, d.Teams.Count, d.Version),
        Version = d => d.Version,
        SortKeys = new()
        {
            ["name"] = d => d.Name,
            ["code"] = d => d.Code,
            ["createdAt"] = d => d.CreatedAt,
        },
        DefaultSort = "name",
        Search = p => d => d.Name.ToLower().Contains(p) || (d.NameEn != null && d.NameEn.ToLower().Contains(p)) || (d.Code != null && d.Code.ToLower().Contains(p)),
    };

    private static readonly ApiResource<Team, TeamDto> Teams = new()
    {
        What = "team",
        Path = "/api/v1/teams",
        Set = db => db.Teams,
        ToDto = db => t => new TeamDto(t.Id, t.DepartmentId, t.Department != null ? t.Department.Name : null, t.Name, t.NameEn, t.LeadId,
            db.Users.Where(u => u.Id == t.LeadId).Select(u => u.FullName).FirstOrDefault(),
            t.Email, t.IsActive, t.AssignmentStrategy, t.CalendarId, t.Version),
        Version = t => t.Version,
        SortKeys = new()
        {
            ["name"] = t => t.Name,
            ["department"] = t => t.Department!.Name,
            ["createdAt"] = t => t.CreatedAt,
        },
        DefaultSort = "name",
        Search = p => t => t.Name.ToLower().Contains(p) || (t.NameEn != null && t.NameEn.ToLower().Contains(p)),
    };

    public static RouteGroupBuilder MapOrganisationEndpoints(this RouteGroupBuilder api)
    {
        var departments = api.MapGroup("/departments").WithTags("Organisation").RequireAuthorization(Policies.Ssc);
        departments.MapGet("/", ListDepartmentsAsync).WithName("ListDepartments");
        departments.MapGet("/{id:guid}", GetDepartmentAsync).WithName("GetDepartment");
        departments.MapPost("/", CreateDepartmentAsync).ForAdminsOnce("CreateDepartment");
        departments.MapPut("/{id:guid}", UpdateDepartmentAsync).ForAdmins("UpdateDepartment");
        departments.MapDelete("/{id:guid}", DeleteDepartmentAsync).ForAdmins("DeleteDepartment");

        var teams = api.MapGroup("/teams").WithTags("Organisation").RequireAuthorization(Policies.Ssc);
        teams.MapGet("/", ListTeamsAsync).WithName("ListTeams");
        teams.MapGet("/{id:guid}", GetTeamAsync).WithName("GetTeam");
        teams.MapPost("/", CreateTeamAsync).ForAdminsOnce("CreateTeam");
        teams.MapPut("/{id:guid}", UpdateTeamAsync).ForAdmins("UpdateTeam");
        teams.MapDelete("/{id:guid}", DeleteTeamAsync).ForAdmins("DeleteTeam");
        return api;
    }

    private static Task<Results<Ok<Page<DepartmentDto>>, ValidationProblem>> ListDepartmentsAsync(
        [AsParameters] ListParameters list, bool? active, bool? serviceDesk, AppDbContext db, CancellationToken ct) =>
        Departments.ListAsync(list, db, q => q.WhereGiven(active, a => d => d.IsActive == a).WhereGiven(serviceDesk, s => d => d.IsServiceDesk == s), ct);

    private static Task<Results<Ok<DepartmentDto>, ProblemHttpResult>> GetDepartmentAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct) =>
        Departments.GetAsync(id, db, http, ct);

    private static Task<Results<Created<DepartmentDto>, ValidationProblem>> CreateDepartmentAsync(DepartmentInput input, OrganisationDesk desk, AppDbContext db,
        CancellationToken ct) =>
        Departments.CreateAsync(desk.CreateDepartmentAsync(input, ct), db, ct);

    private static Task<Results<Ok<DepartmentDto>, ValidationProblem, ProblemHttpResult>> UpdateDepartmentAsync(Guid id, DepartmentInput input,
        OrganisationDesk desk, AppDbContext db, HttpContext http, CancellationToken ct) =>
        Departments.UpdateAsync(id, db, http, d => desk.UpdateDepartmentAsync(d, input, ct), ct);

    private static Task<Results<NoContent, ProblemHttpResult>> DeleteDepartmentAsync(Guid id, OrganisationDesk desk, AppDbContext db, HttpContext http,
        CancellationToken ct) =>
        Departments.DeleteAsync(id, db, http, d => desk.DeleteDepartmentAsync(d, ct), ct);

    private static Task<Results<Ok<Page<TeamDto>>, ValidationProblem>> ListTeamsAsync(
        [AsParameters] ListParameters list, Guid? departmentId, bool? active, AppDbContext db, CancellationToken ct) =>
        Teams.ListAsync(list, db, q => q.WhereGiven(departmentId, d => t => t.DepartmentId == d).WhereGiven(active, a => t => t.IsActive == a), ct);

    private static Task<Results<Ok<TeamDto>, ProblemHttpResult>> GetTeamAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct) =>
        Teams.GetAsync(id, db, http, ct);

    private static Task<Results<Created<TeamDto>, ValidationProblem>> CreateTeamAsync(TeamInput input, OrganisationDesk desk, AppDbContext db, CancellationToken ct) =>
        Teams.CreateAsync(desk.CreateTeamAsync(input, ct), db, ct);

    private static Task<Results<Ok<TeamDto>, ValidationProblem, ProblemHttpResult>> UpdateTeamAsync(Guid id, TeamInput input, OrganisationDesk desk,
        AppDbContext db, HttpContext http, CancellationToken ct) =>
        Teams.UpdateAsync(id, db, http, t => desk.UpdateTeamAsync(t, input, ct), ct);

    private static Task<Results<NoContent, ProblemHttpResult>> DeleteTeamAsync(Guid id, OrganisationDesk desk, AppDbContext db, HttpContext http, CancellationToken ct) =>
        Teams.DeleteAsync(id, db, http, t => desk.DeleteTeamAsync(t, ct), ct);
}
