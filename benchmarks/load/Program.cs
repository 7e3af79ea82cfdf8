// The HTTP load script of issue 10: a throwaway PostgreSQL, the pgbench reference transaction, then the published app
// under 8 concurrent clients — creates, reads, lists and search — with latency percentiles and the app's memory.
//
//   dotnet run -c Release --project benchmarks/load -- [--tickets N] [--duration 20] [--clients 8] [--warmup 5] [--keep] [--out file.md] [--published dir] [--only name-part]
//
// Exit code: 0 done; 1 a scenario had more than 1 % errors; 2 the app or the setup failed.
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using OneWindow.Load;

// It reads /proc and runs PostgreSQL's Linux packages.
[assembly: SupportedOSPlatform("linux")]

if (args.Length > 0 && args[0] == "faults")
{
    return await Faults.RunAsync(args[1..]);
}

var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project benchmarks/load -- [--tickets N] [--duration 20] [--clients 8] [--warmup 5] [--keep] [--out file.md] [--published dir] [--only name-part]");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Ctrl+C ends the scenarios early but still stops the app and PostgreSQL.
    e.Cancel = true;
    cancel.Cancel();
};

var repoRoot = Repo.FindRoot();
var work = Directory.CreateTempSubdirectory("onewindow-load-").FullName;
// PostgreSQL runs as another user when we are root and must reach its data directory inside.
File.SetUnixFileMode(work, (UnixFileMode)0b111_101_101);
var facts = Machine.Describe(repoRoot);
Console.WriteLine($"Work directory {work}; {facts.Cores} cores, {facts.Cpu}, load average {facts.LoadBefore:F2}; app commit {facts.Commit}");

