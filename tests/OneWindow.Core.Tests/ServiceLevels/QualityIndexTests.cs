using OneWindow.Core.ServiceLevels;

namespace OneWindow.Core.Tests.ServiceLevels;

public class QualityIndexTests
{
    [Fact]
    public void A_side_is_the_weighted_mean_of_its_metrics()
    {
        var r = QualityIndex.Side([new MetricScore("first-response", 1, 9, 10), new MetricScore("resolution", 3, 7, 10)]);
        Assert.Equal((90 * 1 + 70 * 3) / 4.0, r.Value!.Value, 10);
        Assert.Equal(0.25, r.EffectiveWeights["first-response"], 10);
        Assert.Equal(0.75, r.EffectiveWeights["resolution"], 10);
        Assert.Empty(r.Left);
        Assert.False(r.Renormalised);
    }

    [Fact]
    public void Metrics_without_data_are_left_out_and_the_rest_renormalised()
    {
        var r = QualityIndex.Side([new MetricScore("a", 2, 1, 2), new MetricScore("b", 2, 0, 0)]);
        Assert.Equal(50, r.Value);
        Assert.Equal(["b"], r.Left);
        Assert.True(r.Renormalised);
        Assert.Equal(1.0, r.EffectiveWeights.Values.Sum(), 10);
        Assert.False(r.EffectiveWeights.ContainsKey("b"));
    }

    [Fact]
    public void Combine_renormalises_over_parts_with_data()
    {
        var both = QualityIndex.Combine([new IndexPart("SLA", 0.6, 90), new IndexPart("OLA", 0.4, 80)]);
        Assert.Equal(86, both.Value!.Value, 10);
        var slaOnly = QualityIndex.Combine([new IndexPart("SLA", 0.6, 90), new IndexPart("OLA", 0.4, null)]);
        Assert.Equal(90, slaOnly.Value!.Value, 10);
        Assert.Equal(1.0, slaOnly.EffectiveWeights["SLA"], 10);
        Assert.Equal(["OLA"], slaOnly.Left);
        Assert.True(slaOnly.Renormalised);
    }

    [Fact]
    public void Nothing_to_combine_gives_no_value()
    {
        var none = QualityIndex.Combine([new IndexPart("SLA", 0.6, null), new IndexPart("OLA", 0.4, null)]);
        Assert.Null(none.Value);
        Assert.Empty(none.EffectiveWeights);
        Assert.Equal(["SLA", "OLA"], none.Left);
        Assert.False(none.Renormalised);
        Assert.Null(QualityIndex.Combine([]).Value);
        // Parts with data that all weigh nothing cannot be averaged.
        Assert.Null(QualityIndex.Combine([new IndexPart("SLA", 0, 90)]).Value);
    }

    [Fact]
    public void A_zero_weight_part_with_data_stays_in_with_no_influence()
    {
        var r = QualityIndex.Combine([new IndexPart("SLA", 1, 90), new IndexPart("OLA", 0, 10)]);
        Assert.Equal(90, r.Value!.Value, 10);
        Assert.Equal(0, r.EffectiveWeights["OLA"]);
        Assert.Empty(r.Left);
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => QualityIndex.Combine([new IndexPart("SLA", -0.1, 90)]));
        Assert.Throws<ArgumentException>(() => QualityIndex.Combine([new IndexPart("SLA", double.NaN, 90)]));
        Assert.Throws<ArgumentException>(() => QualityIndex.Combine([new IndexPart("SLA", 1, double.PositiveInfinity)]));
        Assert.Throws<ArgumentException>(() => QualityIndex.Combine([new IndexPart("SLA", 1, 90), new IndexPart("SLA", 1, 80)]));
        Assert.Throws<ArgumentException>(() => QualityIndex.Side([new MetricScore("a", 1, 3, 2)]));
    }
}
