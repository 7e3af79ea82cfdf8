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
        var (tps, latency, failed, threads) = await PgbenchAsync(script, Database, clients, seconds);
        var rows = await PsqlAsync(Database, "SELECT count(*) FROM ticket");
        return new PgbenchResult(tps, latency, failed, long.Parse(rows, CultureInfo.InvariantCulture), clients, threads);
    }

    /// <summary>
    /// The database's own ceiling for intake: pgbench writing exactly the rows one API create writes (the ticket with all
    /// its indexes and search vectors, audit entry, timeline events, watchers, clocks and clock events), copied from a
    /// ticket the app created, into the app's real schema, one transaction per ticket — no app, no HTTP, no ORM. Its
    /// copies are deleted afterwards so the reads see the same data.
    /// </summary>
    public async Task<PgbenchResult?> RunCreateCeilingAsync(string workDir, string database, int clients, int seconds)
    {
        // The newest ticket that has clocks: with the create scenarios run, one the portal user just filed.
        var template = await PsqlAsync(database, """
            SELECT t."Id" FROM "Tickets" t WHERE EXISTS (SELECT 1 FROM "TicketClocks" c WHERE c."TicketId" = t."Id")
              AND EXISTS (SELECT 1 FROM "AuditLog" a WHERE a."EntityId" = t."Id"::text)
            ORDER BY t."CreatedAt" DESC LIMIT 1
            """);
        if (!Guid.TryParse(template, out var t))
        {
            return null;
        }

        var sequence = await PsqlAsync(database, "SELECT sequencename FROM pg_sequences WHERE sequencename LIKE 'ticket_number_%' ORDER BY sequencename DESC LIMIT 1");
        var script = Path.Combine(workDir, "create-ceiling.sql");
        await File.WriteAllTextAsync(script, $$"""
            BEGIN;
            SELECT nextval('{{sequence}}') AS n \gset
            INSERT INTO "Tickets" ("Id", "Number", "CompanyId", "ServiceId", "RequestTypeId", "Subject", "Description", "Channel", "Priority", "Status",
                "TeamId", "AssigneeId", "RequesterId", "CreatedById", "FieldValues", "Tags", "TrackingToken", "LastActivityAt", "Version", "CreatedAt", "UpdatedAt",
                "SlaBreachAt", "SlaDueAt")
              SELECT gen_random_uuid(), 'CEILING-' || :n, "CompanyId", "ServiceId", "RequestTypeId", "Subject", "Description", "Channel", "Priority", "Status",
                "TeamId", "AssigneeId", "RequesterId", "CreatedById", "FieldValues", "Tags", md5(random()::text) || md5(random()::text), now(), 1, now(), now(),
                "SlaBreachAt", "SlaDueAt"
              FROM "Tickets" WHERE "Id" = '{{t}}'
              RETURNING "Id" AS tid \gset
            INSERT INTO "AuditLog" ("At", "ActorId", "ActorName", "EntityType", "EntityId", "Action", "Changes", "CompanyId", "TraceId")
              SELECT now(), "ActorId", "ActorName", "EntityType", ':tid', "Action", "Changes", "CompanyId", md5(random()::text)
              FROM "AuditLog" WHERE "EntityId" = '{{t}}' ORDER BY "Id" LIMIT 1;
            INSERT INTO "TicketEvents" ("TicketId", "CompanyId", "At", "ActorId", "ActorName", "Kind", "FromStatus", "ToStatus", "Data", "IsPublic")
              SELECT ':tid'::uuid, "CompanyId", now(), "ActorId", "ActorName", "Kind", "FromStatus", "ToStatus", "Data", "IsPublic"
              FROM "TicketEvents" WHERE "TicketId" = '{{t}}';
            INSERT INTO "TicketWatchers" ("TicketId", "CompanyId", "UserId", "Reason")
              SELECT ':tid'::uuid, "CompanyId", "UserId", "Reason" FROM "TicketWatchers" WHERE "TicketId" = '{{t}}';
            WITH clocks AS (
              INSERT INTO "TicketClocks" ("TicketId", "CompanyId", "ServiceId", "MetricId", "VersionId", "CalendarId", "Side", "Timer", "Priority", "Episode",
                  "TargetMinutes", "State", "ElapsedSeconds", "StartedAt", "DueAt", "BreachedAt", "StoppedAt", "NextAlertAt", "ComputedAt")
                SELECT ':tid'::uuid, "CompanyId", "ServiceId", "MetricId", "VersionId", "CalendarId", "Side", "Timer", "Priority", "Episode",
                  "TargetMinutes", "State", "ElapsedSeconds", now(), "DueAt", "BreachedAt", "StoppedAt", "NextAlertAt", now()
                FROM "TicketClocks" WHERE "TicketId" = '{{t}}'
                RETURNING "Id", "CompanyId")
            INSERT INTO "TicketClockEvents" ("ClockId", "CompanyId", "At", "Kind", "Percent", "TeamId")
              SELECT "Id", "CompanyId", now(), 'Started', 0, NULL FROM clocks;
            COMMIT;
            """.Replace("\r", "", StringComparison.Ordinal));
        var (tps, latency, failed, threads) = await PgbenchAsync(script, database, clients, seconds);
        var rows = await PsqlAsync(database, "SELECT count(*) FROM \"Tickets\" WHERE \"Number\" LIKE 'CEILING-%'");
        var indexes = await PsqlAsync(database, "SELECT count(*) FROM pg_indexes WHERE tablename = 'Tickets'");
        await PsqlAsync(database, """
            CREATE TEMP TABLE ceiling AS SELECT "Id" FROM "Tickets" WHERE "Number" LIKE 'CEILING-%';
            DELETE FROM "TicketClockEvents" e USING "TicketClocks" c WHERE e."ClockId" = c."Id" AND c."TicketId" IN (SELECT "Id" FROM ceiling);
            DELETE FROM "TicketClocks" WHERE "TicketId" IN (SELECT "Id" FROM ceiling);
            DELETE FROM "TicketWatchers" WHERE "TicketId" IN (SELECT "Id" FROM ceiling);
            DELETE FROM "TicketEvents" WHERE "TicketId" IN (SELECT "Id" FROM ceiling);
            DELETE FROM "AuditLog" WHERE "EntityType" = 'Ticket' AND "EntityId" IN (SELECT "Id"::text FROM ceiling);
            DELETE FROM "Tickets" WHERE "Id" IN (SELECT "Id" FROM ceiling);
            """);
        await PsqlAsync(database, "VACUUM (ANALYZE) \"Tickets\", \"TicketClocks\", \"TicketEvents\"");
        return new PgbenchResult(tps, latency, failed, long.Parse(rows, CultureInfo.InvariantCulture), clients, threads, int.Parse(indexes, CultureInfo.InvariantCulture));
    }

    private async Task<(double Tps, double? LatencyMs, long Failed, int Threads)> PgbenchAsync(string script, string database, int clients, int seconds)
    {
        var threads = Math.Min(clients, Environment.ProcessorCount);
        var output = await Shell.CheckedAsync(Path.Combine(bin, "pgbench"),
            ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-n", "-c", clients.ToString(CultureInfo.InvariantCulture),
             "-j", threads.ToString(CultureInfo.InvariantCulture), "-T", seconds.ToString(CultureInfo.InvariantCulture), "-f", script, database],
            timeout: TimeSpan.FromSeconds(seconds + 120));
        var tps = TpsLine().Match(output);
        var latency = LatencyLine().Match(output);
        var failed = FailedLine().Match(output);
        if (!tps.Success)
        {
            throw new InvalidOperationException("pgbench printed no tps line:\n" + output);
        }

        return (double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture),
            latency.Success ? double.Parse(latency.Groups[1].Value, CultureInfo.InvariantCulture) : null,
            failed.Success ? long.Parse(failed.Groups[1].Value, CultureInfo.InvariantCulture) : 0, threads);
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

internal sealed record PgbenchResult(double Tps, double? LatencyAverageMs, long Failed, long Rows, int Clients, int Threads, int Indexes = 0);
