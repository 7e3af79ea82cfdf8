using Microsoft.AspNetCore.Http.HttpResults;
using OneWindow.Web.Data;
using OneWindow.Web.Infrastructure.Api;
using OneWindow.Web.Infrastructure.Security;

namespace OneWindow.Web.Features.Clients;

public sealed record HoldingDto(Guid Id, string Name, string? NameEn, int CompanyCount, int Version);

public sealed record CompanyDto(Guid Id, string Name, string? ShortName, string? NameEn, string? Inn, Guid? HoldingId, string? HoldingName,
    string TimeZoneId, string? EmailDomains, bool IsActive, Guid? CalendarId, int Version);

/// <summary>Client companies (readable within the caller's tenancy) and holdings (SSC); written by administrators through <see cref="CompanyDesk"/>.</summary>
public static class CompanyEndpoints
{
    private static readonly ApiResource<ClientCompany, CompanyDto> Companies = new()
    {
        What = "company",
        Path = "/api/v1/companies",
        Set = db => db.Companies,
        ToDto = _ => c => new CompanyDto(c.Id, c.Name, c.ShortName, c.NameEn, c.Inn, c.HoldingId, c.Holding != null ? c.Holding.Name : null, c.TimeZoneId,
            c.EmailDomains, c.IsActive, c.CalendarId, c.Version),
        Version = c => c.Version,
        SortKeys = new()
        {
            ["name"] = c => c.Name,
            ["timeZoneId"] = c => c.TimeZoneId,
            ["createdAt"] = c => c.CreatedAt,
        },
        DefaultSort = "name",
        Search = p => c => c.Name.ToLower().Contains(p) || (c.ShortName != null && c.ShortName.ToLower().Contains(p)) || (c.Inn != null && c.Inn.Contains(p)),
    };

    private static readonly ApiResource<Holding, HoldingDto> Holdings = new()
    {
        What = "holding",
        Path = "/api/v1/holdings",
        Set = db => db.Holdings,
        ToDto = _ => h => new HoldingDto(h.Id, h.Name, h.NameEn, h.Companies.Count, h.Version),
        Version = h => h.Version,
        SortKeys = new() { ["name"] = h => h.Name },
        DefaultSort = "name",
        Search = p => h => h.Name.ToLower().Contains(p),
    };

    public static RouteGroupBuilder MapCompanyEndpoints(this RouteGroupBuilder api)
    {
        var companies = api.MapGroup("/companies").WithTags("Companies");
        companies.MapGet("/", ListCompaniesAsync).WithName("ListCompanies");
        companies.MapGet("/{id:guid}", GetCompanyAsync).WithName("GetCompany");
        companies.MapPost("/", CreateCompanyAsync).ForAdminsOnce("CreateCompany");
        companies.MapPut("/{id:guid}", UpdateCompanyAsync).ForAdmins("UpdateCompany");
        companies.MapDelete("/{id:guid}", DeleteCompanyAsync).ForAdmins("DeleteCompany");

        var holdings = api.MapGroup("/holdings").WithTags("Companies").RequireAuthorization(Policies.Ssc);
        holdings.MapGet("/", ListHoldingsAsync).WithName("ListHoldings");
        holdings.MapGet("/{id:guid}", GetHoldingAsync).WithName("GetHolding");
        holdings.MapPost("/", CreateHoldingAsync).ForAdminsOnce("CreateHolding");
        holdings.MapPut("/{id:guid}", UpdateHoldingAsync).ForAdmins("UpdateHolding");
        holdings.MapDelete("/{id:guid}", DeleteHoldingAsync).ForAdmins("DeleteHolding");
        return api;
    }

    private static Task<Results<Ok<Page<CompanyDto>>, ValidationProblem>> ListCompaniesAsync(
        [AsParameters] ListParameters list, Guid? holdingId, bool? active, AppDbContext db, CancellationToken ct) =>
        Companies.ListAsync(list, db, q => q.WhereGiven(holdingId, h => c => c.HoldingId == h).WhereGiven(active, a => c => c.IsActive == a), ct);

    private static Task<Results<Ok<CompanyDto>, ProblemHttpResult>> GetCompanyAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct) =>
        Companies.GetAsync(id, db, http, ct);

    private static async Task<Results<Created<CompanyDto>, ValidationProblem, ProblemHttpResult>> CreateCompanyAsync(CompanyInput input, CompanyDesk desk,
        AppDbContext db, CancellationToken ct)
    {
        var result = await desk.CreateCompanyAsync(input, ct);
        return result.IsDone ? await Companies.CreatedAsync(result, db, ct) : Api.Invalid(result.Errors!);
    }

    private static Task<Results<Ok<CompanyDto>, ValidationProblem, ProblemHttpResult>> UpdateCompanyAsync(Guid id, CompanyInput input, CompanyDesk desk,
        AppDbContext db, HttpContext http, CancellationToken ct) =>
        Companies.UpdateAsync(id, db, http, c => desk.UpdateCompanyAsync(c, input, ct), ct);

    private static Task<Results<NoContent, ProblemHttpResult>> DeleteCompanyAsync(Guid id, CompanyDesk desk, AppDbContext db, HttpContext http, CancellationToken ct) =>
        Companies.DeleteAsync(id, db, http, c => desk.DeleteCompanyAsync(c, ct), ct);

    private static Task<Results<Ok<Page<HoldingDto>>, ValidationProblem>> ListHoldingsAsync([AsParameters] ListParameters list, AppDbContext db, CancellationToken ct) =>
        Holdings.ListAsync(list, db, q => q, ct);

    private static Task<Results<Ok<HoldingDto>, ProblemHttpResult>> GetHoldingAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct) =>
        Holdings.GetAsync(id, db, http, ct);

    private static Task<Results<Created<HoldingDto>, ValidationProblem>> CreateHoldingAsync(HoldingInput input, CompanyDesk desk, AppDbContext db, CancellationToken ct) =>
        Holdings.CreateAsync(desk.CreateHoldingAsync(input, ct), db, ct);

    private static Task<Results<Ok<HoldingDto>, ValidationProblem, ProblemHttpResult>> UpdateHoldingAsync(Guid id, HoldingInput input, CompanyDesk desk,
        AppDbContext db, HttpContext http, CancellationToken ct) =>
        Holdings.UpdateAsync(id, db, http, h => desk.UpdateHoldingAsync(h, input, ct), ct);

    private static Task<Results<NoContent, ProblemHttpResult>> DeleteHoldingAsync(Guid id, CompanyDesk desk, AppDbContext db, HttpContext http, CancellationToken ct) =>
        Holdings.DeleteAsync(id, db, http, h => desk.DeleteHoldingAsync(h, ct), ct);
}
