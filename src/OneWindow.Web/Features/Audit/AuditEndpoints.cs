using OneWindow.Web.Features.Auth;

namespace OneWindow.Web.Features.Audit;

/// <summary>One audit record; <c>changes</c> is the JSON object property → { old, new } (or the raw text if it is not JSON).</summary>
public sealed record AuditEntryDto(long Id, DateTimeOffset At, Guid? ActorId, string? ActorName, string EntityType, string EntityId, string Action,
    JsonElement Changes, Guid? CompanyId, string? TraceId);

public static class AuditEndpoints
{
    private static readonly string[] Actions = ["create", "update", "delete"];

    private static readonly Dictionary<string, Expression<Func<AuditEntry, object?>>> AuditSort = new(StringComparer.OrdinalIgnoreCase)
    {
        ["at"] = e => e.At,
        ["id"] = e => e.Id,
    };

    private static readonly Expression<Func<AuditEntry, AuditEntryDto>> ToAuditEntryDto = e =>
        new AuditEntryDto(e.Id, e.At, e.ActorId, e.ActorName, e.EntityType, e.EntityId, e.Action, ParseChanges(e.Changes), e.CompanyId, e.TraceId);

    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder api)
    {
        // The log is append-only: it is written by AppDbContext on every save and can only be read here.
        var audit = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(Policies.Admin);
        audit.MapGet("/", ListAuditEntriesAsync).WithName("ListAuditEntries");
        audit.MapGet("/{id:long}", GetAuditEntryAsync).WithName("GetAuditEntry");
        return api;
    }

    private static async Task<Results<Ok<Page<AuditEntryDto>>, ValidationProblem>> ListAuditEntriesAsync(
        [AsParameters] ListParameters list, string? entityType, string? entityId, Guid? actorId, string? action, Guid? companyId,
        DateTimeOffset? from, DateTimeOffset? to, AppDbContext db, CancellationToken ct)
    {
        if (!list.TryParse(AuditSort.Keys, out var request, out var problem))
        {
            return problem!;
        }

        // Instants compare in UTC (PostgreSQL's timestamptz takes offset 0 only).
        from = from?.ToUniversalTime();
        to = to?.ToUniversalTime();
        var errors = new Dictionary<string, string[]>();
        if (action is not null && !Actions.Contains(action, StringComparer.Ordinal))
        {
            errors["action"] = [$"action must be one of: {string.Join(", ", Actions)}."];
        }

        if (from is { } f && to is { } t && t < f)
        {
            errors["to"] = ["to must not be before from."];
        }

        if (errors.Count > 0)
        {
            return Api.Invalid(errors);
        }

        var query = db.AuditEntries.AsNoTracking();
        if (request.Search is { } q)
        {
            var p = Api.Pattern(q);
            query = query.Where(e => e.EntityType.ToLower().Contains(p) || e.EntityId.ToLower().Contains(p) || (e.ActorName != null && e.ActorName.ToLower().Contains(p)));
        }

        if (!string.IsNullOrWhiteSpace(entityType))
        {
            query = query.Where(e => e.EntityType == entityType);
        }

        if (!string.IsNullOrWhiteSpace(entityId))
        {
            query = query.Where(e => e.EntityId == entityId);
        }

        if (actorId is { } actor)
        {
            query = query.Where(e => e.ActorId == actor);
        }

        if (action is not null)
        {
            query = query.Where(e => e.Action == action);
        }

        if (companyId is { } company)
        {
            query = query.Where(e => e.CompanyId == company);
        }

        if (from is { } since)
        {
            query = query.Where(e => e.At >= since);
        }

        if (to is { } until)
        {
            query = query.Where(e => e.At <= until);
        }

        return TypedResults.Ok(await query.Sort(request, AuditSort, "at", defaultDescending: true).ToPageAsync(request, ToAuditEntryDto, ct));
    }

    private static async Task<Results<Ok<AuditEntryDto>, ProblemHttpResult>> GetAuditEntryAsync(long id, AppDbContext db, CancellationToken ct)
    {
        var dto = await db.AuditEntries.AsNoTracking().Where(e => e.Id == id).Select(ToAuditEntryDto).FirstOrDefaultAsync(ct);
        return dto is null ? Api.NotFound("audit entry") : TypedResults.Ok(dto);
    }

    private static JsonElement ParseChanges(string changes)
    {
        try
        {
            using var document = JsonDocument.Parse(changes);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(changes);
        }
    }
}
