using System.Text.Json;
using System.Text.Json.Serialization;
using OneWindow.Core.Surveys;

namespace OneWindow.Web.Features.Surveys;

/// <summary>A questionnaire: its stable key and name; the questions live in its versions.</summary>
public sealed class Questionnaire : Entity
{
    /// <summary>A short stable key (yearly, transition, pulse, or the admin's own).</summary>
    public required string Key { get; set; }
    public required string TitleRu { get; set; }
    public required string TitleEn { get; set; }
    /// <summary>The number of the version new campaigns take.</summary>
    public int CurrentVersion { get; set; } = 1;
}

/// <summary>
/// One version of a questionnaire's questions (a <see cref="QuestionnaireDefinition"/> as JSON). Frozen once a wave
/// uses it: an edit then makes a new version, so answers always match the questions they answered.
/// </summary>
public sealed class QuestionnaireVersion : Entity
{
    public Guid QuestionnaireId { get; set; }
    public int Number { get; set; }
    public required string Definition { get; set; }
    public bool Frozen { get; set; }
}

public enum CampaignStatus
{
    Draft,
    Active,
    Ended,
}

/// <summary>A relationship survey run by the SSC: whom it asks, with which questionnaire, how often.</summary>
public sealed class SurveyCampaign : Entity
{
    public required string Name { get; set; }
    public Guid QuestionnaireId { get; set; }
    public SurveyRecurrence Recurrence { get; set; }
    /// <summary>The first wave's opening day, in each client's own zone.</summary>
    public DateOnly FirstOpens { get; set; }
    /// <summary>Calendar days a wave stays open, the opening day included.</summary>
    public int OpenDays { get; set; } = 14;
    /// <summary>Working days before closing when those who have not answered get a reminder (0: none).</summary>
    public int ReminderWorkingDays { get; set; } = 3;
    /// <summary>Responses keep no link to the person; cuts under five responses are hidden.</summary>
    public bool Anonymous { get; set; }
    /// <summary>One-click rating invitations within the fatigue window count as being surveyed (the admin's choice).</summary>
    public bool CountRatingInvitations { get; set; }
    /// <summary>Whom it asks, as <see cref="SurveyAudience"/> JSON.</summary>
    public required string Audience { get; set; }
    public CampaignStatus Status { get; set; }
}

/// <summary>One round of a campaign, with the questionnaire version it froze.</summary>
public sealed class SurveyWave : Entity
{
    public Guid CampaignId { get; set; }
    public int Number { get; set; }
    public DateOnly Opens { get; set; }
    public DateOnly Closes { get; set; }
    public Guid QuestionnaireVersionId { get; set; }
    public DateTimeOffset? LaunchedAt { get; set; }
}

/// <summary>
/// One person asked in one wave, or skipped with the reason (survey fatigue, no email). The link's token is stored
/// only as a hash. In an anonymous campaign nothing here points at the response: <see cref="Answered"/> only says
/// that the person need not be reminded.
/// </summary>
public sealed class SurveyInvitation : Entity, ICompanyOwned
{
    public Guid WaveId { get; set; }
    public Guid CompanyId { get; set; }
    public Guid PersonId { get; set; }
    /// <summary>SHA-256 of the link's token (hex); null for a skipped person.</summary>
    public string? TokenHash { get; set; }
    /// <summary>
    /// The token, protected by ASP.NET Data Protection, kept only while the wave is open so a reminder can carry the
    /// same link; cleared when the wave closes.
    /// </summary>
    public string? ProtectedToken { get; set; }
    /// <summary>Why the person was not invited (null: invited).</summary>
    public string? SkippedReason { get; set; }
    public DateTimeOffset? InvitedAt { get; set; }
    public DateTimeOffset? RemindedAt { get; set; }
    public bool Answered { get; set; }
    /// <summary>The person's response in a named campaign; always null in an anonymous one.</summary>
    public Guid? ResponseId { get; set; }
}

