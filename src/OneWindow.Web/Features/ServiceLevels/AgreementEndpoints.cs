using OneWindow.Web.Features.Auth;

namespace OneWindow.Web.Features.ServiceLevels;

public sealed record AgreementInput([property: Required] Guid? CompanyId, Guid? ServiceId, [property: Required, MaxLength(300)] string Name, [property: MaxLength(100)] string? Reference);

public sealed record AgreementUpdate([property: Required, MaxLength(300)] string Name, [property: MaxLength(100)] string? Reference);

public sealed record RejectInput([property: MaxLength(2000)] string? Reason);

public sealed record VersionSummary(Guid Id, int Number, DateOnly ValidFrom, DateOnly? ValidTo, AgreementStatus Status, DateTimeOffset? ApprovedAt, string? ApprovedByName);

public sealed record AgreementDto(Guid Id, Guid CompanyId, string CompanyName, Guid? ServiceId, string? ServiceName, string Name, string? Reference,
    IReadOnlyList<VersionSummary> Versions, int Version);

public sealed record MetricDto(Guid Id, MetricSide Side, MetricKind Kind, string Name, string? Description, double Weight, decimal AttainmentTarget,
    TimerKind? Timer, TicketPriority? Priority, int? TargetMinutes, bool PauseWhileWaiting, PeriodUnit? Period, int? DueWorkingDay, TimeOnly? DueTime,
    bool RequireComplete, decimal? RatioTarget, RatioDirection? RatioDirection, int Version)
{
    /// <summary>OLA deadlines: the client company's person who delivers.</summary>
    public Guid? ClientResponsibleId { get; init; }

    public static MetricDto From(AgreementMetric m) => new(m.Id, m.Side, m.Kind, m.Name, m.Description, m.Weight, m.AttainmentTarget, m.Timer, m.Priority,
        m.TargetMinutes, m.PauseWhileWaiting, m.Period, m.DueWorkingDay, m.DueTime, m.RequireComplete, m.RatioTarget, m.RatioDirection, m.Version)
    {
        ClientResponsibleId = m.ClientResponsibleId,
    };
}

public sealed record VersionDto(Guid Id, Guid AgreementId, Guid CompanyId, int Number, DateOnly ValidFrom, DateOnly? ValidTo, AgreementStatus Status,
    Guid? CalendarId, double SlaWeight, double OlaWeight, IReadOnlyList<EscalationLevel> Escalations, string? Notes, DateTimeOffset? SubmittedAt,
    DateTimeOffset? ApprovedAt, string? ApprovedByName, string? RejectionReason, IReadOnlyList<MetricDto> Metrics, int Version)
{
    public static VersionDto From(AgreementVersion v) => new(v.Id, v.AgreementId, v.CompanyId, v.Number, v.ValidFrom, v.ValidTo, v.Status, v.CalendarId,
        v.SlaWeight, v.OlaWeight, EscalationPolicy.Parse(v.Escalations, out _) ?? [], v.Notes, v.SubmittedAt, v.ApprovedAt, v.ApprovedByName,
        v.RejectionReason, [.. v.Metrics.OrderBy(m => m.Side).ThenBy(m => m.Kind).ThenBy(m => m.Name).Select(MetricDto.From)], v.Version);
}

