using OneWindow.Web.Features.People;

namespace OneWindow.Web.Features.Auth;

internal sealed class PersonalAccessTokenConfiguration : IEntityTypeConfiguration<PersonalAccessToken>
{
    public void Configure(EntityTypeBuilder<PersonalAccessToken> b)
    {
        b.MaxLength(100, x => x.Name, x => x.Scopes);
        b.MaxLength(64, x => x.TokenHash);
        b.MaxLength(20, x => x.DisplayPrefix);
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasIndex(x => x.UserId);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
