namespace OneWindow.Web.Features.Clients;

/// <summary>One move of a company's service from one lifecycle stage to the next: the stage's start date and who moved it.</summary>
public sealed class TransitionStageChange : Entity, ICompanyOwned
{
    public Guid CompanyId { get; set; }
    public Guid ClientServiceId { get; set; }
    public ClientService? ClientService { get; set; }
    public ServiceStage? FromStage { get; set; }
    public ServiceStage ToStage { get; set; }
    /// <summary>The day the stage started, in the company's zone.</summary>
    public DateOnly StartedOn { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public Guid? ChangedById { get; set; }
    public required string ChangedByName { get; set; }
}

/// <summary>An item of a stage's checklist, kept by administrators; every company's service at that stage has to tick it.</summary>
public sealed class TransitionChecklistTemplate : Entity
{
    public ServiceStage Stage { get; set; }
    public required string Text { get; set; }
    public string? TextEn { get; set; }
    public int Order { get; set; }
}

/// <summary>A checklist item ticked for one company's service.</summary>
public sealed class TransitionChecklistTick : Entity, ICompanyOwned
{
    public Guid CompanyId { get; set; }
    public Guid ClientServiceId { get; set; }
    public Guid TemplateId { get; set; }
    public TransitionChecklistTemplate? Template { get; set; }
    public DateTimeOffset TickedAt { get; set; }
    public Guid? TickedById { get; set; }
    public required string TickedByName { get; set; }
}

public enum SignOffSide
{
    /// <summary>The shared service centre's side (an administrator, the CSM or the delivery lead).</summary>
    Ssc = 0,
    /// <summary>The client company's side (its executive).</summary>
    Client = 1,
}

/// <summary>Who signed a stage of a company's service off, on one side; one per stage and side.</summary>
public sealed class TransitionSignOff : Entity, ICompanyOwned
{
    public Guid CompanyId { get; set; }
    public Guid ClientServiceId { get; set; }
    public ServiceStage Stage { get; set; }
    public SignOffSide Side { get; set; }
    public Guid? SignerId { get; set; }
    public required string SignerName { get; set; }
    public string? SignerTitle { get; set; }
    public DateTimeOffset SignedAt { get; set; }
    /// <summary>Who entered it: the signer, or an administrator recording a client's signature given on paper.</summary>
    public required string RecordedByName { get; set; }
}

internal sealed class TransitionStageChangeConfiguration : IEntityTypeConfiguration<TransitionStageChange>
{
    public void Configure(EntityTypeBuilder<TransitionStageChange> b)
    {
        b.Property(x => x.FromStage).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.ToStage).HasConversion<string>().HasMaxLength(20);
        b.MaxLength(200, x => x.ChangedByName);
        b.HasIndex(x => new { x.ClientServiceId, x.ChangedAt });
        b.HasOne(x => x.ClientService).WithMany().HasForeignKey(x => x.ClientServiceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ClientCompany>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TransitionChecklistTemplateConfiguration : IEntityTypeConfiguration<TransitionChecklistTemplate>
{
    public void Configure(EntityTypeBuilder<TransitionChecklistTemplate> b)
    {
        b.Property(x => x.Stage).HasConversion<string>().HasMaxLength(20);
        b.MaxLength(300, x => x.Text, x => x.TextEn);
        b.HasIndex(x => new { x.Stage, x.Order });
    }
}

internal sealed class TransitionChecklistTickConfiguration : IEntityTypeConfiguration<TransitionChecklistTick>
{
    public void Configure(EntityTypeBuilder<TransitionChecklistTick> b)
    {
        b.MaxLength(200, x => x.TickedByName);
        b.HasIndex(x => new { x.ClientServiceId, x.TemplateId }).IsUnique();
        b.HasOne<ClientService>().WithMany().HasForeignKey(x => x.ClientServiceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Template).WithMany().HasForeignKey(x => x.TemplateId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ClientCompany>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TransitionSignOffConfiguration : IEntityTypeConfiguration<TransitionSignOff>
{
    public void Configure(EntityTypeBuilder<TransitionSignOff> b)
    {
        b.Property(x => x.Stage).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Side).HasConversion<string>().HasMaxLength(10);
        b.MaxLength(200, x => x.SignerName, x => x.SignerTitle, x => x.RecordedByName);
        b.HasIndex(x => new { x.ClientServiceId, x.Stage, x.Side }).IsUnique();
        b.HasOne<ClientService>().WithMany().HasForeignKey(x => x.ClientServiceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ClientCompany>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Restrict);
    }
}
