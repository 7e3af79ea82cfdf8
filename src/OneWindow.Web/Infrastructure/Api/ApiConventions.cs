using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using OneWindow.Core.Api;
using SortKey = OneWindow.Core.Api.SortKey;

namespace OneWindow.Web.Infrastructure.Api;

/// <summary>The raw paging, sorting and search parameters; strings so that bad values become field errors, not binding failures.</summary>
public sealed record ListParameters(
    [property: FromQuery(Name = "page")] string? Page,
    [property: FromQuery(Name = "pageSize")] string? PageSize,
    [property: FromQuery(Name = "sort")] string? Sort,
    [property: FromQuery(Name = "q")] string? Q);

/// <summary>One page of a list: the items, where the page is, and how many items match in all.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total)
{
    /// <summary>
    /// True when counting stopped at <see cref="Total"/> (lists that can reach millions of rows count up to a cap):
    /// there are at least that many matches, maybe more.
    /// </summary>
    public bool TotalIsLowerBound { get; init; }
}

public static class ProblemTypes
{
    public const string Base = "https://onewindow.dev/problems/";
    public const string Validation = Base + "validation";
    public const string NotFound = Base + "not-found";
    public const string Conflict = Base + "conflict";
    public const string PreconditionFailed = Base + "precondition-failed";
    public const string PreconditionRequired = Base + "precondition-required";
    public const string Forbidden = Base + "forbidden";
    public const string Unauthorized = Base + "unauthorized";
    public const string RateLimited = Base + "rate-limited";
    public const string IdempotencyMismatch = Base + "idempotency-key-reused";
    public const string Internal = Base + "internal";
    public const string CrossSite = Base + "cross-site-request";
}

/// <summary>An entity loaded for an update or delete, or the problem that stops the change (404, 428, 412).</summary>
public sealed record Change<T>(T? Entity, ProblemHttpResult? Problem)
    where T : class
{
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Problem))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Entity))]
    public bool Failed => Problem is not null;
}

public static class Api
{
    /// <summary>Loads an entity visible to the caller for a change and checks If-Match against its row version.</summary>
    public static async Task<Change<T>> FindForChangeAsync<T>(this IQueryable<T> set, Guid id, HttpContext http, string what, CancellationToken ct)
        where T : Entity
    {
        var entity = await set.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (entity is null)
        {
            return new Change<T>(null, NotFound(what));
        }

        return CheckIfMatch(http, entity.Version) is { } precondition ? new Change<T>(null, precondition) : new Change<T>(entity, null);
    }

    public static Results<Ok<Page<TDto>>, ValidationProblem> Empty<TDto>() => TypedResults.Ok(new Page<TDto>([], 1, ListRequest.DefaultPageSize, 0));

