namespace OneWindow.Web.Features.Feedback;

internal sealed class RatingConfiguration : IEntityTypeConfiguration<Rating>
{
    public void Configure(EntityTypeBuilder<Rating> b)
    {
        b.Property(x => x.Source).HasConversion<string>().HasMaxLength(16);
        b.MaxLength(4000, x => x.Comment);
        b.MaxLength(500, x => x.Reasons);
        b.MaxLength(200, x => x.DedupeKey);
        b.HasIndex(x => x.DedupeKey).IsUnique();
        b.HasIndex(x => new { x.EmployeeId, x.RatedAt });
        b.HasIndex(x => new { x.CompanyId, x.RatedAt });
        b.HasOne(x => x.Rater).WithMany().HasForeignKey(x => x.RaterId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Employee).WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> b)
    {
        b.Property(x => x.Target).HasConversion<string>().HasMaxLength(16);
        b.MaxLength(300, x => x.Title);
        b.MaxLength(8000, x => x.Body, x => x.Answer);
        b.MaxLength(200, x => x.AnsweredByName);
        b.HasIndex(x => new { x.CompanyId, x.CreatedAt });
        b.HasIndex(x => new { x.Target, x.TargetId });
        b.HasOne(x => x.Author).WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FeedbackSettingsConfiguration : IEntityTypeConfiguration<FeedbackSettings>
{
    public void Configure(EntityTypeBuilder<FeedbackSettings> b)
    {
        b.Property(x => x.ReasonCategories).HasMaxLength(4000);
    }
}

internal sealed class RatingInvitationConfiguration : IEntityTypeConfiguration<RatingInvitation>
{
    public void Configure(EntityTypeBuilder<RatingInvitation> b)
    {
        b.ToTable("RatingInvitations");
        b.HasIndex(x => new { x.PersonId, x.SentAt });
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
