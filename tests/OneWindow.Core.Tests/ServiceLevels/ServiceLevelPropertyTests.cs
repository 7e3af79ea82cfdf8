using CsCheck;
using OneWindow.Core.ServiceLevels;

namespace OneWindow.Core.Tests.ServiceLevels;

/// <summary>
/// Property-based tests of the engine against <see cref="MinuteReference"/> on random calendars: random weekly spans
/// (including empty days), random holiday / working-day / short-day exceptions, with and without the Russian production
/// calendar, in zones with and without DST, starts over 2025–2027, targets up to 40 working hours (multiples of 20
/// minutes, so that 75 % and 90 % thresholds fall on whole minutes), random pauses (some open-ended) and random clock
/// histories. Every instant is a whole UTC minute, so the engine's tick arithmetic must agree with the minute walk exactly.
/// </summary>
public class ServiceLevelPropertyTests
{
    // About 2–4 ms per sample; the whole suite stays well under 20 s on two cores.
    private const int Iterations = 400;

    private static readonly string[] Zones =
    [
        "Europe/Moscow", "Asia/Vladivostok", "Asia/Yekaterinburg", "Europe/Kaliningrad", "Asia/Kamchatka", "Europe/Berlin",
        "America/New_York", "UTC",
    ];

    private static readonly Guid?[] Teams = [null, Guid.Parse("00000000-0000-0000-0000-0000000000a1"), Guid.Parse("00000000-0000-0000-0000-0000000000b2")];

