namespace OneWindow.Web.Features.Audit;

/// <summary>One append-only record of a create, update or delete of a business entity.</summary>
public sealed class AuditEntry : IAppendOnly
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? ActorId { get; set; }
    public string? ActorName { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    public required string Action { get; set; }
    /// <summary>JSON object: property → { "old": …, "new": … }.</summary>
    public required string Changes { get; set; }
    public Guid? CompanyId { get; set; }
    public string? TraceId { get; set; }
}
