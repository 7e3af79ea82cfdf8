namespace OneWindow.Web.Features.Clients;

public sealed record StageChangeDto(ServiceStage? From, ServiceStage To, DateOnly StartedOn, DateTimeOffset ChangedAt, string ChangedBy);

public sealed record ChecklistItemDto(Guid TemplateId, string Text, bool Done, DateTimeOffset? DoneAt, string? DoneBy);

public sealed record SignOffDto(SignOffSide Side, string SignerName, string? SignerTitle, DateTimeOffset SignedAt, string RecordedBy);

public sealed record LifecycleStageDto(ServiceStage Stage, DateOnly? StartedOn, IReadOnlyList<ChecklistItemDto> Checklist, IReadOnlyList<SignOffDto> SignOffs);

public sealed record DeliveryLeadEndDto(Guid AssignmentId, Guid UserId, string? UserName, DateOnly StartsOn, DateOnly? EndsOn);

/// <summary>
/// A company service's transition lifecycle: where it stands, each stage's start, checklist and sign-offs, what leaving
/// the current stage still needs, and the delivery leads whose assignments stable would end.
/// </summary>
public sealed record LifecycleDto(Guid Id, Guid CompanyId, string CompanyName, Guid ServiceId, string ServiceCode, string ServiceName, ServiceStage Stage,
    ServiceStage? NextStage, bool ChecklistComplete, bool SignOffsNeeded, bool SignOffsComplete, bool CanAdvance, IReadOnlyList<LifecycleStageDto> Stages,
    IReadOnlyList<StageChangeDto> History, IReadOnlyList<DeliveryLeadEndDto> DeliveryLeadsToEnd, int Version);

public sealed record ChecklistTemplateDto(Guid Id, ServiceStage Stage, string Text, string? TextEn, int Order, int Version);

/// <summary>Reads of the transition lifecycle for the API and the pages; tenancy filters limit them to the actor's companies.</summary>
[FeatureSeam]
public static class TransitionQueries
{
    public static async Task<LifecycleDto?> LoadAsync(AppDbContext db, TransitionDesk desk, Guid clientServiceId, bool english, CancellationToken ct)
    {
        var link = await db.ClientServices.AsNoTracking().Include(s => s.Company).Include(s => s.Service).FirstOrDefaultAsync(s => s.Id == clientServiceId, ct);
        if (link is null)
        {
            return null;
        }

        var templates = await db.Set<TransitionChecklistTemplate>().AsNoTracking().OrderBy(t => t.Order).ThenBy(t => t.Text).ToListAsync(ct);
        var ticks = await db.Set<TransitionChecklistTick>().AsNoTracking().Where(t => t.ClientServiceId == link.Id).ToDictionaryAsync(t => t.TemplateId, ct);
        var signOffs = await db.Set<TransitionSignOff>().AsNoTracking().Where(s => s.ClientServiceId == link.Id).OrderBy(s => s.Side).ToListAsync(ct);
        var history = (await db.Set<TransitionStageChange>().AsNoTracking().Where(c => c.ClientServiceId == link.Id).ToListAsync(ct))
            .OrderBy(c => c.ChangedAt).Select(c => new StageChangeDto(c.FromStage, c.ToStage, c.StartedOn, c.ChangedAt, c.ChangedByName)).ToList();
        var stages = TransitionRules.Lifecycle.Select(stage => new LifecycleStageDto(stage,
            history.LastOrDefault(h => h.To == stage)?.StartedOn,
            [.. templates.Where(t => t.Stage == stage).Select(t => ticks.TryGetValue(t.Id, out var k)
                ? new ChecklistItemDto(t.Id, Text(t, english), true, k.TickedAt, k.TickedByName)
                : new ChecklistItemDto(t.Id, Text(t, english), false, null, null))],
            [.. signOffs.Where(s => s.Stage == stage).Select(s => new SignOffDto(s.Side, s.SignerName, s.SignerTitle, s.SignedAt, s.RecordedByName))])).ToList();

        var next = TransitionRules.Next(link.Stage);
        var current = stages.FirstOrDefault(s => s.Stage == link.Stage);
        var checklistDone = current?.Checklist.All(i => i.Done) ?? true;
        var signOffsNeeded = TransitionRules.NeedsSignOffs(link.Stage);
        var signed = current?.SignOffs.Select(s => s.Side).Distinct().Count() == 2;
        var stableOn = link.Stage == ServiceStage.Stable ? stages[^1].StartedOn ?? await desk.TodayAsync(link.CompanyId, ct) : await desk.TodayAsync(link.CompanyId, ct);
        var toEnd = next == ServiceStage.Stable || link.Stage == ServiceStage.Stable
            ? (await desk.DeliveryLeadsToEndAsync(link, stableOn, ct)).Select(a => new DeliveryLeadEndDto(a.Id, a.UserId, a.User?.FullName, a.StartsOn, a.EndsOn)).ToList()
            : [];
        return new LifecycleDto(link.Id, link.CompanyId, link.Company?.Name ?? "", link.ServiceId, link.Service?.Code ?? "", link.Service?.Name ?? "", link.Stage, next,
            checklistDone, signOffsNeeded, !signOffsNeeded || signed, next is not null && checklistDone && (!signOffsNeeded || signed), stages, history, toEnd, link.Version);
    }

    public static Task<List<ChecklistTemplateDto>> TemplatesAsync(AppDbContext db, CancellationToken ct) =>
        db.Set<TransitionChecklistTemplate>().AsNoTracking().OrderBy(t => t.Stage).ThenBy(t => t.Order)
            .Select(t => new ChecklistTemplateDto(t.Id, t.Stage, t.Text, t.TextEn, t.Order, t.Version)).ToListAsync(ct);

    private static string Text(TransitionChecklistTemplate t, bool english) => english && !string.IsNullOrWhiteSpace(t.TextEn) ? t.TextEn : t.Text;
}
