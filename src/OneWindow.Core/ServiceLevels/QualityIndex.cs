namespace OneWindow.Core.ServiceLevels;

/// <summary>How one metric did in a period: items met out of items counted, and its weight within its side.</summary>
public sealed record MetricScore(string Key, double Weight, int Met, int Total)
{
    /// <summary>Percent met; null when nothing counted in the period.</summary>
    public double? Attainment => Total == 0 ? null : Met * 100.0 / Total;
}

/// <summary>One part of a combined figure with its configured weight; a null value means no data in the period.</summary>
public sealed record IndexPart(string Key, double Weight, double? Value);

/// <summary>
/// A combined figure: the weighted mean of the parts that have data, with weights re-normalised over them.
/// <see cref="Left"/> names the parts left out for lack of data; <see cref="EffectiveWeights"/> sum to 1 when Value is set.
/// </summary>
public sealed record IndexResult(double? Value, IReadOnlyDictionary<string, double> EffectiveWeights, IReadOnlyList<string> Left)
{
    public bool Renormalised => Value is not null && Left.Count > 0;
}

/// <summary>The unified quality index: SLA and OLA attainment combined with configurable weights. Pure.</summary>
public static class QualityIndex
{
    /// <summary>A side's attainment: the weighted mean of its metrics' attainments (metrics without data left out).</summary>
    public static IndexResult Side(IReadOnlyList<MetricScore> metrics) => throw new NotImplementedException();

    /// <summary>Combines parts (SLA, OLA) by weight; a part with no data is left out and the rest re-normalised. Negative weights are refused.</summary>
    public static IndexResult Combine(IReadOnlyList<IndexPart> parts) => throw new NotImplementedException();
}
