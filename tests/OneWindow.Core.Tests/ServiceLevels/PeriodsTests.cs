using OneWindow.Core.ServiceLevels;

namespace OneWindow.Core.Tests.ServiceLevels;

public class PeriodsTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private static readonly DateTimeOffset Due = new(2026, 12, 7, 15, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(PeriodUnit.Month, "2026-11-15", "2026-11-01", "2026-12-01", "2026-11")]
    [InlineData(PeriodUnit.Quarter, "2026-11-15", "2026-10-01", "2027-01-01", "2026-Q4")]
    [InlineData(PeriodUnit.Quarter, "2026-01-01", "2026-01-01", "2026-04-01", "2026-Q1")]
    [InlineData(PeriodUnit.Year, "2026-11-15", "2026-01-01", "2027-01-01", "2026")]
    public void A_period_is_found_by_any_date_in_it(PeriodUnit unit, string date, string start, string end, string key)
    {
        var p = ReportPeriod.Of(unit, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), p.Start);
        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), p.End);
        Assert.Equal(key, p.Key);
        Assert.Equal(key, p.ToString());
        Assert.True(ReportPeriod.TryParse(key, out var parsed));
        Assert.Equal(p, parsed);
    }

    [Fact]
    public void The_constructor_aligns_the_start_so_equal_periods_are_equal()
    {
        Assert.Equal(new ReportPeriod(PeriodUnit.Month, D(2026, 11, 1)), new ReportPeriod(PeriodUnit.Month, D(2026, 11, 30)));
        Assert.Equal(D(2026, 10, 1), new ReportPeriod(PeriodUnit.Quarter, D(2026, 12, 31)).Start);
    }

    [Fact]
    public void Next_and_previous_cross_year_ends()
    {
        var dec = ReportPeriod.Of(PeriodUnit.Month, D(2026, 12, 5));
        Assert.Equal("2027-01", dec.Next.Key);
        Assert.Equal("2026-11", dec.Previous.Key);
        Assert.Equal("2027-Q1", ReportPeriod.Of(PeriodUnit.Quarter, D(2026, 12, 5)).Next.Key);
        Assert.Equal("2025", ReportPeriod.Of(PeriodUnit.Year, D(2026, 12, 5)).Previous.Key);
        Assert.True(dec.Contains(D(2026, 12, 31)));
        Assert.False(dec.Contains(D(2027, 1, 1)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("2026-Q5")]
    [InlineData("2026-Q0")]
    [InlineData("26-11")]
    [InlineData("2026-1")]
    [InlineData("2026/11")]
    [InlineData("0000")]
    [InlineData("２０２６")]
    [InlineData("2026-11-01")]
    public void Bad_keys_do_not_parse(string? text) => Assert.False(ReportPeriod.TryParse(text, out _));

    [Fact]
    public void Split_gives_the_finer_periods_in_order()
    {
        var year = ReportPeriod.Of(PeriodUnit.Year, D(2026, 6, 1));
        Assert.Equal(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"], year.Split(PeriodUnit.Quarter).Select(p => p.Key));
        Assert.Equal(12, year.Split(PeriodUnit.Month).Count());
        var q = ReportPeriod.Of(PeriodUnit.Quarter, D(2026, 11, 1));
        Assert.Equal(["2026-10", "2026-11", "2026-12"], q.Split(PeriodUnit.Month).Select(p => p.Key));
        Assert.Equal([q], q.Split(PeriodUnit.Quarter));
        Assert.Throws<ArgumentOutOfRangeException>(() => q.Split(PeriodUnit.Year));
    }

    [Fact]
    public void Judge_covers_every_verdict()
    {
        var before = Due.AddHours(-1);
        var after = Due.AddHours(1);
        Assert.Equal(DeliveryVerdict.Pending, Deadlines.Judge(Due, null, null, false, before));
        Assert.Equal(DeliveryVerdict.Pending, Deadlines.Judge(Due, null, null, false, Due));
        Assert.Equal(DeliveryVerdict.Missing, Deadlines.Judge(Due, null, null, false, after));
        Assert.Equal(DeliveryVerdict.OnTime, Deadlines.Judge(Due, Due, null, false, after));
        Assert.Equal(DeliveryVerdict.OnTime, Deadlines.Judge(Due, before, false, false, after));
        Assert.Equal(DeliveryVerdict.OnTime, Deadlines.Judge(Due, before, null, true, after));
        Assert.Equal(DeliveryVerdict.Incomplete, Deadlines.Judge(Due, before, false, true, after));
        Assert.Equal(DeliveryVerdict.Late, Deadlines.Judge(Due, after, true, true, after));
        Assert.Equal(DeliveryVerdict.Late, Deadlines.Judge(Due, after, false, true, after));
    }

    [Fact]
    public void Score_counts_everything_but_pending()
    {
        Assert.Equal((false, false), Deadlines.Score(DeliveryVerdict.Pending));
        Assert.Equal((true, true), Deadlines.Score(DeliveryVerdict.OnTime));
        Assert.Equal((true, false), Deadlines.Score(DeliveryVerdict.Late));
        Assert.Equal((true, false), Deadlines.Score(DeliveryVerdict.Missing));
        Assert.Equal((true, false), Deadlines.Score(DeliveryVerdict.Incomplete));
    }

    [Theory]
    [InlineData(99.6, 99.5, RatioDirection.AtLeast, true)]
    [InlineData(99.5, 99.5, RatioDirection.AtLeast, true)]
    [InlineData(99.4, 99.5, RatioDirection.AtLeast, false)]
    [InlineData(1.9, 2, RatioDirection.AtMost, true)]
    [InlineData(2, 2, RatioDirection.AtMost, true)]
    [InlineData(2.1, 2, RatioDirection.AtMost, false)]
    public void Ratios_compare_in_the_metric_direction(double value, double target, RatioDirection direction, bool met) =>
        Assert.Equal(met, Ratios.Met((decimal)value, (decimal)target, direction));
}
