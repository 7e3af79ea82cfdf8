namespace OneWindow.Web.Features.Feedback;

public enum FeedbackCaseStatus
{
    /// <summary>Being worked: contact, root cause, actions.</summary>
    Open = 0,
    /// <summary>"What we did" was sent; waiting for the client's answer.</summary>
    AwaitingClient = 1,
    Closed = 2,
}

/// <summary>Why the client was unhappy, as the quality manager classifies it.</summary>
public enum FeedbackRootCause
{
    Process = 0,
    People = 1,
    System = 2,
    ClientInput = 3,
    Other = 4,
}

/// <summary>How the SSC got in touch with the client about the case.</summary>
public enum FeedbackContactChannel
{
    Phone = 0,
    Email = 1,
    Meeting = 2,
    Messenger = 3,
    Other = 4,
}

/// <summary>Which way a case points: the client's complaint about the SSC, or the SSC's claim to the client's business.</summary>
public enum FeedbackCaseDirection
{
    /// <summary>A low grade or review: the SSC works it and tells the client what it did.</summary>
    ClientComplaint = 0,
    /// <summary>The SSC's claim to the business (late or incomplete documents, wrong data): the company's executives answer it.</summary>
    ClaimToBusiness = 1,
}

/// <summary>What the business's side got wrong, for a claim to the business.</summary>
public enum ClaimCategory
{
    LateDocuments = 0,
    IncompleteDocuments = 1,
    WrongData = 2,
    LateClarification = 3,
    Other = 4,
}

/// <summary>
/// The complaint loop for one low grade (a rating or a review): the team lead contacts the client, finds the root cause,
/// acts, tells the client what was done, and the client says whether they are satisfied. One case per rating or review.
/// Owned by the client's company.
/// </summary>
public sealed class FeedbackCase : Entity, IServiceScoped
{
    public Guid CompanyId { get; set; }
    /// <summary>Short human number, "FB-" + a sequence per database.</summary>
    public required string Number { get; set; }
    public Guid? RatingId { get; set; }
    public Guid? ReviewId { get; set; }
    /// <summary>The client person who gave the grade: the one contacted and emailed.</summary>
    public Guid ClientId { get; set; }
    public People.AppUser? Client { get; set; }
    public Guid? EmployeeId { get; set; }
    public Guid? TeamId { get; set; }
    public Guid? ServiceId { get; set; }
    public Guid? TicketId { get; set; }
    public int Grade { get; set; }
    public int Scale { get; set; }
    /// <summary>The client's own words (the rating's comment or the review's title and body).</summary>
    public string? ClientComment { get; set; }
    /// <summary>Who must handle it: the employee's team lead, or the service's owning department head.</summary>
    public Guid? OwnerId { get; set; }
    public People.AppUser? Owner { get; set; }
    public FeedbackCaseStatus Status { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? ContactedAt { get; set; }
    public FeedbackContactChannel? ContactChannel { get; set; }
    public string? ContactNotes { get; set; }
    public FeedbackRootCause? RootCause { get; set; }
    public string? Actions { get; set; }
    /// <summary>The message sent to the client, shown on their case page too.</summary>
    public string? WhatWeDid { get; set; }
    public DateTimeOffset? WhatWeDidSentAt { get; set; }
    public bool? ClientSatisfied { get; set; }
    public string? ClientAnswer { get; set; }
    public DateTimeOffset? ClientAnsweredAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>How many times the client said "not satisfied" and the case went back to work.</summary>
    public int Reopened { get; set; }
    /// <summary>System notes, newest last (e.g. the client raised the grade above the threshold).</summary>
    public string? Notes { get; set; }

    /// <summary>
    /// A client complaint (the default, every case before claims existed) or a claim to the business. A claim has no grade
    /// (0 of 0); its <see cref="ClientId"/> is the executive it is addressed to, though any executive of the company may answer.
    /// </summary>
    public FeedbackCaseDirection Direction { get; set; }
    public ClaimCategory? Category { get; set; }
    /// <summary>The SSC's statement of a claim to the business, as the executives read it.</summary>
    public string? Description { get; set; }
    /// <summary>The agreement metric (an OLA obligation) the claim is about, if any.</summary>
    public Guid? MetricId { get; set; }
    /// <summary>Who in the SSC recorded the claim.</summary>
    public Guid? RaisedById { get; set; }
}

internal sealed class FeedbackCaseConfiguration : IEntityTypeConfiguration<FeedbackCase>
{
    public void Configure(EntityTypeBuilder<FeedbackCase> b)
    {
        b.Property(x => x.Number).HasMaxLength(32);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.RootCause).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.ContactChannel).HasConversion<string>().HasMaxLength(16);
        b.MaxLength(8500, x => x.ClientComment);
        b.MaxLength(4000, x => x.ContactNotes, x => x.Actions, x => x.WhatWeDid, x => x.ClientAnswer, x => x.Description);
        b.Property(x => x.Category).HasConversion<string>().HasMaxLength(24);
        // Stored as a number so the cases recorded before claims existed read as complaints (0) without a data migration.
        b.HasIndex(x => new { x.Direction, x.CompanyId, x.Status });
        // Notes grow by a line with every grade change on the link; no input limit applies, so neither does a column limit.
        b.HasIndex(x => x.Number).IsUnique();
        // One case per rating and per review: a changed grade updates the case, never duplicates it.
        b.HasIndex(x => x.RatingId).IsUnique();
        b.HasIndex(x => x.ReviewId).IsUnique();
        b.HasIndex(x => new { x.CompanyId, x.Status, x.DueAt });
        b.HasOne(x => x.Client).WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Owner).WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Rating>().WithMany().HasForeignKey(x => x.RatingId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Review>().WithMany().HasForeignKey(x => x.ReviewId).OnDelete(DeleteBehavior.Cascade);
    }
}
