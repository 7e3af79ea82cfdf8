namespace OneWindow.Web.Features.ServiceLevels;

/// <summary>How a figure or delivery reached OneWindow.</summary>
public enum MeasurementSource
{
    Ui = 0,
    Api = 1,
    CsvImport = 2,
}

/// <summary>What the SSC records for one metric and period, by hand, through the API or from a file: who, how, and a note.</summary>
[FeatureSeam]
public abstract class PeriodMeasurement : Entity, ICompanyOwned
{
    public Guid MetricId { get; set; }
    public AgreementMetric? Metric { get; set; }
    public Guid CompanyId { get; set; }
    /// <summary>First date of the reporting period.</summary>
    public DateOnly PeriodStart { get; set; }
    public string? Note { get; set; }
    public MeasurementSource Source { get; set; }
    public Guid? RecordedById { get; set; }
    public string? RecordedByName { get; set; }
}

/// <summary>A periodic deadline's delivery for one period (accounts for November, primary documents for October…).</summary>
public sealed class DeadlineDelivery : PeriodMeasurement
{
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    /// <summary>Whether what was delivered was complete; null when not judged.</summary>
    public bool? Complete { get; set; }
}

/// <summary>A measured ratio's figure for one period.</summary>
public sealed class RatioFigure : PeriodMeasurement
{
    /// <summary>The figure in percent, e.g. 99.62.</summary>
    public decimal Value { get; set; }
    public long? Numerator { get; set; }
    public long? Denominator { get; set; }
}
