namespace OneWindow.Web.Features.ServiceLevels;

/// <summary>A period's delivery; <paramref name="Covered"/>: its due date falls within the version's validity, so a missing delivery counts.</summary>
public sealed record DeliveryPeriodRow(ReportPeriod Period, DateTimeOffset? DueAt, DeadlineDelivery? Delivery, DeliveryVerdict? Verdict, bool Covered);

/// <summary>A period's ratio figure, and whether it met the target (null when none is recorded).</summary>
public sealed record FigurePeriodRow(ReportPeriod Period, RatioFigure? Figure, bool? Met);
