namespace OneWindow.Core.Committees;

/// <summary>Where one covered service is in its lifecycle, as the advisor needs it.</summary>
public enum CoveredStage
{
    Transfer = 0,
    Stabilisation = 1,
    Stable = 2,
    /// <summary>Planned or suspended: it neither tightens nor holds back loosening.</summary>
    Other = 3,
}

/// <summary>The unified index of one closed period against the agreement's target; null index means nothing measured.</summary>
public sealed record IndexPeriod(string Period, double? Index, double? Target)
{
    public bool Below => Index is { } i && Target is { } t && i < t;

    public bool Meets => Index is { } i && Target is { } t && i >= t;
}

public sealed record CadenceAdvice(CommitteeCadence Cadence, CadenceReason Reason);

/// <summary>
/// Proposes a committee's cadence: weekly while a covered process is in transfer or stabilisation; one step tighter when
/// the index stays below target two periods running; monthly once everything is stable and on target. A person accepts.
/// </summary>
public static class CadenceAdvisor
{
    /// <summary>How many closed periods below target make the index a reason to meet more often.</summary>
    public const int PeriodsBelow = 2;

    /// <param name="current">The committee's cadence.</param>
    /// <param name="stages">The stages of the services the committee covers.</param>
    /// <param name="periods">The last closed periods, oldest first.</param>
    public static CadenceAdvice? Propose(CommitteeCadence current, IReadOnlyCollection<CoveredStage> stages, IReadOnlyList<IndexPeriod> periods)
    {
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(periods);
        if (stages.Any(s => s is CoveredStage.Transfer or CoveredStage.Stabilisation))
        {
            return IsTighter(current, CommitteeCadence.Weekly) || current == CommitteeCadence.Weekly
                ? null
                : new CadenceAdvice(CommitteeCadence.Weekly, CadenceReason.Stabilisation);
        }

        if (periods.Count >= PeriodsBelow && periods.TakeLast(PeriodsBelow).All(p => p.Below))
        {
            return Tighter(current) is { } tighter ? new CadenceAdvice(tighter, CadenceReason.IndexBelowTarget) : null;
        }

        var stable = stages.All(s => s is CoveredStage.Stable or CoveredStage.Other);
        var onTarget = periods.Count == 0 || periods.All(p => p.Index is null || p.Meets);
        return stable && onTarget && IsTighter(current, CommitteeCadence.Monthly)
            ? new CadenceAdvice(CommitteeCadence.Monthly, CadenceReason.Stable)
            : null;
    }

    /// <summary>Whether <paramref name="a"/> meets more often than <paramref name="b"/> (the enum runs from the most frequent).</summary>
    public static bool IsTighter(CommitteeCadence a, CommitteeCadence b) => (int)a < (int)b;

    /// <summary>The next more frequent cadence, or null at daily.</summary>
    public static CommitteeCadence? Tighter(CommitteeCadence c) => c == CommitteeCadence.Daily ? null : c - 1;
}
