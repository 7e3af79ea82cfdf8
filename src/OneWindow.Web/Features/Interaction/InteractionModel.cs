using OneWindow.Core.Interaction;

namespace OneWindow.Web.Features.Interaction;

/// <summary>What a format of the interaction menu is, which decides what the system delivers for it.</summary>
public enum InteractionKind
{
    /// <summary>The monthly (or quarterly) SLA/OLA report by email, as PDF or XLSX.</summary>
    SlaReport = 0,
    BusinessReview = 1,
    /// <summary>A meeting with the business every N weeks.</summary>
    BusinessMeeting = 2,
    DashboardAccess = 3,
    SurveyWaves = 4,
    Committee = 5,
    DutyContact = 6,
}

/// <summary>How an item reaches the client.</summary>
public enum InteractionChannel
{
    EmailPdf = 0,
    EmailXlsx = 1,
    /// <summary>A calendar invitation (iCalendar) by email.</summary>
    Meeting = 2,
    Portal = 3,
    Email = 4,
    Phone = 5,
}

/// <summary>Where a chosen item stands: the CSM proposes, the company's executive accepts (or declines); ended items stay for the log.</summary>
public enum InteractionStatus
{
    Proposed = 0,
    Active = 1,
    Declined = 2,
    Ended = 3,
}

public enum DeliveryOutcome
{
    Sent = 0,
    Held = 1,
}

/// <summary>Why a delivery was held (stable codes; the UI words them).</summary>
public static class HeldReasons
{
    public const string NoRecipients = "no-recipients";
    public const string RendererUnavailable = "renderer-unavailable";
    public const string NoData = "no-data";
    public const string NonWorkingDay = "non-working-day";
    public const string Failed = "failed";
}

/// <summary>A format of the admin-kept catalogue, with the frequencies and channels a company may choose for it.</summary>
public sealed class InteractionFormat : Entity
{
    /// <summary>Stable slug (sla-report, business-meeting…).</summary>
    public required string Key { get; set; }
    public InteractionKind Kind { get; set; }
    public required string NameRu { get; set; }
    public required string NameEn { get; set; }
    public string? DescriptionRu { get; set; }
    public string? DescriptionEn { get; set; }
    /// <summary>Comma-separated <see cref="InteractionFrequency"/> names.</summary>
    public string AllowedFrequencies { get; set; } = "";
    /// <summary>Comma-separated <see cref="InteractionChannel"/> names.</summary>
    public string AllowedChannels { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public int SortOrder { get; set; }
}

/// <summary>An item a client company chose (or its CSM proposed) from the catalogue: how often, on which day, how, to whom.</summary>
public sealed class CompanyInteraction : Entity, ICompanyOwned
{
    public Guid CompanyId { get; set; }
    public Guid FormatId { get; set; }
    public InteractionFormat? Format { get; set; }
    public InteractionFrequency Frequency { get; set; }
    public InteractionChannel Channel { get; set; }
    /// <summary>Working day N of the period's first month (periodic frequencies).</summary>
    public int? WorkingDay { get; set; }
    /// <summary>The first date (weekly frequencies), or the first date from which a periodic item counts.</summary>
    public DateOnly? FirstDate { get; set; }
    public int? IntervalWeeks { get; set; }
    /// <summary>Local start time of a meeting, in the company's zone.</summary>
    public TimeOnly? MeetingTime { get; set; }
    public int? MeetingMinutes { get; set; }
    /// <summary>Comma-separated email addresses.</summary>
    public string Recipients { get; set; } = "";
    /// <summary>The language deliveries are written in: ru or en.</summary>
    public string Culture { get; set; } = "ru";
    public InteractionStatus Status { get; set; }
    public Guid? ProposedById { get; set; }
    public Guid? ChosenById { get; set; }
    public DateTimeOffset? ChosenAt { get; set; }
    public string? Note { get; set; }

