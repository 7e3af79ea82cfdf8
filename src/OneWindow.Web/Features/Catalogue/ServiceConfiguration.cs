namespace OneWindow.Web.Features.Catalogue;

internal sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    public void Configure(EntityTypeBuilder<Service> b)
    {
        b.MaxLength(32, x => x.Code);
        b.MaxLength(200, x => x.Name, x => x.NameEn);
        b.MaxLength(2000, x => x.Description);
        b.HasIndex(x => x.Code).IsUnique();
        b.HasOne(x => x.Department).WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }
}