    public static ValidationProblem Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation, title: "One or more fields are invalid.");

    public static ValidationProblem Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: 404, type: ProblemTypes.NotFound, title: "Not found.", detail: $"No {what} with this id is visible to you.");

    /// <summary>A desk's refusal as ProblemDetails: 400 with field errors, 409, 403 or 404.</summary>
    public static ProblemHttpResult Problem(DeskResult result, string what = "resource") => result.Outcome switch
    {
        DeskOutcome.Invalid => TypedResults.Problem(new HttpValidationProblemDetails(result.Errors!.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = 400, Type = ProblemTypes.Validation, Title = "One or more fields are invalid.",
        }),
        DeskOutcome.Conflict => Conflict(result.Detail!),
        DeskOutcome.Forbidden => TypedResults.Problem(statusCode: 403, type: ProblemTypes.Forbidden, title: "Forbidden.", detail: result.Detail),
        _ => NotFound(what),
    };

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: 409, type: ProblemTypes.Conflict, title: "Conflict.", detail: detail);

    /// <summary>Checks If-Match against the current row version: 428 when absent, 412 when stale.</summary>
    public static ProblemHttpResult? CheckIfMatch(HttpContext http, int currentVersion)
    {
        var header = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return TypedResults.Problem(statusCode: 428, type: ProblemTypes.PreconditionRequired, title: "If-Match required.",
                detail: "Send the ETag of the version you changed in an If-Match header.");
        }

        if (!ETags.TryParseIfMatch(header, out var expected))
        {
            return TypedResults.Problem(statusCode: 400, type: ProblemTypes.Validation, title: "Malformed If-Match header.", detail: "If-Match must be an ETag such as \"3\" or *.");
        }

        if (expected is { } v && v != currentVersion)
        {
            return TypedResults.Problem(statusCode: 412, type: ProblemTypes.PreconditionFailed, title: "The resource has changed.",
                detail: $"You sent version {v}; the current version is {currentVersion}. Fetch it again and reapply your change.");
        }

        return null;
    }

    public static void SetETag(HttpContext http, int version) => http.Response.Headers.ETag = ETags.From(version);

    /// <summary>Parses the list convention; on failure the problem names the offending query parameters.</summary>
    public static bool TryParse(this ListParameters p, IReadOnlyCollection<string> sortable, out ListRequest request, out ValidationProblem? problem)
    {
        var (parsed, errors) = ListRequest.Parse(p.Page, p.PageSize, p.Sort, p.Q, sortable);
        request = parsed!;
        problem = parsed is null ? Invalid(errors) : null;
        return parsed is not null;
    }

    public static IQueryable<T> Sort<T>(this IQueryable<T> query, ListRequest request, IReadOnlyDictionary<string, Expression<Func<T, object?>>> keys, string defaultKey,
        bool defaultDescending = false)
    {
        var sort = request.Sort.Count > 0 ? request.Sort : [new SortKey(defaultKey, defaultDescending)];
        IOrderedQueryable<T>? ordered = null;
        foreach (var key in sort)
        {
            var selector = keys[key.Field];
            ordered = ordered is null
                ? key.Descending ? query.OrderByDescending(selector) : query.OrderBy(selector)
                : key.Descending ? ordered.ThenByDescending(selector) : ordered.ThenBy(selector);
        }

        return ordered!;
    }

    public static async Task<Page<TDto>> ToPageAsync<T, TDto>(this IQueryable<T> query, ListRequest request, Expression<Func<T, TDto>> projection, CancellationToken ct)
    {
        var total = await query.CountAsync(ct);
        var items = await query.Skip(request.Skip).Take(request.PageSize).Select(projection).ToListAsync(ct);
        return new Page<TDto>(items, request.Page, request.PageSize, total);
    }

    /// <summary>
    /// A page whose total is counted only up to <paramref name="countCap"/>: over a million rows an exact count is most of
    /// the cost and nobody pages that far; the page says when its total is a lower bound. The count runs on the query
    /// before <paramref name="order"/>: an ordered count would walk the rows in the page's order rather than the cheapest.
    /// </summary>
    public static async Task<Page<TDto>> ToPageAsync<T, TDto>(this IQueryable<T> query, Func<IQueryable<T>, IQueryable<T>> order, ListRequest request,
        Expression<Func<T, TDto>> projection, int countCap, CancellationToken ct)
    {
        var counted = await query.CountUpToAsync(countCap, ct);
        var items = await order(query).Skip(request.Skip).Take(request.PageSize).Select(projection).ToListAsync(ct);
        return new Page<TDto>(items, request.Page, request.PageSize, Math.Min(counted, countCap)) { TotalIsLowerBound = counted > countCap };
    }

    /// <summary>The number of rows, counting no further than one past <paramref name="cap"/> (so a result above it means "more than cap").</summary>
    public static Task<int> CountUpToAsync<T>(this IQueryable<T> query, int cap, CancellationToken ct) => query.Take(cap + 1).CountAsync(ct);

    /// <summary>Null when <paramref name="userId"/> is an active SSC person (no company); otherwise the field error to report.</summary>
    public static async Task<string?> SscStaffProblemAsync(AppDbContext db, Guid userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.CompanyId, u.IsActive }).FirstOrDefaultAsync(ct);
        return user switch
        {
            null => "No person with this id.",
            { CompanyId: not null } => "The person must be SSC staff, not a client company's employee.",
            { IsActive: false } => "The person is deactivated.",
            _ => null,
        };
    }

    /// <summary>The field errors of an end date before its start date, or none.</summary>
    public static void CheckPeriod(Dictionary<string, string[]> errors, DateOnly? startsOn, DateOnly? endsOn)
    {
        if (startsOn is { } s && endsOn is { } e && e < s)
        {
            errors["endsOn"] = ["endsOn must not be before startsOn."];
        }
    }

    /// <summary>Case-insensitive containment that works for Cyrillic on both providers (see SqliteUnicodeCaseInterceptor).</summary>
    public static string Pattern(string search) => search.ToLowerInvariant();
}

