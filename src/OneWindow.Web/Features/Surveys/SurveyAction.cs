namespace OneWindow.Web.Features.Surveys;

public enum SurveyActionStatus
{
    Open,
    InProgress,
    Done,
    Cancelled,
}

/// <summary>What in the results an action answers.</summary>
public enum SurveyActionSource
{
    /// <summary>A weak CSI attribute of a wave (campaign + wave + attribute key).</summary>
    Attribute,
    /// <summary>A detractor's response (NPS 0–6) in a named campaign.</summary>
    Detractor,
    /// <summary>A verbatim answer (response + question key) in a named campaign.</summary>
    Verbatim,
}

/// <summary>
/// An improvement action from a survey's results, always for one client company (an action from a weak attribute of a
/// whole campaign is made once per company), so the company's executives can follow it and nobody else's can. A
/// detractor follow-up is the action the system opens for the company's CSM when a named response is a detractor's:
/// <see cref="FollowUpOfResponseId"/> is set, once per response, and it stays SSC-internal (it names the respondent).
/// </summary>
public sealed class SurveyAction : Entity, ICompanyOwned
{
    public Guid CompanyId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    /// <summary>Who carries it out: SSC staff or a person of the company; null only for a follow-up at a company with no CSM.</summary>
    public Guid? OwnerId { get; set; }
    public People.AppUser? Owner { get; set; }
    public DateOnly DueOn { get; set; }
    public SurveyActionStatus Status { get; set; }
    public SurveyActionSource SourceKind { get; set; }
    public Guid CampaignId { get; set; }
    public Guid WaveId { get; set; }
    /// <summary>The CSI attribute's key, for an action from a weak attribute.</summary>
    public string? AttributeKey { get; set; }
    /// <summary>The response, for an action from a detractor's answer or a verbatim (named campaigns only).</summary>
    public Guid? ResponseId { get; set; }
    /// <summary>The verbatim's question key.</summary>
    public string? QuestionKey { get; set; }
    /// <summary>Set only on the automatic detractor follow-up: unique, so a response never gets a second one.</summary>
    public Guid? FollowUpOfResponseId { get; set; }
    /// <summary>Who created it; null for the system's follow-up.</summary>
    public Guid? CreatedById { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}

internal sealed class SurveyActionConfiguration : IEntityTypeConfiguration<SurveyAction>
{
    public void Configure(EntityTypeBuilder<SurveyAction> b)
    {
        b.ToTable("SurveyActions");
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(4000);
        b.Property(x => x.AttributeKey).HasMaxLength(64);
        b.Property(x => x.QuestionKey).HasMaxLength(64);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.SourceKind).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Clients.ClientCompany>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<SurveyCampaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<SurveyWave>().WithMany().HasForeignKey(x => x.WaveId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<SurveyResponse>().WithMany().HasForeignKey(x => x.ResponseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Owner).WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.FollowUpOfResponseId).IsUnique();
        b.HasIndex(x => new { x.CompanyId, x.Status, x.DueOn });
        b.HasIndex(x => new { x.CampaignId, x.WaveId });
    }
}