    private static readonly DateTimeOffset From = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly int Span2025To2027 = (int)(new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.Zero) - From).TotalMinutes - 1;

    // Starts are uniform over 2025–2027, or aimed near a DST switch (Berlin, New York) or an engine chunk boundary,
    // where mistakes would hide from a uniform draw.
    private static readonly DateTimeOffset[] Edges =
    [
        .. new[] { "2025-03-09", "2025-03-30", "2025-10-26", "2025-11-02", "2026-03-08", "2026-03-29", "2026-10-25", "2026-11-01",
            "2027-03-14", "2027-03-28", "2027-10-31", "2027-11-07" }
            .Select(d => DateTimeOffset.Parse(d + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)),
        .. Enumerable.Range((int)(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks / BusinessCalendar.ChunkTicks) + 1, 3)
            .Select(k => new DateTimeOffset(k * BusinessCalendar.ChunkTicks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero)),
    ];

    private static readonly Gen<DateTimeOffset> Starts = Gen.Int[0, 2].SelectMany(k => k > 0
        ? Gen.Int[0, Span2025To2027].Select(m => From.AddMinutes(m))
        : Gen.Select(Gen.OneOf(Edges), Gen.Int[-4 * 1440, 1440]).Select(e => e.Item1.AddMinutes(e.Item2)));

    private static readonly Gen<WorkingSpan[]> Day = Gen.Int[0, 3].SelectMany(k => k == 0
        ? Gen.Const(Array.Empty<WorkingSpan>())
        : Gen.Int[0, 1440].ArrayUnique[2 * k].Select(bounds =>
        {
            Array.Sort(bounds);
            return Enumerable.Range(0, bounds.Length / 2).Select(i => new WorkingSpan(bounds[2 * i], bounds[(2 * i) + 1])).ToArray();
        }));

    public sealed record Scenario(CalendarSpec Spec, DateTimeOffset Start, int TargetMinutes)
    {
        public override string ToString() => $"{Spec} start={Start:u} target={TargetMinutes}min";
    }

    private static readonly Gen<Scenario> Scenarios = Gen.Select(
        Gen.OneOf(Zones), Day.Array[7], Gen.Select(Gen.Int[-3, 60], Gen.Int[0, 2]).Array[0, 8], Gen.Int[0, 2], Gen.Int[0, 120],
        Starts, Gen.Int[1, 120],
        (zone, week, exceptions, production, shortMinutes, start, target) =>
        {
            // At least one weekday with hours, so that the production calendar leaves some working time.
            if (week.Skip(1).Take(5).All(d => d.Length == 0))
            {
                week[3] = [new WorkingSpan(600, 720)];
            }

            var startAt = start;
            var startDate = DateOnly.FromDateTime(startAt.UtcDateTime);
            var exc = exceptions.DistinctBy(e => e.Item1).Select(e => (startDate.AddDays(e.Item1), (CalendarDayKind)e.Item2)).ToArray();
            var spec = new CalendarSpec(zone, week, exc, production > 0, shortMinutes);
            // Sparse calendars get smaller targets so the reference window (400 days) always holds the answer.
            var targetMinutes = Math.Min(target * 20, Math.Max(20, spec.WeeklyMinutes * 8 / 20 * 20));
            return new Scenario(spec, startAt, targetMinutes);
        });

    private static readonly Gen<(int Offset, int Length, bool Open)[]> Pauses =
        Gen.Select(Gen.Int[-600, 20_000], Gen.Int[1, 7_200], Gen.Int[0, 5]).Select(p => (p.Item1, p.Item2, p.Item3 == 0)).Array[0, 4];

    private static readonly Gen<(int Minutes, bool Running, int Team)[]> Histories =
        Gen.Select(Gen.Int[0, 4_320], Gen.Int[0, 2], Gen.Int[0, 2]).Select(s => (s.Item1, s.Item2 > 0, s.Item3)).Array[1, 6];

    [Fact]
    public void Spans_follow_the_day_rule() =>
        Scenarios.Sample(s =>
        {
            var calendar = s.Spec.Build();
            var date = DateOnly.FromDateTime(s.Start.UtcDateTime);
            for (var d = date.AddDays(-3); d <= date.AddDays(61); d = d.AddDays(1))
            {
                var expected = MinuteReference.Runs(MinuteReference.DayMinutes(s.Spec, d)).Select(r => new WorkingSpan(r.Start, r.End));
                Assert.Equal(expected, calendar.SpansOn(d));
            }
        }, iter: Iterations / 4);

    [Fact]
    public void Due_instants_match_the_minute_walk() =>
        Gen.Select(Scenarios, Pauses).Sample((s, pauses) =>
        {
            var calendar = s.Spec.Build();
            var reference = new MinuteReference(s.Spec, s.Start, 400);
            var start = MinuteReference.Minute(s.Start);
            var intervals = pauses.Select(p => new TimeInterval(s.Start.AddMinutes(p.Offset), p.Open ? null : s.Start.AddMinutes(p.Offset + p.Length))).ToArray();

            Assert.Equal(MinuteReference.At(Walk(reference, start, s.TargetMinutes, _ => false)!.Value), calendar.AddWorkingTime(s.Start, TimeSpan.FromMinutes(s.TargetMinutes)));

            bool Paused(long m) => intervals.Any(p => m >= MinuteReference.Minute(p.From) && (p.To is null || m < MinuteReference.Minute(p.To.Value)));
            var expected = Walk(reference, start, s.TargetMinutes, Paused, openPauseFrom: intervals.Where(p => p.To is null).Select(p => (long?)MinuteReference.Minute(p.From)).Min());
            Assert.Equal(expected is null ? null : MinuteReference.At(expected.Value), ServiceClock.DueAt(calendar, s.Start, TimeSpan.FromMinutes(s.TargetMinutes), intervals));
        }, iter: Iterations);

    [Fact]
    public void Working_time_between_matches_the_minute_count_and_inverts_adding() =>
        Gen.Select(Scenarios, Gen.Int[0, 30_000]).Sample((s, length) =>
        {
            var calendar = s.Spec.Build();
            var reference = new MinuteReference(s.Spec, s.Start, 400);
            var start = MinuteReference.Minute(s.Start);
            var end = s.Start.AddMinutes(length);
            var count = 0;
            for (var m = start; m < start + length; m++)
            {
                count += reference.IsWorking(m) ? 1 : 0;
            }

            var between = calendar.WorkingTimeBetween(s.Start, end);
            Assert.Equal(TimeSpan.FromMinutes(count), between);
            Assert.Equal(TimeSpan.Zero, calendar.WorkingTimeBetween(end, s.Start));

            var back = calendar.AddWorkingTime(s.Start, between);
            Assert.True(back <= end, $"{back:u} after {end:u}");
            Assert.Equal(between, calendar.WorkingTimeBetween(s.Start, back));

            Assert.Equal(reference.IsWorking(start + length), calendar.IsWorking(end));
            var next = start + length;
            while (!reference.IsWorking(next))
            {
                next++;
            }

            Assert.Equal(MinuteReference.At(next), calendar.NextWorkingInstant(end));
        }, iter: Iterations);

    [Fact]
    public void Evaluate_replays_a_history_like_the_minute_walk() =>
        Gen.Select(Scenarios, Histories, Gen.Int[0, 3], Gen.Int[0, 12_000]).Sample((s, history, flags, nowOffset) =>
        {
            var calendar = s.Spec.Build();
            var reference = new MinuteReference(s.Spec, s.Start, 400);
            var target = s.TargetMinutes;

            // Segments one after another from the start; the last one open or closed; stopped only when closed.
            var segments = new List<ClockSegment>();
            var at = s.Start;
            foreach (var (minutes, running, team) in history)
            {
                segments.Add(new ClockSegment(at, at.AddMinutes(minutes), running, Teams[team]));
                at = at.AddMinutes(minutes);
            }

            var lastOpen = (flags & 1) == 0;
            var stopped = !lastOpen && (flags & 2) != 0;
            if (lastOpen)
            {
                segments[^1] = segments[^1] with { To = null };
            }

            var now = s.Start.AddMinutes(nowOffset);
            var result = ServiceClock.Evaluate(calendar, segments, TimeSpan.FromMinutes(target), now, stopped, [75, 90]);

            // The reference replay: walk every minute of every running segment up to now.
            var nowM = MinuteReference.Minute(now);
            var ended = stopped && segments[^1].To!.Value <= now;
            var stopM = ended ? MinuteReference.Minute(segments[^1].To!.Value) : long.MaxValue;
            long elapsed = 0;
            var byTeam = new Dictionary<Guid, long>();
            var reached = new Dictionary<int, long>(); // threshold minutes → instant (minute end) it was reached
            int[] thresholds = [target * 75 / 100, target * 90 / 100, target];
            foreach (var seg in segments)
            {
                if (!seg.Running || seg.From > now)
                {
                    continue;
                }

                var key = seg.TeamId ?? Guid.Empty;
                byTeam.TryAdd(key, 0);
                var end = Math.Min(seg.To is { } to ? MinuteReference.Minute(to) : nowM, nowM);
                for (var m = MinuteReference.Minute(seg.From); m < end; m++)
                {
                    if (reference.IsWorking(m))
                    {
                        elapsed++;
                        byTeam[key]++;
                        foreach (var th in thresholds)
                        {
                            if (elapsed == th)
                            {
                                reached.TryAdd(th, m + 1);
                            }
                        }
                    }
                }
            }

            Assert.Equal(TimeSpan.FromMinutes(elapsed), result.Elapsed);
            Assert.Equal(result.Elapsed, new TimeSpan(result.ElapsedByTeam.Values.Sum(v => v.Ticks)));
            Assert.Equal(byTeam.ToDictionary(p => p.Key, p => TimeSpan.FromMinutes(p.Value)), result.ElapsedByTeam);

            // Thresholds count when reached before the clock stopped (reaching the target as it stops is met in time).
            long? Logged(int th) => reached.TryGetValue(th, out var x) && x < stopM ? x : null;
            var breach = Logged(target);
            var lastSeg = segments[^1];
            var runningNow = !ended && (lastSeg.To is null || lastSeg.To.Value >= now)
                ? segments.Last(g => g.From <= now).Running
                : false;
            if (breach is not null)
            {
                Assert.Equal(MinuteReference.At(breach.Value), result.BreachedAt);
                Assert.Equal(ended ? ClockState.Breached : runningNow ? ClockState.RunningBreached : ClockState.PausedBreached, result.State);
            }
            else if (ended)
            {
                Assert.Equal(ClockState.Met, result.State);
                Assert.Null(result.BreachedAt);
            }
            else if (runningNow)
            {
                // Projected: keeps running from now.
                var projected = MinuteReference.At(Walk(reference, nowM, (int)(target - elapsed), _ => false)!.Value);
                Assert.Equal(ClockState.Running, result.State);
                Assert.Equal(projected, result.BreachedAt);
                Assert.Equal(projected, result.DueAt);
            }
            else
            {
                Assert.Equal(ClockState.Paused, result.State);
                Assert.Null(result.BreachedAt);
            }

            var warned = result.Log.Where(e => e.Kind == ClockLogKind.Warned).Select(e => (e.Percent!.Value, e.At)).ToList();
            var expectedWarnings = new List<(int, DateTimeOffset)>();
            foreach (var (percent, th) in new[] { (75, thresholds[0]), (90, thresholds[1]) })
            {
                if (Logged(th) is { } x)
                {
                    expectedWarnings.Add((percent, MinuteReference.At(x)));
                }
            }

            Assert.Equal(expectedWarnings, warned);
            Assert.Equal(breach is null ? 0 : 1, result.Log.Count(e => e.Kind == ClockLogKind.Breached));
            Assert.Equal(result.Log.OrderBy(e => e.At).Select(e => e.At), result.Log.Select(e => e.At));
            if (s.Start <= now)
            {
                Assert.Equal(ClockLogKind.Started, result.Log[0].Kind);
            }
        }, iter: Iterations);

    [Fact]
    public void Adding_working_time_is_additive() =>
        Gen.Select(Scenarios, Gen.Int[0, 2_400]).Sample((s, split) =>
        {
            var calendar = s.Spec.Build();
            var a = TimeSpan.FromMinutes(Math.Min(split, s.TargetMinutes));
            var b = TimeSpan.FromMinutes(s.TargetMinutes) - a;
            var whole = calendar.AddWorkingTime(s.Start, a + b);
            var mid = calendar.AddWorkingTime(s.Start, a);
            Assert.Equal(whole, b == TimeSpan.Zero ? mid : calendar.AddWorkingTime(mid, b));
            Assert.Equal(a + b, calendar.WorkingTimeBetween(s.Start, whole));
        }, iter: Iterations);

    /// <summary>The end of the minute at which <paramref name="target"/> counted minutes have passed; null when an open pause stops the clock first.</summary>
    private static long? Walk(MinuteReference reference, long start, int target, Func<long, bool> paused, long? openPauseFrom = null)
    {
        if (target == 0)
        {
            return start;
        }

        var count = 0;
        for (var m = start; ; m++)
        {
            if (openPauseFrom is { } p && m >= p)
            {
                return null;
            }

            if (reference.IsWorking(m) && !paused(m) && ++count == target)
            {
                return m + 1;
            }
        }
    }
}
