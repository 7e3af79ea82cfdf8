using System.Globalization;
using System.Text;

namespace OneWindow.Load;

/// <summary>What the figures depend on: the machine, how busy it was, and which code was measured.</summary>
internal sealed record Machine(DateTimeOffset At, int Cores, string Cpu, double MemoryGiB, double LoadBefore, double LoadAfter, string Commit)
{
    public static Machine Describe(string repoRoot)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return new Machine(TimeProvider.System.GetUtcNow(), Environment.ProcessorCount, cpu, long.Parse(memKb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0,
            Runner.LoadAverage(), double.NaN, CommitOf(repoRoot));
    }

    /// <summary>The commit, marked dirty when the app's sources differ from it, since then the figures are not that commit's.</summary>
    private static string CommitOf(string repoRoot)
    {
        // The last commit that changed the app, so a run from a branch that only adds scripts names the code it measured.
        var sha = Shell.RunAsync("git", ["-C", repoRoot, "log", "-1", "--format=%h", "--", "src"]).GetAwaiter().GetResult();
        if (sha.ExitCode != 0)
        {
            return "unknown";
        }

        var dirty = Shell.RunAsync("git", ["-C", repoRoot, "status", "--porcelain", "--", "src"]).GetAwaiter().GetResult();
        return sha.Output.Trim() + (dirty.Output.Trim().Length > 0 ? " (src modified)" : "");
    }
}

internal static class Report
{
    public static string Markdown(Machine m, Options o, string pgVersion, PgbenchResult pgbench, PgbenchResult? ceiling, string? seeded, string people,
        long ticketsBefore, long ticketsForReads, long ticketsAfter, long rssIdle, IReadOnlyList<ScenarioResult> results, IReadOnlyDictionary<string, string> notes)
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(c, $"### Load run {m.At:yyyy-MM-dd HH:mm} UTC, app at commit {m.Commit}");
        s.AppendLine();
        s.AppendLine(c, $"- Machine: {m.Cores} cores (`nproc`), {m.Cpu}, {m.MemoryGiB:F1} GiB; 1-minute load average {m.LoadBefore:F2} before the run, {m.LoadAfter:F2} after (the load client, the app and PostgreSQL share these cores).");
        s.AppendLine(c, $"- PostgreSQL {pgVersion} on the same machine: `jit=off`, `shared_buffers=256MB`, `max_connections=300`, fsync and synchronous_commit on.");
        s.AppendLine(c, $"- App: {(o.Published is null ? "`dotnet publish -c Release -r linux-x64 -p:PublishReadyToRun=true`" : $"published in `{o.Published}`")}, Production environment, background jobs on, rate limits raised; {o.Clients} clients with kept-alive connections, each scenario {o.Duration} s after a {o.WarmUp} s warm-up.");
        s.AppendLine(c, $"- Who: {people}.");
        if (seeded is not null)
        {
            s.AppendLine(c, $"- {seeded}.");
        }

        s.AppendLine(c, $"- Tickets in the database: {ticketsBefore:N0} before the creates, {ticketsForReads:N0} during the reads, {ticketsAfter:N0} at the end. Idle app RSS {Mb(rssIdle)} MB.");
        var latency = pgbench.LatencyAverageMs is { } lat ? string.Create(c, $", average latency {lat:F1} ms") : "";
        var failed = pgbench.Failed > 0 ? $", {pgbench.Failed} failed" : "";
        s.AppendLine(c, $"- pgbench reference (ticket + event + audit + outbox inserts in one transaction, `-c {pgbench.Clients} -j {pgbench.Threads} -T {o.Duration}`): **{pgbench.Tps:N0} tps**{latency}{failed}.");
        if (ceiling is not null)
        {
            s.AppendLine(c, $"- PostgreSQL's own ceiling for a create (pgbench writing exactly one API create's rows — ticket with its {ceiling.Indexes} indexes and search vectors, audit, timeline events, watchers, clocks, clock events — into the app's schema, one transaction per ticket, no app, `-c {ceiling.Clients} -j {ceiling.Threads} -T {o.Duration}`, run while the app idles, copies deleted afterwards): **{ceiling.Tps:N0} tps**{(ceiling.LatencyAverageMs is { } cl ? string.Create(c, $", average latency {cl:F1} ms") : "")}.");
        }

        s.AppendLine();
        s.AppendLine("| Scenario | Requests | 2xx/s | p50 ms | p95 ms | p99 ms | Non-2xx | RSS peak MB | RSS end MB | Load 1m | Notes |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            var errors = r.Failed == 0 ? "0" : $"**{r.Failed}** ({string.Join(", ", r.Errors.Select(e => $"{e.Key}×{e.Value}"))})";
            s.AppendLine(c, $"| {r.Name} | {r.Requests:N0} | {r.OkPerSecond:N1} | {r.P50:F1} | {r.P95:F1} | {r.P99:F1} | {errors} | {Mb(r.RssPeak)} | {Mb(r.RssEnd)} | {r.LoadAverage:F1} | {notes.GetValueOrDefault(r.Name, "")} |");
        }

        s.AppendLine();
        foreach (var r in results.Where(r => r.Name.StartsWith("Create", StringComparison.Ordinal)))
        {
            var ofCeiling = ceiling is null ? "" : string.Create(c, $"; {100 * r.OkPerSecond / ceiling.Tps:F0} % of the database's ceiling for a create ({ceiling.Tps:N0} tps)");
            s.AppendLine(c, $"- {r.Name}: {r.OkPerSecond:N1} tickets/s = **{100 * r.OkPerSecond / pgbench.Tps:F1} %** of pgbench's {pgbench.Tps:N0} tps{ofCeiling}.");
        }

        foreach (var r in results.Where(r => r.FirstError is not null))
        {
            s.AppendLine(c, $"- First error in «{r.Name}»: `{r.FirstError!.ReplaceLineEndings(" ").Replace("`", "'", StringComparison.Ordinal)}`");
        }

        s.AppendLine();
        s.AppendLine("Latency percentiles and 2xx/s count answered requests with a 2xx status only; every other answer or failed connection is in Non-2xx.");
        return s.ToString();
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture);
}
