using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Auth;
using OneWindow.Web.Infrastructure.Api;
using OneWindow.Web.Infrastructure.Security;

namespace OneWindow.Web.Features.Catalogue;

public sealed record ServiceDto(Guid Id, string Code, string Name, string? NameEn, string? Description, Guid DepartmentId, string? DepartmentName,
    bool IsActive, int Version);

public sealed record ServiceInput(
    [property: Required, MaxLength(32)] string Code,
    [property: Required, MaxLength(200)] string Name,
    [property: MaxLength(200)] string? NameEn,
    [property: MaxLength(2000)] string? Description,
    [property: Required] Guid? DepartmentId,
    bool IsActive = true);

public static class CatalogueEndpoints
{
    private static readonly Dictionary<string, Expression<Func<Service, object?>>> ServiceSort = new(StringComparer.OrdinalIgnoreCase)
    {
        ["code"] = s => s.Code,
        ["name"] = s => s.Name,
        ["department"] = s => s.Department!.Name,
        ["createdAt"] = s => s.CreatedAt,
    };

    private static readonly Expression<Func<Service, ServiceDto>> ToServiceDto = s =>
        new ServiceDto(s.Id, s.Code, s.Name, s.NameEn, s.Description, s.DepartmentId, s.Department != null ? s.Department.Name : null, s.IsActive, s.Version);

    public static RouteGroupBuilder MapCatalogueEndpoints(this RouteGroupBuilder api)
    {
        // The catalogue is not company data: every signed-in person may read it.
        var services = api.MapGroup("/services").WithTags("Catalogue");
        services.MapGet("/", ListServicesAsync).WithName("ListServices");
        services.MapGet("/{id:guid}", GetServiceAsync).WithName("GetService");
        services.MapPost("/", CreateServiceAsync).WithName("CreateService").RequireAuthorization(Policies.Admin).AddEndpointFilter<IdempotencyFilter>();
        services.MapPut("/{id:guid}", UpdateServiceAsync).WithName("UpdateService").RequireAuthorization(Policies.Admin);
        services.MapDelete("/{id:guid}", DeleteServiceAsync).WithName("DeleteService").RequireAuthorization(Policies.Admin);
        return api;
    }

    private static async Task<Results<Ok<Page<ServiceDto>>, ValidationProblem>> ListServicesAsync(
        [AsParameters] ListParameters list, Guid? departmentId, bool? active, AppDbContext db, CancellationToken ct)
    {
        if (!list.TryParse(ServiceSort.Keys, out var request, out var problem))
        {
            return problem!;
        }

        var query = db.Services.AsNoTracking();
        if (request.Search is { } q)
        {
            var p = Api.Pattern(q);
            query = query.Where(s => s.Name.ToLower().Contains(p) || s.Code.ToLower().Contains(p) || (s.NameEn != null && s.NameEn.ToLower().Contains(p)));
        }

        if (departmentId is { } d)
        {
            query = query.Where(s => s.DepartmentId == d);
        }

        if (active is { } a)
        {
            query = query.Where(s => s.IsActive == a);
        }

        return TypedResults.Ok(await query.Sort(request, ServiceSort, "name").ToPageAsync(request, ToServiceDto, ct));
    }

    private static async Task<Results<Ok<ServiceDto>, ProblemHttpResult>> GetServiceAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var dto = await db.Services.AsNoTracking().Where(s => s.Id == id).Select(ToServiceDto).FirstOrDefaultAsync(ct);
        if (dto is null)
        {
            return Api.NotFound("service");
        }

        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Created<ServiceDto>, ValidationProblem>> CreateServiceAsync(ServiceInput input, AppDbContext db, CancellationToken ct)
    {
        if (await ValidateAsync(input, db, null, ct) is { } invalid)
        {
            return invalid;
        }

        var service = new Service { Code = input.Code.Trim(), Name = input.Name.Trim() };
        Apply(service, input);
        db.Services.Add(service);
        await db.SaveChangesAsync(ct);
        var dto = await db.Services.AsNoTracking().Where(s => s.Id == service.Id).Select(ToServiceDto).FirstAsync(ct);
        return TypedResults.Created($"/api/v1/services/{service.Id}", dto);
    }

    private static async Task<Results<Ok<ServiceDto>, ValidationProblem, ProblemHttpResult>> UpdateServiceAsync(
        Guid id, ServiceInput input, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.Services.FindForChangeAsync(id, http, "service", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var service = found.Entity;

        if (await ValidateAsync(input, db, id, ct) is { } invalid)
        {
            return invalid;
        }

        Apply(service, input);
        await db.SaveChangesAsync(ct);
        Api.SetETag(http, service.Version);
        return TypedResults.Ok(await db.Services.AsNoTracking().Where(s => s.Id == id).Select(ToServiceDto).FirstAsync(ct));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteServiceAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.Services.FindForChangeAsync(id, http, "service", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var service = found.Entity;

        var inUse = await db.ClientServices.IgnoreQueryFilters().AnyAsync(c => c.ServiceId == id, ct)
            || await db.ClientAssignments.IgnoreQueryFilters().AnyAsync(a => a.ServiceId == id, ct);
        if (inUse)
        {
            return Api.Conflict("The service is still provided to companies or has assignments; deactivate it instead (isActive: false).");
        }

        db.Services.Remove(service);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<ValidationProblem?> ValidateAsync(ServiceInput input, AppDbContext db, Guid? self, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var code = input.Code.Trim();
        if (await db.Services.AnyAsync(s => s.Code == code && s.Id != self, ct))
        {
            errors["code"] = ["A service with this code already exists."];
        }

        var departmentId = input.DepartmentId.GetValueOrDefault();
        if (!await db.Departments.AnyAsync(d => d.Id == departmentId, ct))
        {
            errors["departmentId"] = ["No department with this id."];
        }

        return errors.Count > 0 ? Api.Invalid(errors) : null;
    }

    private static void Apply(Service s, ServiceInput input)
    {
        s.Code = input.Code.Trim();
        s.Name = input.Name.Trim();
        s.NameEn = input.NameEn?.Trim();
        s.Description = input.Description?.Trim();
        s.DepartmentId = input.DepartmentId.GetValueOrDefault();
        s.IsActive = input.IsActive;
    }
}
