namespace OneWindow.Web.Features.Attachments;

public enum AttachmentSource
{
    /// <summary>Uploaded through the portal, the ticket page or the API.</summary>
    Upload = 0,
    /// <summary>Came with an email the mail intake took in.</summary>
    Email = 1,
}

/// <summary>
/// A file of a ticket (optionally of one of its messages). The content lives in the attachment store under a key
/// the server generated; the name is only ever shown and offered for download. An emailed file that broke the
/// rules is kept as a refused row (no content) with the reason, so nothing is dropped silently.
/// </summary>
public sealed class TicketAttachment : Entity, ICompanyOwned
{
    public Guid TicketId { get; set; }
    public Guid CompanyId { get; set; }
    public Guid? MessageId { get; set; }
    /// <summary>Made safe by <see cref="OneWindow.Core.Files.FileNames.Safe"/>.</summary>
    public required string FileName { get; set; }
    /// <summary>What the content was sniffed to be; never the type the sender declared.</summary>
    public required string ContentType { get; set; }
    public long Size { get; set; }
    /// <summary>Lower-case hex; null when refused.</summary>
    public string? Sha256 { get; set; }
    /// <summary>Where the store keeps the content, e.g. 2026/05/0196…; null when refused.</summary>
    public string? StorageKey { get; set; }
    /// <summary>Why the file was not stored; null for stored files.</summary>
    public string? RefusedReason { get; set; }
    /// <summary>False for files of internal notes: clients never see them.</summary>
    public bool IsPublic { get; set; } = true;
    public AttachmentSource Source { get; set; }
    public Guid? UploadedById { get; set; }
    public string? UploadedByName { get; set; }
}

internal sealed class TicketAttachmentConfiguration : IEntityTypeConfiguration<TicketAttachment>
{
    public void Configure(EntityTypeBuilder<TicketAttachment> b)
    {
        b.ToTable("TicketAttachments");
        b.MaxLength(200, x => x.FileName, x => x.ContentType);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.MaxLength(200, x => x.StorageKey);
        b.MaxLength(1000, x => x.RefusedReason);
        b.Property(x => x.Source).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.UploadedByName).HasMaxLength(200);
        b.HasIndex(x => new { x.TicketId, x.CreatedAt });
        b.HasIndex(x => x.MessageId);
        b.HasOne<Tickets.Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Tickets.TicketMessage>().WithMany().HasForeignKey(x => x.MessageId).OnDelete(DeleteBehavior.SetNull);
    }
}
