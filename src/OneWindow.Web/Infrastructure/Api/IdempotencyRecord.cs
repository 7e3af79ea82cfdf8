namespace OneWindow.Web.Infrastructure.Api;

/// <summary>The stored outcome of a creating POST sent with an Idempotency-Key, replayed on retries.</summary>
public sealed class IdempotencyRecord
{
    public long Id { get; set; }
    public required string Key { get; set; }
    public Guid UserId { get; set; }
    public required string Path { get; set; }
    public required string RequestHash { get; set; }
    public int StatusCode { get; set; }
    public string? Location { get; set; }
    public string? ResponseBody { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>False while the first request is still running: a concurrent retry gets 409.</summary>
    public bool Completed { get; set; }
}