/// <summary>Agreements, their versions and metrics; approval by the client executive.</summary>
public static class AgreementEndpoints
{
    public static RouteGroupBuilder MapAgreementEndpoints(this RouteGroupBuilder api)
    {
        var agreements = api.MapGroup("/agreements").WithTags("Service levels");
        agreements.MapGet("/", ListAsync).WithName("ListAgreements");
        agreements.MapGet("/{id:guid}", GetAsync).WithName("GetAgreement");
        agreements.MapPost("/", CreateAsync).WithName("CreateAgreement").RequireAuthorization(Policies.ServiceLevelManagers).AddEndpointFilter<IdempotencyFilter>();
        agreements.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateAgreement").RequireAuthorization(Policies.ServiceLevelManagers);
        agreements.MapPost("/{id:guid}/versions", NewVersionAsync).WithName("NewAgreementVersion").RequireAuthorization(Policies.ServiceLevelManagers);

        var versions = api.MapGroup("/agreement-versions").WithTags("Service levels");
        versions.MapGet("/{id:guid}", GetVersionAsync).WithName("GetAgreementVersion");
        versions.MapPut("/{id:guid}", UpdateVersionAsync).WithName("UpdateAgreementVersion").RequireAuthorization(Policies.ServiceLevelManagers);
        versions.MapPost("/{id:guid}/metrics", AddMetricAsync).WithName("AddAgreementMetric").RequireAuthorization(Policies.ServiceLevelManagers);
        versions.MapPost("/{id:guid}/submit", (Guid id, AppDbContext db, AgreementDesk desk, CancellationToken ct) => TransitionAsync(id, db, (v, c) => desk.SubmitAsync(v, c), ct))
            .WithName("SubmitAgreementVersion").RequireAuthorization(Policies.ServiceLevelManagers);
        versions.MapPost("/{id:guid}/approve", (Guid id, AppDbContext db, AgreementDesk desk, CancellationToken ct) => TransitionAsync(id, db, (v, c) => desk.ApproveAsync(v, c), ct))
            .WithName("ApproveAgreementVersion");
        versions.MapPost("/{id:guid}/reject", (Guid id, RejectInput input, AppDbContext db, AgreementDesk desk, CancellationToken ct) => TransitionAsync(id, db, (v, c) => desk.RejectAsync(v, input.Reason, c), ct))
            .WithName("RejectAgreementVersion");
        versions.MapPost("/{id:guid}/archive", (Guid id, AppDbContext db, AgreementDesk desk, CancellationToken ct) => TransitionAsync(id, db, (v, c) => desk.ArchiveAsync(v, c), ct))
            .WithName("ArchiveAgreementVersion").RequireAuthorization(Policies.ServiceLevelManagers);

        var metrics = api.MapGroup("/agreement-metrics").WithTags("Service levels").RequireAuthorization(Policies.ServiceLevelManagers);
        metrics.MapPut("/{id:guid}", UpdateMetricAsync).WithName("UpdateAgreementMetric");
        metrics.MapDelete("/{id:guid}", DeleteMetricAsync).WithName("DeleteAgreementMetric");
        return api;
    }

    private static IQueryable<AgreementDto> Project(IQueryable<Agreement> query) => query.Select(a => new AgreementDto(a.Id, a.CompanyId, a.Company!.Name, a.ServiceId,
        a.Service != null ? a.Service.Name : null, a.Name, a.Reference,
        a.Versions.OrderBy(v => v.Number).Select(v => new VersionSummary(v.Id, v.Number, v.ValidFrom, v.ValidTo, v.Status, v.ApprovedAt, v.ApprovedByName)).ToList(),
        a.Version));

    private static async Task<Ok<List<AgreementDto>>> ListAsync(Guid? companyId, Guid? serviceId, AgreementStatus? status, AppDbContext db, CancellationToken ct)
    {
        var query = db.Agreements.AsNoTracking();
        if (companyId is { } c)
        {
            query = query.Where(a => a.CompanyId == c);
        }

        if (serviceId is { } s)
        {
            query = query.Where(a => a.ServiceId == s);
        }

        if (status is { } st)
        {
            query = query.Where(a => a.Versions.Any(v => v.Status == st));
        }

        return TypedResults.Ok(await Project(query.OrderBy(a => a.Company!.Name).ThenBy(a => a.Name)).Take(500).ToListAsync(ct));
    }

    private static async Task<Results<Ok<AgreementDto>, ProblemHttpResult>> GetAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var dto = await Project(db.Agreements.AsNoTracking().Where(a => a.Id == id)).FirstOrDefaultAsync(ct);
        if (dto is null)
        {
            return Api.NotFound("agreement");
        }

        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Created<AgreementDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(AgreementInput input, AgreementDesk desk, AppDbContext db, CancellationToken ct)
    {
        var result = await desk.CreateAgreementAsync(input.CompanyId!.Value, input.ServiceId, input.Name, input.Reference, ct);
        if (result.Outcome != DeskOutcome.Done)
        {
            return Api.Problem(result);
        }

        var dto = await Project(db.Agreements.AsNoTracking().Where(a => a.Id == result.Id)).FirstAsync(ct);
        return TypedResults.Created($"/api/v1/agreements/{dto.Id}", dto);
    }

    private static async Task<Results<Ok<AgreementDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(Guid id, AgreementUpdate input, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.Agreements.FindForChangeAsync(id, http, "agreement", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        found.Entity.Name = input.Name.Trim();
        found.Entity.Reference = input.Reference?.Trim();
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await Project(db.Agreements.AsNoTracking().Where(a => a.Id == id)).FirstAsync(ct));
    }

