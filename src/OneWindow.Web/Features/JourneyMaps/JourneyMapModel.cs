namespace OneWindow.Web.Features.JourneyMaps;

public enum JourneyMapStatus
{
    Draft = 0,
    Published = 1,
}

/// <summary>
/// What a step's touchpoint is bound to: a request type, the intake mailbox (<see cref="TouchpointTargets.IntakeMailbox"/>),
/// a scored survey question (its derived id) or an OLA metric of an agreement.
/// </summary>
public enum TouchpointKind
{
    RequestType = 0,
    MailChannel = 1,
    SurveyQuestion = 2,
    OlaMetric = 3,
}

/// <summary>Binding targets that have no row of their own.</summary>
public static class TouchpointTargets
{
    /// <summary>
    /// The installation's one intake mailbox (Mail:Imap): mail channels are configuration, not records, so the mailbox
    /// is this fixed id; the tickets made from it are the tickets of the Email channel.
    /// </summary>
    public static readonly Guid IntakeMailbox = new("6d61696c-0000-7000-8000-000000000001");
}

/// <summary>
/// A customer journey map: one persona's way through a service, stage by stage and step by step, built with the
/// business. A map with a company is that client's own (its people read and comment on it); one without is the SSC's.
/// Stages and steps are replaced as a whole by the editor under the map's <see cref="Entity.Version"/>.
/// </summary>
public sealed class JourneyMap : Entity
{
    public required string Title { get; set; }
    public Guid ServiceId { get; set; }
    public required string Persona { get; set; }
    public Guid? CompanyId { get; set; }
    public JourneyMapStatus Status { get; set; }
    public List<JourneyStage> Stages { get; set; } = [];
}

public sealed class JourneyStage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MapId { get; set; }
    public int Order { get; set; }
    public required string Title { get; set; }
    public List<JourneyStep> Steps { get; set; } = [];
}

/// <summary>One step of a stage with its lanes; emotions are on −2…+2 as the team sees it now (as-is) and wants it (to-be).</summary>
public sealed class JourneyStep
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid StageId { get; set; }
    public Guid MapId { get; set; }
    public int Order { get; set; }
    public required string Title { get; set; }
    public string? ClientAction { get; set; }
    public string? Touchpoint { get; set; }
    /// <summary>Free text: portal, email, phone, meeting, EDI…</summary>
    public string? Channel { get; set; }
    public string? Thoughts { get; set; }
    public int EmotionAsIs { get; set; }
    public int EmotionToBe { get; set; }
    public string? PainPoints { get; set; }
    public string? Opportunities { get; set; }
    public string? Backstage { get; set; }
    /// <summary>The customer-centricity code's sections that apply (free text until the code exists).</summary>
    public string? CodeSections { get; set; }
    public List<TouchpointBinding> Bindings { get; set; } = [];
}

/// <summary>What a step's touchpoint is bound to: a kind and the id of the bound record.</summary>
public sealed class TouchpointBinding
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid StepId { get; set; }
    public TouchpointKind Kind { get; set; }
    public Guid TargetId { get; set; }
}

/// <summary>A comment on a step, by SSC people or the client people of the map's company; a proposal asks for a change.</summary>
public sealed class JourneyComment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MapId { get; set; }
    public Guid StepId { get; set; }
    public Guid AuthorId { get; set; }
    public required string Text { get; set; }
    public bool IsProposal { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class JourneyMapConfiguration : IEntityTypeConfiguration<JourneyMap>
{
    public void Configure(EntityTypeBuilder<JourneyMap> b)
    {
        b.ToTable("JourneyMaps");
        b.Property(x => x.Title).HasMaxLength(JourneyMapDesk.TitleMax);
        b.Property(x => x.Persona).HasMaxLength(JourneyMapDesk.PersonaMax);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Catalogue.Service>().WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Clients.ClientCompany>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Stages).WithOne().HasForeignKey(x => x.MapId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.CompanyId);
    }
}

internal sealed class JourneyStageConfiguration : IEntityTypeConfiguration<JourneyStage>
{
    public void Configure(EntityTypeBuilder<JourneyStage> b)
    {
        b.ToTable("JourneyStages");
        b.Property(x => x.Title).HasMaxLength(JourneyMapDesk.TitleMax);
        b.HasMany(x => x.Steps).WithOne().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class JourneyStepConfiguration : IEntityTypeConfiguration<JourneyStep>
{
    public void Configure(EntityTypeBuilder<JourneyStep> b)
    {
        b.ToTable("JourneySteps");
        b.Property(x => x.Title).HasMaxLength(JourneyMapDesk.TitleMax);
        b.Property(x => x.ClientAction).HasMaxLength(JourneyMapDesk.LaneMax);
        b.Property(x => x.Touchpoint).HasMaxLength(JourneyMapDesk.ShortMax);
        b.Property(x => x.Channel).HasMaxLength(JourneyMapDesk.ChannelMax);
        b.Property(x => x.Thoughts).HasMaxLength(JourneyMapDesk.LaneMax);
        b.Property(x => x.PainPoints).HasMaxLength(JourneyMapDesk.LaneMax);
        b.Property(x => x.Opportunities).HasMaxLength(JourneyMapDesk.LaneMax);
        b.Property(x => x.Backstage).HasMaxLength(JourneyMapDesk.LaneMax);
        b.Property(x => x.CodeSections).HasMaxLength(JourneyMapDesk.ShortMax);
        b.HasMany(x => x.Bindings).WithOne().HasForeignKey(x => x.StepId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.MapId);
    }
}

internal sealed class TouchpointBindingConfiguration : IEntityTypeConfiguration<TouchpointBinding>
{
    public void Configure(EntityTypeBuilder<TouchpointBinding> b)
    {
        b.ToTable("JourneyTouchpointBindings");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
    }
}

internal sealed class JourneyCommentConfiguration : IEntityTypeConfiguration<JourneyComment>
{
    public void Configure(EntityTypeBuilder<JourneyComment> b)
    {
        b.ToTable("JourneyComments");
        b.Property(x => x.Text).HasMaxLength(JourneyMapDesk.CommentMax);
        b.HasOne<JourneyStep>().WithMany().HasForeignKey(x => x.StepId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.MapId);
    }
}
