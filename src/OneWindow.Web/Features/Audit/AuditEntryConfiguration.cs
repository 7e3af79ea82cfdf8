namespace OneWindow.Web.Features.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditLog");
        b.MaxLength(256, x => x.ActorName);
        b.MaxLength(64, x => x.EntityType);
        b.MaxLength(80, x => x.EntityId);
        b.MaxLength(16, x => x.Action);
        b.MaxLength(32, x => x.TraceId);
        b.HasIndex(x => x.At);
        b.HasIndex(x => new { x.EntityType, x.EntityId });
        b.HasIndex(x => x.ActorId);
    }
}
