namespace OneWindow.Web.Features.Tickets;

public sealed record RequestTypeFieldDto(string Key, string Label, string? LabelEn, FieldKind Kind, bool Required, IReadOnlyList<string> Options, int Order);
public sealed record RequestTypeDto(Guid Id, Guid ServiceId, string ServiceName, string Code, string Name, string? NameEn, string? Description,
    TicketPriority DefaultPriority, Guid? TeamId, bool IsActive, IReadOnlyList<RequestTypeFieldDto> Fields, int Version);

public sealed record RequestTypeFieldInput(
    [property: Required, MaxLength(64), RegularExpression("^[a-zA-Z][a-zA-Z0-9_]*$", ErrorMessage = "key must start with a letter and hold letters, digits or _.")] string Key,
    [property: Required, MaxLength(200)] string Label,
    [property: MaxLength(200)] string? LabelEn,
    FieldKind Kind,
    bool Required,
    [property: MaxLength(50)] string[]? Options);

public sealed record RequestTypeInput(
    Guid ServiceId,
    [property: Required, MaxLength(32)] string Code,
    [property: Required, MaxLength(200)] string Name,
    [property: MaxLength(200)] string? NameEn,
    [property: MaxLength(2000)] string? Description,
    TicketPriority DefaultPriority,
    Guid? TeamId,
    [property: MaxLength(50)] RequestTypeFieldInput[]? Fields,
    bool IsActive = true);

/// <summary>The service catalogue's request types: which forms a client can fill in, and who handles them.</summary>
public static class RequestTypeEndpoints
{
    private static readonly Dictionary<string, Expression<Func<RequestType, object?>>> Sortable = new(StringComparer.OrdinalIgnoreCase)
    {
        ["name"] = t => t.Name,
        ["code"] = t => t.Code,
    };

