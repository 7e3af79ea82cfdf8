namespace OneWindow.Core.Committees;

/// <summary>How often a committee meets. The article: daily, weekly, twice a month while a process stabilises, monthly once stable.</summary>
public enum CommitteeCadence
{
    Daily = 0,
    Weekly = 1,
    Biweekly = 2,
    Monthly = 3,
    Quarterly = 4,
}

/// <summary>Why the system proposes another cadence.</summary>
public enum CadenceReason
{
    /// <summary>A covered service is in transfer or stabilisation.</summary>
    Stabilisation = 0,
    /// <summary>The unified index fell below the agreement's target two periods running.</summary>
    IndexBelowTarget = 1,
    /// <summary>Every covered service is stable and the index meets its target.</summary>
    Stable = 2,
}
