using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace OneWindow.Load;

/// <summary>
/// A throwaway PostgreSQL cluster on 127.0.0.1 with normal durability (fsync and synchronous commit on: this is a
/// benchmark of what production would do, unlike the test suite's cluster), and the pgbench reference transaction.
/// </summary>
internal sealed partial class Postgres : IAsyncDisposable
{
    private readonly string bin;
    private readonly string dataDir;
    private string serverOptions = "";
    private bool started;

    private Postgres(string bin, string dataDir, int port)
    {
        this.bin = bin;
        this.dataDir = dataDir;
        Port = port;
    }

    public int Port { get; }

    public bool Keep { get; set; }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    /// <summary>The highest installed major version, as test.sh picks it.</summary>
    public static string FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault() ?? throw new InvalidOperationException("No PostgreSQL under /usr/lib/postgresql/*/bin (apt-get install postgresql).")
            : throw new InvalidOperationException("No /usr/lib/postgresql (apt-get install postgresql).");

    public static async Task<Postgres> StartAsync(string workDir, string sharedBuffers)
    {
        var bin = FindBin();
        var dataDir = Path.Combine(workDir, "pg");
        Directory.CreateDirectory(dataDir);
        if (Shell.IsRoot)
        {
            await Shell.CheckedAsync("chown", ["-R", Shell.ServerUser, dataDir]);
        }

        var pg = new Postgres(bin, dataDir, FreePort());
        await Shell.CheckedAsync(Path.Combine(bin, "initdb"), ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"], asServerUser: true);
        var options = string.Join(' ',
            "-c listen_addresses=127.0.0.1", $"-p {pg.Port}", $"-k {dataDir}",
            // jit off as docs/benchmarks.md recommends for OLTP; room for the app's pool, pgbench and psql.
            "-c jit=off", $"-c shared_buffers={sharedBuffers}", "-c max_connections=300");
        pg.serverOptions = options;
        await pg.StartServerAsync();
        return pg;
    }

    private async Task StartServerAsync()
    {
        await Shell.CheckedAsync(Path.Combine(bin, "pg_ctl"), ["-D", dataDir, "-o", serverOptions, "-l", Path.Combine(dataDir, "server.log"), "-w", "-t", "120", "start"],
            asServerUser: true, timeout: TimeSpan.FromMinutes(3));
        started = true;
    }

    /// <summary>Stops the server the way a power cut would (immediate mode: no checkpoint, recovery from the WAL at the next start).</summary>
    public async Task CrashAsync()
    {
        await Shell.CheckedAsync(Path.Combine(bin, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "stop"], asServerUser: true, timeout: TimeSpan.FromMinutes(2));
        started = false;
    }

    /// <summary>Starts the server again after <see cref="CrashAsync"/>, on the same port.</summary>
    public Task RestartAsync() => StartServerAsync();

    public async Task<string> PsqlAsync(string database, string sql) =>
        (await Shell.CheckedAsync(Path.Combine(bin, "psql"), ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", database,
            "-v", "ON_ERROR_STOP=1", "-X", "-q", "-t", "-A", "-c", sql])).Trim();

    public async Task<string> VersionAsync() => await PsqlAsync("postgres", "SHOW server_version");

