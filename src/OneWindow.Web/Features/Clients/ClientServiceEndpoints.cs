namespace OneWindow.Web.Features.Clients;

public sealed record ClientServiceDto(Guid Id, Guid CompanyId, string? CompanyName, Guid ServiceId, string? ServiceCode, string? ServiceName,
    DateOnly StartsOn, DateOnly? EndsOn, ServiceStage Stage, string? Notes, int Version);

public sealed record AssignmentDto(Guid Id, Guid CompanyId, string? CompanyName, Guid? ServiceId, string? ServiceCode, string? ServiceName,
    Guid UserId, string? UserName, AssignmentRole Role, DateOnly StartsOn, DateOnly? EndsOn, int Version);

/// <summary>The services each company receives and the SSC people assigned to it; written by administrators through <see cref="ClientServiceDesk"/>.</summary>
public static class ClientServiceEndpoints
{
    private static readonly ApiResource<ClientService, ClientServiceDto, ClientServiceInput, ClientServiceDesk> Links = new()
    {
        What = "company service",
        Path = "/api/v1/company-services",
        Set = db => db.ClientServices,
        ToDto = _ => s => new ClientServiceDto(s.Id, s.CompanyId, s.Company != null ? s.Company.Name : null, s.ServiceId, s.Service != null ? s.Service.Code : null,
            s.Service != null ? s.Service.Name : null, s.StartsOn, s.EndsOn, s.Stage, s.Notes, s.Version),
        Version = s => s.Version,
        SortKeys = new()
        {
            ["company"] = s => s.Company!.Name,
            ["service"] = s => s.Service!.Name,
            ["startsOn"] = s => s.StartsOn,
            ["stage"] = s => s.Stage,
            ["createdAt"] = s => s.CreatedAt,
        },
        DefaultSort = "company",
        Search = p => s => s.Company!.Name.ToLower().Contains(p) || s.Service!.Name.ToLower().Contains(p) || s.Service!.Code.ToLower().Contains(p),
        Create = desk => desk.CreateClientServiceAsync,
        Update = desk => desk.UpdateClientServiceAsync,
        Delete = desk => desk.DeleteClientServiceAsync,
    };

    private static readonly ApiResource<ClientAssignment, AssignmentDto, AssignmentInput, ClientServiceDesk> Assignments = new()
    {
        What = "assignment",
        Path = "/api/v1/assignments",
        Set = db => db.ClientAssignments,
        ToDto = _ => a => new AssignmentDto(a.Id, a.CompanyId, a.Company != null ? a.Company.Name : null, a.ServiceId, a.Service != null ? a.Service.Code : null,
            a.Service != null ? a.Service.Name : null, a.UserId, a.User != null ? a.User.FullName : null, a.Role, a.StartsOn, a.EndsOn, a.Version),
        Version = a => a.Version,
        SortKeys = new()
        {
            ["company"] = a => a.Company!.Name,
            ["service"] = a => a.Service!.Name,
            ["user"] = a => a.User!.FullName,
            ["role"] = a => a.Role,
            ["startsOn"] = a => a.StartsOn,
            ["createdAt"] = a => a.CreatedAt,
        },
        DefaultSort = "company",
        Search = p => a => a.Company!.Name.ToLower().Contains(p) || a.User!.FullName.ToLower().Contains(p)
            || (a.Service != null && (a.Service.Name.ToLower().Contains(p) || a.Service.Code.ToLower().Contains(p))),
        Create = desk => desk.CreateAssignmentAsync,
        Update = desk => desk.UpdateAssignmentAsync,
        Delete = desk => desk.DeleteAssignmentAsync,
    };

    public static RouteGroupBuilder MapClientServiceEndpoints(this RouteGroupBuilder api)
    {
        // Reads are open to every signed-in person: the tenancy filters already limit them to the companies in scope.
        var services = api.MapGroup("/company-services").WithTags("Companies");
        services.MapGet("/", ListClientServicesAsync).WithName("ListCompanyServices");
        services.MapGet("/{id:guid}", Links.GetAsync).WithName("GetCompanyService");
        services.MapPost("/", Links.CreateAsync).ForAdminsOnce("CreateCompanyService");
        services.MapPut("/{id:guid}", Links.UpdateAsync).ForAdmins("UpdateCompanyService");
        services.MapDelete("/{id:guid}", Links.DeleteAsync).ForAdmins("DeleteCompanyService");

        var assignments = api.MapGroup("/assignments").WithTags("Companies");
        assignments.MapGet("/", ListAssignmentsAsync).WithName("ListAssignments");
        assignments.MapGet("/{id:guid}", Assignments.GetAsync).WithName("GetAssignment");
        assignments.MapPost("/", Assignments.CreateAsync).ForAdminsOnce("CreateAssignment");
        assignments.MapPut("/{id:guid}", Assignments.UpdateAsync).ForAdmins("UpdateAssignment");
        assignments.MapDelete("/{id:guid}", Assignments.DeleteAsync).ForAdmins("DeleteAssignment");
        return api.MapTransitionEndpoints();
    }

    private static Task<Results<Ok<Page<ClientServiceDto>>, ValidationProblem>> ListClientServicesAsync(
        [AsParameters] ListParameters list, Guid? companyId, Guid? serviceId, ServiceStage? stage, AppDbContext db, CancellationToken ct) =>
        Links.ListAsync(list, db, q => q.WhereGiven(companyId, c => s => s.CompanyId == c).WhereGiven(serviceId, v => s => s.ServiceId == v)
            .WhereGiven(stage, st => s => s.Stage == st), ct);

    private static Task<Results<Ok<Page<AssignmentDto>>, ValidationProblem>> ListAssignmentsAsync(
        [AsParameters] ListParameters list, Guid? companyId, Guid? serviceId, Guid? userId, AssignmentRole? role, AppDbContext db, CancellationToken ct) =>
        Assignments.ListAsync(list, db, q => q.WhereGiven(companyId, c => a => a.CompanyId == c).WhereGiven(serviceId, s => a => a.ServiceId == s)
            .WhereGiven(userId, u => a => a.UserId == u).WhereGiven(role, r => a => a.Role == r), ct);
}
