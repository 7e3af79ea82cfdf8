namespace OneWindow.Web.Features.Tickets;

/// <summary>
/// Lets a feature that keeps rows of its own for every ticket (ServiceLevels: the SLA/OLA clocks) fill them in for the
/// tickets <see cref="BulkSeed"/> generates. The seed saves without the features' save reactions — one ticket at a time
/// would take hours for a million — so each such feature computes in memory, per batch, the rows its reaction would
/// have written for the same histories.
/// </summary>
[FeatureSeam]
public interface ISeededTicketRows
{
    /// <summary>Reads once, on the seed's own system-scoped context, what the rows are computed from (agreements, calendars).</summary>
    Task<ISeededTicketRowPlanner> PrepareAsync(AppDbContext db, CancellationToken ct);
}

/// <summary>Computes a feature's rows for batches of generated tickets; see <see cref="ISeededTicketRows"/>.</summary>
[FeatureSeam]
public interface ISeededTicketRowPlanner
{
    /// <summary>
    /// The rows for a batch of generated tickets, each with its whole history in <see cref="Ticket.Events"/>, as the
    /// feature would hold them at <paramref name="now"/>: groups of one entity type each, in the order they must be
    /// inserted. Identity keys that a later group refers to are taken from <paramref name="keys"/>, so the seed can copy
    /// the rows as they are, without reading keys back.
    /// </summary>
    Task<IReadOnlyList<IReadOnlyList<object>>> RowsForAsync(IReadOnlyList<Ticket> tickets, DateTimeOffset now, SeedKeys keys, CancellationToken ct);

    /// <summary>Called once every batch has been written, so the feature can drop what it derived from the data before.</summary>
    Task SeededAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>
/// Sets aside blocks of a table's identity keys for rows the seed inserts with their keys already set; whatever else
/// inserts meanwhile (the running app) gets other keys.
/// </summary>
[FeatureSeam]
public sealed class SeedKeys
{
    private readonly AppDbContext db;

    internal SeedKeys(AppDbContext db) => this.db = db;

    /// <summary><paramref name="count"/> unused keys of <typeparamref name="T"/>'s table; unique, not necessarily contiguous.</summary>
    public async Task<long[]> TakeAsync<T>(int count, CancellationToken ct)
        where T : class
    {
        if (count == 0)
        {
            return [];
        }

        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity.");
        var table = entity.GetTableName()!;
        var key = entity.FindPrimaryKey()!.Properties.Single().GetColumnName();
        // The names come from the EF model, never from input.
#pragma warning disable EF1002
        if (db.Provider == DatabaseProvider.Postgres)
        {
            // nextval neither waits for nor rolls back with anyone's transaction: the keys are ours however the batch ends.
            return [.. await db.Database.SqlQueryRaw<long>(
                $"""SELECT nextval(pg_get_serial_sequence('"{table}"', '{key}')) AS "Value" FROM generate_series(1, {count})""").ToListAsync(ct)];
        }

        // SQLite's AUTOINCREMENT numbers after the larger of the table's sqlite_sequence entry and its largest key, so raising
        // the entry in one write transaction sets the block aside for us.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO sqlite_sequence (name, seq) SELECT '{table}', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '{table}')", ct);
        await db.Database.ExecuteSqlRawAsync(
            $"""UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max("{key}"), 0) FROM "{table}")) + {count} WHERE name = '{table}'""", ct);
        var last = await db.Database.SqlQueryRaw<long>($"""SELECT seq AS "Value" FROM sqlite_sequence WHERE name = '{table}'""").SingleAsync(ct);
#pragma warning restore EF1002
        await transaction.CommitAsync(ct);
        return [.. Enumerable.Range(1, count).Select(i => last - count + i)];
    }
}
