using OneWindow.Core.Time;

namespace OneWindow.Core.ServiceLevels;

/// <summary>
/// An agreement version as the reports weigh it: when it is in force (local dates, <see cref="ValidTo"/> inclusive) and
/// the weights of its two sides in the unified index.
/// </summary>
public sealed record AgreementTerms(Guid Id, Guid AgreementId, int Number, DateOnly ValidFrom, DateOnly? ValidTo, Guid? CalendarId, double SlaWeight, double OlaWeight)
{
    /// <summary>In force on some day of the period.</summary>
    public bool Overlaps(ReportPeriod p) => ValidFrom < p.End && (ValidTo is null || ValidTo >= p.Start);

    /// <summary>In force on the date.</summary>
    public bool Covers(DateOnly d) => d >= ValidFrom && (ValidTo is null || d <= ValidTo);
}

/// <summary>How one metric did in a period, with the attainment it promised (percent).</summary>
public sealed record MetricOutcome(string Key, double Weight, int Met, int Total, decimal AttainmentTarget);

/// <summary>A side's (SLA or OLA) attainment over its metrics with data, and its target under the same weights; null without data.</summary>
public readonly record struct SideScore(double? Value, double? Target);

/// <summary>
/// One report row's figures as the report shows them (percentages to 2 places, effective weights to 4), and why the
/// index may read differently from the configured weights: <see cref="Note"/> is noData, olaNoData, slaNoData,
/// zeroWeights or null.
/// </summary>
public sealed record RowScore(double? Sla, double? Ola, double? Index, double? SlaWeightUsed, double? OlaWeightUsed, bool Renormalised,
    double? SlaTarget, double? OlaTarget, double? IndexTarget, string? Note);

/// <summary>
/// The arithmetic of the SLA/OLA reports (docs/service-levels.md, "Counting rules"): which periods a report or trend
/// covers, which period a date or instant falls in, which version's weights apply, and how metrics combine into sides
/// and sides into the unified quality index. Pure; the web app loads the rows and calls these.
/// </summary>
public static class Reporting
{
    /// <summary>The weight each side gets when no agreement version sets one.</summary>
    public const double DefaultSideWeight = 0.5;

    /// <summary>The keys of the two sides in <see cref="IndexResult.EffectiveWeights"/>.</summary>
    public const string SlaKey = "SLA";
    public const string OlaKey = "OLA";

    /// <summary>The period of a unit that contains <paramref name="now"/>'s local date in a zone.</summary>
    public static ReportPeriod Current(PeriodUnit unit, DateTimeOffset now, TimeZoneInfo zone) => ReportPeriod.Of(unit, LocalDates.Of(now, zone));

    /// <summary>The last <paramref name="count"/> periods up to and including <paramref name="last"/>, oldest first.</summary>
    public static ReportPeriod[] Window(ReportPeriod last, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var periods = new ReportPeriod[count];
        periods[count - 1] = last;
        for (var i = count - 2; i >= 0; i--)
        {
            periods[i] = periods[i + 1].Previous;
        }

        return periods;
    }

    /// <summary>
    /// The instants (UTC) where consecutive periods start in a zone, and where the last one ends: an instant at or after
    /// bounds[i] and before bounds[i + 1] falls in periods[i].
    /// </summary>
    public static DateTimeOffset[] Bounds(IReadOnlyList<ReportPeriod> periods, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(periods);
        if (periods.Count == 0)
        {
            throw new ArgumentException("At least one period is needed.", nameof(periods));
        }

        return [.. periods.Select(p => LocalDates.StartOf(p.Start, zone)), LocalDates.StartOf(periods[^1].End, zone)];
    }

