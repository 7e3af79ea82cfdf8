using OneWindow.Core.ServiceLevels;

namespace OneWindow.Core.Feedback;

/// <summary>One grade as the figures need it: satisfied or not on its own scale, and the grade itself.</summary>
public readonly record struct GradeSample(int Grade, int Scale)
{
    /// <summary>CSAT counts 4–5 of 5, or 3 of 3, as satisfied (the same rule as the rating itself).</summary>
    public bool Satisfied => Scale == 3 ? Grade == 3 : Grade >= 4;

    /// <summary>The grade on a 5-point scale, so 3- and 5-point ratings average together.</summary>
    public double OnFivePoints => Scale == 5 ? Grade : 1 + ((Grade - 1) * 4.0 / Math.Max(1, Scale - 1));
}

/// <summary>CSAT, average grade and distribution of a set of grades.</summary>
public sealed record GradeFigures(int Count, int Satisfied, decimal? Csat, double? AverageGrade, IReadOnlyList<int> Distribution);

/// <summary>How feedback cases are turned around: open now, open past due, closed, and the median days to close.</summary>
public sealed record Turnaround(int Open, int Overdue, int Closed, double? MedianDaysToClose);

/// <summary>The pure arithmetic of the feedback dashboards and the complaint loop's due date.</summary>
public static class FeedbackMath
{
    /// <summary>
    /// CSAT as a percentage (share of satisfied grades, one decimal), average on the 5-point scale (two decimals), and
    /// how many grades fell on 1..5 (3-point grades mapped to 1, 3, 5). Null figures when there are no grades.
    /// </summary>
    public static GradeFigures Grades(IEnumerable<GradeSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var list = samples.ToList();
        var distribution = new int[5];
        foreach (var s in list)
        {
            var five = (int)Math.Round(s.OnFivePoints, MidpointRounding.AwayFromZero);
            distribution[Math.Clamp(five, 1, 5) - 1]++;
        }

        if (list.Count == 0)
        {
            return new GradeFigures(0, 0, null, null, distribution);
        }

        var satisfied = list.Count(s => s.Satisfied);
        var csat = Math.Round(100m * satisfied / list.Count, 1, MidpointRounding.AwayFromZero);
        var average = Math.Round(list.Average(s => s.OnFivePoints), 2, MidpointRounding.AwayFromZero);
        return new GradeFigures(list.Count, satisfied, csat, average, distribution);
    }

    /// <summary>Turnaround of cases given as (opened, due, closed or null) at an instant.</summary>
    public static Turnaround Turnaround(IEnumerable<(DateTimeOffset Opened, DateTimeOffset Due, DateTimeOffset? Closed)> cases, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var list = cases.ToList();
        var open = list.Where(c => c.Closed is null).ToList();
        var days = list.Where(c => c.Closed is not null).Select(c => (c.Closed!.Value - c.Opened).TotalDays).ToList();
        return new Turnaround(open.Count, open.Count(c => c.Due < now), days.Count, Median(days));
    }

    /// <summary>The median, rounded to one decimal; null for no values.</summary>
    public static double? Median(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return Math.Round(median, 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// When a case opened at <paramref name="openedAt"/> is due: the end of the N-th working day after the opening day on the
    /// calendar (the opening day itself does not count, so a case opened late on Friday still gets N full days).
    /// </summary>
    public static DateTimeOffset DueAt(BusinessCalendar calendar, DateTimeOffset openedAt, int workingDays)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var date = calendar.NthWorkingDate(calendar.LocalDate(openedAt).AddDays(1), Math.Max(1, workingDays));
        return calendar.EndOfWorkingDay(date) ?? openedAt.AddDays(workingDays);
    }

    /// <summary>Whether an instant falls inside a reporting period in a calendar's zone.</summary>
    public static bool InPeriod(BusinessCalendar calendar, ReportPeriod period, DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return period.Contains(calendar.LocalDate(instant));
    }
}
