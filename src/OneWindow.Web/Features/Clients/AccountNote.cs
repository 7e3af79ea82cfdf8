namespace OneWindow.Web.Features.Clients;

/// <summary>What a CSM's account note is about: the three things the client success role keeps in view.</summary>
public enum AccountNoteKind
{
    /// <summary>A function the client could hand over to the SSC.</summary>
    Opportunity = 0,
    /// <summary>A process of the client's worth optimising.</summary>
    Optimisation = 1,
    /// <summary>A risk to the relationship or to delivery.</summary>
    Risk = 2,
}

/// <summary>
/// The CSM's note on a client account, shown on the company's 360 card. SSC-internal: the client's own people never see
/// notes (the API is SSC-only and the card leaves them out for a client), since they record the SSC's view of the account.
/// </summary>
public sealed class AccountNote : Entity, ICompanyOwned
{
    public Guid CompanyId { get; set; }
    public AccountNoteKind Kind { get; set; }
    public required string Title { get; set; }
    public string? Text { get; set; }
    public Guid? AuthorId { get; set; }
    public string? AuthorName { get; set; }
}

internal sealed class AccountNoteConfiguration : IEntityTypeConfiguration<AccountNote>
{
    public void Configure(EntityTypeBuilder<AccountNote> b)
    {
        b.ToTable("AccountNotes");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Text).HasMaxLength(4000);
        b.Property(x => x.AuthorName).HasMaxLength(200);
        b.HasOne<ClientCompany>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => new { x.CompanyId, x.Kind });
    }
}
