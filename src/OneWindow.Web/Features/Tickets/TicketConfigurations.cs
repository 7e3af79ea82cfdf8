namespace OneWindow.Web.Features.Tickets;

internal sealed class RequestTypeConfiguration : IEntityTypeConfiguration<RequestType>
{
    public void Configure(EntityTypeBuilder<RequestType> b)
    {
        b.MaxLength(32, x => x.Code);
        b.MaxLength(200, x => x.Name, x => x.NameEn);
        b.MaxLength(2000, x => x.Description);
        b.Property(x => x.DefaultPriority).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(x => new { x.ServiceId, x.Code }).IsUnique();
        b.HasOne(x => x.Service).WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Team).WithMany().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.Fields).WithOne().HasForeignKey(f => f.RequestTypeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RequestTypeFieldConfiguration : IEntityTypeConfiguration<RequestTypeField>
{
    public void Configure(EntityTypeBuilder<RequestTypeField> b)
    {
        b.MaxLength(64, x => x.Key);
        b.MaxLength(200, x => x.Label, x => x.LabelEn);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Options).HasMaxLength(4000);
        b.HasIndex(x => new { x.RequestTypeId, x.Key }).IsUnique();
    }
}

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> b)
    {
        b.MaxLength(32, x => x.Number);
        b.MaxLength(300, x => x.Subject);
        b.MaxLength(20000, x => x.Description);
        b.Property(x => x.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Priority).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(24);
        b.MaxLength(20000, x => x.FieldValues);
        b.MaxLength(1000, x => x.Tags);
        b.MaxLength(64, x => x.TrackingToken);
        b.HasIndex(x => x.Number).IsUnique();
        b.HasIndex(x => x.TrackingToken).IsUnique();
        b.HasIndex(x => new { x.CompanyId, x.Status });
        b.HasIndex(x => new { x.TeamId, x.Status });
        b.HasIndex(x => new { x.AssigneeId, x.Status });
        // The newest activity first; SlaBreachAt rides along so "SLA breached" tests it on the index entry and fetches
        // only the rows that pass (the newest tickets are open ones whose breach still lies ahead).
        b.HasIndex(x => new { x.LastActivityAt, x.SlaBreachAt });
        // "My team" and "mine", newest activity first, page by page without sorting the whole team's history.
        b.HasIndex(x => new { x.TeamId, x.LastActivityAt });
        b.HasIndex(x => new { x.AssigneeId, x.LastActivityAt });
        // "Open by SLA due" reads the index in order (nulls, no running clock, last) and "SLA breached" is one range.
        b.HasIndex(x => new { x.SlaDueAt, x.Number }).IsDescending(false, true);
        b.HasIndex(x => x.SlaBreachAt);
        // Open tickets are a few percent of a desk's history: the "open" and "unassigned" views count and page them from
        // this small index instead of skipping past the closed ones. The filter is the views' own condition, as EF writes it.
        b.HasIndex(x => x.LastActivityAt, "IX_Tickets_Open_LastActivityAt").HasFilter("\"Status\" NOT IN ('Resolved', 'Closed')");
        b.HasOne(x => x.Company).WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Service).WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.RequestType).WithMany().HasForeignKey(x => x.RequestTypeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Team).WithMany().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Assignee).WithMany().HasForeignKey(x => x.AssigneeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Requester).WithMany().HasForeignKey(x => x.RequesterId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Events).WithOne().HasForeignKey(e => e.TicketId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Messages).WithOne().HasForeignKey(m => m.TicketId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Watchers).WithOne().HasForeignKey(w => w.TicketId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TicketEventConfiguration : IEntityTypeConfiguration<TicketEvent>
{
    public void Configure(EntityTypeBuilder<TicketEvent> b)
    {
        b.Property(x => x.ActorName).HasMaxLength(200);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.FromStatus).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.ToStatus).HasConversion<string>().HasMaxLength(24);
        // Unbounded: it carries notes as long as the action's message allows (20,000 characters), not a fixed 4,000.
        b.HasIndex(x => new { x.TicketId, x.At });
    }
}

internal sealed class TicketMessageConfiguration : IEntityTypeConfiguration<TicketMessage>
{
    public void Configure(EntityTypeBuilder<TicketMessage> b)
    {
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
        b.MaxLength(200, x => x.AuthorName, x => x.CallWith);
        b.MaxLength(100000, x => x.Body);
        b.MaxLength(500, x => x.EmailMessageId);
        b.HasIndex(x => new { x.TicketId, x.CreatedAt });
        b.HasIndex(x => x.EmailMessageId);
    }
}

internal sealed class TicketSequenceConfiguration : IEntityTypeConfiguration<TicketSequence>
{
    public void Configure(EntityTypeBuilder<TicketSequence> b)
    {
        b.HasKey(x => x.Year);
        b.Property(x => x.Year).ValueGeneratedNever();
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class RoutingRuleConfiguration : IEntityTypeConfiguration<TicketRoutingRule>
{
    public void Configure(EntityTypeBuilder<TicketRoutingRule> b)
    {
        b.ToTable("RoutingRules");
        b.MaxLength(200, x => x.Name);
        b.MaxLength(8000, x => x.Conditions);
        b.MaxLength(4000, x => x.Actions);
        b.HasIndex(x => x.Order);
    }
}

internal sealed class TicketWatcherConfiguration : IEntityTypeConfiguration<TicketWatcher>
{
    public void Configure(EntityTypeBuilder<TicketWatcher> b)
    {
        b.Property(x => x.Reason).HasConversion<string>().HasMaxLength(24);
        b.HasIndex(x => new { x.TicketId, x.UserId }).IsUnique();
        b.HasIndex(x => x.UserId);
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CannedResponseConfiguration : IEntityTypeConfiguration<CannedResponse>
{
    public void Configure(EntityTypeBuilder<CannedResponse> b)
    {
        b.MaxLength(200, x => x.Title);
        b.MaxLength(20000, x => x.Body);
        b.MaxLength(8, x => x.Culture);
        b.HasIndex(x => new { x.TeamId, x.Title });
        b.HasOne<Organisation.Team>().WithMany().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TicketLinkConfiguration : IEntityTypeConfiguration<TicketLink>
{
    public void Configure(EntityTypeBuilder<TicketLink> b)
    {
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(x => new { x.TicketId, x.LinkedTicketId }).IsUnique();
        b.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Ticket>().WithMany().HasForeignKey(x => x.LinkedTicketId).OnDelete(DeleteBehavior.Restrict);
    }
}
