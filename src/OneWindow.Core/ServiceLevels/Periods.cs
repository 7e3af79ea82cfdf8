using System.Globalization;

namespace OneWindow.Core.ServiceLevels;

public enum PeriodUnit
{
    Month = 0,
    Quarter = 1,
    Year = 2,
}

/// <summary>A reporting period of local dates [Start, End).</summary>
public readonly record struct ReportPeriod(PeriodUnit Unit, DateOnly Start)
{
    public DateOnly End => throw new NotImplementedException();

    /// <summary>The period of the unit that contains the date.</summary>
    public static ReportPeriod Of(PeriodUnit unit, DateOnly date) => throw new NotImplementedException();

    public ReportPeriod Next => throw new NotImplementedException();

    public ReportPeriod Previous => throw new NotImplementedException();

    public bool Contains(DateOnly date) => date >= Start && date < End;

    /// <summary>"2026-11", "2026-Q4" or "2026".</summary>
    public string Key => throw new NotImplementedException();

    /// <summary>Reads <see cref="Key"/>'s forms; false on anything else.</summary>
    public static bool TryParse(string? text, out ReportPeriod period) => throw new NotImplementedException();

    /// <summary>The months, quarters or years this period is made of at a finer unit (a quarter → its 3 months).</summary>
    public IEnumerable<ReportPeriod> Split(PeriodUnit unit) => throw new NotImplementedException();

    public override string ToString() => Key;

    internal static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}

public enum DeliveryVerdict
{
    /// <summary>Not delivered and not yet due: not counted.</summary>
    Pending = 0,
    OnTime = 1,
    Late = 2,
    /// <summary>Not delivered and past due: counts as a breach.</summary>
    Missing = 3,
    /// <summary>On time but marked incomplete where the metric requires completeness: a breach.</summary>
    Incomplete = 4,
}

/// <summary>Periodic deadlines such as "monthly accounts by working day 5". Pure.</summary>
public static class Deadlines
{
    /// <summary>
    /// The due instant for a reporting period: the end of working time on the <paramref name="workingDay"/>-th working date
    /// counted from the first date after the period (working day 5 of December for November), or that date at
    /// <paramref name="at"/> local time when given.
    /// </summary>
    public static DateTimeOffset DueAt(BusinessCalendar calendar, ReportPeriod period, int workingDay, TimeOnly? at = null) =>
        throw new NotImplementedException();

    public static DeliveryVerdict Judge(DateTimeOffset due, DateTimeOffset? deliveredAt, bool? complete, bool requireComplete, DateTimeOffset now) =>
        throw new NotImplementedException();

    /// <summary>Whether a verdict counts (is not pending) and whether it counts as met.</summary>
    public static (bool Counts, bool Met) Score(DeliveryVerdict verdict) => throw new NotImplementedException();
}

public enum RatioDirection
{
    /// <summary>The figure must be at least the target (≥ 99.5 % of payments without errors).</summary>
    AtLeast = 0,
    /// <summary>The figure must not exceed the target (≤ 2 % of documents returned).</summary>
    AtMost = 1,
}

public static class Ratios
{
    public static bool Met(decimal value, decimal target, RatioDirection direction) => throw new NotImplementedException();
}
