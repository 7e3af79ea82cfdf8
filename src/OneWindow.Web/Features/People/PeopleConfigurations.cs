namespace OneWindow.Web.Features.People;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.MaxLength(200, x => x.FullName, x => x.JobTitle, x => x.ClientDepartment);
        b.MaxLength(64, x => x.TimeZoneId);
        b.MaxLength(8, x => x.Culture);
        b.MaxLength(500, x => x.Skills);
        b.HasIndex(x => x.CompanyId);
        b.HasOne(x => x.Company).WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation.Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Organisation.Team>().WithMany().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.SetNull);
    }
}
