using System.Globalization;

namespace OneWindow.Core.ServiceLevels;

public enum PeriodUnit
{
    Month = 0,
    Quarter = 1,
    Year = 2,
}

/// <summary>
/// A reporting period of local dates [Start, End). <see cref="Start"/> is always the first day of its month, quarter or
/// year: a date inside the period given to the constructor is moved back to it, so <c>new ReportPeriod(Month, 15 Nov)</c>
/// is November.
/// </summary>
public readonly record struct ReportPeriod(PeriodUnit Unit, DateOnly Start)
{
    // Aligning here keeps End, Key and equality meaningful whatever date the caller started from.
    public DateOnly Start { get; init; } = Align(Unit, Start);

    public DateOnly End => Start.AddMonths(Months(Unit));

    /// <summary>The period of the unit that contains the date.</summary>
    public static ReportPeriod Of(PeriodUnit unit, DateOnly date) => new(unit, date);

    public ReportPeriod Next => new(Unit, End);

    public ReportPeriod Previous => new(Unit, Start.AddMonths(-Months(Unit)));

    public bool Contains(DateOnly date) => date >= Start && date < End;

    /// <summary>"2026-11", "2026-Q4" or "2026".</summary>
    public string Key => Unit switch
    {
        PeriodUnit.Month => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        PeriodUnit.Quarter => Start.ToString("yyyy", CultureInfo.InvariantCulture) + "-Q" + Format(((Start.Month - 1) / 3) + 1),
        _ => Start.ToString("yyyy", CultureInfo.InvariantCulture),
    };

    /// <summary>Reads <see cref="Key"/>'s forms (four-digit year, two-digit month, Q1–Q4; a lower-case q too); false on anything else.</summary>
    public static bool TryParse(string? text, out ReportPeriod period)
    {
        period = default;
        if (text is null)
        {
            return false;
        }

        var s = text.AsSpan().Trim();
        if (s.Length < 4 || !TryDigits(s[..4], out var year) || year < 1)
        {
            return false;
        }

        if (s.Length == 4)
        {
            period = new ReportPeriod(PeriodUnit.Year, new DateOnly(year, 1, 1));
            return true;
        }

        if (s.Length != 7 || s[4] != '-')
        {
            return false;
        }

        if (s[5] is 'Q' or 'q')
        {
            if (s[6] is < '1' or > '4')
            {
                return false;
            }

            period = new ReportPeriod(PeriodUnit.Quarter, new DateOnly(year, ((s[6] - '1') * 3) + 1, 1));
            return true;
        }

        if (!TryDigits(s[5..], out var month) || month is < 1 or > 12)
        {
            return false;
        }

        period = new ReportPeriod(PeriodUnit.Month, new DateOnly(year, month, 1));
        return true;
    }

    /// <summary>
    /// The months, quarters or years this period is made of at a finer unit (a quarter → its 3 months); the same unit gives
    /// the period itself. A coarser unit throws <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    public IEnumerable<ReportPeriod> Split(PeriodUnit unit)
    {
        if (!Enum.IsDefined(unit) || Months(unit) > Months(Unit))
        {
            throw new ArgumentOutOfRangeException(nameof(unit), unit, $"A {Unit} cannot be split into {unit}s.");
        }

        return Iterate(this, unit);

        static IEnumerable<ReportPeriod> Iterate(ReportPeriod whole, PeriodUnit unit)
        {
            for (var p = new ReportPeriod(unit, whole.Start); p.Start < whole.End; p = p.Next)
            {
                yield return p;
            }
        }
    }

    public override string ToString() => Key;

    internal static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int Months(PeriodUnit unit) => unit switch
    {
        PeriodUnit.Month => 1,
        PeriodUnit.Quarter => 3,
        PeriodUnit.Year => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown period unit."),
    };

    private static DateOnly Align(PeriodUnit unit, DateOnly date) => unit switch
    {
        PeriodUnit.Month => new DateOnly(date.Year, date.Month, 1),
        PeriodUnit.Quarter => new DateOnly(date.Year, (((date.Month - 1) / 3) * 3) + 1, 1),
        PeriodUnit.Year => new DateOnly(date.Year, 1, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown period unit."),
    };

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
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
    /// The due instant (UTC) for a reporting period: the end of working time on the <paramref name="workingDay"/>-th
    /// working date (1-based) counted from the first date after the period (working day 5 of December for November), or
    /// that date at <paramref name="at"/> local time when given (mapped leniently, like calendar spans).
    /// </summary>
    public static DateTimeOffset DueAt(BusinessCalendar calendar, ReportPeriod period, int workingDay, TimeOnly? at = null)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentOutOfRangeException.ThrowIfLessThan(workingDay, 1);
        var date = calendar.NthWorkingDate(period.End, workingDay);
        return at is { } time
            ? calendar.ToInstant(date, time)
            : calendar.EndOfWorkingDay(date) ?? throw new InvalidOperationException($"{date:yyyy-MM-dd} has no working time.");
    }

    /// <summary>
    /// Delivered at or before <paramref name="due"/>: on time, or incomplete when completeness is required and the delivery is
    /// marked incomplete (<paramref name="complete"/> false; null means not assessed and is not held against it). Delivered
    /// after due: late, whatever its completeness. Not delivered: missing once <paramref name="now"/> is past due, else pending.
    /// </summary>
    public static DeliveryVerdict Judge(DateTimeOffset due, DateTimeOffset? deliveredAt, bool? complete, bool requireComplete, DateTimeOffset now)
    {
        if (deliveredAt is not { } delivered)
        {
            return now > due ? DeliveryVerdict.Missing : DeliveryVerdict.Pending;
        }

        if (delivered > due)
        {
            return DeliveryVerdict.Late;
        }

        return requireComplete && complete == false ? DeliveryVerdict.Incomplete : DeliveryVerdict.OnTime;
    }

    /// <summary>Whether a verdict counts (is not pending) and whether it counts as met.</summary>
    public static (bool Counts, bool Met) Score(DeliveryVerdict verdict) => verdict switch
    {
        DeliveryVerdict.Pending => (false, false),
        DeliveryVerdict.OnTime => (true, true),
        DeliveryVerdict.Late or DeliveryVerdict.Missing or DeliveryVerdict.Incomplete => (true, false),
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "Unknown verdict."),
    };
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
    /// <summary>Whether the figure meets the target; equal to the target meets it in both directions.</summary>
    public static bool Met(decimal value, decimal target, RatioDirection direction) => direction switch
    {
        RatioDirection.AtLeast => value >= target,
        RatioDirection.AtMost => value <= target,
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown ratio direction."),
    };
}
