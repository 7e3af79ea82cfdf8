using System.Diagnostics.CodeAnalysis;

namespace OneWindow.Web.Features.ServiceLevels.Reports;

/// <summary>
/// Which processes a report covers: any (the default, no filter), only the agreements that cover all processes, or one
/// service. In query strings: absent or empty = any, <c>all</c> = the all-processes agreements, a Guid = that service.
/// </summary>
[FeatureSeam]
public readonly record struct ProcessFilter(Guid? ServiceId, bool AllProcessesOnly)
{
    public const string AllProcessesKey = "all";

    public static ProcessFilter Anything => default;

    public static ProcessFilter AllProcesses => new(null, true);

    public static ProcessFilter Service(Guid id) => new(id, false);

    public bool Any => ServiceId is null && !AllProcessesOnly;

    public bool Matches(Guid? serviceId) => Any || ServiceId == serviceId;

    /// <summary>The query-string form: null for any.</summary>
    public string? Key => AllProcessesOnly ? AllProcessesKey : ServiceId?.ToString();

    public static bool TryParse(string? text, out ProcessFilter filter)
    {
        filter = Anything;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (string.Equals(text.Trim(), AllProcessesKey, StringComparison.OrdinalIgnoreCase))
        {
            filter = AllProcesses;
            return true;
        }

        if (Guid.TryParse(text, out var id))
        {
            filter = Service(id);
            return true;
        }

        return false;
    }
}

/// <summary>A remark on a report row, e.g. that the index stands on one side alone. <see cref="Code"/> is stable; <see cref="Text"/> is in the viewer's language.</summary>
[FeatureSeam]
public sealed record ReportNote(string Code, string Text);

/// <summary>The service levels of the client companies and processes in scope for one period.</summary>
[FeatureSeam]
public sealed record ServiceLevelReport(
    string Period,
    PeriodUnit Unit,
    DateOnly Start,
    DateOnly End,
    DateTimeOffset ComputedAt,
    IReadOnlyList<ReportRow> Rows);

/// <summary>
/// One client × process for a period: SLA attainment, OLA attainment and the unified quality index side by side, with the
/// weights configured (from the agreement version in force at the end of the period) and the weights actually used
/// (re-normalised when a side has no data), the targets they are coloured against, notes, and the metrics behind them.
/// </summary>
[FeatureSeam]
public sealed record ReportRow(
    Guid CompanyId,
    string CompanyName,
    string? CompanyNameEn,
    Guid? ServiceId,
    string? ServiceName,
    string? ServiceNameEn,
    bool AllProcesses,
    Guid? AgreementId,
    Guid? VersionId,
    int? VersionNumber,
    double? SlaAttainment,
    double? OlaAttainment,
    double? Index,
    double SlaWeight,
    double OlaWeight,
    double? SlaWeightUsed,
    double? OlaWeightUsed,
    bool Renormalised,
    double? SlaTarget,
    double? OlaTarget,
    double? IndexTarget,
    IReadOnlyList<ReportNote> Notes,
    IReadOnlyList<MetricFigure> Metrics);

/// <summary>How one metric did in the period: items counted, met and breached, attainment against its attainment target.</summary>
[FeatureSeam]
public sealed record MetricFigure(
    Guid MetricId,
    Guid VersionId,
    MetricSide Side,
    MetricKind Kind,
    string Name,
    double Weight,
    string Target,
    int Counted,
    int Met,
    int Breached,
    double? Attainment,
    decimal AttainmentTarget,
    bool? OnTarget,
    TimerKind? Timer,
    TicketPriority? Priority,
    int? TargetMinutes,
    PeriodUnit? DeliveryPeriod,
    int? DueWorkingDay,
    TimeOnly? DueTime,
    bool RequireComplete,
    decimal? RatioTarget,
    RatioDirection? RatioDirection);

/// <summary>Whether an item counted as met or as a breach.</summary>
[FeatureSeam]
public enum ItemOutcome
{
    Met = 0,
    Breached = 1,
}

