using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Core.ServiceLevels;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Feedback;
using OneWindow.Web.Features.People;
using OneWindow.Web.Features.ServiceLevels.Reports;
using OneWindow.Web.Features.Tickets;
using OneWindow.Web.Infrastructure.Api;
using OneWindow.Web.Data.Tenancy;

namespace OneWindow.Benchmarks;

/// <summary>
/// The database-backed reports over a year of volume (see <see cref="ReportDatabase"/>), each call as a request would make
/// it: a fresh DI scope and DbContext, the actor established from the administrator's real claims principal.
/// A short job (one launch, 2 warm-ups, 5 iterations of one call): a report costs hundreds of milliseconds, not nanoseconds.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 5, invocationCount: 1)]
public class ReportBenchmarks
{
    private const string Client = "ООО «Уральская горная компания»";
    private static readonly ReportPeriod Year = ReportPeriod.Of(PeriodUnit.Year, new DateOnly(2026, 1, 1));
    private static readonly ReportPeriod Month = ReportPeriod.Of(PeriodUnit.Month, new DateOnly(2026, 10, 1));

    private ReportDatabase app = null!;
    private Guid companyId;
    private System.Security.Claims.ClaimsPrincipal admin = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        await ReportDatabase.ResetIfAskedAsync();
        app = new ReportDatabase();
        await app.EnsureVolumeAsync();
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        companyId = await db.Companies.Where(c => c.Name == Client).Select(c => c.Id).SingleAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync("admin@onewindow.demo") ?? throw new InvalidOperationException("No demo admin");
        admin = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
        var clocks = await db.TicketClocks.CountAsync(c => c.CompanyId == companyId);
        Console.WriteLine($"// {ReportDatabase.Provider}: {await db.Tickets.CountAsync()} tickets, {await db.TicketClocks.CountAsync()} clocks " +
            $"({clocks} of the client), {await db.Ratings.CountAsync()} ratings");
    }

    [GlobalCleanup]
    public void Cleanup() => app.Dispose();

    private async Task<T> AsAdminAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishAsync(admin, db);
        return await work(scope.ServiceProvider);
    }

    [Benchmark(Description = "Service-level report, one client, year")]
    public Task<ServiceLevelReport> ReportYear() =>
        AsAdminAsync(s => s.GetRequiredService<ServiceLevelReports>().ReportAsync(Year, companyId, ProcessFilter.Anything, CancellationToken.None));

    [Benchmark(Description = "Service-level report, all clients, year")]
    public Task<ServiceLevelReport> ReportYearAllClients() =>
        AsAdminAsync(s => s.GetRequiredService<ServiceLevelReports>().ReportAsync(Year, null, ProcessFilter.Anything, CancellationToken.None));

    [Benchmark(Description = "Service-level report, one client, month")]
    public Task<ServiceLevelReport> ReportMonth() =>
        AsAdminAsync(s => s.GetRequiredService<ServiceLevelReports>().ReportAsync(Month, companyId, ProcessFilter.Anything, CancellationToken.None));

    [Benchmark(Description = "Report items, one client, year, breaches only, first page of 50")]
    public Task<OneWindow.Web.Infrastructure.Api.Page<ReportItem>?> BreachesYear() =>
        AsAdminAsync(s => s.GetRequiredService<ServiceLevelReports>().ItemsAsync(new ItemQuery(Year, companyId, BreachesOnly: true), 1, 50, CancellationToken.None));

    [Benchmark(Description = "Feedback dashboard, year, by employee")]
    public Task<FeedbackDashboardDto> FeedbackYear() =>
        AsAdminAsync(s => FeedbackDashboard.BuildAsync(s.GetRequiredService<AppDbContext>(), Year, FeedbackGrouping.Employee,
            s.GetRequiredService<TimeProvider>().GetUtcNow(), CancellationToken.None));

    /// <summary>The desk's ticket list as GET /api/v1/tickets runs it: visibility, filters, the SLA due subqueries, sort, count, one page.</summary>
    private Task<Page<TicketSummaryDto>> TicketsAsync(string? sort, SlaFilter sla, string? search = null, string? view = null) =>
        AsAdminAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var (request, _) = OneWindow.Core.Api.ListRequest.Parse("1", "50", sort, search, TicketList.SortKeys);
            var filter = new TicketListFilter(view, [], [], null, null, null, false, null, null, null, null, sla);
            var now = s.GetRequiredService<TimeProvider>().GetUtcNow();
            var query = await TicketList.QueryAsync(db, s.GetRequiredService<CurrentActor>(), filter, request!.Search, now, TimeZoneInfo.Utc, false, CancellationToken.None);
            return await query.Sort(db, request.Sort).ToPageAsync(request, TicketList.ToSummary(now), CancellationToken.None);
        });

    [Benchmark(Description = "Ticket list, all tickets, by last activity, first page of 50")]
    public Task<Page<TicketSummaryDto>> TicketListRecent() => TicketsAsync(null, SlaFilter.Any);

    [Benchmark(Description = "Ticket list, sorted by SLA due, first page of 50")]
    public Task<Page<TicketSummaryDto>> TicketListBySlaDue() => TicketsAsync("slaDue", SlaFilter.Any);

    [Benchmark(Description = "Ticket list, open tickets, sorted by SLA due, first page of 50")]
    public Task<Page<TicketSummaryDto>> TicketListOpenBySlaDue() => TicketsAsync("slaDue", SlaFilter.Any, view: "open");

    [Benchmark(Description = "Ticket list, SLA breached only, first page of 50")]
    public Task<Page<TicketSummaryDto>> TicketListBreached() => TicketsAsync(null, SlaFilter.Breached);

    [Benchmark(Description = "Ticket list, Cyrillic search, first page of 50")]
    public Task<Page<TicketSummaryDto>> TicketListSearch() => TicketsAsync(null, SlaFilter.Any, "счёт");
}
