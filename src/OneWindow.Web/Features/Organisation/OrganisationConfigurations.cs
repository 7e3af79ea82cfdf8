namespace OneWindow.Web.Features.Organisation;

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> b)
    {
        b.MaxLength(200, x => x.Name, x => x.NameEn);
        b.MaxLength(32, x => x.Code);
        b.MaxLength(2000, x => x.Description);
        b.HasIndex(x => x.Name).IsUnique();
    }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> b)
    {
        b.MaxLength(200, x => x.Name, x => x.NameEn);
        b.MaxLength(256, x => x.Email);
        b.Property(x => x.AssignmentStrategy).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(x => new { x.DepartmentId, x.Name }).IsUnique();
        b.HasOne(x => x.Department).WithMany(d => d.Teams).HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Features.Calendars.ServiceCalendar>().WithMany().HasForeignKey(x => x.CalendarId).OnDelete(DeleteBehavior.Restrict);
    }
}