    /// <summary>The iCalendar SEQUENCE of the meeting series last sent (0: none yet); each update or cancellation sends the next.</summary>
    public int SeriesSequence { get; set; }
    /// <summary>What the last series invitation said (a digest of the schedule, recipients and language), or <see cref="SeriesCancelled"/>.</summary>
    public string? SeriesSent { get; set; }
    /// <summary>The last date the series sent covers; it is sent again, extended, before then.</summary>
    public DateOnly? SeriesThrough { get; set; }

    public const string SeriesCancelled = "cancelled";
}

/// <summary>One delivery of a chosen item: sent, or held and why. One per item and date, which makes the job idempotent.</summary>
public sealed class InteractionDelivery : ICompanyOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CompanyId { get; set; }
    public Guid ItemId { get; set; }
    public Guid FormatId { get; set; }
    /// <summary>The date (in the company's zone) the delivery was due.</summary>
    public DateOnly DueOn { get; set; }
    /// <summary>The report period covered (2026-11), or for a meeting series series-N / cancel-N (N: the iCalendar SEQUENCE).</summary>
    public string? Period { get; set; }
    public InteractionChannel Channel { get; set; }
    public DeliveryOutcome Outcome { get; set; }
    /// <summary>One of <see cref="HeldReasons"/> when held.</summary>
    public string? Reason { get; set; }
    public string? Detail { get; set; }
    public string Recipients { get; set; } = "";
    public string? FileName { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class InteractionFormatConfiguration : IEntityTypeConfiguration<InteractionFormat>
{
    public void Configure(EntityTypeBuilder<InteractionFormat> b)
    {
        b.ToTable("InteractionFormats");
        b.Property(x => x.Key).HasMaxLength(64);
        b.Property(x => x.NameRu).HasMaxLength(200);
        b.Property(x => x.NameEn).HasMaxLength(200);
        b.Property(x => x.DescriptionRu).HasMaxLength(2000);
        b.Property(x => x.DescriptionEn).HasMaxLength(2000);
        b.Property(x => x.AllowedFrequencies).HasMaxLength(200);
        b.Property(x => x.AllowedChannels).HasMaxLength(200);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
        b.HasIndex(x => x.Key).IsUnique();
    }
}

internal sealed class CompanyInteractionConfiguration : IEntityTypeConfiguration<CompanyInteraction>
{
    public void Configure(EntityTypeBuilder<CompanyInteraction> b)
    {
        b.ToTable("CompanyInteractions");
        b.Property(x => x.Frequency).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Recipients).HasMaxLength(4000);
        b.Property(x => x.Culture).HasMaxLength(8);
        b.Property(x => x.Note).HasMaxLength(1000);
        b.Property(x => x.SeriesSent).HasMaxLength(64);
        b.HasOne<Clients.ClientCompany>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Format).WithMany().HasForeignKey(x => x.FormatId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.ProposedById).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.ChosenById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CompanyId, x.Status });
    }
}

internal sealed class InteractionDeliveryConfiguration : IEntityTypeConfiguration<InteractionDelivery>
{
    public void Configure(EntityTypeBuilder<InteractionDelivery> b)
    {
        b.ToTable("InteractionDeliveries");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Period).HasMaxLength(32);
        b.Property(x => x.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Reason).HasMaxLength(32);
        b.Property(x => x.Detail).HasMaxLength(2000);
        b.Property(x => x.Recipients).HasMaxLength(4000);
        b.Property(x => x.FileName).HasMaxLength(200);
        b.HasOne<Clients.ClientCompany>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CompanyInteraction>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<InteractionFormat>().WithMany().HasForeignKey(x => x.FormatId).OnDelete(DeleteBehavior.Restrict);
        // One delivery per item, due date and period: a second run of the job the same day finds it and sends nothing.
        // (A meeting series may be sent twice a day — a change, then another — as series-N and series-N+1.)
        b.HasIndex(x => new { x.ItemId, x.DueOn, x.Period }).IsUnique();
        b.HasIndex(x => new { x.CompanyId, x.DueOn });
    }
}
