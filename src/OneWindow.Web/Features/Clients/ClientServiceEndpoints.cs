using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneWindow.Core.Identity;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Auth;
using OneWindow.Web.Features.People;
using OneWindow.Web.Infrastructure.Api;
using OneWindow.Web.Infrastructure.Security;

namespace OneWindow.Web.Features.Clients;

public sealed record ClientServiceDto(Guid Id, Guid CompanyId, string? CompanyName, Guid ServiceId, string? ServiceCode, string? ServiceName,
    DateOnly StartsOn, DateOnly? EndsOn, ServiceStage Stage, string? Notes, int Version);

public sealed record ClientServiceInput(
    [property: Required] Guid? CompanyId,
    [property: Required] Guid? ServiceId,
    [property: Required] DateOnly? StartsOn,
    DateOnly? EndsOn,
    ServiceStage Stage = ServiceStage.Stable,
    [property: MaxLength(2000)] string? Notes = null);

public sealed record AssignmentDto(Guid Id, Guid CompanyId, string? CompanyName, Guid? ServiceId, string? ServiceCode, string? ServiceName,
    Guid UserId, string? UserName, AssignmentRole Role, DateOnly StartsOn, DateOnly? EndsOn, int Version);

public sealed record AssignmentInput(
    [property: Required] Guid? CompanyId,
    Guid? ServiceId,
    [property: Required] Guid? UserId,
    [property: Required] AssignmentRole? Role,
    [property: Required] DateOnly? StartsOn,
    DateOnly? EndsOn);

public static class ClientServiceEndpoints
{
    private static readonly Dictionary<string, Expression<Func<ClientService, object?>>> ClientServiceSort = new(StringComparer.OrdinalIgnoreCase)
    {
        ["company"] = s => s.Company!.Name,
        ["service"] = s => s.Service!.Name,
        ["startsOn"] = s => s.StartsOn,
        ["stage"] = s => s.Stage,
        ["createdAt"] = s => s.CreatedAt,
    };

    private static readonly Dictionary<string, Expression<Func<ClientAssignment, object?>>> AssignmentSort = new(StringComparer.OrdinalIgnoreCase)
    {
        ["company"] = a => a.Company!.Name,
        ["service"] = a => a.Service!.Name,
        ["user"] = a => a.User!.FullName,
        ["role"] = a => a.Role,
        ["startsOn"] = a => a.StartsOn,
        ["createdAt"] = a => a.CreatedAt,
    };

    private static readonly Expression<Func<ClientService, ClientServiceDto>> ToClientServiceDto = s =>
        new ClientServiceDto(s.Id, s.CompanyId, s.Company != null ? s.Company.Name : null, s.ServiceId, s.Service != null ? s.Service.Code : null,
            s.Service != null ? s.Service.Name : null, s.StartsOn, s.EndsOn, s.Stage, s.Notes, s.Version);

    private static readonly Expression<Func<ClientAssignment, AssignmentDto>> ToAssignmentDto = a =>
        new AssignmentDto(a.Id, a.CompanyId, a.Company != null ? a.Company.Name : null, a.ServiceId, a.Service != null ? a.Service.Code : null,
            a.Service != null ? a.Service.Name : null, a.UserId, a.User != null ? a.User.FullName : null, a.Role, a.StartsOn, a.EndsOn, a.Version);

    public static RouteGroupBuilder MapClientServiceEndpoints(this RouteGroupBuilder api)
    {
        // Reads are open to every signed-in person: the tenancy filters already limit them to the companies in scope.
        var services = api.MapGroup("/company-services").WithTags("Companies");
        services.MapGet("/", ListClientServicesAsync).WithName("ListCompanyServices");
        services.MapGet("/{id:guid}", GetClientServiceAsync).WithName("GetCompanyService");
        services.MapPost("/", CreateClientServiceAsync).WithName("CreateCompanyService").RequireAuthorization(Policies.Admin).AddEndpointFilter<IdempotencyFilter>();
        services.MapPut("/{id:guid}", UpdateClientServiceAsync).WithName("UpdateCompanyService").RequireAuthorization(Policies.Admin);
        services.MapDelete("/{id:guid}", DeleteClientServiceAsync).WithName("DeleteCompanyService").RequireAuthorization(Policies.Admin);

        var assignments = api.MapGroup("/assignments").WithTags("Companies");
        assignments.MapGet("/", ListAssignmentsAsync).WithName("ListAssignments");
        assignments.MapGet("/{id:guid}", GetAssignmentAsync).WithName("GetAssignment");
        assignments.MapPost("/", CreateAssignmentAsync).WithName("CreateAssignment").RequireAuthorization(Policies.Admin).AddEndpointFilter<IdempotencyFilter>();
        assignments.MapPut("/{id:guid}", UpdateAssignmentAsync).WithName("UpdateAssignment").RequireAuthorization(Policies.Admin);
        assignments.MapDelete("/{id:guid}", DeleteAssignmentAsync).WithName("DeleteAssignment").RequireAuthorization(Policies.Admin);
        return api;
    }

