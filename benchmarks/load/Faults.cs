using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OneWindow.Load;

/// <summary>
/// The fault run of issue 10: clients create tickets with an Idempotency-Key and retry on any error while the app is
/// killed with SIGKILL and PostgreSQL is stopped in immediate mode; afterwards every acknowledged create must exist
/// exactly once with its timeline event, clocks and acknowledgement email, no key may be left pending, a replay of every
/// key must give the first answer, and every email must have reached the SMTP receiver once, or twice when a crash fell
/// between the send and its record — never lost, never more.
///
///   dotnet run -c Release --project benchmarks/load -- faults [--clients 8] [--kills 5] [--pg-restarts 2] [--duration 60] [--published dir] [--out file.md] [--keep]
///
/// Exit code: 0 every check holds; 1 a check failed; 2 the setup failed.
/// </summary>
internal static class Faults
{
    private sealed record FaultOptions(int Clients, int Kills, int PgRestarts, int Duration, string? Published, string? Out, bool Keep);

    private sealed record Ack(string Key, Guid TicketId, string Number, int Attempts, object Body);

    private const string Usage = "usage: dotnet run -c Release --project benchmarks/load -- faults [--clients 8] [--kills 5] [--pg-restarts 2] [--duration 60] [--published dir] [--out file.md] [--keep]";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var repoRoot = Repo.FindRoot();
        var work = Directory.CreateTempSubdirectory("onewindow-faults-").FullName;
        File.SetUnixFileMode(work, (UnixFileMode)0b111_101_101);
        var facts = Machine.Describe(repoRoot);
        Console.WriteLine($"Fault run in {work}; {facts.Cores} cores; app commit {facts.Commit}; {options.Clients} clients, {options.Kills} app kills, {options.PgRestarts} PostgreSQL crashes over {options.Duration} s");
        Postgres? pg = null;
        AppProcess? app = null;
        SmtpSink? smtp = null;
        try
        {
            var dll = options.Published is null
                ? await AppProcess.PublishAsync(repoRoot, Path.Combine(work, "app"), readyToRun: false)
                : Path.Combine(Path.GetFullPath(options.Published), "OneWindow.Web.dll");
            pg = await Postgres.StartAsync(work, "128MB");
            pg.Keep = options.Keep;
            await pg.PsqlAsync("postgres", "CREATE DATABASE onewindow");
            smtp = new SmtpSink();
            var port = Postgres.FreePort();
            var env = AppProcess.Environment(pg.ConnectionString("onewindow"), port);
            env["Mail__Smtp__Host"] = "127.0.0.1";
            env["Mail__Smtp__StartTls"] = "None";
            env["Mail__Smtp__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture);
            env["Mail__Smtp__From"] = "desk@onewindow.test";
            env["Mail__Smtp__PollSeconds"] = "1";
            // A message claimed by an instance that was then killed is free again after this lease.
            env["Mail__Smtp__LeaseSeconds"] = "5";
            env["Mail__Smtp__RetryBaseSeconds"] = "1";
            env["Mail__Smtp__MaxAttempts"] = "1000";
            var baseAddress = new Uri($"http://127.0.0.1:{port}");
            var starts = 0;
            async Task<AppProcess> StartAppAsync() =>
                await AppProcess.StartAsync(dll, env, baseAddress, Path.Combine(work, $"app-{starts++}.log"), TimeSpan.FromMinutes(5));

            Console.WriteLine("Starting the app (migrations and demo data on the first start)…");
            app = await StartAppAsync();
            var integration = await Auth.PersonalAccessTokenAsync(baseAddress, "user@sib-agro.demo");
            var type = await Auth.RequestTypeWithoutRequiredFieldsAsync(baseAddress, integration);
            var runId = Guid.NewGuid().ToString("N")[..8];
            Console.WriteLine($"Run {runId}: {integration.Email} creates «{type.Name}» with a personal access token and an Idempotency-Key per ticket.");

            var acks = new ConcurrentBag<Ack>();
            var unacknowledged = new ConcurrentBag<string>();
            var refused = new ConcurrentBag<string>();
            long attemptsTotal = 0;
            long sequence = 0;
            using var stopCreating = new CancellationTokenSource();
            var drainDeadline = TimeSpan.FromSeconds(options.Duration + 240);
            var clock = Stopwatch.StartNew();

            async Task WorkerAsync(int worker)
            {
                using var http = Auth.Client(baseAddress, integration);
                http.Timeout = TimeSpan.FromSeconds(20);
                var random = new Random(worker);
                while (!stopCreating.IsCancellationRequested)
                {
                    var key = Guid.NewGuid().ToString();
                    var n = Interlocked.Increment(ref sequence);
                    var body = new
                    {
                        requestTypeId = type.Id,
                        subject = $"Проверка отказоустойчивости {runId}-{n}",
                        description = $"fault-run {runId} key {key}",
                    };
                    for (var attempt = 1; ; attempt++)
                    {
                        Interlocked.Increment(ref attemptsTotal);
                        try
                        {
                            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/tickets", UriKind.Relative)) { Content = JsonContent.Create(body) };
                            request.Headers.Add("Idempotency-Key", key);
                            using var response = await http.SendAsync(request);
                            if (response.StatusCode == HttpStatusCode.Created)
                            {
                                var summary = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary");
                                acks.Add(new Ack(key, summary.GetProperty("id").GetGuid(), summary.GetProperty("number").GetString()!, attempt, body));
                                break;
                            }

                            if (response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest or HttpStatusCode.Forbidden)
                            {
                                // Never expected: the same body under the same key is the same request.
                                refused.Add($"{key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                                break;
                            }
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException)
                        {
                            // The app is down or the answer was cut: retry with the same key.
                        }

                        if (clock.Elapsed > drainDeadline)
                        {
                            unacknowledged.Add(key);
                            break;
                        }

                        await Task.Delay(100 + random.Next(200));
                    }
                }
            }

            var faults = new List<string>();
            async Task ChaosAsync()
            {
                // Kills and crashes spread evenly over the run, the PostgreSQL crashes among the kills.
                var events = new List<char>();
                for (var i = 0; i < options.Kills; i++)
                {
                    events.Add('K');
                }

                for (var i = 0; i < options.PgRestarts; i++)
                {
                    events.Insert(Math.Min(events.Count, (i + 1) * (options.Kills + 1) / (options.PgRestarts + 1) + i), 'P');
                }

                var spacing = TimeSpan.FromSeconds((double)options.Duration / (events.Count + 1));
                foreach (var e in events)
                {
                    await Task.Delay(spacing);
                    var at = clock.Elapsed.TotalSeconds;
                    if (e == 'K')
                    {
                        await app!.KillAsync();
                        await app.DisposeAsync();
                        var down = Stopwatch.StartNew();
                        app = await StartAppAsync();
                        faults.Add($"{at:F1} s: app killed (SIGKILL), serving again after {down.Elapsed.TotalSeconds:F1} s");
                    }
                    else
                    {
                        await pg.CrashAsync();
                        await Task.Delay(TimeSpan.FromSeconds(2));
                        await pg.RestartAsync();
                        faults.Add($"{at:F1} s: PostgreSQL stopped in immediate mode, started again 2 s later");
                    }

                    Console.WriteLine("  " + faults[^1]);
                }
            }

            var workers = Enumerable.Range(0, options.Clients).Select(WorkerAsync).ToList();
            await ChaosAsync();
            var remaining = TimeSpan.FromSeconds(options.Duration) - clock.Elapsed;
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining);
            }

            await stopCreating.CancelAsync();
            await Task.WhenAll(workers);
            var createSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"Creating stopped after {createSeconds:F0} s: {acks.Count} acknowledged, {unacknowledged.Count} never acknowledged, {attemptsTotal} requests.");

