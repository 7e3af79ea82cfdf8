using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneWindow.Core.ServiceLevels;
using OneWindow.Core.Tickets;
using OneWindow.Web.Features.Feedback;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Features.ServiceLevels.Reports;
using OneWindow.Web.Tests.Features.ServiceLevels;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Shell;

/// <summary>The demo SSC with its year of history turned on (Demo:HistoryTickets), at a fixed now.</summary>
public class DemoHistoryFactory : OneWindowFactory
{
    public const int Tickets = 1500;

    public static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Now);

    /// <summary>How long the first start took (migrations and all the demo data).</summary>
    public TimeSpan StartTime { get; private set; }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Demo:HistoryTickets", Tickets.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public void Start()
    {
        var watch = Stopwatch.StartNew();
        _ = Services;
        StartTime = watch.Elapsed;
    }

    /// <summary>A second instance on the same database, with the history turned on as well.</summary>
    public OneWindowFactory Second() => new SecondInstance(this);

    private sealed class SecondInstance(DemoHistoryFactory primary) : OneWindowFactory(primary)
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Demo:HistoryTickets", Tickets.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }
}

public class DemoHistoryTests(DemoHistoryFactory app) : IClassFixture<DemoHistoryFactory>
{
    /// <summary>The twelve whole months before now's month, in UTC (close enough for "has data in it").</summary>
    private static readonly DateOnly[] PastMonths = [.. Enumerable.Range(1, 12).Select(i => new DateOnly(2026, 12, 1).AddMonths(-i)).Reverse()];

    private static int MonthIndex(DateTimeOffset at) => Array.IndexOf(PastMonths, new DateOnly(at.UtcDateTime.Year, at.UtcDateTime.Month, 1));

    [Fact]
    public async Task The_demo_has_a_year_of_tickets_with_clocks_ratings_cases_and_deliveries_in_every_month()
    {
        app.Start();
        Console.WriteLine($"first start with {DemoHistoryFactory.Tickets} historic tickets: {app.StartTime.TotalSeconds:F1} s");
        var (tickets, clocks, ratings, cases, deliveries) = await app.WithDbAsync(async db => (
            await db.Tickets.Select(t => new { t.CreatedAt, t.Number, t.Subject }).ToListAsync(),
            await db.TicketClocks.Select(c => new { c.StartedAt, c.State }).ToListAsync(),
            await db.Ratings.Select(r => new { r.RatedAt, r.Grade }).ToListAsync(),
            await db.Set<FeedbackCase>().Select(c => new { c.Direction, c.RatingId, c.Status, c.Category }).ToListAsync(),
            await db.DeadlineDeliveries.Select(d => new { d.MetricId, d.PeriodStart, d.DueAt, d.DeliveredAt }).ToListAsync()));

        var historic = tickets.Where(t => t.CreatedAt < DemoHistoryFactory.Now.AddDays(-1)).ToList();
        Assert.InRange(historic.Count, DemoHistoryFactory.Tickets, DemoHistoryFactory.Tickets + 50);
        Assert.Equal(tickets.Count, tickets.Select(t => t.Number).Distinct().Count());
        Assert.Contains(historic, t => t.Subject.StartsWith("Управленческая отчётность за", StringComparison.Ordinal));
        foreach (var month in Enumerable.Range(0, 12))
        {
            Assert.True(historic.Count(t => MonthIndex(t.CreatedAt) == month) >= 40, $"tickets in {PastMonths[month]}");
            Assert.True(clocks.Count(c => MonthIndex(c.StartedAt) == month) >= 40, $"clocks in {PastMonths[month]}");
            Assert.True(ratings.Count(r => MonthIndex(r.RatedAt) == month) >= 5, $"ratings in {PastMonths[month]}");
        }

        // Period close makes the first week of a month busier than the rest.
        var firstWeek = historic.Count(t => t.CreatedAt.UtcDateTime.Day <= 7) / 7.0;
        var rest = historic.Count(t => t.CreatedAt.UtcDateTime.Day is > 7 and <= 28) / 21.0;
        Assert.True(firstWeek > rest * 1.3, $"{firstWeek:F1} a day in the first week, {rest:F1} later");

        // Mostly met, some breached; mostly 4–5, a few 1–2 that opened complaint cases; a few claims to the business.
        var settled = clocks.Where(c => c.State is ClockState.Met or ClockState.Breached).ToList();
        var met = settled.Count(c => c.State == ClockState.Met) / (double)settled.Count;
        Assert.InRange(met, 0.6, 0.99);
        Assert.True(ratings.Count(r => r.Grade >= 4) > 0.8 * ratings.Count);
        var low = ratings.Count(r => r.Grade <= 2);
        Assert.InRange(low, 1, ratings.Count / 10);
        Assert.Equal(low, cases.Count(c => c.Direction == FeedbackCaseDirection.ClientComplaint && c.RatingId != null));
        Assert.InRange(cases.Count(c => c.Direction == FeedbackCaseDirection.ClaimToBusiness), 4, 20);
        Assert.Contains(cases, c => c.Direction == FeedbackCaseDirection.ClaimToBusiness && c.Status != FeedbackCaseStatus.Closed);

        // Every periodic obligation delivered month by month over the year, some late.
        var companyA = await app.WithDbAsync(db => db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync());
        var obligations = await app.WithDbAsync(db => db.AgreementMetrics.Where(m => m.CompanyId == companyA && m.Kind == MetricKind.PeriodicDeadline).Select(m => m.Id).ToListAsync());
        Assert.NotEmpty(obligations);
        foreach (var metric in obligations)
        {
            var months = deliveries.Where(d => d.MetricId == metric).Select(d => d.PeriodStart).ToHashSet();
            Assert.All(PastMonths.SkipLast(1), m => Assert.Contains(m, months));
        }

        Assert.Contains(deliveries, d => d.DeliveredAt > d.DueAt);

        // The SLA/OLA trend of the demo client has figures for every month of the year: no gaps.
        var trend = await app.GetAsync<ServiceLevelTrend>(Demo.Quality, $"/api/v1/service-levels/trend?unit=month&count=12&to=2026-11&companyId={companyA}");
        var row = Assert.Single(trend.Rows, r => r.ServiceId is null);
        Assert.All(row.Points, p =>
        {
            Assert.True(p.Measured, p.Period);
            Assert.NotNull(p.SlaAttainment);
            Assert.NotNull(p.OlaAttainment);
            Assert.NotNull(p.Index);
        });
        Assert.Contains(row.Points, p => p.SlaAttainment < 100);

        // Open claims to the business are counted per company for the 360 card and the committee pack.
        Assert.True(await app.WithDbAsync(db => BusinessClaimCounts.OpenByCompanyAsync(db, CancellationToken.None)) is { Count: > 0 });

        // The history is loaded once: a second start on the same database adds nothing.
        await using var second = app.Second();
        _ = second.Services;
        Assert.Equal(tickets.Count, await app.WithDbAsync(db => db.Tickets.CountAsync()));
    }
}

file static class Json
{
    public static async Task<T> GetAsync<T>(this OneWindowFactory app, string email, string url)
    {
        var client = await app.ClientForAsync(email);
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {body}");
        return System.Text.Json.JsonSerializer.Deserialize<T>(body, ServiceLevelFactory.Json)!;
    }
}
