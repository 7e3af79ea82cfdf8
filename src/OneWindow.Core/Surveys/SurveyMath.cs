namespace OneWindow.Core.Surveys;

/// <summary>
/// NPS of a set of 0–10 answers. <see cref="Score"/> is % promoters − % detractors of the unrounded shares, rounded once
/// to one decimal, so it can differ by 0.1 from <see cref="PromoterPercent"/> − <see cref="DetractorPercent"/> (each
/// rounded on its own): 2 promoters and 1 detractor of 3 give 66.7 − 33.3 but a score of 33.3.
/// </summary>
public sealed record NpsFigure(int N, int Promoters, int Passives, int Detractors, decimal? Score)
{
    public decimal? PromoterPercent => SurveyMath.Percent(Promoters, N);

    public decimal? PassivePercent => SurveyMath.Percent(Passives, N);

    public decimal? DetractorPercent => SurveyMath.Percent(Detractors, N);
}

/// <summary>CSAT of a set of 1–5 grades: the share of 4 and 5 as a percentage with one decimal.</summary>
public sealed record CsatFigure(int N, int Satisfied, decimal? Percent);

/// <summary>
/// One respondent's answer on one CSI attribute: how important it is to them and how satisfied they are, both 1–10.
/// The constructor and <c>with</c> refuse anything else; a <c>default</c> pair is refused by <see cref="SurveyMath.Csi"/>.
/// </summary>
public readonly record struct CsiPair(string Attribute, int Importance, int Satisfaction)
{
    public string Attribute { get; init => field = value ?? throw new ArgumentNullException(nameof(Attribute)); }
        = Attribute ?? throw new ArgumentNullException(nameof(Attribute));

    public int Importance { get; init => field = SurveyMath.OnTenPoints(value, nameof(Importance)); }
        = SurveyMath.OnTenPoints(Importance, nameof(Importance));

    public int Satisfaction { get; init => field = SurveyMath.OnTenPoints(value, nameof(Satisfaction)); }
        = SurveyMath.OnTenPoints(Satisfaction, nameof(Satisfaction));
}

/// <summary>
/// Where an attribute falls in the importance × satisfaction matrix (importance–performance analysis), relative to the
/// averages over the attributes.
/// </summary>
public enum PriorityQuadrant
{
    /// <summary>Important and satisfying: keep up the good work.</summary>
    KeepUp,

    /// <summary>Important but below-average satisfaction: where improvement pays most.</summary>
    ConcentrateHere,

    /// <summary>Less important and less satisfying: improve when the rest is done.</summary>
    LowPriority,

    /// <summary>Less important but very satisfying: effort that may be better spent elsewhere.</summary>
    PossibleOverkill,
}

/// <summary>
/// One attribute of a CSI: how many answered it, its mean importance and mean satisfaction (unrounded, on 1–10), its
/// weight in the index (mean importance ÷ the sum of the attributes' mean importances) and its quadrant.
/// </summary>
public sealed record CsiAttribute(string Attribute, int N, double MeanImportance, double MeanSatisfaction, double Weight, PriorityQuadrant Quadrant);

/// <summary>
/// A CSI: the attributes in order of first appearance, the importance-weighted mean satisfaction <see cref="Raw"/> on the
/// 1–10 scale, and <see cref="Index"/> = (Raw − 1) / 9 × 100 with one decimal. All null/empty when there are no answers.
/// </summary>
public sealed record CsiFigure(IReadOnlyList<CsiAttribute> Attributes, double? Raw, decimal? Index)
{
    /// <summary>The average of the attributes' mean importances: the matrix's horizontal dividing line.</summary>
    public double? AverageImportance { get; init; }

    /// <summary>The average of the attributes' mean satisfactions: the matrix's vertical dividing line.</summary>
    public double? AverageSatisfaction { get; init; }
}

/// <summary>The pure arithmetic of relationship surveys (docs/surveys.md, "Definitions").</summary>
public static class SurveyMath
{
    /// <summary>A cut of an anonymous survey with fewer responses than this is not shown.</summary>
    public const int AnonymousMinimum = 5;

    /// <summary>
    /// NPS: promoters answer 9–10, passives 7–8, detractors 0–6; the score is % promoters − % detractors, one decimal
    /// (halves away from zero), null when there are no answers. An answer outside 0–10 throws.
    /// </summary>
    public static NpsFigure Nps(IEnumerable<int> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        int promoters = 0, passives = 0, detractors = 0;
        foreach (var score in scores)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(score, nameof(scores));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(score, 10, nameof(scores));
            switch (score)
            {
                case >= 9:
                    promoters++;
                    break;
                case >= 7:
                    passives++;
                    break;
                default:
                    detractors++;
                    break;
            }
        }

