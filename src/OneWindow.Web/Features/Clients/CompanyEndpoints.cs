using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Auth;
using OneWindow.Web.Infrastructure.Api;
using OneWindow.Web.Infrastructure.Security;

namespace OneWindow.Web.Features.Clients;

public sealed record HoldingDto(Guid Id, string Name, string? NameEn, int CompanyCount, int Version);
public sealed record HoldingInput([property: Required, MaxLength(200)] string Name, [property: MaxLength(200)] string? NameEn);

public sealed record CompanyDto(Guid Id, string Name, string? ShortName, string? NameEn, string? Inn, Guid? HoldingId, string? HoldingName,
    string TimeZoneId, string? EmailDomains, bool IsActive, Guid? CalendarId, int Version);

public sealed record CompanyInput(
    [property: Required, MaxLength(200)] string Name,
    [property: MaxLength(100)] string? ShortName,
    [property: MaxLength(200)] string? NameEn,
    [property: RegularExpression(@"^(\d{10}|\d{12})$", ErrorMessage = "INN must be 10 or 12 digits.")] string? Inn,
    Guid? HoldingId,
    [property: Required, MaxLength(64)] string TimeZoneId,
    [property: MaxLength(500)] string? EmailDomains,
    bool IsActive = true,
    Guid? CalendarId = null);

public static class CompanyEndpoints
{
    private static readonly Dictionary<string, Expression<Func<ClientCompany, object?>>> CompanySort = new(StringComparer.OrdinalIgnoreCase)
    {
        ["name"] = c => c.Name,
        ["timeZoneId"] = c => c.TimeZoneId,
        ["createdAt"] = c => c.CreatedAt,
    };

    private static readonly Expression<Func<ClientCompany, CompanyDto>> ToCompanyDto = c =>
        new CompanyDto(c.Id, c.Name, c.ShortName, c.NameEn, c.Inn, c.HoldingId, c.Holding != null ? c.Holding.Name : null, c.TimeZoneId, c.EmailDomains, c.IsActive, c.CalendarId, c.Version);

    private static readonly Expression<Func<Holding, HoldingDto>> ToHoldingDto = h => new HoldingDto(h.Id, h.Name, h.NameEn, h.Companies.Count, h.Version);

    public static RouteGroupBuilder MapCompanyEndpoints(this RouteGroupBuilder api)
    {
        var companies = api.MapGroup("/companies").WithTags("Companies");
        companies.MapGet("/", ListCompaniesAsync).WithName("ListCompanies");
        companies.MapGet("/{id:guid}", GetCompanyAsync).WithName("GetCompany");
        companies.MapPost("/", CreateCompanyAsync).WithName("CreateCompany").RequireAuthorization(Policies.Admin).AddEndpointFilter<IdempotencyFilter>();
        companies.MapPut("/{id:guid}", UpdateCompanyAsync).WithName("UpdateCompany").RequireAuthorization(Policies.Admin);
        companies.MapDelete("/{id:guid}", DeleteCompanyAsync).WithName("DeleteCompany").RequireAuthorization(Policies.Admin);

        var holdings = api.MapGroup("/holdings").WithTags("Companies").RequireAuthorization(Policies.Ssc);
        holdings.MapGet("/", ListHoldingsAsync).WithName("ListHoldings");
        holdings.MapGet("/{id:guid}", GetHoldingAsync).WithName("GetHolding");
        holdings.MapPost("/", CreateHoldingAsync).WithName("CreateHolding").RequireAuthorization(Policies.Admin).AddEndpointFilter<IdempotencyFilter>();
        holdings.MapPut("/{id:guid}", UpdateHoldingAsync).WithName("UpdateHolding").RequireAuthorization(Policies.Admin);
        holdings.MapDelete("/{id:guid}", DeleteHoldingAsync).WithName("DeleteHolding").RequireAuthorization(Policies.Admin);
        return api;
    }

    private static async Task<Results<Ok<Page<CompanyDto>>, ValidationProblem>> ListCompaniesAsync(
        [AsParameters] ListParameters list, Guid? holdingId, bool? active, AppDbContext db, CancellationToken ct)
    {
        if (!list.TryParse(CompanySort.Keys, out var request, out var problem))
        {
            return problem!;
        }

        var query = db.Companies.AsNoTracking();
        if (request.Search is { } q)
        {
            var p = Api.Pattern(q);
            query = query.Where(c => c.Name.ToLower().Contains(p) || (c.ShortName != null && c.ShortName.ToLower().Contains(p)) || (c.Inn != null && c.Inn.Contains(p)));
        }

        if (holdingId is { } h)
        {
            query = query.Where(c => c.HoldingId == h);
        }

        if (active is { } a)
        {
            query = query.Where(c => c.IsActive == a);
        }

        return TypedResults.Ok(await query.Sort(request, CompanySort, "name").ToPageAsync(request, ToCompanyDto, ct));
    }

    private static async Task<Results<Ok<CompanyDto>, ProblemHttpResult>> GetCompanyAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var dto = await db.Companies.AsNoTracking().Where(c => c.Id == id).Select(ToCompanyDto).FirstOrDefaultAsync(ct);
        if (dto is null)
        {
            return Api.NotFound("company");
        }

        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Created<CompanyDto>, ValidationProblem, ProblemHttpResult>> CreateCompanyAsync(CompanyInput input, AppDbContext db, CancellationToken ct)
    {
        if (await ValidateAsync(input, db, null, ct) is { } invalid)
        {
            return invalid;
        }

        var company = new ClientCompany { Name = input.Name.Trim(), TimeZoneId = input.TimeZoneId };
        Apply(company, input);
        db.Companies.Add(company);
        await db.SaveChangesAsync(ct);
        var dto = await db.Companies.AsNoTracking().Where(c => c.Id == company.Id).Select(ToCompanyDto).FirstAsync(ct);
        return TypedResults.Created($"/api/v1/companies/{company.Id}", dto);
    }