    private static async Task<Results<Created<VersionDto>, ValidationProblem, ProblemHttpResult>> NewVersionAsync(Guid id, AgreementDesk desk, AppDbContext db, CancellationToken ct)
    {
        var result = await desk.NewVersionAsync(id, ct);
        if (result.Outcome != DeskOutcome.Done)
        {
            return Api.Problem(result, "agreement");
        }

        var dto = VersionDto.From(await db.AgreementVersions.AsNoTracking().Include(v => v.Metrics).FirstAsync(v => v.Id == result.Id, ct));
        return TypedResults.Created($"/api/v1/agreement-versions/{dto.Id}", dto);
    }

    private static async Task<Results<Ok<VersionDto>, ProblemHttpResult>> GetVersionAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var version = await db.AgreementVersions.AsNoTracking().Include(v => v.Metrics).FirstOrDefaultAsync(v => v.Id == id, ct);
        if (version is null)
        {
            return Api.NotFound("agreement version");
        }

        Api.SetETag(http, version.Version);
        return TypedResults.Ok(VersionDto.From(version));
    }

    private static async Task<Results<Ok<VersionDto>, ValidationProblem, ProblemHttpResult>> UpdateVersionAsync(Guid id, VersionInput input, AgreementDesk desk, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.AgreementVersions.FindForChangeAsync(id, http, "agreement version", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var result = await desk.UpdateVersionAsync(found.Entity, input, ct);
        return result.Outcome == DeskOutcome.Done ? TypedResults.Ok(await VersionAsync(db, id, ct)) : Api.Problem(result);
    }

    private static async Task<Results<Created<MetricDto>, ValidationProblem, ProblemHttpResult>> AddMetricAsync(Guid id, MetricInput input, AgreementDesk desk, AppDbContext db, CancellationToken ct)
    {
        var version = await db.AgreementVersions.FirstOrDefaultAsync(v => v.Id == id, ct);
        if (version is null)
        {
            return Api.NotFound("agreement version");
        }

        var result = await desk.SaveMetricAsync(version, null, input, ct);
        if (result.Outcome != DeskOutcome.Done)
        {
            return Api.Problem(result);
        }

        var metric = await db.AgreementMetrics.AsNoTracking().FirstAsync(m => m.Id == result.Id, ct);
        return TypedResults.Created($"/api/v1/agreement-metrics/{metric.Id}", MetricDto.From(metric));
    }

    private static async Task<Results<Ok<MetricDto>, ValidationProblem, ProblemHttpResult>> UpdateMetricAsync(Guid id, MetricInput input, AgreementDesk desk, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.AgreementMetrics.FindForChangeAsync(id, http, "agreement metric", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var version = await db.AgreementVersions.FirstAsync(v => v.Id == found.Entity.VersionId, ct);
        var result = await desk.SaveMetricAsync(version, found.Entity, input, ct);
        return result.Outcome == DeskOutcome.Done ? TypedResults.Ok(MetricDto.From(found.Entity)) : Api.Problem(result);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteMetricAsync(Guid id, AgreementDesk desk, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.AgreementMetrics.FindForChangeAsync(id, http, "agreement metric", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var result = await desk.DeleteMetricAsync(found.Entity, ct);
        return result.Outcome == DeskOutcome.Done ? TypedResults.NoContent() : Api.Problem(result);
    }

    private static async Task<Results<Ok<VersionDto>, ValidationProblem, ProblemHttpResult>> TransitionAsync(Guid id, AppDbContext db,
        Func<AgreementVersion, CancellationToken, Task<DeskResult>> transition, CancellationToken ct)
    {
        var version = await db.AgreementVersions.FirstOrDefaultAsync(v => v.Id == id, ct);
        if (version is null)
        {
            return Api.NotFound("agreement version");
        }

        var result = await transition(version, ct);
        return result.Outcome == DeskOutcome.Done ? TypedResults.Ok(await VersionAsync(db, id, ct)) : Api.Problem(result);
    }

    private static async Task<VersionDto> VersionAsync(AppDbContext db, Guid id, CancellationToken ct) =>
        VersionDto.From(await db.AgreementVersions.AsNoTracking().Include(v => v.Metrics).FirstAsync(v => v.Id == id, ct));

    /// <summary>Maps a desk result that is not Done to its ProblemDetails (400 with field errors, 403, 404, 409).</summary>
}