        var n = promoters + passives + detractors;
        return new NpsFigure(n, promoters, passives, detractors, Percent(promoters - detractors, n));
    }

    /// <summary>CSAT: the share of grades 4–5 among 1–5 grades, one decimal, null when there are none. A grade outside 1–5 throws.</summary>
    public static CsatFigure Csat(IEnumerable<int> grades)
    {
        ArgumentNullException.ThrowIfNull(grades);
        int n = 0, satisfied = 0;
        foreach (var grade in grades)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(grade, 1, nameof(grades));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(grade, 5, nameof(grades));
            n++;
            if (grade >= 4)
            {
                satisfied++;
            }
        }

        return new CsatFigure(n, satisfied, Percent(satisfied, n));
    }

    /// <summary>
    /// CSI of a cut's importance/satisfaction pairs. For each attribute (names compared ordinally, as given): mean
    /// importance Iᵢ and mean satisfaction Sᵢ over the pairs that name it; weight wᵢ = Iᵢ / ΣI; Raw = Σ wᵢ·Sᵢ (1–10);
    /// Index = (Raw − 1) / 9 × 100, one decimal, halves away from zero. Computed exactly (rationals), so hand-computed
    /// values match to the last digit.
    /// <para>
    /// Quadrants compare each attribute with the plain average of the attributes' mean importances Ī and mean
    /// satisfactions S̄ (every attribute counts once, whatever its n). Ties go to the upper side: Iᵢ ≥ Ī is "important",
    /// Sᵢ ≥ S̄ is "satisfying". Important and not satisfying → <see cref="PriorityQuadrant.ConcentrateHere"/>; important
    /// and satisfying → <see cref="PriorityQuadrant.KeepUp"/>; neither → <see cref="PriorityQuadrant.LowPriority"/>;
    /// satisfying but not important → <see cref="PriorityQuadrant.PossibleOverkill"/>. So a single attribute, or
    /// attributes that all have the same means, are all <see cref="PriorityQuadrant.KeepUp"/>. The comparisons are exact.
    /// </para>
    /// A pair outside 1–10 or without an attribute name throws.
    /// </summary>
    public static CsiFigure Csi(IEnumerable<CsiPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var sums = new Dictionary<string, (int N, long Importance, long Satisfaction)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var pair in pairs)
        {
            // default(CsiPair) skips the constructor's checks.
            if (pair.Attribute is null)
            {
                throw new ArgumentException("A CSI pair names no attribute.", nameof(pairs));
            }

            OnTenPoints(pair.Importance, nameof(pairs));
            OnTenPoints(pair.Satisfaction, nameof(pairs));
            if (!sums.TryGetValue(pair.Attribute, out var sum))
            {
                order.Add(pair.Attribute);
            }

            sums[pair.Attribute] = (sum.N + 1, sum.Importance + pair.Importance, sum.Satisfaction + pair.Satisfaction);
        }

        if (order.Count == 0)
        {
            return new CsiFigure([], null, null);
        }

        var means = order.Select(a =>
        {
            var (n, importance, satisfaction) = sums[a];
            return (Attribute: a, N: n, Importance: Fraction.Of(importance, n), Satisfaction: Fraction.Of(satisfaction, n));
        }).ToList();

        var totalImportance = Fraction.Zero;
        var totalSatisfaction = Fraction.Zero;
        var weighted = Fraction.Zero;
        foreach (var m in means)
        {
            totalImportance = totalImportance.Plus(m.Importance);
            totalSatisfaction = totalSatisfaction.Plus(m.Satisfaction);
            weighted = weighted.Plus(m.Importance.Times(m.Satisfaction));
        }

        // Every mean importance is at least 1, so the total is never zero.
        var raw = weighted.DividedBy(totalImportance);
        var index = raw.Minus(Fraction.Of(1, 1)).Times(Fraction.Of(100, 9));
        var count = Fraction.Of(means.Count, 1);
        var averageImportance = totalImportance.DividedBy(count);
        var averageSatisfaction = totalSatisfaction.DividedBy(count);

        var attributes = means.Select(m => new CsiAttribute(
            m.Attribute,
            m.N,
            m.Importance.ToDouble(),
            m.Satisfaction.ToDouble(),
            m.Importance.DividedBy(totalImportance).ToDouble(),
            Quadrant(m.Importance.CompareTo(averageImportance) >= 0, m.Satisfaction.CompareTo(averageSatisfaction) >= 0))).ToList();

        return new CsiFigure(attributes, raw.ToDouble(), index.RoundToTenths())
        {
            AverageImportance = averageImportance.ToDouble(),
            AverageSatisfaction = averageSatisfaction.ToDouble(),
        };
    }

    /// <summary>Completed responses as a percentage of invitations, one decimal; null when nobody was invited.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative count, or more completed than invited.</exception>
    public static decimal? ResponseRate(int invited, int completed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(invited);
        ArgumentOutOfRangeException.ThrowIfNegative(completed);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(completed, invited);
        return Percent(completed, invited);
    }

    /// <summary>
    /// Whether a cut with <paramref name="n"/> responses may be shown: in an anonymous survey a cut with 1 to
    /// <see cref="AnonymousMinimum"/> − 1 responses is hidden, since so few answers could point to a person. A cut with no
    /// responses shows (as "no answers"); a non-anonymous cut always shows.
    /// </summary>
    public static bool Shows(int n, bool anonymous)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return !anonymous || n == 0 || n >= AnonymousMinimum;
    }

    /// <summary>100 × part / whole, one decimal, halves away from zero; null for a whole of zero.</summary>
    internal static decimal? Percent(int part, int whole) =>
        // Decimal division is exact for every terminating quotient, and a non-terminating one is at least 1 / (20 × whole)
        // away from a rounding midpoint, so rounding the decimal quotient is rounding the exact value.
        whole == 0 ? null : Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);

    internal static int OnTenPoints(int value, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 10, name);
        return value;
    }

    private static PriorityQuadrant Quadrant(bool important, bool satisfying) => (important, satisfying) switch
    {
        (true, true) => PriorityQuadrant.KeepUp,
        (true, false) => PriorityQuadrant.ConcentrateHere,
        (false, false) => PriorityQuadrant.LowPriority,
        (false, true) => PriorityQuadrant.PossibleOverkill,
    };
}
