using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace OneWindow.Web.Data;

/// <summary>
/// A transaction that nests. The outermost unit begins the database transaction; a unit begun inside one — a write
/// behind an Idempotency-Key runs wholly inside the filter's transaction — is a savepoint, so its own rollback undoes
/// only its part and its commit leaves the outcome to the outer unit.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly IDbContextTransaction transaction;
    private readonly string? savepoint;
    private bool finished;

    private UnitOfWork(IDbContextTransaction transaction, string? savepoint)
    {
        this.transaction = transaction;
        this.savepoint = savepoint;
    }

    /// <summary>True when this unit began the database transaction (its commit is the real one).</summary>
    public bool IsOutermost => savepoint is null;

    public static async Task<UnitOfWork> BeginAsync(DatabaseFacade database, CancellationToken ct)
    {
        if (database.CurrentTransaction is { } current)
        {
            var name = "ow_unit_" + Guid.NewGuid().ToString("N")[..12];
            await current.CreateSavepointAsync(name, ct);
            return new UnitOfWork(current, name);
        }

        return new UnitOfWork(await database.BeginTransactionAsync(ct), null);
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        finished = true;
        if (savepoint is null)
        {
            await transaction.CommitAsync(ct);
        }
        else
        {
            await transaction.ReleaseSavepointAsync(savepoint, ct);
        }
    }

    public async Task RollbackAsync(CancellationToken ct)
    {
        finished = true;
        if (savepoint is null)
        {
            await transaction.RollbackAsync(ct);
        }
        else
        {
            await transaction.RollbackToSavepointAsync(savepoint, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (savepoint is null)
        {
            // Disposing an uncommitted transaction rolls it back.
            await transaction.DisposeAsync();
            return;
        }

        if (!finished)
        {
            try
            {
                await transaction.RollbackToSavepointAsync(savepoint);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                // The connection broke under the inner unit: the outer transaction is lost anyway and rolls back with it.
            }
        }
    }
}

public static class UnitOfWorkExtensions
{
    /// <summary>Begins a unit of work: a transaction, or a savepoint inside the one already running.</summary>
    public static Task<UnitOfWork> BeginUnitOfWorkAsync(this DatabaseFacade database, CancellationToken ct) => UnitOfWork.BeginAsync(database, ct);
}
