using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OneWindow.Web.Data;

/// <summary>
/// Runs what a context queued with <see cref="AppDbContext.AfterCommit"/> once its transaction has committed, and drops
/// it on a rollback: what others are told about (live pages on every instance) is only ever committed data.
/// </summary>
internal sealed class AfterCommitInterceptor : DbTransactionInterceptor
{
    public static readonly AfterCommitInterceptor Instance = new();

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => (eventData.Context as AppDbContext)?.RunAfterCommit();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as AppDbContext)?.RunAfterCommit();
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => (eventData.Context as AppDbContext)?.DropAfterCommit();

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as AppDbContext)?.DropAfterCommit();
        return Task.CompletedTask;
    }
}
