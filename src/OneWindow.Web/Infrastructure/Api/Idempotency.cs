using Microsoft.AspNetCore.Http.Json;

namespace OneWindow.Web.Infrastructure.Api;

/// <summary>
/// Honours <c>Idempotency-Key</c> on creating POSTs: the first successful outcome is stored per person and key and
/// replayed for 24 hours; the same key with a different body is refused (422). The outcome is stored in the write's own
/// transaction, so a concurrent or later retry gets the first answer, never a second write.
/// </summary>
public sealed class IdempotencyFilter(AppDbContext db, CurrentActor actor, TimeProvider clock, IOptions<JsonOptions> json) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key) || actor.UserId is not { } userId)
        {
            return await next(context);
        }

        if (key.Length > 128)
        {
            return Api.Invalid(Header, "Idempotency-Key must be at most 128 characters.");
        }

        var path = http.Request.Path.ToString();
        var bodyType = http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType;
        var hash = Hash(path, bodyType is null ? null : context.Arguments.FirstOrDefault(a => a is not null && a.GetType() == bodyType));
        var existing = await FindAsync(userId, key, http.RequestAborted);
        if (existing is not null)
        {
            return Replay(http, existing, hash);
        }

        // The write and the record of its outcome commit together: a crash anywhere before the commit leaves neither (the
        // retry runs afresh), after it both (the retry is replayed), so no key is ever left pending and no write doubled.
        await using var unit = await db.Database.BeginUnitOfWorkAsync(http.RequestAborted);
        var result = await next(context);

        // Typed unions (Results<Created<T>, …>) wrap the actual result.
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        var status = (inner as IStatusCodeHttpResult)?.StatusCode ?? 200;
        if (status is < 200 or >= 300)
        {
            await unit.RollbackAsync(CancellationToken.None);
            return result;
        }

        var record = new IdempotencyRecord
        {
            Key = key, UserId = userId, Path = path, RequestHash = hash, CreatedAt = clock.GetUtcNow(), StatusCode = status, Completed = true,
            ResponseBody = inner is IValueHttpResult { Value: { } value } ? Serialize(value is IRedactedOnReplay secret ? secret.ForReplay() : value) : null,
            Location = inner?.GetType().GetProperty("Location")?.GetValue(inner) as string,
        };
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
            await unit.CommitAsync(CancellationToken.None);
        }
        catch (DbUpdateException e) when (ApiExceptionHandler.IsUniqueViolation(e))
        {
            // A concurrent request with the same key committed first: this one's write is undone and the winner's answer given.
            db.Entry(record).State = EntityState.Detached;
            await unit.RollbackAsync(CancellationToken.None);
            var winner = await FindAsync(userId, key, CancellationToken.None);
            return winner is null
                ? Api.Conflict("A request with this Idempotency-Key is still being processed; retry shortly.")
                : Replay(http, winner, hash);
        }

        return result;
    }

    private string Serialize(object value) => JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions);

    private Task<IdempotencyRecord?> FindAsync(Guid userId, string key, CancellationToken ct) =>
        db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, ct);

    private static IResult Replay(HttpContext http, IdempotencyRecord existing, string hash)
    {
        if (existing.RequestHash != hash)
        {
            return TypedResults.Problem(statusCode: 422, type: ProblemTypes.IdempotencyMismatch, title: "Idempotency-Key reused with a different request.",
                detail: "This key was already used for another request; use a new key for a new request.");
        }

        if (!existing.Completed)
        {
            // Only records written before outcomes were stored with their write can be pending; they expire within a day.
            return Api.Conflict("A request with this Idempotency-Key is still being processed; retry shortly.");
        }

        http.Response.Headers["Idempotent-Replayed"] = "true";
        if (existing.Location is not null)
        {
            http.Response.Headers.Location = existing.Location;
        }

        return Results.Content(existing.ResponseBody ?? "", "application/json", Encoding.UTF8, existing.StatusCode);
    }

    /// <summary>The fingerprint of a request: its path and its bound JSON body.</summary>
    private string Hash(string path, object? body)
    {
        var text = path + "\n" + (body is null ? "" : JsonSerializer.Serialize(body, body.GetType(), json.Value.SerializerOptions));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

/// <summary>Deletes idempotency records older than a day, once an hour.</summary>
internal sealed class IdempotencyCleanup(IServiceScopeFactory scopes, TimeProvider clock, ILogger<IdempotencyCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var cutoff = clock.GetUtcNow().AddDays(-1);
                await db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Idempotency cleanup failed; will retry in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

/// <summary>
/// An answer that carries a secret shown once (a new personal access token): the idempotency record keeps the answer for a
/// day, so what it stores — and a replay returns — is this redacted copy, never the secret.
/// </summary>
public interface IRedactedOnReplay
{
    object ForReplay();
}
