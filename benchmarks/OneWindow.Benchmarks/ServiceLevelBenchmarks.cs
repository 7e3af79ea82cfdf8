using BenchmarkDotNet.Attributes;
using OneWindow.Core.Calendars;
using OneWindow.Core.ServiceLevels;

namespace OneWindow.Benchmarks;

/// <summary>
/// The service-level engine on the standard Russian calendar (production calendar, Mon–Fri 09:00–13:00,14:00–18:00,
/// Europe/Moscow). Every call takes the next of 4096 precomputed inputs spread over a year, so no answer can be cached.
/// </summary>
[MemoryDiagnoser]
public class ServiceLevelBenchmarks
{
    private const int Count = 4096; // a power of two: the rotation is a mask
    private static readonly TimeSpan Eight = TimeSpan.FromHours(8);
    private static readonly int[] Warnings = [75, 90];

    private readonly BusinessCalendar calendar = new("Europe/Moscow", WeeklySchedule.StandardRussian, production: ProductionCalendar.Russia);
    private readonly DateTimeOffset[] starts = new DateTimeOffset[Count];
    private readonly TimeInterval[][] pauses = new TimeInterval[Count][];
    private readonly ClockSegment[][] histories = new ClockSegment[Count][];
    private readonly DateTimeOffset[] nows = new DateTimeOffset[Count];
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20261127);
        var year = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Guid[] teams = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        for (var i = 0; i < Count; i++)
        {
            // Any second of 2026, working or not.
            var start = year.AddSeconds(random.NextInt64(365L * 24 * 3600));
            starts[i] = start;
            var p1 = start.AddMinutes(random.Next(30, 600));
            var p2 = p1.AddMinutes(random.Next(60, 3000));
            pauses[i] = [new TimeInterval(p1, p1.AddMinutes(random.Next(10, 1500))), new TimeInterval(p2, p2.AddMinutes(random.Next(10, 1500)))];

            // Six segments: running and paused in turn, changing hands, the last one open.
            var segments = new ClockSegment[6];
            var at = start;
            for (var s = 0; s < 6; s++)
            {
                var to = s == 5 ? (DateTimeOffset?)null : at.AddMinutes(random.Next(30, 1500));
                segments[s] = new ClockSegment(at, to, s % 2 == 0, teams[s % 3]);
                at = to ?? at;
            }

            histories[i] = segments;
            nows[i] = at.AddMinutes(random.Next(0, 2000));
        }

        // Steady state: the chunks the inputs touch are compiled once, as in a long-running server.
        for (var i = 0; i < Count; i++)
        {
            AddWorkingTime8h();
            DueAtWithTwoPauses();
            Evaluate6Segments();
        }
    }

    [Benchmark]
    public DateTimeOffset AddWorkingTime8h() => calendar.AddWorkingTime(starts[next++ & (Count - 1)], Eight);

    [Benchmark]
    public DateTimeOffset? DueAtWithTwoPauses()
    {
        var i = next++ & (Count - 1);
        return ServiceClock.DueAt(calendar, starts[i], Eight, pauses[i]);
    }

    [Benchmark]
    public ClockResult Evaluate6Segments()
    {
        var i = next++ & (Count - 1);
        return ServiceClock.Evaluate(calendar, histories[i], Eight, nows[i], false, Warnings);
    }

    /// <summary>A fresh calendar's first answer: compiling the chunk (about 326 days) it falls in.</summary>
    [Benchmark]
    public DateTimeOffset ColdCalendarFirstAnswer()
    {
        var cold = new BusinessCalendar("Europe/Moscow", WeeklySchedule.StandardRussian, production: ProductionCalendar.Russia);
        return cold.AddWorkingTime(starts[next++ & (Count - 1)], Eight);
    }
}
