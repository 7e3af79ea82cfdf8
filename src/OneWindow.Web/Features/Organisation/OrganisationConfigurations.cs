namespace OneWindow.Web.Features.Organisation;

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.NameEn).HasMaxLength(200);
        b.Property(x => x.Code).HasMaxLength(32);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.HasIndex(x => x.Name).IsUnique();
    }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.NameEn).HasMaxLength(200);
        b.Property(x => x.Email).HasMaxLength(256);
        b.Property(x => x.AssignmentStrategy).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(x => new { x.DepartmentId, x.Name }).IsUnique();
        b.HasOne(x => x.Department).WithMany(d => d.Teams).HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Features.Calendars.ServiceCalendar>().WithMany().HasForeignKey(x => x.CalendarId).OnDelete(DeleteBehavior.Restrict);
    }
}
