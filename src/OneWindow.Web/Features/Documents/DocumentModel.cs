namespace OneWindow.Web.Features.Documents;

public enum DocumentKind
{
    Code,
    Regulation,
}

public enum DocumentVersionStatus
{
    Draft,
    Review,
    Published,
    Superseded,
}

/// <summary>
/// A code or regulation of the SSC (the customer-centricity code, the interaction regulation). SSC-wide, not a company's:
/// its audience is every active SSC employee plus the client roles named in <see cref="ClientRoles"/>.
/// </summary>
public sealed class Document : Entity
{
    public DocumentKind Kind { get; set; }
    public required string TitleRu { get; set; }
    public required string TitleEn { get; set; }
    /// <summary>Client roles that belong to the audience too, comma-separated (e.g. "ClientExecutive"); empty for SSC staff only.</summary>
    public string ClientRoles { get; set; } = "";
    public List<DocumentVersion> Versions { get; } = [];

    public string Title(bool english) => english ? TitleEn : TitleRu;

    public IReadOnlyList<string> AudienceRoles() => ClientRoles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>One numbered version of a document's Markdown text; frozen once published (a change is a new draft copied from it).</summary>
public sealed class DocumentVersion : Entity
{
    public const int MaxText = 200_000;

    public Guid DocumentId { get; set; }
    public int Number { get; set; }
    public string Text { get; set; } = "";
    public DocumentVersionStatus Status { get; set; }
    public string? ChangeNote { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public Guid? PublishedById { get; set; }
    public List<DocumentReviewer> Reviewers { get; } = [];
}

/// <summary>A person chosen to review a version (SSC staff or a client executive).</summary>
public sealed class DocumentReviewer
{
    public Guid VersionId { get; set; }
    public Guid UserId { get; set; }
}

/// <summary>A reviewer's or editor's comment on a version under review.</summary>
public sealed class DocumentComment : Entity, IAppendOnly
{
    public const int MaxText = 4000;

    public Guid VersionId { get; set; }
    public Guid AuthorId { get; set; }
    public required string Text { get; set; }
}

/// <summary>A person's confirmation that they have read a published version; one per version and person.</summary>
public sealed class DocumentAcknowledgement : Entity, IAppendOnly
{
    public Guid VersionId { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>When a person was last reminded to read a published version; one row per version and person, its time moved on each reminder.</summary>
public sealed class DocumentReminder
{
    public Guid VersionId { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

internal sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> b)
    {
        b.ToTable("Documents");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.TitleRu).HasMaxLength(300);
        b.Property(x => x.TitleEn).HasMaxLength(300);
        b.Property(x => x.ClientRoles).HasMaxLength(100);
        b.HasMany(x => x.Versions).WithOne().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DocumentVersionConfiguration : IEntityTypeConfiguration<DocumentVersion>
{
    public void Configure(EntityTypeBuilder<DocumentVersion> b)
    {
        b.ToTable("DocumentVersions");
        b.Property(x => x.Text).HasMaxLength(DocumentVersion.MaxText);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.ChangeNote).HasMaxLength(1000);
        b.HasIndex(x => new { x.DocumentId, x.Number }).IsUnique();
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.PublishedById).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Reviewers).WithOne().HasForeignKey(x => x.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DocumentReviewerConfiguration : IEntityTypeConfiguration<DocumentReviewer>
{
    public void Configure(EntityTypeBuilder<DocumentReviewer> b)
    {
        b.ToTable("DocumentReviewers");
        b.HasKey(x => new { x.VersionId, x.UserId });
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DocumentCommentConfiguration : IEntityTypeConfiguration<DocumentComment>
{
    public void Configure(EntityTypeBuilder<DocumentComment> b)
    {
        b.ToTable("DocumentComments");
        b.Property(x => x.Text).HasMaxLength(DocumentComment.MaxText);
        b.HasOne<DocumentVersion>().WithMany().HasForeignKey(x => x.VersionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DocumentAcknowledgementConfiguration : IEntityTypeConfiguration<DocumentAcknowledgement>
{
    public void Configure(EntityTypeBuilder<DocumentAcknowledgement> b)
    {
        b.ToTable("DocumentAcknowledgements");
        b.HasIndex(x => new { x.VersionId, x.UserId }).IsUnique();
        b.HasIndex(x => x.UserId);
        b.HasOne<DocumentVersion>().WithMany().HasForeignKey(x => x.VersionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DocumentReminderConfiguration : IEntityTypeConfiguration<DocumentReminder>
{
    public void Configure(EntityTypeBuilder<DocumentReminder> b)
    {
        b.ToTable("DocumentReminders");
        b.HasKey(x => new { x.VersionId, x.UserId });
        b.HasOne<DocumentVersion>().WithMany().HasForeignKey(x => x.VersionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
