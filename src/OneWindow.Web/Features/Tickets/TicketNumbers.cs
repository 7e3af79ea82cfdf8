using System.Collections.Concurrent;
using Npgsql;

namespace OneWindow.Web.Features.Tickets;

/// <summary>
/// Allocates ticket numbers, per year, without optimistic retries.
/// <para>PostgreSQL: one database sequence per year (<c>ticket_number_2026</c>). <c>nextval</c> never waits for another
/// transaction, so concurrent intake does not queue on a row lock; the price is that a create which fails after taking its
/// number (a database error on the insert — validation happens before) leaves a gap, as sequences do.</para>
/// <para>SQLite: the year's <see cref="TicketSequence"/> row, bumped by one atomic upsert … RETURNING inside the ticket's
/// own transaction. SQLite has one writer at a time, so nothing queues behind the row, and a rolled-back create gives its
/// number back: no gaps.</para>
/// </summary>
public sealed class TicketNumbers(AppDbContext db)
{
    // Sequences known to exist, per database and year: creating one is a round-trip worth doing once per process.
    private static readonly ConcurrentDictionary<(string Database, int Year), bool> Ready = new();

    /// <summary>True where the number must be taken inside an explicit transaction to be given back on failure (SQLite).</summary>
    public bool NeedsTransaction => db.Provider == DatabaseProvider.Sqlite;

    /// <summary>The next number of <paramref name="year"/>; call it as late as possible before the ticket's insert.</summary>
    public async Task<string> NextAsync(int year, CancellationToken ct) =>
        TicketNumber.Format(TicketNumber.DefaultPrefix, year, (await ReserveAsync(year, 1, ct))[0]);

    /// <summary>Reserves <paramref name="count"/> numbers of a year at once (bulk generation): unique, ascending, not necessarily contiguous.</summary>
    public async Task<IReadOnlyList<long>> ReserveAsync(int year, int count, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (db.Provider == DatabaseProvider.Postgres)
        {
            var sequence = await EnsureSequenceAsync(year, ct);
            // The name comes from an int, never from input.
#pragma warning disable EF1002
            return count == 1
                ? [await db.Database.SqlQueryRaw<long>($"SELECT nextval('{sequence}') AS \"Value\"").SingleAsync(ct)]
                : await db.Database.SqlQueryRaw<long>($"SELECT nextval('{sequence}') AS \"Value\" FROM generate_series(1, {count})").OrderBy(v => v).ToListAsync(ct);
#pragma warning restore EF1002
        }

        var first = await db.Database.SqlQuery<long>(
            $"""INSERT INTO "TicketSequences" ("Year", "Next", "Version") VALUES ({year}, {count + 1}, 1) ON CONFLICT ("Year") DO UPDATE SET "Next" = "Next" + {count}, "Version" = "Version" + 1 RETURNING "Next" - {count} AS "Value" """)
            .ToListAsync(ct);
        return [.. Enumerable.Range(0, count).Select(i => first[0] + i)];
    }

    private async Task<string> EnsureSequenceAsync(int year, CancellationToken ct)
    {
        var name = $"ticket_number_{year}";
        var connectionString = db.Database.GetConnectionString()!;
        var key = (new NpgsqlConnectionStringBuilder(connectionString) { Password = null }.ToString(), year);
        if (Ready.ContainsKey(key))
        {
            return name;
        }

        // Created on a connection of its own, outside any transaction of the caller: concurrent first creates race on
        // the catalog, and the loser's error must not abort the ticket's transaction. It starts where the year's row
        // (demo data, installations numbered before the sequence existed) left off; once it exists, nothing moves it.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var read = new NpgsqlCommand($"""SELECT "Next" FROM "TicketSequences" WHERE "Year" = {year}""", connection);
        var start = await read.ExecuteScalarAsync(ct) is long next ? Math.Max(next, 1) : 1;
        await using var create = new NpgsqlCommand($"CREATE SEQUENCE IF NOT EXISTS {name} START WITH {start}", connection);
        try
        {
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
        {
            // Another instance created it at the same moment: it exists now, which is all that matters.
        }

        Ready[key] = true;
        return name;
    }
}
