using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace OneWindow.Web.Data;

/// <summary>
/// A feature's reaction to the changes of a save — in-app notifications for new ticket events, SLA/OLA clocks that
/// follow a ticket's history, the audit log — registered by that feature in DI and run by <see cref="AppDbContext"/>
/// for every save, synchronous or not, so the data layer itself names no feature logic.
/// </summary>
public interface ISaveChangesReaction
{
    /// <summary>Reactions run in ascending order; the audit records last, so it sees what the others added.</summary>
    int Order => 0;

    /// <summary>
    /// Runs before the rows are written, with changes detected. It may add or change tracked entities: they are
    /// checked against the tenancy rule, stamped, audited and written with the rest, in the same transaction.
    /// Work for later is handed to <paramref name="save"/>.
    /// </summary>
    Task BeforeSaveAsync(SaveOperation save, CancellationToken ct);
}

/// <summary>One save in progress, as its reactions see it.</summary>
public sealed class SaveOperation(AppDbContext db)
{
    private readonly List<Func<CancellationToken, Task>> written = [];
    private readonly List<Func<CancellationToken, Task>> committed = [];

    public AppDbContext Db => db;

    /// <summary>The instant of this save, from the context's clock, as the database stores it.</summary>
    public DateTimeOffset Now { get; } = db.StoredInstant(db.Clock.GetUtcNow());

    /// <summary>
    /// Runs once the rows are written and generated keys are known, inside the save's transaction; whatever it adds to
    /// the context is written in the same transaction, so the change and its consequence commit together or not at all.
    /// </summary>
    public void OnWritten(Func<CancellationToken, Task> action) => written.Add(action);

    /// <summary>Runs after the save has committed (for follow-up work that saves in batches of its own).</summary>
    public void OnCommitted(Func<CancellationToken, Task> action) => committed.Add(action);

    /// <summary>
    /// Runs once this save's rows are really committed — also when the save is part of a caller's unit of work, whose
    /// commit comes later — and never if they roll back (<see cref="AppDbContext.AfterCommit"/>).
    /// </summary>
    public void AfterCommit(Action action) => OnCommitted(_ =>
    {
        db.AfterCommit(action);
        return Task.CompletedTask;
    });

    internal bool HasWrittenWork => written.Count > 0;
    internal IReadOnlyList<Func<CancellationToken, Task>> Written => written;
    internal IReadOnlyList<Func<CancellationToken, Task>> Committed => committed;
}

/// <summary>Which modifications are real: Identity's store marks every column of a person modified on each save.</summary>
public static class BusinessChanges
{
    // Sign-in bookkeeping, not business changes: a save of only these neither bumps the version nor is audited.
    private static readonly HashSet<string> Bookkeeping = ["AccessFailedCount", "SecurityStamp", "ConcurrencyStamp", "LockoutEnd", "UpdatedAt", "Version", "NormalizedEmail", "NormalizedUserName"];

    public static bool Any(EntityEntry entry) =>
        entry.Properties.Any(p => p.IsModified && !Bookkeeping.Contains(p.Metadata.Name) && !Equals(p.OriginalValue, p.CurrentValue));
}