    /// <summary>
    /// The reference: what the database alone does for a ticket-like transaction — the ticket (with the company/created
    /// index the app's lists use), its first timeline event, an audit row and an outbox message, committed together.
    /// </summary>
    public async Task<PgbenchResult> RunPgbenchAsync(string workDir, int clients, int seconds)
    {
        const string Database = "pgbench_ref";
        await PsqlAsync("postgres", $"CREATE DATABASE {Database}");
        await PsqlAsync(Database, """
            CREATE SEQUENCE ticket_number;
            CREATE TABLE ticket (
                id uuid PRIMARY KEY, company_id uuid NOT NULL, number text NOT NULL, subject text NOT NULL,
                description text NOT NULL, status smallint NOT NULL, priority smallint NOT NULL,
                created_at timestamptz NOT NULL, last_activity_at timestamptz NOT NULL);
            CREATE INDEX ix_ticket_company_created ON ticket (company_id, created_at);
            CREATE TABLE ticket_event (
                id bigserial PRIMARY KEY, ticket_id uuid NOT NULL, company_id uuid NOT NULL, kind smallint NOT NULL,
                at timestamptz NOT NULL, actor_name text, is_public boolean NOT NULL, data jsonb NOT NULL);
            CREATE TABLE audit_entry (
                id bigserial PRIMARY KEY, at timestamptz NOT NULL, actor_id uuid, actor_name text, entity_type text NOT NULL,
                entity_id text NOT NULL, action text NOT NULL, trace_id text, changes jsonb NOT NULL);
            CREATE TABLE outbox_message (
                id uuid PRIMARY KEY, kind text NOT NULL, ticket_id uuid, recipient text NOT NULL, created_at timestamptz NOT NULL,
                attempts int NOT NULL DEFAULT 0, sent_at timestamptz, payload text NOT NULL);
            """);
        // Twenty fixed companies: md5 of a small number is a stable uuid, so no lookup is needed per transaction.
        var script = Path.Combine(workDir, "ticket-intake.sql");
        await File.WriteAllTextAsync(script, """
            \set c random(1, 20)
            BEGIN;
            INSERT INTO ticket (id, company_id, number, subject, description, status, priority, created_at, last_activity_at)
              VALUES (gen_random_uuid(), md5('company' || :c)::uuid, 'OW-2026-' || lpad(nextval('ticket_number')::text, 6, '0'),
                      'Оплата счёта ООО «Северный поток»', 'Просим оплатить счёт № 1234 от 01.12.2026 до конца недели, оригинал направлен почтой.',
                      0, 1, now(), now())
              RETURNING id AS tid \gset
            INSERT INTO ticket_event (ticket_id, company_id, kind, at, actor_name, is_public, data)
              VALUES (':tid', md5('company' || :c)::uuid, 0, now(), 'Сергей Иванов', true, '{"channel":"Portal","requestType":"Оплата счёта"}');
            INSERT INTO audit_entry (at, actor_id, actor_name, entity_type, entity_id, action, trace_id, changes)
              VALUES (now(), md5('person' || :c)::uuid, 'Сергей Иванов', 'Ticket', ':tid', 'Created', md5(random()::text),
                      '{"subject":{"new":"Оплата счёта ООО «Северный поток»"},"status":{"new":"New"},"priority":{"new":"Normal"},"channel":{"new":"Portal"}}');
            INSERT INTO outbox_message (id, kind, ticket_id, recipient, created_at, payload)
              VALUES (gen_random_uuid(), 'TicketCreated', ':tid', 'user@ural-mining.demo', now(),
                      '{"subject":"Заявка зарегистрирована","body":"Ваша заявка принята в работу, номер будет в теме письма."}');
            END;
            """.Replace("\r", "", StringComparison.Ordinal));
        var threads = Math.Min(clients, Environment.ProcessorCount);
        var output = await Shell.CheckedAsync(Path.Combine(bin, "pgbench"),
            ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-n", "-c", clients.ToString(CultureInfo.InvariantCulture),
             "-j", threads.ToString(CultureInfo.InvariantCulture), "-T", seconds.ToString(CultureInfo.InvariantCulture), "-f", script, Database],
            timeout: TimeSpan.FromSeconds(seconds + 120));
        var tps = TpsLine().Match(output);
        var latency = LatencyLine().Match(output);
        var failed = FailedLine().Match(output);
        if (!tps.Success)
        {
            throw new InvalidOperationException("pgbench printed no tps line:\n" + output);
        }

        var rows = await PsqlAsync(Database, "SELECT count(*) FROM ticket");
        return new PgbenchResult(
            double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture),
            latency.Success ? double.Parse(latency.Groups[1].Value, CultureInfo.InvariantCulture) : null,
            failed.Success ? long.Parse(failed.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            long.Parse(rows, CultureInfo.InvariantCulture), clients, threads);
    }

    public async ValueTask DisposeAsync()
    {
        if (!started || Keep)
        {
            return;
        }

        started = false;
        await Shell.RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", dataDir, "-m", "fast", "-w", "stop"], asServerUser: true, timeout: TimeSpan.FromMinutes(2));
    }

    /// <summary>A port nothing listens on now, chosen by the kernel.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex LatencyLine();

    [GeneratedRegex(@"number of failed transactions: (\d+)")]
    private static partial Regex FailedLine();
}

internal sealed record PgbenchResult(double Tps, double? LatencyAverageMs, long Failed, long Rows, int Clients, int Threads);
