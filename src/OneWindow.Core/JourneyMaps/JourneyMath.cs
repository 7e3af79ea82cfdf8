namespace OneWindow.Core.JourneyMaps;

/// <summary>
/// The arithmetic of a journey map's live figures: the median and p90 of resolution times (business minutes), the
/// emotion that ratings suggest on the map's −2…+2 scale, and whether it disagrees with the emotion the team assumed.
/// </summary>
public static class JourneyMath
{
    public const int MinEmotion = -2;
    public const int MaxEmotion = 2;

    /// <summary>The middle value (the mean of the two middle ones for an even count); null for none.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>The nearest-rank percentile (the smallest value with at least <paramref name="share"/> of the values at or below it); null for none.</summary>
    public static double? Percentile(IEnumerable<double> values, double share)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(Math.Clamp(share, 0, 1) * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    /// <summary>A grade on a 1..<paramref name="scale"/> scale moved onto 1–5 (a 3-point 2 is a 3, a 3 a 5).</summary>
    public static double OnFivePoints(int grade, int scale) =>
        scale <= 1 ? 3 : 1 + ((double)(Math.Clamp(grade, 1, scale) - 1) * 4 / (scale - 1));

    /// <summary>The emotion an average grade on 1–5 suggests: 1 is −2, 3 is 0, 5 is +2 (linear, one decimal); null for no ratings.</summary>
    public static double? EmotionFromGrade(double? averageOnFive) =>
        averageOnFive is { } avg ? Math.Round(Math.Clamp(avg - 3, MinEmotion, MaxEmotion), 1) : null;

    /// <summary>
    /// The emotion a survey question's average score suggests: its scale laid linearly onto −2…+2, one decimal; null for
    /// no answers. NPS (0–10): 0 is −2, 5 is 0, 10 is +2 (so 7.5, a passive, is +1); CSAT (1–5): as <see cref="EmotionFromGrade"/>.
    /// Linear on purpose: the team compares it with an assumed emotion, and an even scale reads the same on every question.
    /// </summary>
    public static double? EmotionFromScore(double? average, int min, int max) =>
        average is { } avg && max > min
            ? Math.Round(Math.Clamp(MinEmotion + ((avg - min) * (MaxEmotion - MinEmotion) / (max - min)), MinEmotion, MaxEmotion), 1)
            : null;

    /// <summary>The mean of the emotions a step's sources suggest (ratings, survey questions), one decimal; null when none does.</summary>
    public static double? CombinedEmotion(IEnumerable<double?> emotions)
    {
        var known = emotions.OfType<double>().ToList();
        return known.Count == 0 ? null : Math.Round(known.Average(), 1);
    }

    /// <summary>True when the live emotion is a whole point or more away from the assumed one.</summary>
    public static bool Disagrees(double? live, int? assumed) =>
        live is { } l && assumed is { } a && Math.Abs(l - a) >= 1 - 1e-9;

    /// <summary>Met ÷ stopped as a percentage with one decimal; null when nothing stopped.</summary>
    public static double? Attainment(int met, int stopped) => stopped == 0 ? null : Math.Round(100.0 * met / stopped, 1);

    public static bool IsEmotion(int value) => value is >= MinEmotion and <= MaxEmotion;
}
