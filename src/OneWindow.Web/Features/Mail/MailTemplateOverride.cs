namespace OneWindow.Web.Features.Mail;

/// <summary>An administrator's version of an email template for one language, used instead of the built-in default.</summary>
public sealed class MailTemplateOverride : Entity
{
    public required string Key { get; set; }
    public required string Culture { get; set; }
    public required string Subject { get; set; }
    public required string Text { get; set; }
    public required string Html { get; set; }
}

internal sealed class MailTemplateOverrideConfiguration : IEntityTypeConfiguration<MailTemplateOverride>
{
    public void Configure(EntityTypeBuilder<MailTemplateOverride> b)
    {
        b.ToTable("MailTemplates");
        b.Property(x => x.Key).HasMaxLength(32);
        b.Property(x => x.Culture).HasMaxLength(8);
        b.Property(x => x.Subject).HasMaxLength(500);
        b.Property(x => x.Text).HasMaxLength(20000);
        b.Property(x => x.Html).HasMaxLength(40000);
        b.HasIndex(x => new { x.Key, x.Culture }).IsUnique();
    }
}