    private static async Task<Results<Ok<Page<ClientServiceDto>>, ValidationProblem>> ListClientServicesAsync(
        [AsParameters] ListParameters list, Guid? companyId, Guid? serviceId, ServiceStage? stage, AppDbContext db, CancellationToken ct)
    {
        if (!list.TryParse(ClientServiceSort.Keys, out var request, out var problem))
        {
            return problem!;
        }

        var query = db.ClientServices.AsNoTracking();
        if (request.Search is { } q)
        {
            var p = Api.Pattern(q);
            query = query.Where(s => s.Company!.Name.ToLower().Contains(p) || s.Service!.Name.ToLower().Contains(p) || s.Service!.Code.ToLower().Contains(p));
        }

        if (companyId is { } c)
        {
            query = query.Where(s => s.CompanyId == c);
        }

        if (serviceId is { } sv)
        {
            query = query.Where(s => s.ServiceId == sv);
        }

        if (stage is { } st)
        {
            query = query.Where(s => s.Stage == st);
        }

        return TypedResults.Ok(await query.Sort(request, ClientServiceSort, "company").ToPageAsync(request, ToClientServiceDto, ct));
    }

    private static async Task<Results<Ok<ClientServiceDto>, ProblemHttpResult>> GetClientServiceAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var dto = await db.ClientServices.AsNoTracking().Where(s => s.Id == id).Select(ToClientServiceDto).FirstOrDefaultAsync(ct);
        if (dto is null)
        {
            return Api.NotFound("company service");
        }

        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Created<ClientServiceDto>, ValidationProblem>> CreateClientServiceAsync(ClientServiceInput input, AppDbContext db, CancellationToken ct)
    {
        if (await ValidateAsync(input, db, null, ct) is { } invalid)
        {
            return invalid;
        }

        var link = new ClientService();
        Apply(link, input);
        db.ClientServices.Add(link);
        await db.SaveChangesAsync(ct);
        var dto = await db.ClientServices.AsNoTracking().Where(s => s.Id == link.Id).Select(ToClientServiceDto).FirstAsync(ct);
        return TypedResults.Created($"/api/v1/company-services/{link.Id}", dto);
    }

