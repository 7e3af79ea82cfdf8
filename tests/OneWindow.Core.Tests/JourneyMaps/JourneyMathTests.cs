using OneWindow.Core.JourneyMaps;

namespace OneWindow.Core.Tests.JourneyMaps;

public class JourneyMathTests
{
    [Fact]
    public void Median_takes_the_middle_or_the_mean_of_the_two_middle_values()
    {
        Assert.Null(JourneyMath.Median([]));
        Assert.Equal(5, JourneyMath.Median([9, 1, 5]));
        Assert.Equal(4, JourneyMath.Median([1, 9, 5, 3]));
    }

    [Fact]
    public void P90_is_the_nearest_rank()
    {
        Assert.Null(JourneyMath.Percentile([], 0.9));
        Assert.Equal(7, JourneyMath.Percentile([7], 0.9));
        Assert.Equal(90, JourneyMath.Percentile(Enumerable.Range(1, 100).Select(i => (double)i), 0.9));
        Assert.Equal(9, JourneyMath.Percentile(Enumerable.Range(1, 10).Select(i => (double)i), 0.9));
        Assert.Equal(5, JourneyMath.Percentile([1, 2, 3, 4, 5], 0.9));
    }

    [Theory]
    [InlineData(1, 5, 1.0)]
    [InlineData(5, 5, 5.0)]
    [InlineData(2, 3, 3.0)]
    [InlineData(3, 3, 5.0)]
    [InlineData(1, 3, 1.0)]
    public void Grades_move_onto_five_points(int grade, int scale, double expected) => Assert.Equal(expected, JourneyMath.OnFivePoints(grade, scale));

    [Fact]
    public void Emotion_maps_one_to_five_onto_minus_two_to_plus_two()
    {
        Assert.Null(JourneyMath.EmotionFromGrade(null));
        Assert.Equal(-2, JourneyMath.EmotionFromGrade(1));
        Assert.Equal(0, JourneyMath.EmotionFromGrade(3));
        Assert.Equal(2, JourneyMath.EmotionFromGrade(5));
        Assert.Equal(1.3, JourneyMath.EmotionFromGrade(4.3));
    }

    [Fact]
    public void Disagreement_is_a_whole_point_or_more()
    {
        Assert.True(JourneyMath.Disagrees(1, 0));
        Assert.True(JourneyMath.Disagrees(-1.5, 1));
        Assert.False(JourneyMath.Disagrees(0.9, 0));
        Assert.False(JourneyMath.Disagrees(null, 0));
        Assert.False(JourneyMath.Disagrees(2, null));
    }

    [Fact]
    public void Attainment_is_met_over_stopped()
    {
        Assert.Null(JourneyMath.Attainment(0, 0));
        Assert.Equal(66.7, JourneyMath.Attainment(2, 3));
    }

    [Theory]
    [InlineData(0.0, 0, 10, -2.0)]
    [InlineData(5.0, 0, 10, 0.0)]
    [InlineData(7.5, 0, 10, 1.0)]
    [InlineData(10.0, 0, 10, 2.0)]
    [InlineData(9.0, 0, 10, 1.6)]
    [InlineData(1.0, 1, 5, -2.0)]
    [InlineData(4.3, 1, 5, 1.3)]
    [InlineData(11.0, 0, 10, 2.0)]
    public void Survey_scores_lie_linearly_on_the_emotion_scale(double average, int min, int max, double expected) =>
        Assert.Equal(expected, JourneyMath.EmotionFromScore(average, min, max));

    [Fact]
    public void A_CSAT_average_gives_the_emotion_a_rating_average_does_and_no_answers_give_none()
    {
        foreach (var avg in new[] { 1.0, 2.4, 3.0, 4.3, 5.0 })
        {
            Assert.Equal(JourneyMath.EmotionFromGrade(avg), JourneyMath.EmotionFromScore(avg, 1, 5));
        }

        Assert.Null(JourneyMath.EmotionFromScore(null, 0, 10));
        Assert.Null(JourneyMath.CombinedEmotion([null, null]));
        Assert.Equal(0.5, JourneyMath.CombinedEmotion([1.0, null, 0.0]));
    }
}
