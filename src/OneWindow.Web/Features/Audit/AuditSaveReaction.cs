namespace OneWindow.Web.Features.Audit;

/// <summary>
/// Records every create, update and delete of a business entity in the audit log. It runs last, so it records what
/// the other reactions added too. Every audited row is named by keys known before the insert (client-generated GUIDs,
/// a calendar and a date), so the records join the save's own batch: a change and its audit record commit together or
/// not at all, in one round-trip.
/// </summary>
internal sealed class AuditSaveReaction : ISaveChangesReaction
{
    public int Order => int.MaxValue;

    public Task BeforeSaveAsync(SaveOperation save, CancellationToken ct)
    {
        var pending = AuditRecorder.Collect(save.Db, save.Db.Actor, save.Now);
        if (pending.Count > 0)
        {
            save.Db.AuditEntries.AddRange(AuditRecorder.Complete(pending));
        }

        return Task.CompletedTask;
    }
}

public static class AuditSetup
{
    public static IServiceCollection AddOneWindowAudit(this IServiceCollection services) =>
        services.AddSingleton<ISaveChangesReaction, AuditSaveReaction>();
}