            // The outbox drains: every acknowledgement email sent, the claimed ones of killed instances after their lease.
            var runFilter = $"t.\"Description\" LIKE 'fault-run {runId} key %'";
            var drain = Stopwatch.StartNew();
            long unsent;
            do
            {
                unsent = long.Parse(await pg.PsqlAsync("onewindow",
                    $"SELECT count(*) FROM \"OutboxMessages\" o JOIN \"Tickets\" t ON t.\"Id\" = o.\"TicketId\" WHERE {runFilter} AND o.\"Status\" <> 'Sent'"), CultureInfo.InvariantCulture);
                if (unsent > 0)
                {
                    await Task.Delay(1000);
                }
            }
            while (unsent > 0 && drain.Elapsed < TimeSpan.FromMinutes(3));

            // What the database holds for this run.
            var rows = (await pg.PsqlAsync("onewindow", $"SELECT t.\"Id\" || ' ' || substr(t.\"Description\", length('fault-run {runId} key ') + 1) FROM \"Tickets\" t WHERE {runFilter}"))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).Select(p => (Id: Guid.Parse(p[0]), Key: p[1])).ToList();
            var byKey = rows.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Select(r => r.Id).ToList());
            var ackList = acks.ToList();
            var found = ackList.Count(a => byKey.TryGetValue(a.Key, out var ids) && ids.Contains(a.TicketId));
            var lost = ackList.Count - found;
            var duplicates = byKey.Values.Sum(ids => ids.Count - 1);
            var ackedKeys = ackList.Select(a => a.Key).ToHashSet();
            var strays = byKey.Keys.Count(k => !ackedKeys.Contains(k) && !unacknowledged.Contains(k));
            var unackedWithTicket = unacknowledged.Count(byKey.ContainsKey);
            var retried = ackList.Count(a => a.Attempts > 1);

            async Task<long> CountAsync(string sql) => long.Parse(await pg.PsqlAsync("onewindow", sql), CultureInfo.InvariantCulture);
            var noEvent = await CountAsync($"SELECT count(*) FROM \"Tickets\" t WHERE {runFilter} AND NOT EXISTS (SELECT 1 FROM \"TicketEvents\" e WHERE e.\"TicketId\" = t.\"Id\")");
            var noClock = await CountAsync($"SELECT count(*) FROM \"Tickets\" t WHERE {runFilter} AND NOT EXISTS (SELECT 1 FROM \"TicketClocks\" c WHERE c.\"TicketId\" = t.\"Id\")");
            var noOutbox = await CountAsync($"SELECT count(*) FROM \"Tickets\" t WHERE {runFilter} AND NOT EXISTS (SELECT 1 FROM \"OutboxMessages\" o WHERE o.\"TicketId\" = t.\"Id\")");
            var pending = await CountAsync("SELECT count(*) FROM \"IdempotencyRecords\" WHERE NOT \"Completed\"");

            // Every key replayed: the first answer again, never a new ticket or a 409.
            var replayFailures = new List<string>();
            using (var http = Auth.Client(baseAddress, integration))
            {
                foreach (var a in ackList)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/tickets", UriKind.Relative)) { Content = JsonContent.Create(a.Body) };
                    request.Headers.Add("Idempotency-Key", a.Key);
                    using var response = await http.SendAsync(request);
                    var id = response.StatusCode == HttpStatusCode.Created
                        ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary").GetProperty("id").GetGuid()
                        : Guid.Empty;
                    if (id != a.TicketId || !response.Headers.Contains("Idempotent-Replayed"))
                    {
                        replayFailures.Add($"{a.Key}: {(int)response.StatusCode}, id {id} instead of {a.TicketId}");
                    }
                }
            }

            var ticketsAfterReplay = await CountAsync($"SELECT count(*) FROM \"Tickets\" t WHERE {runFilter}");

            // Emails: each acknowledgement received at least once; twice only where a crash fell between send and record.
            var emails = (await pg.PsqlAsync("onewindow", $"SELECT o.\"MessageId\" FROM \"OutboxMessages\" o JOIN \"Tickets\" t ON t.\"Id\" = o.\"TicketId\" WHERE {runFilter}"))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var emailsLost = emails.Count(m => !smtp.Received.ContainsKey(m));
            var emailsTwice = emails.Count(m => smtp.Received.TryGetValue(m, out var c) && c == 2);
            var emailsMore = emails.Count(m => smtp.Received.TryGetValue(m, out var c) && c > 2);

            var checks = new (string Name, string Value, bool Ok)[]
            {
                ("Acknowledged creates (201)", $"{ackList.Count:N0}", ackList.Count > 0),
                ("… of them after at least one retry", $"{retried:N0}", true),
                ("Requests sent, retries included", $"{attemptsTotal:N0}", true),
                ("Keys never acknowledged (gave up at the deadline)", $"{unacknowledged.Count} ({unackedWithTicket} of them with a ticket)", unacknowledged.IsEmpty),
                ("Refused requests (400/403/422)", $"{refused.Count}", refused.IsEmpty),
                ("Tickets found for acknowledged creates", $"{found:N0}", found == ackList.Count),
                ("Lost (acknowledged, not in the database)", $"{lost}", lost == 0),
                ("Duplicates (a second ticket for one key)", $"{duplicates}", duplicates == 0),
                ("Stray tickets (for a key nobody was told of)", $"{strays}", strays == 0),
                ("Tickets without their timeline event", $"{noEvent}", noEvent == 0),
                ("Tickets without SLA clocks", $"{noClock}", noClock == 0),
                ("Tickets without their acknowledgement email in the outbox", $"{noOutbox}", noOutbox == 0),
                ("Idempotency keys left pending", $"{pending}", pending == 0),
                ("Replays of every key that did not return the first ticket", $"{replayFailures.Count}", replayFailures.Count == 0),
                ("Tickets after replaying every key", $"{ticketsAfterReplay:N0}", ticketsAfterReplay == rows.Count),
                ("Emails queued for the run's tickets", $"{emails.Length:N0}", emails.Length > 0),
                ("… not sent 3 minutes after the run", $"{unsent}", unsent == 0),
                ("… never received by the SMTP server (lost)", $"{emailsLost}", emailsLost == 0),
                ("… received twice (a crash between send and record)", $"{emailsTwice}", true),
                ("… received more than twice", $"{emailsMore}", emailsMore == 0),
                ("Faults injected", $"{faults.Count} of {options.Kills + options.PgRestarts}", faults.Count == options.Kills + options.PgRestarts),
            };

            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"#### Fault run, {TimeProvider.System.GetUtcNow():yyyy-MM-dd} ({facts.Cores} cores, {facts.Cpu}; app commit {facts.Commit})");
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project benchmarks/load -- faults --clients {options.Clients} --kills {options.Kills} --pg-restarts {options.PgRestarts} --duration {options.Duration}`: " +
                $"{options.Clients} clients created tickets for {createSeconds:F0} s with an Idempotency-Key each, retrying on any error; PostgreSQL with fsync on.");
            report.AppendLine();
            foreach (var f in faults)
            {
                report.AppendLine("- " + f);
            }

            report.AppendLine();
            report.AppendLine("| Check | Result | |");
            report.AppendLine("|---|---|---|");
            foreach (var (name, value, ok) in checks)
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} | {(ok ? "ok" : "**FAILED**")} |");
            }

            Console.WriteLine();
            Console.WriteLine(report);
            foreach (var detail in refused.Take(5).Concat(replayFailures.Take(5)))
            {
                Console.WriteLine("  " + detail);
            }

            if (options.Out is not null)
            {
                await File.WriteAllTextAsync(options.Out, report.ToString());
            }

            var failed = checks.Where(c => !c.Ok).ToList();
            if (failed.Count > 0)
            {
                Console.Error.WriteLine("FAILED: " + string.Join("; ", failed.Select(f => $"{f.Name}: {f.Value}")));
                Console.Error.WriteLine($"The app's logs are in {work} (kept).");
                options = options with { Keep = true };
                return 1;
            }

            Console.WriteLine("Fault run passed.");
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or IOException or AppFailedException)
        {
            Console.Error.WriteLine("Setup failed: " + e.Message);
            if (app is not null)
            {
                Console.Error.WriteLine("The app's log ends:\n" + app.LogTail(30));
            }

            options = options with { Keep = true };
            return 2;
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            if (smtp is not null)
            {
                await smtp.DisposeAsync();
            }

            if (pg is not null)
            {
                pg.Keep = false;
                await pg.DisposeAsync();
            }

            if (!options.Keep)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static FaultOptions? Parse(string[] args)
    {
        var o = new FaultOptions(8, 5, 2, 60, null, null, false);
        for (var i = 0; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            int? Number(int min) => int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min ? v : null;
            switch (args[i])
            {
                case "--clients" when Number(1) is { } n: o = o with { Clients = n }; break;
                case "--kills" when Number(0) is { } n: o = o with { Kills = n }; break;
                case "--pg-restarts" when Number(0) is { } n: o = o with { PgRestarts = n }; break;
                case "--duration" when Number(5) is { } n: o = o with { Duration = n }; break;
                case "--published" when Next() is { } d: o = o with { Published = d }; break;
                case "--out" when Next() is { } f: o = o with { Out = Path.GetFullPath(f) }; break;
                case "--keep": o = o with { Keep = true }; break;
                default: return null;
            }
        }

        return o;
    }
}