    private static async Task<Results<Ok<ClientServiceDto>, ValidationProblem, ProblemHttpResult>> UpdateClientServiceAsync(
        Guid id, ClientServiceInput input, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.ClientServices.FindForChangeAsync(id, http, "company service", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var link = found.Entity;

        if (await ValidateAsync(input, db, id, ct) is { } invalid)
        {
            return invalid;
        }

        Apply(link, input);
        await db.SaveChangesAsync(ct);
        Api.SetETag(http, link.Version);
        return TypedResults.Ok(await db.ClientServices.AsNoTracking().Where(s => s.Id == id).Select(ToClientServiceDto).FirstAsync(ct));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteClientServiceAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.ClientServices.FindForChangeAsync(id, http, "company service", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var link = found.Entity;

        if (await db.ClientAssignments.AnyAsync(a => a.CompanyId == link.CompanyId && a.ServiceId == link.ServiceId, ct))
        {
            return Api.Conflict("People are still assigned to this company for this service; remove the assignments first, or set endsOn instead.");
        }

        db.ClientServices.Remove(link);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<ValidationProblem?> ValidateAsync(ClientServiceInput input, AppDbContext db, Guid? self, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var companyId = input.CompanyId.GetValueOrDefault();
        var serviceId = input.ServiceId.GetValueOrDefault();
        if (!await db.Companies.AnyAsync(c => c.Id == companyId, ct))
        {
            errors["companyId"] = ["No company with this id."];
        }

        if (!await db.Services.AnyAsync(s => s.Id == serviceId, ct))
        {
            errors["serviceId"] = ["No service with this id."];
        }
        else if (await db.ClientServices.IgnoreQueryFilters().AnyAsync(s => s.CompanyId == companyId && s.ServiceId == serviceId && s.Id != self, ct))
        {
            errors["serviceId"] = ["The company already receives this service."];
        }

        Api.CheckPeriod(errors, input.StartsOn, input.EndsOn);
        return errors.Count > 0 ? Api.Invalid(errors) : null;
    }

    private static void Apply(ClientService s, ClientServiceInput input)
    {
        s.CompanyId = input.CompanyId.GetValueOrDefault();
        s.ServiceId = input.ServiceId.GetValueOrDefault();
        s.StartsOn = input.StartsOn.GetValueOrDefault();
        s.EndsOn = input.EndsOn;
        s.Stage = input.Stage;
        s.Notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim();
    }

    private static async Task<Results<Ok<Page<AssignmentDto>>, ValidationProblem>> ListAssignmentsAsync(
        [AsParameters] ListParameters list, Guid? companyId, Guid? serviceId, Guid? userId, AssignmentRole? role, AppDbContext db, CancellationToken ct)
    {
        if (!list.TryParse(AssignmentSort.Keys, out var request, out var problem))
        {
            return problem!;
        }

        var query = db.ClientAssignments.AsNoTracking();
        if (request.Search is { } q)
        {
            var p = Api.Pattern(q);
            query = query.Where(a => a.Company!.Name.ToLower().Contains(p) || a.User!.FullName.ToLower().Contains(p)
                || (a.Service != null && (a.Service.Name.ToLower().Contains(p) || a.Service.Code.ToLower().Contains(p))));
        }

        if (companyId is { } c)
        {
            query = query.Where(a => a.CompanyId == c);
        }

        if (serviceId is { } s)
        {
            query = query.Where(a => a.ServiceId == s);
        }

        if (userId is { } u)
        {
            query = query.Where(a => a.UserId == u);
        }

        if (role is { } r)
        {
            query = query.Where(a => a.Role == r);
        }

        return TypedResults.Ok(await query.Sort(request, AssignmentSort, "company").ToPageAsync(request, ToAssignmentDto, ct));
    }

    private static async Task<Results<Ok<AssignmentDto>, ProblemHttpResult>> GetAssignmentAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var dto = await db.ClientAssignments.AsNoTracking().Where(a => a.Id == id).Select(ToAssignmentDto).FirstOrDefaultAsync(ct);
        if (dto is null)
        {
            return Api.NotFound("assignment");
        }

        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Created<AssignmentDto>, ValidationProblem>> CreateAssignmentAsync(
        AssignmentInput input, AppDbContext db, UserManager<AppUser> users, CancellationToken ct)
    {
        if (await ValidateAsync(input, db, users, null, ct) is { } invalid)
        {
            return invalid;
        }

        var assignment = new ClientAssignment();
        Apply(assignment, input);
        db.ClientAssignments.Add(assignment);
        await db.SaveChangesAsync(ct);
        var dto = await db.ClientAssignments.AsNoTracking().Where(a => a.Id == assignment.Id).Select(ToAssignmentDto).FirstAsync(ct);
        return TypedResults.Created($"/api/v1/assignments/{assignment.Id}", dto);
    }

    private static async Task<Results<Ok<AssignmentDto>, ValidationProblem, ProblemHttpResult>> UpdateAssignmentAsync(
        Guid id, AssignmentInput input, AppDbContext db, UserManager<AppUser> users, HttpContext http, CancellationToken ct)
    {
        var found = await db.ClientAssignments.FindForChangeAsync(id, http, "assignment", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var assignment = found.Entity;

        if (await ValidateAsync(input, db, users, id, ct) is { } invalid)
        {
            return invalid;
        }

        Apply(assignment, input);
        await db.SaveChangesAsync(ct);
        Api.SetETag(http, assignment.Version);
        return TypedResults.Ok(await db.ClientAssignments.AsNoTracking().Where(a => a.Id == id).Select(ToAssignmentDto).FirstAsync(ct));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAssignmentAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.ClientAssignments.FindForChangeAsync(id, http, "assignment", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var assignment = found.Entity;

        db.ClientAssignments.Remove(assignment);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<ValidationProblem?> ValidateAsync(AssignmentInput input, AppDbContext db, UserManager<AppUser> users, Guid? self, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var companyId = input.CompanyId.GetValueOrDefault();
        var userId = input.UserId.GetValueOrDefault();
        var role = input.Role.GetValueOrDefault();
        if (!await db.Companies.AnyAsync(c => c.Id == companyId, ct))
        {
            errors["companyId"] = ["No company with this id."];
        }

        if (input.ServiceId is { } serviceId && !await db.Services.AnyAsync(s => s.Id == serviceId, ct))
        {
            errors["serviceId"] = ["No service with this id."];
        }

        if (await Api.SscStaffProblemAsync(db, userId, ct) is { } userProblem)
        {
            errors["userId"] = [userProblem];
        }
        else
        {
            var requiredRole = role switch
            {
                AssignmentRole.ClientSuccessManager => Roles.ClientSuccessManager,
                AssignmentRole.DeliveryLead => Roles.DeliveryLead,
                _ => null,
            };
            if (requiredRole is not null && await users.FindByIdAsync(userId.ToString()) is { } user && !await users.IsInRoleAsync(user, requiredRole))
            {
                errors["userId"] = [$"The person does not hold the {requiredRole} role needed for a {role} assignment."];
            }
        }

        if (errors.Count == 0 && await db.ClientAssignments.IgnoreQueryFilters()
                .AnyAsync(a => a.CompanyId == companyId && a.ServiceId == input.ServiceId && a.UserId == userId && a.Role == role && a.Id != self, ct))
        {
            errors["userId"] = ["The person already has this assignment."];
        }

        Api.CheckPeriod(errors, input.StartsOn, input.EndsOn);
        return errors.Count > 0 ? Api.Invalid(errors) : null;
    }

    private static void Apply(ClientAssignment a, AssignmentInput input)
    {
        a.CompanyId = input.CompanyId.GetValueOrDefault();
        a.ServiceId = input.ServiceId;
        a.UserId = input.UserId.GetValueOrDefault();
        a.Role = input.Role.GetValueOrDefault();
        a.StartsOn = input.StartsOn.GetValueOrDefault();
        a.EndsOn = input.EndsOn;
    }
}
