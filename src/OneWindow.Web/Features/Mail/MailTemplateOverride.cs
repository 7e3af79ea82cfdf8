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
        b.MaxLength(32, x => x.Key);
        b.MaxLength(8, x => x.Culture);
        b.MaxLength(500, x => x.Subject);
        b.MaxLength(20000, x => x.Text);
        b.MaxLength(40000, x => x.Html);
        b.HasIndex(x => new { x.Key, x.Culture }).IsUnique();
    }
}