/// <summary>
/// One item behind a figure. Timer items describe a ticket's clock; deadline items an expected delivery (a missing one has no
/// <see cref="DeliveryId"/>); ratio items a figure. <see cref="CountedAt"/> is the instant that put the item in the period
/// (breach, stop or due), <see cref="CountedOn"/> the local date for ratio figures.
/// </summary>
[FeatureSeam]
public sealed record ReportItem(
    Guid MetricId,
    string MetricName,
    MetricSide Side,
    MetricKind Kind,
    Guid CompanyId,
    string CompanyName,
    ItemOutcome Outcome,
    DateTimeOffset? CountedAt,
    DateOnly? CountedOn,
    // Ticket timers
    long? ClockId = null,
    Guid? TicketId = null,
    string? TicketNumber = null,
    string? TicketSubject = null,
    TicketPriority? Priority = null,
    TimerKind? Timer = null,
    int? Episode = null,
    ClockState? ClockState = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? DueAt = null,
    DateTimeOffset? BreachedAt = null,
    DateTimeOffset? StoppedAt = null,
    long? ElapsedSeconds = null,
    int? TargetMinutes = null,
    // Periodic deadlines
    Guid? DeliveryId = null,
    string? DeliveryPeriod = null,
    DateTimeOffset? DeliveredAt = null,
    bool? Complete = null,
    DeliveryVerdict? Verdict = null,
    string? Note = null,
    // Measured ratios
    Guid? FigureId = null,
    string? FigurePeriod = null,
    decimal? Value = null,
    decimal? RatioTarget = null,
    RatioDirection? RatioDirection = null,
    long? Numerator = null,
    long? Denominator = null);

/// <summary>What the items of a report are asked for: a period and optionally one company, process, side or metric.</summary>
[FeatureSeam]
public sealed record ItemQuery(
    ReportPeriod Period,
    Guid? CompanyId = null,
    ProcessFilter Process = default,
    Guid? MetricId = null,
    MetricSide? Side = null,
    bool BreachesOnly = false);

/// <summary>The same figures over consecutive periods, oldest first.</summary>
[FeatureSeam]
public sealed record ServiceLevelTrend(PeriodUnit Unit, IReadOnlyList<string> Periods, DateTimeOffset ComputedAt, IReadOnlyList<TrendRow> Rows);

/// <summary>One client × process over the trend's periods; a point has nulls where nothing was measured (see <see cref="TrendPoint.Measured"/>).</summary>
[FeatureSeam]
public sealed record TrendRow(
    Guid CompanyId,
    string CompanyName,
    string? CompanyNameEn,
    Guid? ServiceId,
    string? ServiceName,
    string? ServiceNameEn,
    bool AllProcesses,
    IReadOnlyList<TrendPoint> Points,
    IReadOnlyList<TrendMetric> Metrics);

[FeatureSeam]
public sealed record TrendPoint(
    string Period,
    double? SlaAttainment,
    double? OlaAttainment,
    double? Index,
    double? SlaWeightUsed,
    double? OlaWeightUsed,
    bool Renormalised,
    IReadOnlyList<ReportNote> Notes,
    bool Measured = true);

[FeatureSeam]
public sealed record TrendMetric(Guid MetricId, MetricSide Side, MetricKind Kind, string Name, decimal AttainmentTarget, IReadOnlyList<TrendMetricPoint> Points);

[FeatureSeam]
public sealed record TrendMetricPoint(string Period, int Counted, int Met, double? Attainment);

/// <summary>Small helpers shared by the report, its API and its pages.</summary>
[FeatureSeam]
public static class ReportFigures
{
    /// <summary>The default number of periods a trend shows: 12 months, 8 quarters or 5 years.</summary>
    public static int DefaultTrendCount(PeriodUnit unit) => unit switch
    {
        PeriodUnit.Month => 12,
        PeriodUnit.Quarter => 8,
        _ => 5,
    };

    public const int MaxTrendCount = 60;

    /// <summary>Attainment against a target: at or above is good, within 5 points below is a warning, further below is bad.</summary>
    public static ReportMark Mark(double? value, double? target)
    {
        if (value is not { } v)
        {
            return ReportMark.NoData;
        }

        if (target is not { } t || v >= t - 1e-9)
        {
            return ReportMark.Good;
        }

        return v >= t - 5 ? ReportMark.Warning : ReportMark.Bad;
    }

    [SuppressMessage("Globalization", "CA1305", Justification = "Formatted in the viewer's culture on purpose.")]
    public static string Percent(double? value) => value is { } v ? v.ToString("0.0") + " %" : "—";
}

[FeatureSeam]
public enum ReportMark
{
    NoData = 0,
    Good = 1,
    Warning = 2,
    Bad = 3,
}
