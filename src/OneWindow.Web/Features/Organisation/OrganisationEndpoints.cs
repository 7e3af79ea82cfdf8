namespace OneWindow.Web.Features.Organisation;

public sealed record DepartmentDto(Guid Id, string Name, string? NameEn, string? Code, string? Description, Guid? HeadId, string? HeadName,
    bool IsServiceDesk, bool IsActive, int TeamCount, int Version);

public sealed record TeamDto(Guid Id, Guid DepartmentId, string? DepartmentName, string Name, string? NameEn, Guid? LeadId, string? LeadName,
    string? Email, bool IsActive, OneWindow.Core.Tickets.AssignmentStrategy AssignmentStrategy, Guid? CalendarId, int Version);

/// <summary>The SSC's departments and teams (read by SSC people); written by administrators through <see cref="OrganisationDesk"/>.</summary>
public static class OrganisationEndpoints
{
    private static readonly ApiResource<Department, DepartmentDto, DepartmentInput, OrganisationDesk> Departments = new()
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
        Create = desk => desk.CreateDepartmentAsync,
        Update = desk => desk.UpdateDepartmentAsync,
        Delete = desk => desk.DeleteDepartmentAsync,
    };

    private static readonly ApiResource<Team, TeamDto, TeamInput, OrganisationDesk> Teams = new()
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
        Create = desk => desk.CreateTeamAsync,
        Update = desk => desk.UpdateTeamAsync,
        Delete = desk => desk.DeleteTeamAsync,
    };

    public static RouteGroupBuilder MapOrganisationEndpoints(this RouteGroupBuilder api)
    {
        var departments = api.MapGroup("/departments").WithTags("Organisation").RequireAuthorization(Policies.Ssc);
        departments.MapGet("/", ListDepartmentsAsync).WithName("ListDepartments");
        departments.MapGet("/{id:guid}", Departments.GetAsync).WithName("GetDepartment");
        departments.MapPost("/", Departments.CreateAsync).ForAdminsOnce("CreateDepartment");
        departments.MapPut("/{id:guid}", Departments.UpdateAsync).ForAdmins("UpdateDepartment");
        departments.MapDelete("/{id:guid}", Departments.DeleteAsync).ForAdmins("DeleteDepartment");

        var teams = api.MapGroup("/teams").WithTags("Organisation").RequireAuthorization(Policies.Ssc);
        teams.MapGet("/", ListTeamsAsync).WithName("ListTeams");
        teams.MapGet("/{id:guid}", Teams.GetAsync).WithName("GetTeam");
        teams.MapPost("/", Teams.CreateAsync).ForAdminsOnce("CreateTeam");
        teams.MapPut("/{id:guid}", Teams.UpdateAsync).ForAdmins("UpdateTeam");
        teams.MapDelete("/{id:guid}", Teams.DeleteAsync).ForAdmins("DeleteTeam");
        return api;
    }

    private static Task<Results<Ok<Page<DepartmentDto>>, ValidationProblem>> ListDepartmentsAsync(
        [AsParameters] ListParameters list, bool? active, bool? serviceDesk, AppDbContext db, CancellationToken ct) =>
        Departments.ListAsync(list, db, q => q.WhereGiven(active, a => d => d.IsActive == a).WhereGiven(serviceDesk, s => d => d.IsServiceDesk == s), ct);

    private static Task<Results<Ok<Page<TeamDto>>, ValidationProblem>> ListTeamsAsync(
        [AsParameters] ListParameters list, Guid? departmentId, bool? active, AppDbContext db, CancellationToken ct) =>
        Teams.ListAsync(list, db, q => q.WhereGiven(departmentId, d => t => t.DepartmentId == d).WhereGiven(active, a => t => t.IsActive == a), ct);
}
