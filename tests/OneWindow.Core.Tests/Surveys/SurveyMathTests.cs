using OneWindow.Core.Surveys;

namespace OneWindow.Core.Tests.Surveys;

public class SurveyMathTests
{
    [Fact]
    public void Nps_is_the_share_of_promoters_minus_the_share_of_detractors()
    {
        // 10, 9, 9, 10, 10 are promoters (5), 8 and 7 passives (2), 6, 3 and 0 detractors (3); n = 10.
        // 5/10 = 50 %, 3/10 = 30 %: NPS = 50 − 30 = 20.0.
        var nps = SurveyMath.Nps([10, 9, 9, 8, 7, 6, 3, 0, 10, 10]);
        Assert.Equal(new NpsFigure(10, 5, 2, 3, 20.0m), nps);
        Assert.Equal(50.0m, nps.PromoterPercent);
        Assert.Equal(20.0m, nps.PassivePercent);
        Assert.Equal(30.0m, nps.DetractorPercent);
    }

    [Fact]
    public void Nps_bands_end_at_6_and_8()
    {
        // 6 is the best detractor, 7 the worst passive, 8 the best passive, 9 the worst promoter.
        Assert.Equal(new NpsFigure(1, 0, 0, 1, -100.0m), SurveyMath.Nps([6]));
        Assert.Equal(new NpsFigure(2, 0, 2, 0, 0.0m), SurveyMath.Nps([7, 8]));
        Assert.Equal(new NpsFigure(1, 1, 0, 0, 100.0m), SurveyMath.Nps([9]));
        Assert.Equal(new NpsFigure(11, 2, 2, 7, -45.5m), SurveyMath.Nps(Enumerable.Range(0, 11)));
    }

    [Fact]
    public void Nps_is_rounded_once_from_the_exact_shares_with_halves_away_from_zero()
    {
        // 2 promoters and 1 detractor of 3: 66.67 % − 33.33 % = 33.33… → 33.3, while the rounded shares differ by 33.4.
        var thirds = SurveyMath.Nps([10, 9, 0]);
        Assert.Equal(33.3m, thirds.Score);
        Assert.Equal(66.7m, thirds.PromoterPercent);
        Assert.Equal(33.3m, thirds.DetractorPercent);

        // 1 promoter of 16: 6.25 → 6.3; 1 detractor of 16: −6.25 → −6.3 (away from zero, not to even).
        Assert.Equal(6.3m, SurveyMath.Nps([10, .. Enumerable.Repeat(8, 15)]).Score);
        Assert.Equal(-6.3m, SurveyMath.Nps([0, .. Enumerable.Repeat(8, 15)]).Score);

        // 5 promoters and 2 detractors of 48: 100 × 3 / 48 = 6.25 exactly → 6.3. In doubles 100·5/48 − 100·2/48 is
        // 6.249999999999999 and would round to 6.2.
        Assert.Equal(6.3m, SurveyMath.Nps([.. Enumerable.Repeat(10, 5), .. Enumerable.Repeat(0, 2), .. Enumerable.Repeat(7, 41)]).Score);
    }

    [Fact]
    public void No_answers_give_no_nps()
    {
        var nps = SurveyMath.Nps([]);
        Assert.Equal(new NpsFigure(0, 0, 0, 0, null), nps);
        Assert.Null(nps.PromoterPercent);
        Assert.Null(nps.PassivePercent);
        Assert.Null(nps.DetractorPercent);
    }

