namespace OneWindow.Web.Features.ServiceLevels;

/// <summary>
/// Keeps SLA/OLA clocks true on every save: a save that extends a ticket's history recomputes its clocks in the same
/// transaction, and a calendar edit (hours, days, or a company or team given another calendar) replays the open
/// tickets measured on it once the edit has committed (docs/service-levels.md, "Recalculation"). A save that changes
/// what a settled report range counts tells every instance's <see cref="Reports.ClockCountCache"/> once committed.
/// </summary>
internal sealed class ClockSaveReaction(ClockKeeper keeper, LiveChanges live) : ISaveChangesReaction
{
    public int Order => 200;

    public async Task BeforeSaveAsync(SaveOperation save, CancellationToken ct)
    {
        if (ClockKeeper.CalendarChanges(save.Db) is { } changes)
        {
            save.OnCommitted(c => keeper.RecalculateAfterCalendarChangeAsync(save.Db, save.Now, changes, c));
        }

        await keeper.PlanAsync(save.Db, save.Now, ct);
        if (Reports.ClockCountCache.MovesSettledCounts(save.Db, save.Now))
        {
            save.AfterCommit(() => live.Publish(Reports.ClockCountCache.Topic));
        }
    }
}
