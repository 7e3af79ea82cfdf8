using OneWindow.Web.Features.Tickets;

namespace OneWindow.Web.Features.Notifications;

/// <summary>An in-app notification for one person about one ticket event (or a feedback case, through <see cref="Link"/>); read or not.</summary>
public sealed class Notification : ICompanyOwned
{
    public long Id { get; set; }
    public Guid UserId { get; set; }
    public Guid CompanyId { get; set; }
    /// <summary>Null for notifications about something other than a ticket (a feedback case), which carry <see cref="Link"/>.</summary>
    public Guid? TicketId { get; set; }
    /// <summary>Where the bell opens a notification that is not about a ticket (a local path).</summary>
    public string? Link { get; set; }
    public required string TicketNumber { get; set; }
    public required string Subject { get; set; }
    public TicketEventKind Kind { get; set; }
    public TicketStatus? Status { get; set; }
    public string? ActorName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    /// <summary>Language-neutral details the text needs beyond the kind, as JSON (a clock's side, timer and level).</summary>
    public string? Data { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.MaxLength(32, x => x.TicketNumber);
        b.MaxLength(300, x => x.Subject, x => x.Link);
        b.MaxLength(200, x => x.ActorName);
        b.MaxLength(1000, x => x.Data);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(24);
        b.HasIndex(x => new { x.UserId, x.ReadAt, x.CreatedAt });
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
    }
}
