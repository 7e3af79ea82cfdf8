namespace OneWindow.Web.Features.Clients;

public sealed record HoldingDto(Guid Id, string Name, string? NameEn, int CompanyCount, int Version);

public sealed record CompanyDto(Guid Id, string Name, string? ShortName, string? NameEn, string? Inn, Guid? HoldingId, string? HoldingName,
    string TimeZoneId, string? EmailDomains, bool IsActive, Guid? CalendarId, int Version);

/// <summary>Client companies (readable within the caller's tenancy) and holdings (SSC); written by administrators through <see cref="CompanyDesk"/>.</summary>
public static class CompanyEndpoints
{
    private static readonly ApiResource<ClientCompany, CompanyDto, CompanyInput, CompanyDesk> Companies = new()
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
        Create = desk => desk.CreateCompanyAsync,
        Update = desk => desk.UpdateCompanyAsync,
        Delete = desk => desk.DeleteCompanyAsync,
    };

    private static readonly ApiResource<Holding, HoldingDto, HoldingInput, CompanyDesk> Holdings = new()
    {
        What = "holding",
        Path = "/api/v1/holdings",
        Set = db => db.Holdings,
        ToDto = _ => h => new HoldingDto(h.Id, h.Name, h.NameEn, h.Companies.Count, h.Version),
        Version = h => h.Version,
        SortKeys = new() { ["name"] = h => h.Name },
        DefaultSort = "name",
        Search = p => h => h.Name.ToLower().Contains(p),
        Create = desk => desk.CreateHoldingAsync,
        Update = desk => desk.UpdateHoldingAsync,
        Delete = desk => desk.DeleteHoldingAsync,
    };

    public static RouteGroupBuilder MapCompanyEndpoints(this RouteGroupBuilder api)
    {
        var companies = api.MapGroup("/companies").WithTags("Companies");
        companies.MapGet("/", ListCompaniesAsync).WithName("ListCompanies");
        companies.MapGet("/{id:guid}", Companies.GetAsync).WithName("GetCompany");
        companies.MapPost("/", CreateCompanyAsync).ForAdminsOnce("CreateCompany");
        companies.MapPut("/{id:guid}", Companies.UpdateAsync).ForAdmins("UpdateCompany");
        companies.MapDelete("/{id:guid}", Companies.DeleteAsync).ForAdmins("DeleteCompany");
        companies.MapGet("/{id:guid}/overview", OverviewAsync).WithName("GetCompanyOverview")
            .WithSummary("The client 360 card: team on both sides, services, agreements, the period's SLA/OLA/index with trend, tickets, CSAT, surveys, cases, loyalty, actions, account notes (SSC).");
        var notes = companies.MapGroup("/{id:guid}/notes").RequireAuthorization(Policies.Ssc);
        notes.MapGet("/", ListNotesAsync).WithName("ListAccountNotes");
        notes.MapPost("/", CreateNoteAsync).WithName("CreateAccountNote").RequireAuthorization(ClientsSetup.NoteWritePolicy).AddEndpointFilter<IdempotencyFilter>();
        notes.MapPut("/{noteId:guid}", UpdateNoteAsync).WithName("UpdateAccountNote").RequireAuthorization(ClientsSetup.NoteWritePolicy);
        notes.MapDelete("/{noteId:guid}", DeleteNoteAsync).WithName("DeleteAccountNote").RequireAuthorization(ClientsSetup.NoteWritePolicy);

        var holdings = api.MapGroup("/holdings").WithTags("Companies").RequireAuthorization(Policies.Ssc);
        holdings.MapGet("/", Holdings.ListAllAsync).WithName("ListHoldings");
        holdings.MapGet("/{id:guid}", Holdings.GetAsync).WithName("GetHolding");
        holdings.MapPost("/", Holdings.CreateAsync).ForAdminsOnce("CreateHolding");
        holdings.MapPut("/{id:guid}", Holdings.UpdateAsync).ForAdmins("UpdateHolding");
        holdings.MapDelete("/{id:guid}", Holdings.DeleteAsync).ForAdmins("DeleteHolding");
        return api;
    }

    private static Task<Results<Ok<Page<CompanyDto>>, ValidationProblem>> ListCompaniesAsync(
        [AsParameters] ListParameters list, Guid? holdingId, bool? active, AppDbContext db, CancellationToken ct) =>
        Companies.ListAsync(list, db, q => q.WhereGiven(holdingId, h => c => c.HoldingId == h).WhereGiven(active, a => c => c.IsActive == a), ct);

    private static async Task<Results<Ok<CompanyOverviewDto>, ValidationProblem, ProblemHttpResult>> OverviewAsync(Guid id, string? period, CompanyOverview overview,
        AppDbContext db, CurrentActor actor, HttpContext http, CancellationToken ct)
    {
        ReportPeriod? p = null;
        if (!string.IsNullOrWhiteSpace(period))
        {
            if (!ReportPeriod.TryParse(period, out var parsed) || parsed.Start.Year is < 2000 or > 2100)
            {
                return Api.Invalid("period", "period must be a month (2026-11), a quarter (2026-Q4) or a year (2026), between 2000 and 2100.");
            }

            p = parsed;
        }

        await ViewerCulture.UseAsync(http, db, actor, ct);
        return await overview.LoadAsync(id, p, ct) is { } dto ? TypedResults.Ok(dto) : Api.NotFound("company");
    }

    private static async Task<Results<Ok<List<AccountNoteDto>>, ProblemHttpResult>> ListNotesAsync(Guid id, AppDbContext db, CurrentActor actor, CancellationToken ct) =>
        await db.Companies.AnyAsync(c => c.Id == id, ct) ? TypedResults.Ok(await AccountNoteDesk.ListAsync(db, actor, id, ct)) : Api.NotFound("company");

    private static async Task<Results<Created<AccountNoteDto>, ValidationProblem, ProblemHttpResult>> CreateNoteAsync(Guid id, AccountNoteInput input,
        AccountNoteDesk desk, AppDbContext db, CancellationToken ct)
    {
        var result = await desk.CreateAsync(id, input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "company");
        }

        var dto = await AccountNoteDesk.Project(db.Set<AccountNote>().AsNoTracking().Where(n => n.Id == result.Id)).FirstAsync(ct);
        return TypedResults.Created($"/api/v1/companies/{id}/notes/{dto.Id}", dto);
    }

    private static async Task<Results<Ok<AccountNoteDto>, ValidationProblem, ProblemHttpResult>> UpdateNoteAsync(Guid id, Guid noteId, AccountNoteInput input,
        AccountNoteDesk desk, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.Set<AccountNote>().Where(n => n.CompanyId == id).FindForChangeAsync(noteId, http, "account note", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var result = await desk.UpdateAsync(found.Entity, input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "account note");
        }

        var dto = await AccountNoteDesk.Project(db.Set<AccountNote>().AsNoTracking().Where(n => n.Id == noteId)).FirstAsync(ct);
        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteNoteAsync(Guid id, Guid noteId, AccountNoteDesk desk, AppDbContext db, HttpContext http,
        CancellationToken ct)
    {
        var found = await db.Set<AccountNote>().Where(n => n.CompanyId == id).FindForChangeAsync(noteId, http, "account note", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var result = await desk.DeleteAsync(found.Entity, ct);
        return result.IsDone ? TypedResults.NoContent() : Api.Problem(result, "account note");
    }

    // Its answers include ProblemHttpResult, unlike the other resources' creates: kept as published.
    private static async Task<Results<Created<CompanyDto>, ValidationProblem, ProblemHttpResult>> CreateCompanyAsync(CompanyInput input, CompanyDesk desk,
        AppDbContext db, CancellationToken ct)
    {
        var result = await desk.CreateCompanyAsync(input, ct);
        return result.IsDone ? await Companies.CreatedAsync(result, db, ct) : Api.Invalid(result.Errors!);
    }
}
