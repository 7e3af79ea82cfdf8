using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Features.ServiceLevels.Reports;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.ServiceLevels;

/// <summary>
/// A trend draws a period without measurement as a gap: the demo agreements run from January 2026, but the demo records
/// deliveries and figures only from June (the half year before 15 December 2026), so January–May hold nothing but
/// deliveries nobody entered.
/// </summary>
public class HonestTrendTests(ServiceLevelFactory app) : IClassFixture<ServiceLevelFactory>
{
    [Fact]
    public async Task Months_before_a_client_was_measured_are_null_in_the_trend_not_zero()
    {
        var companyA = await app.WithDbAsync(db => db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync());
        var trend = await app.GetAsync<ServiceLevelTrend>(Demo.Quality, $"/api/v1/service-levels/trend?unit=month&count=12&to=2026-12&companyId={companyA}");
        // The demo's all-processes agreement of company A (the scenario's own accounts-payable agreement is not arranged here).
        var row = Assert.Single(trend.Rows, r => r.ServiceId is null);
        var before = row.Points.Take(5).ToList();
        Assert.Equal(["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"], before.Select(p => p.Period));
        Assert.All(before, p =>
        {
            Assert.Null(p.SlaAttainment);
            Assert.Null(p.OlaAttainment);
            Assert.Null(p.Index);
            Assert.False(p.Measured);
        });

        // From June on the client is measured: figures, and a missing delivery counts as a breach again.
        Assert.All(row.Points.Skip(5).Take(6), p =>
        {
            Assert.True(p.Measured);
            Assert.NotNull(p.Index);
        });

        // The period's own report still lists January's expected documents as missing (the counting rules are unchanged).
        var january = await app.GetAsync<ServiceLevelReport>(Demo.Quality, $"/api/v1/service-levels/report?period=2026-02&companyId={companyA}");
        Assert.Contains(Assert.Single(january.Rows, r => r.ServiceId is null).Metrics, m => m.Counted > 0 && m.Met == 0);
    }
}
