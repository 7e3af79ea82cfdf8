namespace OneWindow.Web.Features.People;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(x => x.FullName).HasMaxLength(200);
        b.Property(x => x.JobTitle).HasMaxLength(200);
        b.Property(x => x.TimeZoneId).HasMaxLength(64);
        b.Property(x => x.Culture).HasMaxLength(8);
        b.Property(x => x.Skills).HasMaxLength(500);
        b.HasIndex(x => x.CompanyId);
        b.HasOne(x => x.Company).WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation.Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Organisation.Team>().WithMany().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.SetNull);
    }
}