Postgres? pg = null;
AppProcess? app = null;
try
{
    Console.WriteLine(options.Published is null ? "Publishing src/OneWindow.Web (Release)…" : $"Using the published app in {options.Published}");
    var dll = options.Published is null
        ? await AppProcess.PublishAsync(repoRoot, Path.Combine(work, "app"))
        : Path.Combine(Path.GetFullPath(options.Published), "OneWindow.Web.dll");

    pg = await Postgres.StartAsync(work, "256MB");
    pg.Keep = options.Keep;
    var pgVersion = await pg.VersionAsync();
    Console.WriteLine($"PostgreSQL {pgVersion} on 127.0.0.1:{pg.Port}; pgbench reference, {options.Clients} clients, {options.Duration} s…");
    var pgbench = await pg.RunPgbenchAsync(work, options.Clients, options.Duration);
    Console.WriteLine($"pgbench: {pgbench.Tps:F0} tps");

    await pg.PsqlAsync("postgres", "CREATE DATABASE onewindow");
    var port = Postgres.FreePort();
    var env = AppProcess.Environment(pg.ConnectionString("onewindow"), port);
    string? seeded = null;
    if (options.Tickets is { } tickets)
    {
        Console.WriteLine($"Seeding {tickets:N0} tickets (the app's seed command; it migrates and loads the demo first)…");
        var (elapsed, line) = await AppProcess.SeedAsync(dll, env, tickets);
        seeded = $"{tickets:N0} tickets seeded by `seed --tickets {tickets} --batch 5000` in {elapsed.TotalSeconds:F0} s (including migrations and the demo data){(line.Length > 0 ? ": " + line : "")}";
        Console.WriteLine(seeded);
    }

    var baseAddress = new Uri($"http://127.0.0.1:{port}");
    Console.WriteLine($"Starting the app on {baseAddress}…");
    try
    {
        app = await AppProcess.StartAsync(dll, env, baseAddress, Path.Combine(work, "app.log"), TimeSpan.FromMinutes(5));
    }
    catch (AppFailedException e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }

    var rssIdle = app.ResidentBytes() ?? 0;
    var ticketsBefore = long.Parse(await pg.PsqlAsync("onewindow", "SELECT count(*) FROM \"Tickets\""), CultureInfo.InvariantCulture);

    // The people: a client's portal user (cookie), an integration with a personal access token, and below an SSC agent (cookie).
    var portal = await Auth.CookieAsync(baseAddress, "user@ural-mining.demo");
    var integration = await Auth.PersonalAccessTokenAsync(baseAddress, "user@sib-agro.demo");
    var portalType = await Auth.RequestTypeWithoutRequiredFieldsAsync(baseAddress, portal);
    var integrationType = await Auth.RequestTypeWithoutRequiredFieldsAsync(baseAddress, integration);
    Console.WriteLine($"Portal user creates «{portalType.Name}», the integration «{integrationType.Name}»; {ticketsBefore:N0} tickets in the database.");

    var results = new List<ScenarioResult>();
    var notes = new Dictionary<string, string>();
    async Task Run(Scenario scenario, string? note = null)
    {
        if (cancel.IsCancellationRequested || (options.Only is { } only && !scenario.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        Console.Write($"{scenario.Name}… ");
        var result = await Runner.RunAsync(scenario, app, options.Clients, TimeSpan.FromSeconds(options.WarmUp), TimeSpan.FromSeconds(options.Duration), cancel.Token);
        results.Add(result);
        if (note is not null)
        {
            notes[scenario.Name] = note;
        }

        Console.WriteLine($"{result.OkPerSecond:F0}/s, p50 {result.P50:F1} ms, p95 {result.P95:F1} ms, p99 {result.P99:F1} ms, {result.Failed} failed");
        if (result.FirstError is not null)
        {
            Console.WriteLine("  first error: " + result.FirstError);
        }
    }

    await Run(new Scenario("Create — portal user, cookie", portal, r => Requests.Create(portalType.Id, r, idempotencyKey: false)));
    await Run(new Scenario("Create — API, personal access token + Idempotency-Key", integration, r => Requests.Create(integrationType.Id, r, idempotencyKey: true)));

    // The database alone, writing the same rows: how far the app's figure is from what PostgreSQL itself can do here.
    PgbenchResult? ceiling = null;
    if (options.Only is null || options.Only.StartsWith("Create", StringComparison.OrdinalIgnoreCase))
    {
        Console.Write("PostgreSQL's ceiling for a create (pgbench, the app's rows and schema)… ");
        ceiling = await pg.RunCreateCeilingAsync(work, "onewindow", options.Clients, options.Duration);
        Console.WriteLine(ceiling is null ? "skipped: no ticket with clocks to copy" : $"{ceiling.Tps:F0} tps");
    }

    var ticketsForReads = long.Parse(await pg.PsqlAsync("onewindow", "SELECT count(*) FROM \"Tickets\""), CultureInfo.InvariantCulture);
    // Agents see every company; of the demo agents, the one whose team holds the most tickets makes "my team" a real list.
    var agentEmail = await pg.PsqlAsync("onewindow", """
        SELECT u."Email" FROM "AspNetUsers" u
        JOIN "AspNetUserRoles" ur ON ur."UserId" = u."Id" JOIN "AspNetRoles" r ON r."Id" = ur."RoleId" AND r."Name" = 'Agent'
        WHERE u."TeamId" IS NOT NULL
        ORDER BY (SELECT count(*) FROM "Tickets" t WHERE t."TeamId" = u."TeamId") DESC, u."Email" LIMIT 1
        """);
    var agent = await Auth.CookieAsync(baseAddress, agentEmail);
    Console.WriteLine($"Agent for the reads: {agentEmail}");
    var ids = await Auth.TicketIdsAsync(baseAddress, agent, pages: 5);
    await Run(new Scenario("Get by id — agent", agent, r => Requests.Get($"/api/v1/tickets/{ids[r.Next(ids.Count)]}")), $"random of {ids.Count} ids from the agent's list");
    foreach (var (name, query) in new (string, string)[]
    {
        ("List, default (last activity) — agent", "pageSize=50"),
        ("List, my team — agent", "view=team&pageSize=50"),
        ("List, open by SLA due — agent", "view=open&sort=slaDue&pageSize=50"),
        ("List, SLA breached — agent", "sla=breached&pageSize=50"),
        ("Search «счёт» — agent", "q=" + Uri.EscapeDataString("счёт") + "&pageSize=50"),
    })
    {
        var path = "/api/v1/tickets?" + query;
        var (total, atLeast) = await Requests.TotalAsync(baseAddress, agent, path);
        await Run(new Scenario(name, agent, _ => Requests.Get(path)), $"`{Uri.UnescapeDataString(query)}`, {(atLeast ? "more than " : "")}{total:N0} matching");
    }

    // The year's service-level report for the portal user's company (SLA, OLA and the unified index per process).
    var company = await pg.PsqlAsync("onewindow", $"SELECT \"CompanyId\" FROM \"AspNetUsers\" WHERE \"Email\" = '{portal.Email}'");
    var year = TimeProvider.System.GetUtcNow().Year;
    var reportPath = $"/api/v1/service-levels/report?period={year}&companyId={company}";
    await Run(new Scenario("Year report, one client — agent", agent, _ => Requests.Get(reportPath)), $"`period={year}`, the portal user's company");

    var ticketsAfter = long.Parse(await pg.PsqlAsync("onewindow", "SELECT count(*) FROM \"Tickets\""), CultureInfo.InvariantCulture);
    var appDied = app.HasExited;
    await app.DisposeAsync();
    app = null;

    facts = facts with { LoadAfter = Runner.LoadAverage() };
    var people = $"portal user {portal.Email} creating «{portalType.Name}», API integration {integration.Email} creating «{integrationType.Name}», agent {agentEmail} for the reads";
    var report = Report.Markdown(facts, options, pgVersion, pgbench, ceiling, seeded, people, ticketsBefore, ticketsForReads, ticketsAfter, rssIdle, results, notes);
    Console.WriteLine();
    Console.WriteLine(report);
    if (options.Out is not null)
    {
        await File.WriteAllTextAsync(options.Out, report);
        Console.WriteLine($"Written to {options.Out}");
    }

    if (appDied)
    {
        Console.Error.WriteLine("The app exited during the run; see the errors above.");
        return 2;
    }

    var bad = results.Where(r => r.ErrorShare > 0.01).ToList();
    foreach (var r in bad)
    {
        Console.Error.WriteLine($"FAILED: {r.Name}: {r.Failed} of {r.Requests} requests failed ({r.ErrorShare:P1}).");
    }

    return bad.Count > 0 || cancel.IsCancellationRequested ? 1 : 0;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or IOException)
{
    Console.Error.WriteLine("Setup failed: " + e.Message);
    if (app is not null)
    {
        Console.Error.WriteLine("The app's log ends:\n" + app.LogTail(30));
    }

    return 2;
}
finally
{
    if (app is not null)
    {
        await app.DisposeAsync();
    }

    if (pg is not null)
    {
        await pg.DisposeAsync();
    }

    if (options.Keep)
    {
        Console.WriteLine($"Kept: {work}{(pg is not null ? $" (PostgreSQL still running: {pg.ConnectionString("onewindow")}; stop it with pg_ctl -D {work}/pg stop as {Shell.ServerUser})" : "")}");
    }
    else
    {
        Directory.Delete(work, recursive: true);
    }
}

internal static class Repo
{
    public static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "OneWindow.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run from inside the OneWindow repository (no OneWindow.slnx found above).");
    }
}

