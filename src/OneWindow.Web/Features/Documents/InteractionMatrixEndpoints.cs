using OneWindow.Web.Features.Clients;

namespace OneWindow.Web.Features.Documents;

/// <summary>
/// /api/v1/interaction-matrix: who is Responsible, Accountable, Consulted and Informed on each side for each activity of
/// a company's service at a stage, resolved to named people; the gap report; the XLSX export. Everyone signed in reads
/// within their tenancy scope (a client person: their own company); the SSC's managers write. Another company's id is 404.
/// </summary>
public static class InteractionMatrixEndpoints
{
    public static RouteGroupBuilder MapInteractionMatrixEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/interaction-matrix").WithTags("Interaction matrix").RequireAuthorization(InteractionMatrixSetup.ReadPolicy);
        g.MapGet("/companies/{id:guid}", GetAsync).WithName("GetInteractionMatrix")
            .WithSummary("The matrix of a company's service at a stage (default: the service's current stage), each cell with the people it names today.");
        g.MapGet("/companies/{id:guid}/gaps", GapsAsync).WithName("GetInteractionMatrixGaps")
            .WithSummary("For each service of the company in its current stage, the activities with nobody accountable on one side, and why.");
        g.MapGet("/companies/{id:guid}/export.xlsx", ExportAsync).WithName("ExportInteractionMatrix")
            .WithSummary("The company's matrix (every service and stage, named people) and its gap report as an Excel workbook.")
            .Produces(200, contentType: XlsxRows.ContentType);
        g.MapPost("/rows", AddAsync).WithName("AddInteractionMatrixRow").RequireAuthorization(InteractionMatrixSetup.ManagePolicy)
            .WithSummary("A row in a cell: a person, or a role to resolve (SSC: AccountRole or TeamLead; client: ClientRole or ClientDepartment); letter R, A, C or I.");
        g.MapPut("/rows/{id:guid}", ChangeAsync).WithName("ChangeInteractionMatrixRow").RequireAuthorization(InteractionMatrixSetup.ManagePolicy);
        g.MapDelete("/rows/{id:guid}", RemoveAsync).WithName("RemoveInteractionMatrixRow").RequireAuthorization(InteractionMatrixSetup.ManagePolicy);
        g.MapPost("/apply-template", ApplyTemplateAsync).WithName("ApplyInteractionMatrixTemplate").RequireAuthorization(InteractionMatrixSetup.ManagePolicy)
            .WithSummary("Copies the built-in RACI (by roles, per stage and activity) into the company's matrix for every service and stage.");
        return api;
    }

    private static async Task<Results<Ok<MatrixDto>, ValidationProblem, ProblemHttpResult>> GetAsync(Guid id, Guid? serviceId, ServiceStage? stage,
        InteractionMatrixQueries queries, CancellationToken ct)
    {
        // Another company's id is 404 before any question about the query.
        var companyId = id;
        if (!await queries.CanSeeAsync(companyId, ct))
        {
            return Api.NotFound("company");
        }

        if (serviceId is not { } service)
        {
            return Api.Invalid("serviceId", "The service is required.");
        }

        if (stage is { } s && !MatrixDesk.Stages.Contains(s))
        {
            return Api.Invalid("stage", "The stage must be Transition, Stabilisation or Stable.");
        }

        var current = (await queries.ServicesAsync(companyId, ct)).Where(x => x.ServiceId == service).Select(x => (ServiceStage?)x.Stage).FirstOrDefault();
        var dto = await queries.ResolveAsync(companyId, service, stage ?? current ?? ServiceStage.Stable, ct);
        return dto is null ? Api.NotFound("company service") : TypedResults.Ok(dto);
    }

    private static async Task<Results<Ok<IReadOnlyList<MatrixGapDto>>, ProblemHttpResult>> GapsAsync(Guid id, InteractionMatrixQueries queries, CancellationToken ct) =>
        await queries.GapsAsync(id, ct) is { } gaps ? TypedResults.Ok(gaps) : Api.NotFound("company");

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(Guid id, MatrixWorkbook workbook, CancellationToken ct) =>
        await workbook.BuildAsync(id, ct) is { } bytes
            ? TypedResults.File(bytes, XlsxRows.ContentType, "interaction-matrix.xlsx")
            : Api.NotFound("company");

    private static async Task<Results<Created<InteractionMatrixRowDto>, ValidationProblem, ProblemHttpResult>> AddAsync(MatrixRowInput input, MatrixDesk desk, AppDbContext db,
        CancellationToken ct)
    {
        var result = await desk.AddAsync(input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "company");
        }

        var row = await db.Set<InteractionMatrixRow>().AsNoTracking().FirstAsync(r => r.Id == result.Id, ct);
        return TypedResults.Created($"/api/v1/interaction-matrix/rows/{row.Id}", InteractionMatrixRowDto.From(row));
    }

    private static async Task<Results<Ok<InteractionMatrixRowDto>, ValidationProblem, ProblemHttpResult>> ChangeAsync(Guid id, MatrixRowInput input, MatrixDesk desk,
        AppDbContext db, CancellationToken ct)
    {
        if (await db.Set<InteractionMatrixRow>().FirstOrDefaultAsync(r => r.Id == id, ct) is not { } row)
        {
            return Api.NotFound("matrix row");
        }

        if (input.CompanyId is { } company && company != row.CompanyId)
        {
            return Api.Invalid("companyId", "A row stays with its company.");
        }

        var result = await desk.ChangeAsync(row, input with { CompanyId = row.CompanyId }, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "matrix row");
        }

        return TypedResults.Ok(InteractionMatrixRowDto.From(row));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(Guid id, MatrixDesk desk, AppDbContext db, CancellationToken ct)
    {
        if (await db.Set<InteractionMatrixRow>().FirstOrDefaultAsync(r => r.Id == id, ct) is not { } row)
        {
            return Api.NotFound("matrix row");
        }

        var result = await desk.RemoveAsync(row, ct);
        return result.IsDone ? TypedResults.NoContent() : Api.Problem(result, "matrix row");
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ApplyTemplateAsync(MatrixTemplateInput input, MatrixDesk desk, CancellationToken ct)
    {
        var result = await desk.ApplyTemplateAsync(input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "company");
        }

        return TypedResults.NoContent();
    }
}

/// <summary>A stored matrix row as the API returns it after a write.</summary>
public sealed record InteractionMatrixRowDto(Guid Id, Guid CompanyId, Guid ServiceId, ServiceStage Stage, MatrixActivity Activity, MatrixSide Side, string Letter,
    MatrixTarget Target, Guid? PersonId, AssignmentRole? AccountRole, string? ClientRole, string? ClientDepartment, string? Note, int Version)
{
    public static InteractionMatrixRowDto From(InteractionMatrixRow r) => new(r.Id, r.CompanyId, r.ServiceId, r.Stage, r.Activity, r.Side, r.Letter.ToString(), r.Target,
        r.PersonId, r.AccountRole, r.ClientRole, r.ClientDepartment, r.Note, r.Version);
}