/// <summary>
/// What one person answered in one wave. Not an <see cref="Entity"/> on purpose: in an anonymous campaign the row has
/// no person, no instants and a random (not time-ordered) id, so nothing in it lines up with an invitation. It is found
/// again by <see cref="ResumeKey"/>, a hash of the link's token different from the invitation's.
/// </summary>
public sealed class SurveyResponse : ICompanyOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WaveId { get; set; }
    public Guid CompanyId { get; set; }
    /// <summary>The respondent in a named campaign; null in an anonymous one.</summary>
    public Guid? PersonId { get; set; }
    /// <summary>The respondent's client role at answering (a results cut): ClientExecutive or ClientUser.</summary>
    public required string Role { get; set; }
    /// <summary>SHA-256 of "response:" + the link's token (hex).</summary>
    public required string ResumeKey { get; set; }
    /// <summary>The answers, as <see cref="SurveyAnswers"/> JSON keyed by question.</summary>
    public string Answers { get; set; } = "{}";
    public bool Completed { get; set; }
    /// <summary>People's tags on its verbatims (sentiment and topics), as JSON: question key → tags.</summary>
    public string Tags { get; set; } = "{}";
    /// <summary>When it was sent (named campaigns only).</summary>
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>A plain counter guarding two tabs saving at once.</summary>
    public int Version { get; set; } = 1;
}

/// <summary>Whom a campaign asks. Empty lists mean "any"; <see cref="People"/>, when given, is the whole audience.</summary>
public sealed record SurveyAudience(
    IReadOnlyList<Guid>? Companies = null,
    IReadOnlyList<Guid>? Holdings = null,
    IReadOnlyList<string>? Roles = null,
    IReadOnlyList<Guid>? Services = null,
    IReadOnlyList<Guid>? People = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, SurveyJson.Options);

    public static SurveyAudience Parse(string json) => JsonSerializer.Deserialize<SurveyAudience>(json, SurveyJson.Options) ?? new SurveyAudience();
}

internal sealed class QuestionnaireConfiguration : IEntityTypeConfiguration<Questionnaire>
{
    public void Configure(EntityTypeBuilder<Questionnaire> b)
    {
        b.ToTable("Questionnaires");
        b.Property(x => x.Key).HasMaxLength(64);
        b.HasIndex(x => x.Key).IsUnique();
        b.Property(x => x.TitleRu).HasMaxLength(300);
        b.Property(x => x.TitleEn).HasMaxLength(300);
    }
}

internal sealed class QuestionnaireVersionConfiguration : IEntityTypeConfiguration<QuestionnaireVersion>
{
    public void Configure(EntityTypeBuilder<QuestionnaireVersion> b)
    {
        b.ToTable("QuestionnaireVersions");
        b.HasOne<Questionnaire>().WithMany().HasForeignKey(x => x.QuestionnaireId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.QuestionnaireId, x.Number }).IsUnique();
        b.Property(x => x.Definition).HasMaxLength(200_000);
    }
}

internal sealed class SurveyCampaignConfiguration : IEntityTypeConfiguration<SurveyCampaign>
{
    public void Configure(EntityTypeBuilder<SurveyCampaign> b)
    {
        b.ToTable("SurveyCampaigns");
        b.Property(x => x.Name).HasMaxLength(300);
        b.Property(x => x.Audience).HasMaxLength(100_000);
        b.Property(x => x.Recurrence).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Questionnaire>().WithMany().HasForeignKey(x => x.QuestionnaireId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SurveyWaveConfiguration : IEntityTypeConfiguration<SurveyWave>
{
    public void Configure(EntityTypeBuilder<SurveyWave> b)
    {
        b.ToTable("SurveyWaves");
        b.HasOne<SurveyCampaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<QuestionnaireVersion>().WithMany().HasForeignKey(x => x.QuestionnaireVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CampaignId, x.Number }).IsUnique();
    }
}

internal sealed class SurveyInvitationConfiguration : IEntityTypeConfiguration<SurveyInvitation>
{
    public void Configure(EntityTypeBuilder<SurveyInvitation> b)
    {
        b.ToTable("SurveyInvitations");
        b.HasOne<SurveyWave>().WithMany().HasForeignKey(x => x.WaveId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.WaveId, x.PersonId }).IsUnique();
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasIndex(x => new { x.PersonId, x.InvitedAt });
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.Property(x => x.SkippedReason).HasMaxLength(64);
        b.Property(x => x.ProtectedToken).HasMaxLength(1000);
    }
}

internal sealed class SurveyResponseConfiguration : IEntityTypeConfiguration<SurveyResponse>
{
    public void Configure(EntityTypeBuilder<SurveyResponse> b)
    {
        b.ToTable("SurveyResponses");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasOne<SurveyWave>().WithMany().HasForeignKey(x => x.WaveId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.ResumeKey).IsUnique();
        b.HasIndex(x => new { x.WaveId, x.Completed });
        b.Property(x => x.ResumeKey).HasMaxLength(64);
        b.Property(x => x.Role).HasMaxLength(32);
        b.Property(x => x.Answers).HasMaxLength(100_000);
        b.Property(x => x.Tags).HasMaxLength(8000);
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}
