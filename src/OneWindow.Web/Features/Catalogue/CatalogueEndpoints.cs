namespace OneWindow.Web.Features.Catalogue;

public sealed record ServiceDto(Guid Id, string Code, string Name, string? NameEn, string? Description, Guid DepartmentId, string? DepartmentName,
    bool IsActive, int Version);

/// <summary>The service catalogue (readable by everyone signed in); written by administrators through <see cref="CatalogueDesk"/>.</summary>
public static class CatalogueEndpoints
{
    private static readonly ApiResource<Service, ServiceDto, ServiceInput, CatalogueDesk> Services = new()
    {
        What = "service",
        Path = "/api/v1/services",
        Set = db => db.Services,
        ToDto = _ => s => new ServiceDto(s.Id, s.Code, s.Name, s.NameEn, s.Description, s.DepartmentId, s.Department != null ? s.Department.Name : null, s.IsActive,
            s.Version),
        Version = s => s.Version,
        SortKeys = new()
        {
            ["code"] = s => s.Code,
            ["name"] = s => s.Name,
            ["department"] = s => s.Department!.Name,
            ["createdAt"] = s => s.CreatedAt,
        },
        DefaultSort = "name",
        Search = p => s => s.Name.ToLower().Contains(p) || s.Code.ToLower().Contains(p) || (s.NameEn != null && s.NameEn.ToLower().Contains(p)),
        Create = desk => desk.CreateServiceAsync,
        Update = desk => desk.UpdateServiceAsync,
        Delete = desk => desk.DeleteServiceAsync,
    };

    public static RouteGroupBuilder MapCatalogueEndpoints(this RouteGroupBuilder api)
    {
        // The catalogue is not company data: every signed-in person may read it.
        var services = api.MapGroup("/services").WithTags("Catalogue");
        services.MapGet("/", ListServicesAsync).WithName("ListServices");
        services.MapGet("/{id:guid}", Services.GetAsync).WithName("GetService");
        services.MapPost("/", Services.CreateAsync).ForAdminsOnce("CreateService");
        services.MapPut("/{id:guid}", Services.UpdateAsync).ForAdmins("UpdateService");
        services.MapDelete("/{id:guid}", Services.DeleteAsync).ForAdmins("DeleteService");
        return api;
    }

    private static Task<Results<Ok<Page<ServiceDto>>, ValidationProblem>> ListServicesAsync(
        [AsParameters] ListParameters list, Guid? departmentId, bool? active, AppDbContext db, CancellationToken ct) =>
        Services.ListAsync(list, db, q => q.WhereGiven(departmentId, d => s => s.DepartmentId == d).WhereGiven(active, a => s => s.IsActive == a), ct);
}
