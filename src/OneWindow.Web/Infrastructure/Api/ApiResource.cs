namespace OneWindow.Web.Infrastructure.Api;

/// <summary>
/// One kind of record the API lists, reads, creates, replaces and deletes: where it is stored, how it is shown and
/// sorted, and which desk methods write it. Its methods are the route handlers every such resource would otherwise
/// repeat — map them directly (<c>group.MapGet("/{id:guid}", Companies.GetAsync)</c>): a page of the list, one record
/// with its ETag, a desk's write answered with the fresh record or with its problem.
/// </summary>
/// <remarks>
/// Routes are mapped where the handler is named: the validation generator reads the handler's input type at the MapPost
/// or MapPut call, so a handler passed on as a Delegate would lose its input's checks.
/// </remarks>
public sealed class ApiResource<T, TDto, TInput, TDesk>
    where T : Entity
    where TDto : class
    where TInput : class
    where TDesk : notnull
{
    /// <summary>The record's name in "No {what} with this id is visible to you."</summary>
    public required string What { get; init; }

    /// <summary>The collection's URL; a created record's Location is this plus its id.</summary>
    public required string Path { get; init; }

    public required Func<AppDbContext, IQueryable<T>> Set { get; init; }

    /// <summary>The projection to the DTO (given the context, for projections that look up other sets).</summary>
    public required Func<AppDbContext, Expression<Func<T, TDto>>> ToDto { get; init; }

    /// <summary>The DTO's row version, sent as the ETag.</summary>
    public required Func<TDto, int> Version { get; init; }

    public required Dictionary<string, Expression<Func<T, object?>>> SortKeys { get; init; }

    public required string DefaultSort { get; init; }

    /// <summary>The condition for the q parameter, given its lower-cased text (see <see cref="Api.Pattern"/>).</summary>
    public required Func<string, Expression<Func<T, bool>>> Search { get; init; }

    /// <summary>The desk's create method (<c>desk => desk.CreateXAsync</c>).</summary>
    public required Func<TDesk, Func<TInput, CancellationToken, Task<DeskResult>>> Create { get; init; }

    /// <summary>The desk's replace method, given the record loaded for the change.</summary>
    public required Func<TDesk, Func<T, TInput, CancellationToken, Task<DeskResult>>> Update { get; init; }

    /// <summary>The desk's delete method, given the record loaded for the change.</summary>
    public required Func<TDesk, Func<T, CancellationToken, Task<DeskResult>>> Delete { get; init; }

    /// <summary>One page of the list after the resource's own filters, searched with q and sorted by sort.</summary>
    public async Task<Results<Ok<Page<TDto>>, ValidationProblem>> ListAsync(ListParameters list, AppDbContext db, Func<IQueryable<T>, IQueryable<T>> filter,
        CancellationToken ct)
    {
        if (!list.TryParse(SortKeys.Keys, out var request, out var problem))
        {
            return problem!;
        }

        var query = filter(Set(db).AsNoTracking());
        if (request.Search is { } q)
        {
            query = query.Where(Search(Api.Pattern(q)));
        }

        return TypedResults.Ok(await query.Sort(request, SortKeys, DefaultSort).ToPageAsync(request, ToDto(db), ct));
    }

    /// <summary>The list handler of a resource without filters of its own.</summary>
    public Task<Results<Ok<Page<TDto>>, ValidationProblem>> ListAllAsync([AsParameters] ListParameters list, AppDbContext db, CancellationToken ct) =>
        ListAsync(list, db, q => q, ct);

    /// <summary>One record with its ETag, or 404.</summary>
    public async Task<Results<Ok<TDto>, ProblemHttpResult>> GetAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct) =>
        await FindAsync(db, id, ct) is { } dto ? Tagged(http, dto) : Api.NotFound(What);

    /// <summary>A create through the desk: 201 with the new record and its Location, or the desk's field errors.</summary>
    public async Task<Results<Created<TDto>, ValidationProblem>> CreateAsync(TInput input, TDesk desk, AppDbContext db, CancellationToken ct)
    {
        var result = await Create(desk)(input, ct);
        return result.IsDone ? await CreatedAsync(result, db, ct) : Api.Invalid(result.Errors!);
    }

    /// <summary>The 201 answer to a desk's create that is done.</summary>
    public async Task<Created<TDto>> CreatedAsync(DeskResult done, AppDbContext db, CancellationToken ct)
    {
        var id = done.Id!.Value;
        return TypedResults.Created($"{Path}/{id}", (await FindAsync(db, id, ct))!);
    }

    /// <summary>
    /// A replace: the record is loaded for the change (404, If-Match: 428 and 412) and handed to the desk; then the fresh
    /// record with its new ETag, or the desk's refusal (400 with field errors, 409, 403).
    /// </summary>
    public async Task<Results<Ok<TDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(Guid id, TInput input, TDesk desk, AppDbContext db, HttpContext http,
        CancellationToken ct)
    {
        var found = await Set(db).FindForChangeAsync(id, http, What, ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var result = await Update(desk)(found.Entity, input, ct);
        if (result.Outcome == DeskOutcome.Invalid)
        {
            return Api.Invalid(result.Errors!);
        }

        return result.IsDone ? Tagged(http, (await FindAsync(db, id, ct))!) : Api.Problem(result, What);
    }

    /// <summary>A delete: the record is loaded for the change (404, 428, 412) and handed to the desk; 204, or the desk's refusal.</summary>
    public async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, TDesk desk, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await Set(db).FindForChangeAsync(id, http, What, ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var result = await Delete(desk)(found.Entity, ct);
        return result.IsDone ? TypedResults.NoContent() : Api.Problem(result, What);
    }

    private Task<TDto?> FindAsync(AppDbContext db, Guid id, CancellationToken ct) =>
        Set(db).AsNoTracking().Where(e => e.Id == id).Select(ToDto(db)).FirstOrDefaultAsync(ct);

    private Ok<TDto> Tagged(HttpContext http, TDto dto)
    {
        Api.SetETag(http, Version(dto));
        return TypedResults.Ok(dto);
    }
}

public static class ApiResources
{
    /// <summary>A write route: named, for administrators.</summary>
    public static RouteHandlerBuilder ForAdmins(this RouteHandlerBuilder route, string name) => route.WithName(name).RequireAuthorization(Policies.Admin);

    /// <summary>A create route: named, for administrators, replayed for a repeated Idempotency-Key.</summary>
    public static RouteHandlerBuilder ForAdminsOnce(this RouteHandlerBuilder route, string name) => route.ForAdmins(name).AddEndpointFilter<IdempotencyFilter>();

    /// <summary>The query narrowed by <paramref name="condition"/> when the optional filter was given, else unchanged.</summary>
    public static IQueryable<T> WhereGiven<T, TValue>(this IQueryable<T> query, TValue? value, Func<TValue, Expression<Func<T, bool>>> condition)
        where TValue : struct =>
        value is { } v ? query.Where(condition(v)) : query;
}
