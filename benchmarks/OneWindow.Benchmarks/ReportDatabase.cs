using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OneWindow.Core.ServiceLevels;
using OneWindow.Core.Tickets;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Calendars;
using OneWindow.Web.Features.Feedback;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Features.Tickets;
using OneWindow.Web.Data.Tenancy;

namespace OneWindow.Benchmarks;

/// <summary>
/// The real application over a benchmark database: SQLite under /tmp by default, PostgreSQL when OW_BENCH_PG holds a
/// connection string (the database name is ours). Migrations and demo data come from the app itself; the volume is added
/// once and the database is kept, so the next benchmark process (BenchmarkDotNet runs one per case) reuses it.
/// OW_BENCH_FRESH=1 starts over.
/// </summary>
public sealed class ReportDatabase : WebApplicationFactory<Program>
{
    public const int Tickets = 100_000;
    public const int RatingCount = 20_000;
    private const string NumberPrefix = "BENCH-";

    private static readonly string? PgConnection = Environment.GetEnvironmentVariable("OW_BENCH_PG");

    public static string Provider => string.IsNullOrWhiteSpace(PgConnection) ? "Sqlite" : "Postgres";

    private static readonly string DatabaseName = $"ow_bench_reports_{Tickets}";

    public static string ConnectionString => Provider == "Postgres"
        ? new NpgsqlConnectionStringBuilder(PgConnection) { Database = DatabaseName }.ConnectionString
        : $"Data Source={Path.Combine(Path.GetTempPath(), DatabaseName + ".db")}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Database:Provider", Provider);
        builder.UseSetting("ConnectionStrings:OneWindow", ConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Database:SeedDemoData", "true");
        // Escalation and other jobs would write while we measure.
        builder.UseSetting("Jobs:Enabled", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    /// <summary>Drops the database when asked to start over; must run before the host starts.</summary>
    public static async Task ResetIfAskedAsync()
    {
        if (Environment.GetEnvironmentVariable("OW_BENCH_FRESH") != "1")
        {
            return;
        }

        if (Provider == "Sqlite")
        {
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource;
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(f);
            }
        }
        else
        {
            await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PgConnection) { Database = "postgres" }.ConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Adds the volume unless a previous run completed it (the last rating is written last).</summary>
    public async Task EnsureVolumeAsync()
    {
        var lastKey = "bench:" + (RatingCount - 1).ToString(CultureInfo.InvariantCulture);
        await using (var probe = Services.CreateAsyncScope())
        {
            probe.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
            var db = probe.ServiceProvider.GetRequiredService<AppDbContext>();
            if (await db.Ratings.AnyAsync(r => r.DedupeKey == lastKey))
            {
                return;
            }

            if (await db.Tickets.AnyAsync(t => t.Number.StartsWith(NumberPrefix)))
            {
                throw new InvalidOperationException("A previous seeding stopped half-way: run once with OW_BENCH_FRESH=1.");
            }
        }

        var watch = Stopwatch.StartNew();
        await SeedAsync();
        Console.WriteLine($"// Seeded {Tickets:N0} tickets with clocks and {RatingCount:N0} ratings on {Provider} in {watch.Elapsed.TotalSeconds:F1} s");
    }

    private sealed record MetricRow(Guid Id, Guid VersionId, Guid CompanyId, MetricSide Side, TimerKind Timer, TicketPriority? Priority, int TargetMinutes, Guid CalendarId);

    private async Task SeedAsync()
    {
        var now = Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var setup = Services.CreateAsyncScope();
        setup.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        var db = setup.ServiceProvider.GetRequiredService<AppDbContext>();
        var types = await db.RequestTypes.AsNoTracking().Where(t => t.IsActive).Select(t => new { t.Id, t.ServiceId, t.TeamId, t.DefaultPriority }).ToListAsync();
        var receives = await db.ClientServices.AsNoTracking().Select(s => new { s.CompanyId, s.ServiceId }).ToListAsync();
        var contacts = await db.Users.AsNoTracking().Where(u => u.CompanyId != null).Select(u => new { u.Id, Company = u.CompanyId!.Value }).ToListAsync();
        var agents = await db.Users.AsNoTracking().Where(u => u.CompanyId == null && u.TeamId != null).Select(u => new { u.Id, Team = u.TeamId!.Value }).ToListAsync();
        var combos = (from r in receives
                      join t in types on r.ServiceId equals t.ServiceId
                      join c in contacts on r.CompanyId equals c.Company
                      select (Company: r.CompanyId, Type: t, Contact: c.Id)).ToList();

        // The timer metrics of agreed versions: the clocks every ticket of those clients runs.
        var versions = await db.AgreementVersions.AsNoTracking().Where(v => v.Status == AgreementStatus.Agreed)
            .Select(v => new { v.Id, v.CompanyId, v.CalendarId }).ToListAsync();
        var metrics = new List<MetricRow>();
        foreach (var v in versions)
        {
            var calendarId = await CalendarBook.ResolveIdAsync(db, v.CalendarId, v.CompanyId, null, default) ?? throw new InvalidOperationException("No calendar");
            metrics.AddRange((await db.AgreementMetrics.AsNoTracking().Where(m => m.VersionId == v.Id && m.Kind == MetricKind.TicketTimer).ToListAsync())
                .Select(m => new MetricRow(m.Id, v.Id, v.CompanyId, m.Side, m.Timer!.Value, m.Priority, m.TargetMinutes!.Value, calendarId)));
        }

        var byCompany = metrics.ToLookup(m => m.CompanyId);
        var random = new Random(20261127);
        const int batch = 5_000;
        for (var done = 0; done < Tickets; done += batch)
        {
            await using var scope = Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
            var b = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            b.SaveReactionsEnabled = false;
            b.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = done; i < Math.Min(Tickets, done + batch); i++)
            {
                var (company, type, contact) = combos[random.Next(combos.Count)];
                var created = now.AddMinutes(-random.Next(1, 365 * 24 * 60));
                var open = now - created < TimeSpan.FromDays(10) && random.Next(3) == 0;
                var priority = random.Next(100) < 15 ? TicketPriority.High : type.DefaultPriority;
                var resolved = open ? (DateTimeOffset?)null : created.AddMinutes(random.Next(30, 4 * 24 * 60));
                var ticket = new Ticket
                {
                    Number = NumberPrefix + i.ToString("D7", CultureInfo.InvariantCulture),
                    CompanyId = company,
                    ServiceId = type.ServiceId,
                    RequestTypeId = type.Id,
                    Subject = "Нагрузочная заявка " + i.ToString(CultureInfo.InvariantCulture),
                    Description = "Сгенерировано для измерения скорости отчётов.",
                    Channel = (TicketChannel)random.Next(5),
                    Priority = priority,
                    Status = open ? TicketStatus.InProgress : TicketStatus.Closed,
                    TeamId = type.TeamId,
                    AssigneeId = agents.Where(a => a.Team == type.TeamId).Select(a => (Guid?)a.Id).FirstOrDefault(),
                    RequesterId = contact,
                    TrackingToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
                    CreatedAt = created,
                    UpdatedAt = created,
                    LastActivityAt = resolved ?? created,
                    ResolvedAt = resolved,
                    ClosedAt = resolved,
                };
                b.Tickets.Add(ticket);

                var mine = byCompany[company].ToList();
                foreach (var timer in new[] { TimerKind.FirstResponse, TimerKind.Resolution, TimerKind.ClientClarification })
                {
                    // A quarter of the requests needed a clarification from the client (the OLA clock).
                    if (timer == TimerKind.ClientClarification && random.Next(4) != 0)
                    {
                        continue;
                    }

                    var metric = mine.FirstOrDefault(m => m.Timer == timer && m.Priority == priority) ?? mine.FirstOrDefault(m => m.Timer == timer && m.Priority is null);
                    if (metric is null)
                    {
                        continue;
                    }

                    b.TicketClocks.Add(Clock(random, ticket, metric, created, open, now));
                }
            }

            b.ChangeTracker.DetectChanges();
            await b.SaveChangesAsync();
        }

        // Ratings of the SSC's employees by the clients' people over the same year; a fifth carry a comment.
        for (var done = 0; done < RatingCount; done += batch)
        {
            await using var scope = Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
            var b = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            b.SaveReactionsEnabled = false;
            b.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = done; i < Math.Min(RatingCount, done + batch); i++)
            {
                var (company, type, contact) = combos[random.Next(combos.Count)];
                var employee = agents[random.Next(agents.Count)];
                var scale = random.Next(4) == 0 ? 3 : 5;
                var grade = scale == 3 ? random.Next(100) < 80 ? 3 : random.Next(1, 3) : random.Next(100) < 75 ? random.Next(4, 6) : random.Next(1, 4);
                var at = now.AddMinutes(-random.Next(1, 365 * 24 * 60));
                b.Ratings.Add(new Rating
                {
                    CompanyId = company, RaterId = contact, EmployeeId = employee.Id, TeamId = employee.Team, ServiceId = type.ServiceId,
                    Source = random.Next(3) == 0 ? RatingSource.Signature : RatingSource.Reply, Scale = scale, Grade = grade,
                    Comment = random.Next(5) == 0 ? "Комментарий к оценке " + i.ToString(CultureInfo.InvariantCulture) : null,
                    DedupeKey = "bench:" + i.ToString(CultureInfo.InvariantCulture), RatedAt = at, CreatedAt = at, UpdatedAt = at,
                });
            }

            b.ChangeTracker.DetectChanges();
            await b.SaveChangesAsync();
        }
    }

    /// <summary>A clock in a plausible end state: most met, about one in twelve breached, the recent open work running.</summary>
    private static TicketClock Clock(Random random, Ticket ticket, MetricRow metric, DateTimeOffset created, bool open, DateTimeOffset now)
    {
        var target = TimeSpan.FromMinutes(metric.TargetMinutes);
        // Working time stretches over nights and weekends: a target of working hours ends about three times later.
        var dueAt = created + (target * 3);
        var clock = new TicketClock
        {
            TicketId = ticket.Id, CompanyId = ticket.CompanyId, ServiceId = ticket.ServiceId, MetricId = metric.Id, VersionId = metric.VersionId,
            CalendarId = metric.CalendarId, Side = metric.Side, Timer = metric.Timer, Priority = ticket.Priority, Episode = 1,
            TargetMinutes = metric.TargetMinutes, StartedAt = created, ComputedAt = created,
        };
        if (open && metric.Timer != TimerKind.FirstResponse)
        {
            clock.State = ClockState.Running;
            clock.DueAt = dueAt;
            clock.BreachedAt = dueAt;
            clock.ElapsedSeconds = (long)Math.Min((now - created).TotalSeconds / 3, target.TotalSeconds * 1.5);
            return clock;
        }

        if (random.Next(12) == 0)
        {
            clock.State = ClockState.Breached;
            clock.BreachedAt = dueAt;
            clock.StoppedAt = dueAt.AddMinutes(random.Next(10, 3 * 24 * 60));
            clock.ElapsedSeconds = (long)(target.TotalSeconds * 1.3);
        }
        else
        {
            clock.State = ClockState.Met;
            var share = 0.1 + (random.NextDouble() * 0.85);
            clock.StoppedAt = created + (target * 3 * share);
            clock.ElapsedSeconds = (long)(target.TotalSeconds * share);
        }

        return clock;
    }
}
