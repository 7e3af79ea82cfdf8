namespace OneWindow.Web.Features.Loyalty;

/// <summary>Why points moved.</summary>
public enum LoyaltyKind
{
    Rating = 0,
    /// <summary>The top-up for a comment on a rating (rating with comment minus the plain rating), once per rating.</summary>
    RatingComment = 1,
    Review = 2,
    Survey = 3,
    Redemption = 4,
    /// <summary>Gives back the points of an earlier entry (a rejected redemption).</summary>
    Reversal = 5,
    Adjustment = 6,
}

/// <summary>
/// One movement of a client person's points. The ledger is append-only: an entry is never edited or deleted, only
/// reversed by a new entry (the data layer refuses anything else). At most one entry per kind and source, so a rating,
/// review or survey earns once whatever happens to it later.
/// </summary>
public sealed class LoyaltyEntry : Entity, ICompanyOwned, IAppendOnly
{
    public Guid CompanyId { get; set; }
    public Guid PersonId { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>Positive when earned, negative when spent.</summary>
    public int Points { get; set; }
    public LoyaltyKind Kind { get; set; }
    /// <summary>The rating, review, survey or redemption the entry is for.</summary>
    public Guid? SourceId { get; set; }
    public Guid? ReversesEntryId { get; set; }
    public string? Note { get; set; }
    /// <summary>Who caused it ("system" for earnings).</summary>
    public string? ByName { get; set; }

    /// <summary>Kinds that count as earnings (caps, leaderboards).</summary>
    public static readonly LoyaltyKind[] EarningKinds = [LoyaltyKind.Rating, LoyaltyKind.RatingComment, LoyaltyKind.Review, LoyaltyKind.Survey];
}

/// <summary>
/// A person's balance (earned − spent), kept equal to the sum of their entries in the same transaction as each entry.
/// Earnings are tracked updates of <see cref="Earned"/> guarded by the row version, so two credits cannot lose one
/// another. Spending is a conditional UPDATE of <see cref="Spent"/> alone (earned − spent ≥ cost) that leaves the row
/// version be: a redemption never conflicts with a rating being saved at the same moment, and concurrent redemptions
/// can never take the balance below zero.
/// </summary>
public sealed class LoyaltyAccount : Entity, ICompanyOwned
{
    public Guid CompanyId { get; set; }
    public Guid PersonId { get; set; }
    /// <summary>Points credited: earnings and positive adjustments.</summary>
    public int Earned { get; set; }
    /// <summary>Points debited: redemptions (less reversals) and negative adjustments.</summary>
    public int Spent { get; set; }

    public int Balance => Earned - Spent;
}

/// <summary>How many points a kind earns, and the cap per period that keeps it from being gamed.</summary>
public sealed class LoyaltyRule : Entity
{
    public LoyaltyKind Kind { get; set; }
    /// <summary>For <see cref="LoyaltyKind.RatingComment"/>: the total for a rating with a comment (the top-up is the difference).</summary>
    public int Points { get; set; }
    /// <summary>Most points a person may earn from this kind per <see cref="CapPeriod"/>; 0 means no cap. Ratings and their comment top-ups share the rating rule's cap.</summary>
    public int CapPoints { get; set; }
    public PeriodUnit CapPeriod { get; set; } = PeriodUnit.Month;

    public static IReadOnlyList<LoyaltyRule> Defaults() =>
    [
        new() { Kind = LoyaltyKind.Rating, Points = 1, CapPoints = 20, CapPeriod = PeriodUnit.Month },
        new() { Kind = LoyaltyKind.RatingComment, Points = 3, CapPoints = 0, CapPeriod = PeriodUnit.Month },
        new() { Kind = LoyaltyKind.Review, Points = 5, CapPoints = 25, CapPeriod = PeriodUnit.Month },
        new() { Kind = LoyaltyKind.Survey, Points = 10, CapPoints = 30, CapPeriod = PeriodUnit.Quarter },
    ];

    public static readonly LoyaltyKind[] RuleKinds = [LoyaltyKind.Rating, LoyaltyKind.RatingComment, LoyaltyKind.Review, LoyaltyKind.Survey];
}

/// <summary>Something clients can spend points on.</summary>
public sealed class Reward : Entity
{
    public required string NameRu { get; set; }
    public required string NameEn { get; set; }
    public string? Description { get; set; }
    public int Cost { get; set; }
    /// <summary>Units left to hand out; a pending redemption already holds its unit.</summary>
    public int Stock { get; set; }
    public bool Active { get; set; } = true;

    public string Name(bool english) => english ? NameEn : NameRu;
}

public enum RedemptionStatus
{
    Pending = 0,
    Done = 1,
    Rejected = 2,
}

/// <summary>A client's request for a reward: the points are debited and a unit held at once; the quality manager hands it out or rejects it.</summary>
public sealed class Redemption : Entity, ICompanyOwned
{
    public Guid CompanyId { get; set; }
    public Guid PersonId { get; set; }
    public Guid RewardId { get; set; }
    public int Cost { get; set; }
    public RedemptionStatus Status { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedByName { get; set; }
    public string? Note { get; set; }
}

internal sealed class LoyaltyEntryConfiguration : IEntityTypeConfiguration<LoyaltyEntry>
{
    public void Configure(EntityTypeBuilder<LoyaltyEntry> b)
    {
        b.ToTable("LoyaltyEntries");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.MaxLength(1000, x => x.Note);
        b.MaxLength(200, x => x.ByName);
        // One earning (and one debit, one reversal) per source, enforced by the database too.
        b.HasIndex(x => new { x.Kind, x.SourceId }).IsUnique();
        b.HasIndex(x => new { x.PersonId, x.At });
        b.HasIndex(x => new { x.CompanyId, x.At });
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LoyaltyAccountConfiguration : IEntityTypeConfiguration<LoyaltyAccount>
{
    public void Configure(EntityTypeBuilder<LoyaltyAccount> b)
    {
        b.ToTable("LoyaltyAccounts", t => t.HasCheckConstraint("CK_LoyaltyAccounts_Balance", "\"Earned\" - \"Spent\" >= 0"));
        b.Ignore(x => x.Balance);
        b.HasIndex(x => x.PersonId).IsUnique();
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LoyaltyRuleConfiguration : IEntityTypeConfiguration<LoyaltyRule>
{
    public void Configure(EntityTypeBuilder<LoyaltyRule> b)
    {
        b.ToTable("LoyaltyRules");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.CapPeriod).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(x => x.Kind).IsUnique();
    }
}

internal sealed class RewardConfiguration : IEntityTypeConfiguration<Reward>
{
    public void Configure(EntityTypeBuilder<Reward> b)
    {
        b.ToTable("Rewards", t => t.HasCheckConstraint("CK_Rewards_Stock", "\"Stock\" >= 0"));
        b.MaxLength(200, x => x.NameRu, x => x.NameEn);
        b.MaxLength(2000, x => x.Description);
    }
}

internal sealed class RedemptionConfiguration : IEntityTypeConfiguration<Redemption>
{
    public void Configure(EntityTypeBuilder<Redemption> b)
    {
        b.ToTable("Redemptions");
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.MaxLength(200, x => x.DecidedByName);
        b.MaxLength(1000, x => x.Note);
        b.HasIndex(x => new { x.Status, x.RequestedAt });
        b.HasIndex(x => x.PersonId);
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Reward>().WithMany().HasForeignKey(x => x.RewardId).OnDelete(DeleteBehavior.Restrict);
    }
}
