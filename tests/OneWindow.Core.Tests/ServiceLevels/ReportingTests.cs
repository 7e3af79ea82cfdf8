using CsCheck;
using OneWindow.Core.ServiceLevels;
using OneWindow.Core.Time;

namespace OneWindow.Core.Tests.ServiceLevels;

public class ReportingTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    private static AgreementTerms Terms(int number, DateOnly from, DateOnly? to, double sla = 0.5, double ola = 0.5) =>
        new(Guid.NewGuid(), Guid.Empty, number, from, to, null, sla, ola);

    // ---- Periods and buckets ------------------------------------------------------------------------------------------

    [Fact]
    public void The_current_period_is_the_one_of_todays_local_date()
    {
        // 23:30 UTC on 31 December is already 1 January in Moscow.
        var now = new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero);
        Assert.Equal("2027-01", Reporting.Current(PeriodUnit.Month, now, Zone("Europe/Moscow")).Key);
        Assert.Equal("2026-12", Reporting.Current(PeriodUnit.Month, now, TimeZoneInfo.Utc).Key);
        Assert.Equal("2027-Q1", Reporting.Current(PeriodUnit.Quarter, now, Zone("Asia/Vladivostok")).Key);
    }

    [Fact]
    public void A_trend_window_ends_with_the_period_given_and_runs_back_across_years()
    {
        var window = Reporting.Window(ReportPeriod.Of(PeriodUnit.Month, D(2027, 2, 10)), 4);
        Assert.Equal(["2026-11", "2026-12", "2027-01", "2027-02"], window.Select(p => p.Key));
        Assert.Equal(["2026"], Reporting.Window(ReportPeriod.Of(PeriodUnit.Year, D(2026, 5, 1)), 1).Select(p => p.Key));
        Assert.Throws<ArgumentOutOfRangeException>(() => Reporting.Window(ReportPeriod.Of(PeriodUnit.Month, D(2026, 1, 1)), 0));
    }

    [Fact]
    public void Bounds_are_where_the_periods_start_in_the_zone()
    {
        var periods = Reporting.Window(ReportPeriod.Of(PeriodUnit.Month, D(2026, 12, 1)), 2);
        var bounds = Reporting.Bounds(periods, Zone("Europe/Moscow"));
        Assert.Equal(
            [new DateTimeOffset(2026, 10, 31, 21, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 21, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 12, 31, 21, 0, 0, TimeSpan.Zero)],
            bounds);
        Assert.Throws<ArgumentException>(() => Reporting.Bounds([], TimeZoneInfo.Utc));
    }

    [Fact]
    public void A_date_falls_in_the_period_that_contains_it_or_in_none()
    {
        var periods = Reporting.Window(ReportPeriod.Of(PeriodUnit.Quarter, D(2026, 12, 1)), 3);
        Assert.Equal(0, Reporting.BucketOf(periods, D(2026, 4, 1)));
        Assert.Equal(1, Reporting.BucketOf(periods, D(2026, 9, 30)));
        Assert.Equal(2, Reporting.BucketOf(periods, D(2026, 12, 31)));
        Assert.Equal(-1, Reporting.BucketOf(periods, D(2026, 3, 31)));
        Assert.Equal(-1, Reporting.BucketOf(periods, D(2027, 1, 1)));
    }

    private static readonly string[] Zones = ["Europe/Moscow", "Asia/Vladivostok", "Europe/Kaliningrad", "Europe/Berlin", "America/New_York", "UTC"];

    private static readonly Gen<PeriodUnit> Units = Gen.OneOf(PeriodUnit.Month, PeriodUnit.Quarter, PeriodUnit.Year);

    private static readonly Gen<DateOnly> Dates = Gen.Int[0, 3 * 366].Select(d => D(2025, 1, 1).AddDays(d));

    [Fact]
    public void Windows_are_consecutive_periods_of_one_unit()
    {
        Gen.Select(Units, Dates, Gen.Int[1, 30]).Sample((unit, date, count) =>
        {
            var last = ReportPeriod.Of(unit, date);
            var window = Reporting.Window(last, count);
            Assert.Equal(count, window.Length);
            Assert.Equal(last, window[^1]);
            for (var i = 1; i < window.Length; i++)
            {
                Assert.Equal(window[i - 1].End, window[i].Start);
                Assert.Equal(unit, window[i].Unit);
            }
        }, iter: 500);
    }

    [Fact]
    public void An_instant_lies_between_the_bounds_of_the_period_its_local_date_falls_in()
    {
        // The report counts clocks in the database by instant bounds; the slow model asks which period holds the local date.
        var instants = Gen.Int[-40 * 24 * 60, 3 * 366 * 24 * 60].Select(m => new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(m));
        Gen.Select(Units, Dates, Gen.Int[1, 6], Gen.OneOf(Zones), instants).Sample((unit, date, count, zoneId, instant) =>
        {
            var zone = Zone(zoneId);
            var periods = Reporting.Window(ReportPeriod.Of(unit, date), count);
            var bounds = Reporting.Bounds(periods, zone);
            var byBounds = -1;
            for (var i = 0; i < periods.Length; i++)
            {
                if (instant >= bounds[i] && instant < bounds[i + 1])
                {
                    byBounds = i;
                }
            }

            var model = periods.Select((p, i) => (p, i)).Where(x => x.p.Contains(LocalDates.Of(instant, zone))).Select(x => x.i).DefaultIfEmpty(-1).Single();
            Assert.Equal(model, byBounds);
            Assert.Equal(model, Reporting.BucketOf(periods, LocalDates.Of(instant, zone)));
        }, iter: 2000);
    }

    // ---- Expected deliveries -----------------------------------------------------------------------------------------

    [Fact]
    public void A_delivery_is_expected_for_each_period_in_force_on_its_last_day_and_not_recorded()
    {
        var version = Terms(1, D(2026, 2, 15), D(2026, 6, 30));
        var expected = Reporting.UnrecordedPeriods(PeriodUnit.Month, D(2026, 1, 10), D(2026, 8, 1), version, new HashSet<DateOnly> { D(2026, 4, 1) });
        // January ends before the version; April is recorded; July ends after it; August does not end by the 1st.
        Assert.Equal(["2026-02", "2026-03", "2026-05", "2026-06"], expected.Select(p => p.Key));
    }

    [Fact]
    public void Expected_deliveries_agree_with_a_day_by_day_model()
    {
        var gen = Gen.Select(Units, Dates, Gen.Int[0, 800], Dates, Gen.Int[-1, 500], Gen.Int[0, 40].Array[0, 5]);
        gen.Sample((unit, from, length, validFrom, validDays, recordedOffsets) =>
        {
            var to = from.AddDays(length);
            var version = Terms(1, validFrom, validDays < 0 ? null : validFrom.AddDays(validDays));
            var recorded = recordedOffsets.Select(o => ReportPeriod.Of(unit, from.AddDays(o * 20)).Start).ToHashSet();
            var actual = Reporting.UnrecordedPeriods(unit, from, to, version, recorded).ToList();

            // Walk every day: a period is expected when its last day is seen, lies before `to`, is covered, and it is not recorded.
            var model = new List<ReportPeriod>();
            for (var day = ReportPeriod.Of(unit, from).Start; day < to; day = day.AddDays(1))
            {
                var p = ReportPeriod.Of(unit, day);
                var isLastDay = day.AddDays(1) == p.End;
                var inForce = day >= validFrom && (version.ValidTo is null || day <= version.ValidTo);
                if (isLastDay && inForce && !recorded.Contains(p.Start))
                {
                    model.Add(p);
                }
            }

            Assert.Equal(model, actual);
        }, iter: 500);
    }

    // ---- Which version sets the weights --------------------------------------------------------------------------------

    [Fact]
    public void The_version_in_force_on_the_last_day_sets_the_weights()
    {
        var november = ReportPeriod.Of(PeriodUnit.Month, D(2026, 11, 1));
        var old = Terms(1, D(2026, 1, 1), D(2026, 11, 15));
        var current = Terms(2, D(2026, 11, 16), null);
        Assert.Same(current, Reporting.VersionAtEnd([old, current], november));
    }

    [Fact]
    public void Without_a_version_on_the_last_day_the_latest_overlapping_then_the_latest_before_then_the_earliest_is_used()
    {
        var november = ReportPeriod.Of(PeriodUnit.Month, D(2026, 11, 1));
        var ended = Terms(1, D(2026, 1, 1), D(2026, 11, 10));
        var endedLater = Terms(2, D(2026, 11, 5), D(2026, 11, 20));
        Assert.Same(endedLater, Reporting.VersionAtEnd([ended, endedLater], november));

        var before = Terms(1, D(2026, 1, 1), D(2026, 6, 30));
        var evenEarlier = Terms(2, D(2025, 1, 1), D(2025, 12, 31));
        Assert.Same(before, Reporting.VersionAtEnd([evenEarlier, before], november));

        var future = Terms(3, D(2027, 3, 1), null);
        var farFuture = Terms(4, D(2028, 1, 1), null);
        Assert.Same(future, Reporting.VersionAtEnd([farFuture, future], november));
        Assert.Null(Reporting.VersionAtEnd([], november));
    }

    [Fact]
    public void Of_two_versions_starting_the_same_day_the_higher_number_wins()
    {
        var november = ReportPeriod.Of(PeriodUnit.Month, D(2026, 11, 1));
        var first = Terms(1, D(2026, 11, 1), null);
        var second = Terms(2, D(2026, 11, 1), null);
        Assert.Same(second, Reporting.VersionAtEnd([second, first], november));
    }

    // ---- Scoring -------------------------------------------------------------------------------------------------------

    [Fact]
    public void A_side_weighs_its_metrics_and_their_targets_alike()
    {
        var side = Reporting.Side([new MetricOutcome("a", 1, 9, 10, 95), new MetricOutcome("b", 3, 7, 10, 80), new MetricOutcome("c", 5, 0, 0, 99)]);
        Assert.Equal((90 * 1 + 70 * 3) / 4.0, side.Value!.Value, 10);
        // c counted nothing, so its target does not count either.
        Assert.Equal((95 * 1 + 80 * 3) / 4.0, side.Target!.Value, 10);
        Assert.Equal(new SideScore(null, null), Reporting.Side([new MetricOutcome("a", 1, 0, 0, 95)]));
        Assert.Equal(new SideScore(null, null), Reporting.Side([]));
    }

    [Fact]
    public void A_row_combines_both_sides_with_the_versions_weights()
    {
        var row = Reporting.Score(new SideScore(90, 95), new SideScore(80, 85), 0.6, 0.4);
        Assert.Equal(90, row.Sla);
        Assert.Equal(80, row.Ola);
        Assert.Equal(86, row.Index);
        Assert.Equal(0.6, row.SlaWeightUsed);
        Assert.Equal(0.4, row.OlaWeightUsed);
        Assert.False(row.Renormalised);
        Assert.Equal(91, row.IndexTarget);
        Assert.Null(row.Note);
    }

    [Fact]
    public void A_side_without_data_leaves_the_index_to_the_other_and_says_so()
    {
        var slaOnly = Reporting.Score(new SideScore(90, 95), new SideScore(null, null), 0.6, 0.4);
        Assert.Equal(90, slaOnly.Index);
        Assert.Equal(1, slaOnly.SlaWeightUsed);
        Assert.Null(slaOnly.OlaWeightUsed);
        Assert.True(slaOnly.Renormalised);
        Assert.Equal(95, slaOnly.IndexTarget);
        Assert.Equal("olaNoData", slaOnly.Note);

        Assert.Equal("slaNoData", Reporting.Score(new SideScore(null, null), new SideScore(70, 90), 0.5, 0.5).Note);
        var none = Reporting.Score(new SideScore(null, null), new SideScore(null, null), 0.5, 0.5);
        Assert.Equal("noData", none.Note);
        Assert.Null(none.Index);
        Assert.Null(none.IndexTarget);
        Assert.False(none.Renormalised);
    }

    [Fact]
    public void Sides_with_data_that_weigh_nothing_give_no_index()
    {
        var row = Reporting.Score(new SideScore(90, 95), new SideScore(80, 85), 0, 0);
        Assert.Null(row.Index);
        Assert.Null(row.IndexTarget);
        Assert.Null(row.SlaWeightUsed);
        Assert.Equal("zeroWeights", row.Note);
        Assert.Equal(90, row.Sla);
    }

    [Fact]
    public void Figures_are_rounded_half_away_from_zero()
    {
        Assert.Equal(66.67, Reporting.Round(200 / 3.0));
        Assert.Equal(0.13, Reporting.Round(0.125));
        Assert.Equal(0.3333, Reporting.Round4(1 / 3.0));
        Assert.Null(Reporting.Round(null));
        var row = Reporting.Score(new SideScore(200 / 3.0, 90), new SideScore(50, 80), 1, 2);
        Assert.Equal(66.67, row.Sla);
        Assert.Equal(0.3333, row.SlaWeightUsed);
        Assert.Equal(0.6667, row.OlaWeightUsed);
        Assert.Equal(55.56, row.Index);
    }

    [Fact]
    public void A_metric_meets_its_target_at_the_target_exactly()
    {
        Assert.True(Reporting.MeetsTarget(95, 95));
        // 19 of 20 is 95 % even where the division lands a hair below.
        Assert.True(Reporting.MeetsTarget(19 * 100.0 / 20 - 1e-12, 95));
        Assert.False(Reporting.MeetsTarget(94.99, 95));
        Assert.Null(Reporting.MeetsTarget(null, 95));
    }

    private static readonly Gen<MetricOutcome[]> Metrics =
        Gen.Select(Gen.Int[0, 10], Gen.Int[0, 50], Gen.Int[0, 50], Gen.Int[50, 100])
            .Select(m => (Weight: m.Item1, Total: m.Item2, Met: Math.Min(m.Item3, m.Item2), Target: m.Item4))
            .Array[0, 6]
            .Select(ms => ms.Select((m, i) => new MetricOutcome("m" + i, m.Weight, m.Met, m.Total, m.Target)).ToArray());

    [Fact]
    public void A_side_agrees_with_a_weighted_mean_over_the_metrics_with_data()
    {
        Metrics.Sample(metrics =>
        {
            var side = Reporting.Side(metrics);
            var counted = metrics.Where(m => m.Total > 0).ToList();
            var weight = counted.Sum(m => m.Weight);
            if (weight <= 0)
            {
                Assert.Equal(new SideScore(null, null), side);
                return;
            }

            Assert.Equal(counted.Sum(m => m.Weight * (m.Met * 100.0 / m.Total)) / weight, side.Value!.Value, 9);
            Assert.Equal(counted.Sum(m => m.Weight * (double)m.AttainmentTarget) / weight, side.Target!.Value, 9);
        }, iter: 1000);
    }

    [Fact]
    public void A_row_agrees_with_the_obvious_reading_of_the_weights()
    {
        var sides = Gen.Select(Gen.Int[0, 2], Gen.Double[0, 100], Gen.Double[0, 100]).Select(s => s.Item1 == 0 ? new SideScore(null, null) : new SideScore(s.Item2, s.Item3));
        var weights = Gen.Int[0, 4].Select(w => w == 0 ? 0 : w / 4.0);
        Gen.Select(sides, sides, weights, weights).Sample((sla, ola, ws, wo) =>
        {
            var row = Reporting.Score(sla, ola, ws, wo);
            // The slow model: the sides with data, averaged by their weights when any weight is left.
            var present = new[] { (Side: sla, Weight: ws), (Side: ola, Weight: wo) }.Where(x => x.Side.Value is not null).ToList();
            var total = present.Sum(x => x.Weight);
            double? index = total > 0 ? present.Sum(x => x.Weight * x.Side.Value!.Value) / total : null;
            double? target = total > 0 ? present.Sum(x => x.Weight * x.Side.Target!.Value) / total : null;
            Assert.Equal(index is null, row.Index is null);
            if (index is { } i)
            {
                Assert.InRange(row.Index!.Value, i - 0.0051, i + 0.0051);
                Assert.InRange(row.IndexTarget!.Value, target!.Value - 0.0051, target.Value + 0.0051);
                Assert.Equal(1.0, (row.SlaWeightUsed ?? 0) + (row.OlaWeightUsed ?? 0), 3);
                Assert.Equal(present.Count == 1, row.Renormalised);
            }

            var note = sla.Value is null && ola.Value is null ? "noData"
                : ola.Value is null ? "olaNoData"
                : sla.Value is null ? "slaNoData"
                : index is null ? "zeroWeights" : null;
            Assert.Equal(note, row.Note);
        }, iter: 2000);
    }

    // ---- Counting ------------------------------------------------------------------------------------------------------

    [Fact]
    public void Counts_add_up_per_metric_and_bucket()
    {
        var a = Guid.NewGuid();
        var counts = new BucketCounts(2);
        counts.Add(a, 0, 1, 1);
        counts.Add(a, 0, 0, 3);
        counts.Add(a, 1, 2, 2);
        Assert.Equal((1, 4), counts.Get(a, 0));
        Assert.Equal((2, 2), counts.Get(a, 1));
        Assert.Equal((0, 0), counts.Get(Guid.NewGuid(), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => counts.Add(a, 2, 0, 1));
    }
}
