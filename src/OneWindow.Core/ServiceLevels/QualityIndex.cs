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
    /// <summary>
    /// A side's attainment: the weighted mean of its metrics' attainments (metrics without data left out).
    /// Met must lie within 0..Total.
    /// </summary>
    public static IndexResult Side(IReadOnlyList<MetricScore> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var parts = new IndexPart[metrics.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            var m = metrics[i] ?? throw new ArgumentException("A metric is null.", nameof(metrics));
            if (m.Total < 0 || m.Met < 0 || m.Met > m.Total)
            {
                throw new ArgumentException($"Metric '{m.Key}' has {m.Met} met out of {m.Total}.", nameof(metrics));
            }

            parts[i] = new IndexPart(m.Key, m.Weight, m.Attainment);
        }

        return Combine(parts);
    }

    /// <summary>
    /// Combines parts (SLA, OLA) by weight; a part with no data is left out and the rest re-normalised. Negative,
    /// non-finite weights, non-finite values and repeated keys are refused (<see cref="ArgumentException"/>).
    /// A part with data and weight 0 stays in with effective weight 0. When no part has data, or the parts with data all
    /// weigh 0, Value is null and EffectiveWeights is empty.
    /// </summary>
    public static IndexResult Combine(IReadOnlyList<IndexPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var left = new List<string>();
        double totalWeight = 0, weighted = 0;
        foreach (var part in parts)
        {
            if (part is null)
            {
                throw new ArgumentException("A part is null.", nameof(parts));
            }

            if (!keys.Add(part.Key))
            {
                throw new ArgumentException($"Part '{part.Key}' is given twice.", nameof(parts));
            }

            if (!double.IsFinite(part.Weight) || part.Weight < 0)
            {
                throw new ArgumentException($"Part '{part.Key}' has weight {part.Weight}; weights must be finite and not negative.", nameof(parts));
            }

            if (part.Value is not { } value)
            {
                left.Add(part.Key);
                continue;
            }

            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"Part '{part.Key}' has value {value}.", nameof(parts));
            }

            totalWeight += part.Weight;
            weighted += part.Weight * value;
        }

        if (totalWeight <= 0)
        {
            return new IndexResult(null, new Dictionary<string, double>(StringComparer.Ordinal), left);
        }

        var effective = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            if (part.Value is not null)
            {
                effective[part.Key] = part.Weight / totalWeight;
            }
        }

        return new IndexResult(weighted / totalWeight, effective, left);
    }
}
