using Microsoft.AspNetCore.Http.Json;

namespace OneWindow.Web.Infrastructure.Api;

/// <summary>
/// Honours <c>Idempotency-Key</c> on creating POSTs: the first successful outcome is stored per person and key and
/// replayed for 24 hours; the same key with a different body is refused (422); a retry while the first request is
/// still running gets 409.
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
        var existing = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, http.RequestAborted);
        if (existing is not null)
        {
            if (existing.RequestHash != hash)
            {
                return TypedResults.Problem(statusCode: 422, type: ProblemTypes.IdempotencyMismatch, title: "Idempotency-Key reused with a different request.",
                    detail: "This key was already used for another request; use a new key for a new request.");
            }

            if (!existing.Completed)
            {
                return Api.Conflict("A request with this Idempotency-Key is still being processed; retry shortly.");
            }

            http.Response.Headers["Idempotent-Replayed"] = "true";
            if (existing.Location is not null)
            {
                http.Response.Headers.Location = existing.Location;
            }

            return Results.Content(existing.ResponseBody ?? "", "application/json", Encoding.UTF8, existing.StatusCode);
        }

        var record = new IdempotencyRecord { Key = key, UserId = userId, Path = path, RequestHash = hash, CreatedAt = clock.GetUtcNow() };
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
        }
        catch (DbUpdateException)
        {
            // Another request with the same key won the race.
            db.Entry(record).State = EntityState.Detached;
            return Api.Conflict("A request with this Idempotency-Key is still being processed; retry shortly.");
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await Forget(record);
            throw;
        }

        // Typed unions (Results<Created<T>, …>) wrap the actual result.
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        var status = (inner as IStatusCodeHttpResult)?.StatusCode ?? 200;
        if (status is >= 200 and < 300)
        {
            record.StatusCode = status;
            record.ResponseBody = inner is IValueHttpResult { Value: { } value } ? JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions) : null;
            record.Location = inner?.GetType().GetProperty("Location")?.GetValue(inner) as string;
            record.Completed = true;
            await db.SaveChangesAsync(CancellationToken.None);
        }
        else
        {
            await Forget(record);
        }

        return result;
    }

    private async Task Forget(IdempotencyRecord record)
    {
        await db.IdempotencyRecords.Where(r => r.Id == record.Id).ExecuteDeleteAsync(CancellationToken.None);
        db.Entry(record).State = EntityState.Detached;
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