    private static async Task<Results<Ok<CompanyDto>, ValidationProblem, ProblemHttpResult>> UpdateCompanyAsync(
        Guid id, CompanyInput input, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.Companies.FindForChangeAsync(id, http, "company", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var company = found.Entity;

        if (await ValidateAsync(input, db, id, ct) is { } invalid)
        {
            return invalid;
        }

        Apply(company, input);
        await db.SaveChangesAsync(ct);
        Api.SetETag(http, company.Version);
        return TypedResults.Ok(await db.Companies.AsNoTracking().Where(c => c.Id == id).Select(ToCompanyDto).FirstAsync(ct));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteCompanyAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.Companies.FindForChangeAsync(id, http, "company", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var company = found.Entity;

        var inUse = await db.ClientServices.AnyAsync(s => s.CompanyId == id, ct) || await db.ClientAssignments.AnyAsync(a => a.CompanyId == id, ct)
            || await db.Users.AnyAsync(u => u.CompanyId == id, ct);
        if (inUse)
        {
            return Api.Conflict("The company still has services, assignments or people; deactivate it instead (isActive: false).");
        }

        db.Companies.Remove(company);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<ValidationProblem?> ValidateAsync(CompanyInput input, AppDbContext db, Guid? self, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(input.TimeZoneId, out _))
        {
            errors["timeZoneId"] = [$"'{input.TimeZoneId}' is not a known IANA time zone (e.g. Europe/Moscow, Asia/Vladivostok)."];
        }

        if (input.HoldingId is { } h && !await db.Holdings.AnyAsync(x => x.Id == h, ct))
        {
            errors["holdingId"] = ["No holding with this id."];
        }

        if (input.CalendarId is { } calendar && !await db.Calendars.AnyAsync(x => x.Id == calendar, ct))
        {
            errors["calendarId"] = ["No calendar with this id."];
        }

        var name = input.Name.Trim();
        if (await db.Companies.IgnoreQueryFilters().AnyAsync(c => c.Name == name && c.Id != self, ct))
        {
            errors["name"] = ["A company with this name already exists."];
        }

        return errors.Count > 0 ? Api.Invalid(errors) : null;
    }

    private static void Apply(ClientCompany c, CompanyInput input)
    {
        c.Name = input.Name.Trim();
        c.ShortName = input.ShortName?.Trim();
        c.NameEn = input.NameEn?.Trim();
        c.Inn = input.Inn;
        c.HoldingId = input.HoldingId;
        c.TimeZoneId = input.TimeZoneId;
        c.EmailDomains = input.EmailDomains?.Trim().ToLowerInvariant();
        c.IsActive = input.IsActive;
        c.CalendarId = input.CalendarId;
    }

    private static async Task<Results<Ok<Page<HoldingDto>>, ValidationProblem>> ListHoldingsAsync([AsParameters] ListParameters list, AppDbContext db, CancellationToken ct)
    {
        string[] sortable = ["name"];
        if (!list.TryParse(sortable, out var request, out var problem))
        {
            return problem!;
        }

        var query = db.Holdings.AsNoTracking();
        if (request.Search is { } q)
        {
            var p = Api.Pattern(q);
            query = query.Where(h => h.Name.ToLower().Contains(p));
        }

        var sorted = request.Sort is [{ Descending: true }, ..] ? query.OrderByDescending(h => h.Name) : query.OrderBy(h => h.Name);
        return TypedResults.Ok(await sorted.ToPageAsync(request, ToHoldingDto, ct));
    }

    private static async Task<Results<Ok<HoldingDto>, ProblemHttpResult>> GetHoldingAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var dto = await db.Holdings.AsNoTracking().Where(h => h.Id == id).Select(ToHoldingDto).FirstOrDefaultAsync(ct);
        if (dto is null)
        {
            return Api.NotFound("holding");
        }

        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Created<HoldingDto>, ValidationProblem>> CreateHoldingAsync(HoldingInput input, AppDbContext db, CancellationToken ct)
    {
        var name = input.Name.Trim();
        if (await db.Holdings.AnyAsync(h => h.Name == name, ct))
        {
            return Api.Invalid("name", "A holding with this name already exists.");
        }

        var holding = new Holding { Name = name, NameEn = input.NameEn?.Trim() };
        db.Holdings.Add(holding);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/holdings/{holding.Id}", new HoldingDto(holding.Id, holding.Name, holding.NameEn, 0, holding.Version));
    }

    private static async Task<Results<Ok<HoldingDto>, ValidationProblem, ProblemHttpResult>> UpdateHoldingAsync(Guid id, HoldingInput input, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.Holdings.FindForChangeAsync(id, http, "holding", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var holding = found.Entity;

        var name = input.Name.Trim();
        if (await db.Holdings.AnyAsync(h => h.Name == name && h.Id != id, ct))
        {
            return Api.Invalid("name", "A holding with this name already exists.");
        }

        holding.Name = name;
        holding.NameEn = input.NameEn?.Trim();
        await db.SaveChangesAsync(ct);
        Api.SetETag(http, holding.Version);
        return TypedResults.Ok(await db.Holdings.AsNoTracking().Where(h => h.Id == id).Select(ToHoldingDto).FirstAsync(ct));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteHoldingAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.Holdings.FindForChangeAsync(id, http, "holding", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var holding = found.Entity;

        if (await db.Companies.IgnoreQueryFilters().AnyAsync(c => c.HoldingId == id, ct))
        {
            return Api.Conflict("The holding still groups companies; move them first.");
        }

        db.Holdings.Remove(holding);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