/// <summary>Maps expected infrastructure failures to ProblemDetails; everything else becomes a 500 without internals.</summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (status, type, title, detail, errors) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => (400, ProblemTypes.Validation, "The request body is not valid JSON for this resource.", json.Message, FieldErrors(json)),
            BadHttpRequestException bad when bad.StatusCode == 413 => (413, ProblemTypes.Validation, "The request body is too large.", bad.Message, null),
            BadHttpRequestException bad => (400, ProblemTypes.Validation, "The request could not be read.", bad.Message, BindingErrors(bad)),
            TenancyViolationException => (404, ProblemTypes.NotFound, "Not found.", "No such resource is visible to you.", null),
            DbUpdateConcurrencyException => (409, ProblemTypes.Conflict, "The resource was changed by someone else.", "Fetch it again and reapply your change.", null),
            DbUpdateException db when IsUniqueViolation(db) => (409, ProblemTypes.Conflict, "A resource with the same unique values already exists.", null, null),
            DbUpdateException db when IsForeignKeyViolation(db) => (409, ProblemTypes.Conflict, "The resource is referenced by other data or refers to data that does not exist.", null, null),
            _ => (500, ProblemTypes.Internal, "An unexpected error occurred.", null, (Dictionary<string, string[]>?)null),
        };

        if (status == 500)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", http.Request.Method, http.Request.Path);
        }

        http.Response.StatusCode = status;
        var problem = errors is null
            ? new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail }
            : new HttpValidationProblemDetails(errors) { Status = status, Type = type, Title = title, Detail = detail };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static Dictionary<string, string[]> FieldErrors(JsonException json)
    {
        // JsonException.Path looks like "$.name" or "$.roles[2]"; report the field as the client named it.
        var path = json.Path is { Length: > 0 } p ? p.TrimStart('$').TrimStart('.') : "";
        var message = json.Message.Split(" Path:", 2)[0];
        return new Dictionary<string, string[]> { [path.Length == 0 ? "$" : path] = [message] };
    }

    private static Dictionary<string, string[]>? BindingErrors(BadHttpRequestException bad)
    {
        // "Failed to bind parameter \"Guid id\" from \"x\"." → field "id".
        var m = System.Text.RegularExpressions.Regex.Match(bad.Message, "parameter \"(?:[^\" ]+ )?([^\" ]+)\"");
        return m.Success ? new Dictionary<string, string[]> { [JsonNamingPolicy.CamelCase.ConvertName(m.Groups[1].Value)] = [bad.Message] } : null;
    }

    internal static bool IsUniqueViolation(DbUpdateException e) =>
        e.InnerException is Npgsql.PostgresException { SqlState: "23505" }
        || e.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } s && s.Message.Contains("UNIQUE", StringComparison.Ordinal);

    private static bool IsForeignKeyViolation(DbUpdateException e) =>
        e.InnerException is Npgsql.PostgresException { SqlState: "23503" }
        || e.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } s && s.Message.Contains("FOREIGN KEY", StringComparison.Ordinal);
}

public static class ApiSetup
{
    /// <summary>"Name" → "name", "Address.City" → "address.city"; keys already camel-cased stay as they are.</summary>
    public static string CamelPath(string key) =>
        string.Join('.', key.Split('.').Select(part => part.Length > 0 && char.IsUpper(part[0]) && !part.Contains('-', StringComparison.Ordinal) ? char.ToLowerInvariant(part[0]) + part[1..] : part));

    public static IServiceCollection AddOneWindowApi(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            if (c.ProblemDetails is HttpValidationProblemDetails v)
            {
                // Field errors are keyed the way the client spells the field in JSON and query strings.
                var renamed = v.Errors.ToDictionary(e => CamelPath(e.Key), e => e.Value);
                v.Errors.Clear();
                foreach (var (key, value) in renamed)
                {
                    v.Errors[key] = value;
                }
            }

            c.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? c.HttpContext.TraceIdentifier;
            if (c.ProblemDetails.Type is null || c.ProblemDetails.Type.StartsWith("https://tools.ietf.org", StringComparison.Ordinal))
            {
                c.ProblemDetails.Type = c.ProblemDetails.Status switch
                {
                    400 => ProblemTypes.Validation,
                    401 => ProblemTypes.Unauthorized,
                    403 => ProblemTypes.Forbidden,
                    404 => ProblemTypes.NotFound,
                    409 => ProblemTypes.Conflict,
                    429 => ProblemTypes.RateLimited,
                    _ => c.ProblemDetails.Type,
                };
            }
        });
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddValidation();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            // Unknown fields are refused so that a typo never silently drops data.
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddOpenApi();
        services.AddScoped<IdempotencyFilter>();
        services.AddHostedService<IdempotencyCleanup>();
        return services;
    }
}
