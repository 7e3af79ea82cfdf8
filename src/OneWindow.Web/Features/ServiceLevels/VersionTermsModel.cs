namespace OneWindow.Web.Features.ServiceLevels;

/// <summary>The terms form of a draft version, as typed: dates as the date pickers hold them, escalation levels as rows.</summary>
public sealed class VersionTermsModel
{
    public sealed class Level
    {
        public int Percent { get; set; }
        public IReadOnlyCollection<EscalationRecipient> Notify { get; set; } = [];
    }

    public DateTime? ValidFrom { get; set; }
    public DateTime? ValidTo { get; set; }
    public Guid? CalendarId { get; set; }
    public double SlaWeight { get; set; }
    public double OlaWeight { get; set; }
    public List<Level> Escalations { get; set; } = [];
    public string? Notes { get; set; }

    public static VersionTermsModel Of(AgreementVersion v) => new()
    {
        ValidFrom = v.ValidFrom.ToDateTime(TimeOnly.MinValue),
        ValidTo = v.ValidTo?.ToDateTime(TimeOnly.MinValue),
        CalendarId = v.CalendarId,
        SlaWeight = v.SlaWeight,
        OlaWeight = v.OlaWeight,
        Escalations = [.. (EscalationPolicy.Parse(v.Escalations, out _) ?? []).Select(l => new Level { Percent = l.Percent, Notify = [.. l.Notify] })],
        Notes = v.Notes,
    };

    public VersionInput ToInput() => new(
        ValidFrom is { } from ? DateOnly.FromDateTime(from) : null,
        ValidTo is { } to ? DateOnly.FromDateTime(to) : null,
        CalendarId, SlaWeight, OlaWeight,
        [.. Escalations.Select(l => new EscalationLevel(l.Percent, [.. l.Notify.Order()]))],
        string.IsNullOrWhiteSpace(Notes) ? null : Notes);
}
