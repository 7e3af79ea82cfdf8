using Microsoft.AspNetCore.Http.HttpResults;
using OneWindow.Web.Data;
using OneWindow.Web.Infrastructure.Api;

namespace OneWindow.Web.Features.Clients;

public sealed record ClientServiceDto(Guid Id, Guid CompanyId, string? CompanyName, Guid ServiceId, string? ServiceCode, string? ServiceName,
    DateOnly StartsOn, DateOnly? EndsOn, ServiceStage Stage, string? Notes, int Version);

public sealed record AssignmentDto(Guid Id, Guid CompanyId, string? CompanyName, Guid? ServiceId, string? ServiceCode, string? ServiceName,
    Guid UserId, string? UserName, AssignmentRole Role, DateOnly StartsOn, DateOnly? EndsOn, int Version);

/// <summary>The services each company receives and the SSC people assigned to it; written by administrators through <see cref="ClientServiceDesk"/>.</summary>
public static class ClientServiceEndpoints
{
    private static readonly ApiResource<ClientService, ClientServiceDto> Links = new()
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
    };

    private static readonly ApiResource<ClientAssignment, AssignmentDto> Assignments = new()
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
    };

    public static RouteGroupBuilder MapClientServiceEndpoints(this RouteGroupBuilder api)
    {
        // Reads are open to every signed-in person: the tenancy filters already limit them to the companies in scope.
        var services = api.MapGroup("/company-services").WithTags("Companies");
        services.MapGet("/", ListClientServicesAsync).WithName("ListCompanyServices");
        services.MapGet("/{id:guid}", GetClientServiceAsync).WithName("GetCompanyService");
        services.MapPost("/", CreateClientServiceAsync).ForAdminsOnce("CreateCompanyService");
        services.MapPut("/{id:guid}", UpdateClientServiceAsync).ForAdmins("UpdateCompanyService");
        services.MapDelete("/{id:guid}", DeleteClientServiceAsync).ForAdmins("DeleteCompanyService");

        var assignments = api.MapGroup("/assignments").WithTags("Companies");
        assignments.MapGet("/", ListAssignmentsAsync).WithName("ListAssignments");
        assignments.MapGet("/{id:guid}", GetAssignmentAsync).WithName("GetAssignment");
        assignments.MapPost("/", CreateAssignmentAsync).ForAdminsOnce("CreateAssignment");
        assignments.MapPut("/{id:guid}", UpdateAssignmentAsync).ForAdmins("UpdateAssignment");
        assignments.MapDelete("/{id:guid}", DeleteAssignmentAsync).ForAdmins("DeleteAssignment");
        return api;
    }

    private static Task<Results<Ok<Page<ClientServiceDto>>, ValidationProblem>> ListClientServicesAsync(
        [AsParameters] ListParameters list, Guid? companyId, Guid? serviceId, ServiceStage? stage, AppDbContext db, CancellationToken ct) =>
        Links.ListAsync(list, db, q => q.WhereGiven(companyId, c => s => s.CompanyId == c).WhereGiven(serviceId, v => s => s.ServiceId == v)
            .WhereGiven(stage, st => s => s.Stage == st), ct);

    private static Task<Results<Ok<ClientServiceDto>, ProblemHttpResult>> GetClientServiceAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct) =>
        Links.GetAsync(id, db, http, ct);

    private static Task<Results<Created<ClientServiceDto>, ValidationProblem>> CreateClientServiceAsync(ClientServiceInput input, ClientServiceDesk desk,
        AppDbContext db, CancellationToken ct) =>
        Links.CreateAsync(desk.CreateClientServiceAsync(input, ct), db, ct);

    private static Task<Results<Ok<ClientServiceDto>, ValidationProblem, ProblemHttpResult>> UpdateClientServiceAsync(Guid id, ClientServiceInput input,
        ClientServiceDesk desk, AppDbContext db, HttpContext http, CancellationToken ct) =>
        Links.UpdateAsync(id, db, http, s => desk.UpdateClientServiceAsync(s, input, ct), ct);

    private static Task<Results<NoContent, ProblemHttpResult>> DeleteClientServiceAsync(Guid id, ClientServiceDesk desk, AppDbContext db, HttpContext http,
        CancellationToken ct) =>
        Links.DeleteAsync(id, db, http, s => desk.DeleteClientServiceAsync(s, ct), ct);

    private static Task<Results<Ok<Page<AssignmentDto>>, ValidationProblem>> ListAssignmentsAsync(
        [AsParameters] ListParameters list, Guid? companyId, Guid? serviceId, Guid? userId, AssignmentRole? role, AppDbContext db, CancellationToken ct) =>
        Assignments.ListAsync(list, db, q => q.WhereGiven(companyId, c => a => a.CompanyId == c).WhereGiven(serviceId, s => a => a.ServiceId == s)
            .WhereGiven(userId, u => a => a.UserId == u).WhereGiven(role, r => a => a.Role == r), ct);

    private static Task<Results<Ok<AssignmentDto>, ProblemHttpResult>> GetAssignmentAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct) =>
        Assignments.GetAsync(id, db, http, ct);

    private static Task<Results<Created<AssignmentDto>, ValidationProblem>> CreateAssignmentAsync(AssignmentInput input, ClientServiceDesk desk, AppDbContext db,
        CancellationToken ct) =>
        Assignments.CreateAsync(desk.CreateAssignmentAsync(input, ct), db, ct);

    private static Task<Results<Ok<AssignmentDto>, ValidationProblem, ProblemHttpResult>> UpdateAssignmentAsync(Guid id, AssignmentInput input,
        ClientServiceDesk desk, AppDbContext db, HttpContext http, CancellationToken ct) =>
        Assignments.UpdateAsync(id, db, http, a => desk.UpdateAssignmentAsync(a, input, ct), ct);

    private static Task<Results<NoContent, ProblemHttpResult>> DeleteAssignmentAsync(Guid id, ClientServiceDesk desk, AppDbContext db, HttpContext http,
        CancellationToken ct) =>
        Assignments.DeleteAsync(id, db, http, a => desk.DeleteAssignmentAsync(a, ct), ct);
}