    public static RouteGroupBuilder MapRequestTypeEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/request-types").WithTags("Service catalogue");
        group.MapGet("/", ListAsync).WithName("ListRequestTypes");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetRequestType");
        group.MapPost("/", CreateAsync).WithName("CreateRequestType").RequireAuthorization(Policies.Admin).AddEndpointFilter<IdempotencyFilter>();
        group.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateRequestType").RequireAuthorization(Policies.Admin);
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteRequestType").RequireAuthorization(Policies.Admin);
        return api;
    }

    private static async Task<Results<Ok<Page<RequestTypeDto>>, ValidationProblem>> ListAsync(
        [AsParameters] ListParameters list, Guid? serviceId, Guid? companyId, bool? active, AppDbContext db, CurrentActor actor, CancellationToken ct)
    {
        if (!list.TryParse(Sortable.Keys, out var request, out var problem))
        {
            return problem!;
        }

        var query = db.RequestTypes.AsNoTracking().AvailableTo(db, actor.CompanyId ?? companyId);
        if (actor.CompanyId is not null)
        {
            query = query.Where(t => t.IsActive);
        }

        if (serviceId is { } s)
        {
            query = query.Where(t => t.ServiceId == s);
        }

        if (active is { } a)
        {
            query = query.Where(t => t.IsActive == a);
        }

        if (request.Search is { } q)
        {
            var p = Api.Pattern(q);
            query = query.Where(t => t.Name.ToLower().Contains(p) || t.Code.ToLower().Contains(p));
        }

        var page = await query.Sort(request, Sortable, "name").Include(t => t.Fields).Include(t => t.Service)
            .Skip(request.Skip).Take(request.PageSize).ToListAsync(ct);
        var total = await query.CountAsync(ct);
        return TypedResults.Ok(new Page<RequestTypeDto>([.. page.Select(ToDto)], request.Page, request.PageSize, total));
    }

    private static async Task<Results<Ok<RequestTypeDto>, ProblemHttpResult>> GetAsync(Guid id, AppDbContext db, CurrentActor actor, HttpContext http, CancellationToken ct)
    {
        var type = await db.RequestTypes.AsNoTracking().AvailableTo(db, actor.CompanyId).Include(t => t.Fields).Include(t => t.Service).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (type is null)
        {
            return Api.NotFound("request type");
        }

        Api.SetETag(http, type.Version);
        return TypedResults.Ok(ToDto(type));
    }

    private static async Task<Results<Created<RequestTypeDto>, ValidationProblem>> CreateAsync(RequestTypeInput input, RequestTypeDesk desk, AppDbContext db, CancellationToken ct)
    {
        var result = await desk.CreateAsync(input, ct);
        return result.IsDone
            ? TypedResults.Created($"/api/v1/request-types/{result.Id}", await LoadAsync(db, result.Id!.Value, ct))
            : Api.Invalid(result.Errors!);
    }

    private static async Task<Results<Ok<RequestTypeDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(Guid id, RequestTypeInput input, RequestTypeDesk desk,
        AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.RequestTypes.Include(t => t.Fields).FindForChangeAsync(id, http, "request type", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var result = await desk.UpdateAsync(found.Entity, input, ct);
        if (!result.IsDone)
        {
            return Api.Invalid(result.Errors!);
        }

        Api.SetETag(http, found.Entity.Version);
        return TypedResults.Ok(await LoadAsync(db, id, ct));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, RequestTypeDesk desk, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.RequestTypes.FindForChangeAsync(id, http, "request type", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var result = await desk.DeleteAsync(found.Entity, ct);
        return result.IsDone ? TypedResults.NoContent() : Api.Problem(result, "request type");
    }

    private static async Task<RequestTypeDto> LoadAsync(AppDbContext db, Guid id, CancellationToken ct) =>
        ToDto(await db.RequestTypes.AsNoTracking().Include(t => t.Fields).Include(t => t.Service).FirstAsync(t => t.Id == id, ct));

    private static RequestTypeDto ToDto(RequestType t) => new(t.Id, t.ServiceId, t.Service?.Name ?? "", t.Code, t.Name, t.NameEn, t.Description, t.DefaultPriority, t.TeamId, t.IsActive,
        [.. t.Fields.OrderBy(f => f.Order).Select(f => new RequestTypeFieldDto(f.Key, f.Label, f.LabelEn, f.Kind, f.Required, TicketDesk.Choices(f), f.Order))], t.Version);
}

/// <summary>What other features and pages ask of request types.</summary>
[FeatureSeam]
public static class RequestTypeQueries
{
    /// <summary>
    /// Request types visible to the caller. A client person sees only those of services their company receives;
    /// SSC staff see all, or those a given company may use with companyId.
    /// </summary>
    public static IQueryable<RequestType> AvailableTo(this IQueryable<RequestType> query, AppDbContext db, Guid? companyId)
    {
        // Company services are tenancy-filtered, so a client person's query is limited to their own company anyway.
        return companyId is { } c
            ? query.Where(t => db.ClientServices.Any(s => s.CompanyId == c && s.ServiceId == t.ServiceId && s.Stage != Clients.ServiceStage.Suspended))
            : query;
    }
}

/// <summary>The one write path for request types: the API and the admin page both come here.</summary>
public sealed class RequestTypeDesk(AppDbContext db)
{
    public async Task<DeskResult> CreateAsync(RequestTypeInput input, CancellationToken ct)
    {
        if (DeskResult.Invalid(await ErrorsAsync(input, null, ct)) is { } invalid)
        {
            return invalid;
        }

        var type = new RequestType { ServiceId = input.ServiceId, Code = input.Code.Trim(), Name = input.Name.Trim() };
        Apply(type, input);
        db.RequestTypes.Add(type);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(type.Id);
    }

    /// <summary>Changes a request type loaded with its fields.</summary>
    public async Task<DeskResult> UpdateAsync(RequestType type, RequestTypeInput input, CancellationToken ct)
    {
        if (DeskResult.Invalid(await ErrorsAsync(input, type.Id, ct)) is { } invalid)
        {
            return invalid;
        }

        Apply(type, input);
        // A field list change alone must still move the request type's version, so editors see each other's changes.
        db.Entry(type).Property(t => t.UpdatedAt).IsModified = true;
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(type.Id);
    }

    public async Task<DeskResult> DeleteAsync(RequestType type, CancellationToken ct)
    {
        if (await db.Tickets.IgnoreQueryFilters().AnyAsync(t => t.RequestTypeId == type.Id, ct))
        {
            return DeskResult.Clash("Tickets use this request type; deactivate it instead (isActive: false).");
        }

        db.RequestTypes.Remove(type);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok();
    }

    /// <summary>The record's own rules (the same data annotations the API checks on binding), then what needs the database.</summary>
    private async Task<Dictionary<string, string[]>> ErrorsAsync(RequestTypeInput input, Guid? self, CancellationToken ct)
    {
        var errors = Annotations.Check(input);
        var fieldInputs = input.Fields ?? [];
        for (var i = 0; i < fieldInputs.Length; i++)
        {
            Annotations.Check(fieldInputs[i], errors, $"fields[{i}].");
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        if (!await db.Services.AnyAsync(s => s.Id == input.ServiceId, ct))
        {
            errors["serviceId"] = ["No service with this id."];
        }

        if (input.TeamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team, ct))
        {
            errors["teamId"] = ["No team with this id."];
        }

        var code = input.Code.Trim();
        if (await db.RequestTypes.AnyAsync(t => t.ServiceId == input.ServiceId && t.Code == code && t.Id != self, ct))
        {
            errors["code"] = ["The service already has a request type with this code."];
        }

        var fields = input.Fields ?? [];
        var duplicate = fields.GroupBy(f => f.Key, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            errors["fields"] = [$"Field key '{duplicate.Key}' appears twice."];
        }

        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i].Kind == FieldKind.Choice && (fields[i].Options is not { Length: > 0 } || fields[i].Options!.Any(o => string.IsNullOrWhiteSpace(o) || o.Length > 200)))
            {
                errors[$"fields[{i}].options"] = ["A choice field needs 1 to 50 non-empty options of at most 200 characters."];
            }
        }

        return errors;
    }

    private static void Apply(RequestType type, RequestTypeInput input)
    {
        type.ServiceId = input.ServiceId;
        type.Code = input.Code.Trim();
        type.Name = input.Name.Trim();
        type.NameEn = input.NameEn?.Trim();
        type.Description = input.Description?.Trim();
        type.DefaultPriority = input.DefaultPriority;
        type.TeamId = input.TeamId;
        type.IsActive = input.IsActive;
        var wanted = input.Fields ?? [];
        type.Fields.RemoveAll(f => wanted.All(w => !string.Equals(w.Key, f.Key, StringComparison.Ordinal)));
        for (var i = 0; i < wanted.Length; i++)
        {
            var w = wanted[i];
            var field = type.Fields.FirstOrDefault(f => f.Key == w.Key);
            if (field is null)
            {
                field = new RequestTypeField { Key = w.Key, Label = w.Label };
                type.Fields.Add(field);
            }

            field.Label = w.Label.Trim();
            field.LabelEn = w.LabelEn?.Trim();
            field.Kind = w.Kind;
            field.Required = w.Required;
            field.Options = w.Options is { Length: > 0 } o ? string.Join('\n', o.Select(x => x.Trim())) : null;
            field.Order = i;
        }
    }
}