    /// <summary>The index of the period that contains the date, or -1 when none does.</summary>
    public static int BucketOf(IReadOnlyList<ReportPeriod> periods, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(periods);
        for (var i = 0; i < periods.Count; i++)
        {
            if (periods[i].Contains(date))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The periods of <paramref name="unit"/> from the one containing <paramref name="from"/> that end by
    /// <paramref name="to"/>, for which a periodic delivery is expected but none is recorded: the version is in force on
    /// the period's last day, and no delivery starts the period.
    /// </summary>
    public static IEnumerable<ReportPeriod> UnrecordedPeriods(PeriodUnit unit, DateOnly from, DateOnly to, AgreementTerms version,
        IReadOnlySet<DateOnly> recorded)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(recorded);
        for (var p = ReportPeriod.Of(unit, from); p.End <= to; p = p.Next)
        {
            if (!recorded.Contains(p.Start) && version.Covers(p.End.AddDays(-1)))
            {
                yield return p;
            }
        }
    }

    /// <summary>
    /// The version that sets a row's weights: the latest in force on the period's last day, else the latest overlapping the
    /// period, else the latest before it, else the earliest; null when there is none. Later versions win ties by number.
    /// </summary>
    public static AgreementTerms? VersionAtEnd(IReadOnlyCollection<AgreementTerms> versions, ReportPeriod period)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var lastDay = period.End.AddDays(-1);
        return Latest(versions.Where(v => v.Covers(lastDay)))
            ?? Latest(versions.Where(v => v.Overlaps(period)))
            ?? Latest(versions.Where(v => v.ValidFrom < period.End))
            ?? versions.OrderBy(v => v.ValidFrom).FirstOrDefault();

        static AgreementTerms? Latest(IEnumerable<AgreementTerms> candidates) =>
            candidates.OrderByDescending(v => v.ValidFrom).ThenByDescending(v => v.Number).FirstOrDefault();
    }

    /// <summary>Whether a metric's attainment reaches its target (a hair's tolerance for the float division); null without data.</summary>
    public static bool? MeetsTarget(double? attainment, decimal target) => attainment is { } a ? a >= (double)target - 1e-9 : null;

    /// <summary>A side's attainment (weighted over its metrics with data, <see cref="QualityIndex.Side"/>) and its target (their targets, same weights).</summary>
    public static SideScore Side(IReadOnlyList<MetricOutcome> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var result = QualityIndex.Side([.. metrics.Select(m => new MetricScore(m.Key, m.Weight, m.Met, m.Total))]);
        if (result.Value is null)
        {
            return new SideScore(null, null);
        }

        var target = metrics.Sum(m => result.EffectiveWeights.TryGetValue(m.Key, out var w) ? w * (double)m.AttainmentTarget : 0);
        return new SideScore(result.Value, target);
    }

    /// <summary>
    /// Combines the two sides into the unified index with the version's weights: a side without data is left out and the
    /// other re-weighted to 1; the index's target is the sides' targets under the same effective weights.
    /// </summary>
    public static RowScore Score(SideScore sla, SideScore ola, double slaWeight, double olaWeight)
    {
        var index = QualityIndex.Combine([new IndexPart(SlaKey, slaWeight, sla.Value), new IndexPart(OlaKey, olaWeight, ola.Value)]);
        double? slaUsed = index.EffectiveWeights.TryGetValue(SlaKey, out var su) ? su : null;
        double? olaUsed = index.EffectiveWeights.TryGetValue(OlaKey, out var ou) ? ou : null;
        double? indexTarget = index.Value is null ? null : ((slaUsed ?? 0) * (sla.Target ?? 0)) + ((olaUsed ?? 0) * (ola.Target ?? 0));
        return new RowScore(Round(sla.Value), Round(ola.Value), Round(index.Value), Round4(slaUsed), Round4(olaUsed), index.Renormalised,
            Round(sla.Target), Round(ola.Target), Round(indexTarget), Note(sla.Value, ola.Value, index.Value));
    }

    /// <summary>What a reader must know about how the index was formed: noData, olaNoData, slaNoData, zeroWeights, or null.</summary>
    public static string? Note(double? sla, double? ola, double? index) => (sla, ola) switch
    {
        (null, null) => "noData",
        (_, null) => "olaNoData",
        (null, _) => "slaNoData",
        _ when index is null => "zeroWeights",
        _ => null,
    };

    /// <summary>A percentage as reports show it: 2 places, halves away from zero.</summary>
    public static double? Round(double? value) => value is { } v ? Math.Round(v, 2, MidpointRounding.AwayFromZero) : null;

    /// <summary>A weight as reports show it: 4 places, halves away from zero.</summary>
    public static double? Round4(double? value) => value is { } v ? Math.Round(v, 4, MidpointRounding.AwayFromZero) : null;
}

/// <summary>Met and counted items per metric and period bucket (an index into the periods counted), summed as they come.</summary>
public sealed class BucketCounts(int buckets)
{
    private readonly Dictionary<Guid, (int Met, int Total)[]> byMetric = [];

    public void Add(Guid metricId, int bucket, int met, int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bucket);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bucket, buckets);
        if (!byMetric.TryGetValue(metricId, out var row))
        {
            row = new (int, int)[buckets];
            byMetric[metricId] = row;
        }

        row[bucket] = (row[bucket].Met + met, row[bucket].Total + total);
    }

    public (int Met, int Total) Get(Guid metricId, int bucket) => byMetric.TryGetValue(metricId, out var row) ? row[bucket] : (0, 0);
}
