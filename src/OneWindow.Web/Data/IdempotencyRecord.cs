namespace OneWindow.Web.Data;

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

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("IdempotencyRecords");
        b.Property(x => x.Key).HasMaxLength(128);
        b.Property(x => x.Path).HasMaxLength(300);
        b.Property(x => x.RequestHash).HasMaxLength(64);
        b.Property(x => x.Location).HasMaxLength(500);
        b.HasIndex(x => new { x.UserId, x.Key }).IsUnique();
        b.HasIndex(x => x.CreatedAt);
    }
}