    [Fact]
    public void Nps_refuses_answers_outside_0_to_10()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SurveyMath.Nps([5, 11]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SurveyMath.Nps([-1]));
        Assert.Throws<ArgumentNullException>(() => SurveyMath.Nps(null!));
    }

    [Fact]
    public void Csat_is_the_share_of_fours_and_fives()
    {
        // 5, 4, 4 satisfied of 6: 50.0 %.
        Assert.Equal(new CsatFigure(6, 3, 50.0m), SurveyMath.Csat([5, 4, 3, 2, 1, 4]));
        // 4 of 1, 2, 4: 33.33… → 33.3; 3 is not satisfied.
        Assert.Equal(new CsatFigure(3, 1, 33.3m), SurveyMath.Csat([1, 2, 4]));
        Assert.Equal(new CsatFigure(2, 0, 0.0m), SurveyMath.Csat([3, 3]));
        Assert.Equal(new CsatFigure(0, 0, null), SurveyMath.Csat([]));
        // 1 of 8 = 12.5; 1 of 16 = 6.25 → 6.3.
        Assert.Equal(6.3m, SurveyMath.Csat([5, .. Enumerable.Repeat(1, 15)]).Percent);
    }

    [Fact]
    public void Csat_refuses_grades_outside_1_to_5()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SurveyMath.Csat([0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SurveyMath.Csat([4, 6]));
    }

    [Fact]
    public void Csi_of_three_attributes_and_four_respondents_computed_by_hand()
    {
        //              importance            satisfaction
        //              R1  R2  R3  R4  mean  R1  R2  R3  R4  mean
        // Speed        10   9  10   7  36/4 = 9.0   6   7   5   6  24/4 = 6.0
        // Accuracy      9  10   8   9  36/4 = 9.0   8   9   7   8  32/4 = 8.0
        // Politeness    5   6   4   5  20/4 = 5.0   9  10   8   9  36/4 = 9.0
        //
        // ΣI = 9 + 9 + 5 = 23; weights 9/23 = 0.3913…, 9/23, 5/23 = 0.2174…
        // Raw = (9·6 + 9·8 + 5·9) / 23 = (54 + 72 + 45) / 23 = 171/23 = 7.4347826…
        // Index = (171/23 − 1) / 9 × 100 = (148/23) / 9 × 100 = 14800/207 = 71.4975… → 71.5
        //
        // Quadrants: average importance 23/3 = 7.67, average satisfaction 23/3 = 7.67.
        // Speed 9 ≥ 7.67, 6 < 7.67 → concentrate here; Accuracy 9 ≥, 8 ≥ → keep up; Politeness 5 <, 9 ≥ → possible overkill.
        var answers = new (int I, int S)[][]
        {
            [(10, 6), (9, 8), (5, 9)],
            [(9, 7), (10, 9), (6, 10)],
            [(10, 5), (8, 7), (4, 8)],
            [(7, 6), (9, 8), (5, 9)],
        };
        string[] names = ["Speed", "Accuracy", "Politeness"];
        var pairs = answers.SelectMany(r => r.Select((a, i) => new CsiPair(names[i], a.I, a.S)));

        var csi = SurveyMath.Csi(pairs);

        Assert.Equal(names, csi.Attributes.Select(a => a.Attribute));
        Assert.All(csi.Attributes, a => Assert.Equal(4, a.N));
        Assert.Equal([9.0, 9.0, 5.0], csi.Attributes.Select(a => a.MeanImportance));
        Assert.Equal([6.0, 8.0, 9.0], csi.Attributes.Select(a => a.MeanSatisfaction));
        Assert.Equal([9.0 / 23, 9.0 / 23, 5.0 / 23], csi.Attributes.Select(a => a.Weight));
        Assert.Equal(171.0 / 23, csi.Raw);
        Assert.Equal(71.5m, csi.Index);
        Assert.Equal(
            [PriorityQuadrant.ConcentrateHere, PriorityQuadrant.KeepUp, PriorityQuadrant.PossibleOverkill],
            csi.Attributes.Select(a => a.Quadrant));
        Assert.Equal(23.0 / 3, csi.AverageImportance);
        Assert.Equal(23.0 / 3, csi.AverageSatisfaction);
    }

    [Fact]
    public void Csi_means_are_over_the_answers_each_attribute_got()
    {
        // Speed answered by three: I = (8 + 9 + 10) / 3 = 9, S = (4 + 5 + 9) / 3 = 6. Cost answered by one: I = 3, S = 10.
        // ΣI = 12, Raw = (9·6 + 3·10) / 12 = 84/12 = 7, Index = 6/9 × 100 = 66.66… → 66.7.
        // Averages I = 6, S = 8: Speed 9 ≥ 6, 6 < 8 → concentrate here; Cost 3 < 6, 10 ≥ 8 → possible overkill.
        var csi = SurveyMath.Csi([new("Speed", 8, 4), new("Cost", 3, 10), new("Speed", 9, 5), new("Speed", 10, 9)]);
        Assert.Equal(
            [
                new CsiAttribute("Speed", 3, 9, 6, 0.75, PriorityQuadrant.ConcentrateHere),
                new CsiAttribute("Cost", 1, 3, 10, 0.25, PriorityQuadrant.PossibleOverkill),
            ],
            csi.Attributes);
        Assert.Equal(7.0, csi.Raw);
        Assert.Equal(66.7m, csi.Index);
    }

    [Fact]
    public void Csi_spans_0_to_100()
    {
        Assert.Equal(0.0m, SurveyMath.Csi([new("A", 10, 1), new("B", 1, 1)]).Index);
        Assert.Equal(100.0m, SurveyMath.Csi([new("A", 10, 10), new("B", 1, 10)]).Index);
        // Satisfaction 5.5 with any weights: (5.5 − 1) / 9 × 100 = 50.
        Assert.Equal(50.0m, SurveyMath.Csi([new("A", 7, 5), new("A", 3, 6)]).Index);
    }

    [Fact]
    public void Csi_is_rounded_from_the_exact_value()
    {
        // One attribute, 80 answers: 53 × 1 and 27 × 2, so S = 107/80 = 1.3375 and Raw = S (its weight is 1).
        // Index = 0.3375 / 9 × 100 = 3.75 exactly → 3.8. In doubles (1.3375 − 1) / 9 × 100 = 3.749999999999999 → 3.7.
        var pairs = Enumerable.Repeat(new CsiPair("Speed", 7, 1), 53).Concat(Enumerable.Repeat(new CsiPair("Speed", 7, 2), 27));
        var csi = SurveyMath.Csi(pairs);
        Assert.Equal(1.3375, csi.Raw);
        Assert.Equal(3.8m, csi.Index);
    }

    [Fact]
    public void Csi_attributes_are_kept_in_order_of_first_appearance_and_names_are_compared_exactly()
    {
        var csi = SurveyMath.Csi([new("b", 5, 5), new("a", 5, 5), new("B", 5, 5), new("b", 5, 5)]);
        Assert.Equal(["b", "a", "B"], csi.Attributes.Select(a => a.Attribute));
        Assert.Equal([2, 1, 1], csi.Attributes.Select(a => a.N));
    }

    [Fact]
    public void Quadrants_cover_the_four_corners_of_the_matrix()
    {
        // Means: Speed (9, 3), Accuracy (8, 9), Politeness (2, 4), Proactivity (1, 8).
        // Average importance (9 + 8 + 2 + 1) / 4 = 5, average satisfaction (3 + 9 + 4 + 8) / 4 = 6.
        var csi = SurveyMath.Csi([new("Speed", 9, 3), new("Accuracy", 8, 9), new("Politeness", 2, 4), new("Proactivity", 1, 8)]);
        Assert.Equal(
            [PriorityQuadrant.ConcentrateHere, PriorityQuadrant.KeepUp, PriorityQuadrant.LowPriority, PriorityQuadrant.PossibleOverkill],
            csi.Attributes.Select(a => a.Quadrant));
        Assert.Equal(5.0, csi.AverageImportance);
        Assert.Equal(6.0, csi.AverageSatisfaction);
    }

    [Fact]
    public void A_mean_equal_to_the_average_counts_as_high()
    {
        // Importance 7 and 7, average 7: both important. Satisfaction 5 and 9, average 7: only B satisfies.
        var csi = SurveyMath.Csi([new("A", 7, 5), new("B", 7, 9)]);
        Assert.Equal([PriorityQuadrant.ConcentrateHere, PriorityQuadrant.KeepUp], csi.Attributes.Select(a => a.Quadrant));

        // Means 8/5 = 1.6, 14/5 = 2.8 and 4 on both scales (five answers each): the average is exactly 2.8, so B is on the
        // upper side of both lines. In doubles (1.6 + 2.8 + 4.0) / 3 = 2.8000000000000003 and B would fall to low priority.
        int[] a = [1, 1, 2, 2, 2], b = [2, 3, 3, 3, 3], c = [4, 4, 4, 4, 4];
        var exact = SurveyMath.Csi([.. a.Select(v => new CsiPair("A", v, v)), .. b.Select(v => new CsiPair("B", v, v)), .. c.Select(v => new CsiPair("C", v, v))]);
        Assert.Equal([1.6, 2.8, 4.0], exact.Attributes.Select(x => x.MeanImportance));
        Assert.Equal([PriorityQuadrant.LowPriority, PriorityQuadrant.KeepUp, PriorityQuadrant.KeepUp], exact.Attributes.Select(x => x.Quadrant));

        // Attributes with the same means are all on their average.
        CsiPair[] same = [new("X", 7, 5), new("X", 7, 6), new("X", 8, 6)];
        var equal = SurveyMath.Csi([.. same, .. same.Select(p => p with { Attribute = "Y" }), .. same.Select(p => p with { Attribute = "Z" })]);
        Assert.All(equal.Attributes, x => Assert.Equal(PriorityQuadrant.KeepUp, x.Quadrant));

        // A single attribute is its own average.
        Assert.Equal(PriorityQuadrant.KeepUp, Assert.Single(SurveyMath.Csi([new("Only", 2, 2)]).Attributes).Quadrant);
    }

    [Fact]
    public void No_pairs_give_no_csi()
    {
        var csi = SurveyMath.Csi([]);
        Assert.Empty(csi.Attributes);
        Assert.Null(csi.Raw);
        Assert.Null(csi.Index);
        Assert.Null(csi.AverageImportance);
        Assert.Null(csi.AverageSatisfaction);
    }

    [Fact]
    public void Csi_pairs_refuse_values_outside_1_to_10()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CsiPair("Speed", 0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CsiPair("Speed", 5, 11));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CsiPair("Speed", 5, 5) with { Importance = 11 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new CsiPair("Speed", 5, 5) with { Satisfaction = 0 });
        Assert.Throws<ArgumentNullException>(() => new CsiPair(null!, 5, 5));
        // default(CsiPair) never ran the constructor: no name, 0 and 0.
        Assert.Throws<ArgumentException>(() => SurveyMath.Csi([new("Speed", 5, 5), default]));
    }

    [Fact]
    public void Response_rate_is_completed_over_invited()
    {
        Assert.Equal(33.3m, SurveyMath.ResponseRate(3, 1));
        Assert.Equal(12.5m, SurveyMath.ResponseRate(8, 1));
        // 1/16 = 6.25 → 6.3; 2/3 = 66.67 → 66.7.
        Assert.Equal(6.3m, SurveyMath.ResponseRate(16, 1));
        Assert.Equal(66.7m, SurveyMath.ResponseRate(3, 2));
        // docs/surveys.md: 19 of 48 = 39.58… → 39.6.
        Assert.Equal(39.6m, SurveyMath.ResponseRate(48, 19));
        Assert.Equal(100.0m, SurveyMath.ResponseRate(7, 7));
        Assert.Equal(0.0m, SurveyMath.ResponseRate(7, 0));
        Assert.Null(SurveyMath.ResponseRate(0, 0));
    }

    [Fact]
    public void Response_rate_refuses_impossible_counts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SurveyMath.ResponseRate(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SurveyMath.ResponseRate(5, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SurveyMath.ResponseRate(5, 6));
    }

    [Fact]
    public void An_anonymous_cut_with_fewer_than_five_responses_is_hidden()
    {
        Assert.Equal(5, SurveyMath.AnonymousMinimum);
        Assert.True(SurveyMath.Shows(0, anonymous: true));
        Assert.False(SurveyMath.Shows(1, anonymous: true));
        Assert.False(SurveyMath.Shows(4, anonymous: true));
        Assert.True(SurveyMath.Shows(5, anonymous: true));
        Assert.True(SurveyMath.Shows(500, anonymous: true));
        // docs/surveys.md: 12 responses, 9 from company A, 3 from company B: the wave and A show, B is hidden.
        Assert.True(SurveyMath.Shows(12, anonymous: true));
        Assert.True(SurveyMath.Shows(9, anonymous: true));
        Assert.False(SurveyMath.Shows(3, anonymous: true));
        Assert.True(SurveyMath.Shows(3, anonymous: false));
        Assert.True(SurveyMath.Shows(0, anonymous: false));
        Assert.True(SurveyMath.Shows(1, anonymous: false));
        Assert.True(SurveyMath.Shows(4, anonymous: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => SurveyMath.Shows(-1, anonymous: false));
    }
}
