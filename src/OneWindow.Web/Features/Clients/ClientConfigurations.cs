namespace OneWindow.Web.Features.Clients;

internal sealed class HoldingConfiguration : IEntityTypeConfiguration<Holding>
{
    public void Configure(EntityTypeBuilder<Holding> b)
    {
        b.MaxLength(200, x => x.Name, x => x.NameEn);
        b.HasIndex(x => x.Name).IsUnique();
    }
}

internal sealed class ClientCompanyConfiguration : IEntityTypeConfiguration<ClientCompany>
{
    public void Configure(EntityTypeBuilder<ClientCompany> b)
    {
        b.ToTable("Companies");
        b.MaxLength(200, x => x.Name, x => x.NameEn);
        b.MaxLength(100, x => x.ShortName);
        b.MaxLength(12, x => x.Inn);
        b.MaxLength(64, x => x.TimeZoneId);
        b.MaxLength(500, x => x.EmailDomains);
        b.HasIndex(x => x.Name).IsUnique();
        b.HasOne(x => x.Holding).WithMany(h => h.Companies).HasForeignKey(x => x.HoldingId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Calendars.ServiceCalendar>().WithMany().HasForeignKey(x => x.CalendarId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ClientServiceConfiguration : IEntityTypeConfiguration<ClientService>
{
    public void Configure(EntityTypeBuilder<ClientService> b)
    {
        b.Property(x => x.Notes).HasMaxLength(2000);
        b.Property(x => x.Stage).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(x => new { x.CompanyId, x.ServiceId }).IsUnique();
        b.HasOne(x => x.Company).WithMany(c => c.Services).HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Service).WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ClientAssignmentConfiguration : IEntityTypeConfiguration<ClientAssignment>
{
    public void Configure(EntityTypeBuilder<ClientAssignment> b)
    {
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(32);
        b.HasIndex(x => new { x.CompanyId, x.ServiceId, x.Role, x.UserId }).IsUnique();
        b.HasIndex(x => x.UserId);
        b.HasOne(x => x.Company).WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Service).WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}