/// <summary>The requests the scenarios send.</summary>
internal static class Requests
{
    private static readonly string[] Subjects =
    [
        "Оплата счёта № {0} от поставщика", "Акт сверки за ноябрь, контрагент {0}", "Не прошла оплата по счёту {0}",
        "Справка 2-НДФЛ для сотрудника, таб. № {0}", "Возврат аванса по договору {0}", "Уточнение по НДС, счёт-фактура {0}",
    ];

    public static HttpRequestMessage Create(Guid requestTypeId, Random random, bool idempotencyKey)
    {
        var number = random.Next(1000, 99999);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/tickets", UriKind.Relative))
        {
            Content = JsonContent.Create(new
            {
                requestTypeId,
                subject = string.Format(CultureInfo.InvariantCulture, Subjects[random.Next(Subjects.Length)], number),
                description = $"Прошу проверить документ № {number} и сообщить, когда будет проведена оплата. Оригиналы направлены курьером, скан во вложении к письму.",
            }),
        };
        if (idempotencyKey)
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        return request;
    }

    public static HttpRequestMessage Get(string path) => new(HttpMethod.Get, new Uri(path, UriKind.Relative));

    /// <summary>How many tickets a list matches (lists count up to a cap, then say "at least"), so the figures say what was listed.</summary>
    public static async Task<(int Total, bool AtLeast)> TotalAsync(Uri baseAddress, Identity who, string path)
    {
        using var http = Auth.Client(baseAddress, who);
        var page = await http.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri(path, UriKind.Relative));
        return (page.GetProperty("total").GetInt32(), page.TryGetProperty("totalIsLowerBound", out var bound) && bound.GetBoolean());
    }
}

internal sealed record Options(int? Tickets, int Duration, int Clients, int WarmUp, bool Keep, string? Out, string? Published, string? Only = null)
{
    public static Options? Parse(string[] args)
    {
        var o = new Options(null, 20, 8, 5, false, null, null);
        for (var i = 0; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            int? Number(int min = 1) => int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min ? v : null;
            switch (args[i])
            {
                case "--tickets" when Number() is { } n: o = o with { Tickets = n }; break;
                case "--duration" when Number() is { } n: o = o with { Duration = n }; break;
                case "--clients" when Number() is { } n: o = o with { Clients = n }; break;
                case "--warmup" when Number(min: 0) is { } n: o = o with { WarmUp = n }; break;
                case "--keep": o = o with { Keep = true }; break;
                case "--out" when Next() is { } f: o = o with { Out = Path.GetFullPath(f) }; break;
                case "--published" when Next() is { } d: o = o with { Published = d }; break;
                case "--only" when Next() is { } n: o = o with { Only = n }; break;
                default: return null;
            }
        }

        return o;
    }
}
