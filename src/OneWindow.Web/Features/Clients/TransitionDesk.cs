using OneWindow.Core.Time;
using OneWindow.Web.Features.People;

namespace OneWindow.Web.Features.Clients;

/// <summary>
/// The order of the transition lifecycle and what leaving a stage needs. Leaving "planned" needs its checklist done;
/// leaving transfer and stabilisation needs the checklist done and both sides' sign-off (the SSC's and the client's),
/// because those are the stages where the client hands work over and then accepts the result. Stable is the end;
/// suspended lies outside the lifecycle and is set on the company service itself.
/// </summary>
public static class TransitionRules
{
    public static readonly IReadOnlyList<ServiceStage> Lifecycle = [ServiceStage.Planned, ServiceStage.Transition, ServiceStage.Stabilisation, ServiceStage.Stable];

    public static ServiceStage? Next(ServiceStage stage) => stage switch
    {
        ServiceStage.Planned => ServiceStage.Transition,
        ServiceStage.Transition => ServiceStage.Stabilisation,
        ServiceStage.Stabilisation => ServiceStage.Stable,
        _ => null,
    };

    public static bool NeedsSignOffs(ServiceStage leaving) => leaving is ServiceStage.Transition or ServiceStage.Stabilisation;
}

public sealed record StageMoveInput([property: Required] ServiceStage? To, IReadOnlyList<Guid>? EndAssignmentIds = null);

public sealed record ChecklistTickInput([property: Required] Guid? TemplateId, bool Done = true);

public sealed record SignOffInput([property: Required] SignOffSide? Side, Guid? SignerId = null);

public sealed record ChecklistTemplateInput(
    [property: Required] ServiceStage? Stage,
    [property: Required, MaxLength(300)] string? Text,
    [property: MaxLength(300)] string? TextEn = null,
    int Order = 0);

/// <summary>
/// The one write path of a company service's transition lifecycle — stage moves, checklist ticks, sign-offs and the
/// administrators' checklist templates — for the API and the pages alike.
/// </summary>
[FeatureSeam]
public sealed class TransitionDesk(AppDbContext db, CurrentActor actor, TimeProvider clock)
{
    public const string NotLifecycle = "The service is outside the transition lifecycle (suspended or already stable).";
    public const string NotNextStage = "The service is no longer at the stage before this one; reload and try again.";
    public const string ChecklistOpen = "The checklist of the current stage is not complete.";
    public const string SignOffsMissing = "Leaving this stage needs both the SSC's and the client's sign-off.";
    public const string NotProposed = "Only the delivery leads' assignments proposed for ending may be ended.";
    public const string NoTemplate = "No checklist item of the current stage with this id.";
    public const string AlreadySigned = "This side has already signed the current stage off.";
    public const string NoSigner = "Name the client company's person who signed.";
    public const string SignerNotOfCompany = "The signer must be an active person of this client company.";
    public const string SideNotYours = "You cannot sign for this side.";
    public const string StageWithoutChecklist = "Checklists belong to the planned, transfer, stabilisation and stable stages.";

    /// <summary>Moves the service to the next stage; at stable, ends the proposed delivery leads' assignments that the caller confirms.</summary>
    public async Task<DeskResult> AdvanceAsync(ClientService link, StageMoveInput input, CancellationToken ct)
    {
        var errors = DeskSteps.AnnotationErrors(input);
        if (errors.Count > 0)
        {
            return DeskResult.Invalid(errors)!;
        }

        if (TransitionRules.Next(link.Stage) is not { } next)
        {
            return DeskResult.Field("to", NotLifecycle);
        }

        if (input.To != next)
        {
            return DeskResult.Field("to", NotNextStage);
        }

        if ((await OpenItemsAsync(link, ct)).Count > 0)
        {
            errors["checklist"] = [ChecklistOpen];
        }

        if (TransitionRules.NeedsSignOffs(link.Stage)
            && await db.Set<TransitionSignOff>().CountAsync(s => s.ClientServiceId == link.Id && s.Stage == link.Stage, ct) < 2)
        {
            errors["signOffs"] = [SignOffsMissing];
        }

        var today = await TodayAsync(link.CompanyId, ct);
        var ending = input.EndAssignmentIds ?? [];
        var proposed = next == ServiceStage.Stable ? await DeliveryLeadsToEndAsync(link, today, ct) : [];
        if (ending.Except(proposed.Select(a => a.Id)).Any())
        {
            errors["endAssignmentIds"] = [NotProposed];
        }

        if (DeskResult.Invalid(errors) is { } refused)
        {
            return refused;
        }

        var from = link.Stage;
        link.Stage = next;
        db.Set<TransitionStageChange>().Add(new TransitionStageChange
        {
            CompanyId = link.CompanyId, ClientServiceId = link.Id, FromStage = from, ToStage = next, StartedOn = today,
            ChangedAt = clock.GetUtcNow(), ChangedById = actor.UserId, ChangedByName = actor.Name ?? "system",
        });
        foreach (var assignment in proposed.Where(a => ending.Contains(a.Id)))
        {
            // The row stays with its end date: the account team's history is kept, and access follows the dates.
            assignment.EndsOn = today;
        }

        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(link.Id);
    }

    public async Task<DeskResult> TickAsync(ClientService link, ChecklistTickInput input, CancellationToken ct)
    {
        var errors = DeskSteps.AnnotationErrors(input);
        if (errors.Count > 0)
        {
            return DeskResult.Invalid(errors)!;
        }

        var templateId = input.TemplateId.GetValueOrDefault();
        if (!await db.Set<TransitionChecklistTemplate>().AnyAsync(t => t.Id == templateId && t.Stage == link.Stage, ct))
        {
            return DeskResult.Field("templateId", NoTemplate);
        }

        var tick = await db.Set<TransitionChecklistTick>().FirstOrDefaultAsync(t => t.ClientServiceId == link.Id && t.TemplateId == templateId, ct);
        if (input.Done && tick is null)
        {
            db.Set<TransitionChecklistTick>().Add(new TransitionChecklistTick
            {
                CompanyId = link.CompanyId, ClientServiceId = link.Id, TemplateId = templateId, TickedAt = clock.GetUtcNow(),
                TickedById = actor.UserId, TickedByName = actor.Name ?? "system",
            });
        }
        else if (!input.Done && tick is not null)
        {
            db.Remove(tick);
        }

        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(link.Id);
    }

    /// <summary>
    /// Signs the current stage off. The SSC side is signed by the SSC person acting; the client side by the company's own
    /// executive, or recorded by an administrator naming the company's person who signed (an acceptance act on paper).
    /// </summary>
    public async Task<DeskResult> SignOffAsync(ClientService link, SignOffInput input, CancellationToken ct)
    {
        var errors = DeskSteps.AnnotationErrors(input);
        if (errors.Count > 0)
        {
            return DeskResult.Invalid(errors)!;
        }

        if (TransitionRules.Next(link.Stage) is null)
        {
            return DeskResult.Field("side", NotLifecycle);
        }

        var side = input.Side.GetValueOrDefault();
        var principal = actor.Principal;
        Guid signerId;
        if (side == SignOffSide.Ssc)
        {
            if (actor.IsClient || actor.UserId is null
                || !(principal.IsInRole(Roles.Admin) || principal.IsInRole(Roles.ClientSuccessManager) || principal.IsInRole(Roles.DeliveryLead)))
            {
                return DeskResult.Refused(SideNotYours);
            }

            signerId = actor.UserId.Value;
        }
        else if (actor.IsClient)
        {
            if (actor.CompanyId != link.CompanyId || !principal.IsInRole(Roles.ClientExecutive) || actor.UserId is null)
            {
                return DeskResult.Refused(SideNotYours);
            }

            signerId = actor.UserId.Value;
        }
        else if (principal.IsInRole(Roles.Admin))
        {
            if (input.SignerId is not { } named)
            {
                return DeskResult.Field("signerId", NoSigner);
            }

            signerId = named;
        }
        else
        {
            return DeskResult.Refused(SideNotYours);
        }

        var signer = await db.Users.AsNoTracking().Where(u => u.Id == signerId).Select(u => new { u.FullName, u.JobTitle, u.CompanyId, u.IsActive }).FirstOrDefaultAsync(ct);
        if (side == SignOffSide.Client && (signer is null || signer.CompanyId != link.CompanyId || !signer.IsActive))
        {
            return DeskResult.Field("signerId", SignerNotOfCompany);
        }

        if (await db.Set<TransitionSignOff>().AnyAsync(s => s.ClientServiceId == link.Id && s.Stage == link.Stage && s.Side == side, ct))
        {
            return DeskResult.Clash(AlreadySigned);
        }

        db.Set<TransitionSignOff>().Add(new TransitionSignOff
        {
            CompanyId = link.CompanyId, ClientServiceId = link.Id, Stage = link.Stage, Side = side, SignerId = signerId,
            SignerName = signer?.FullName ?? actor.Name ?? "", SignerTitle = signer?.JobTitle, SignedAt = clock.GetUtcNow(), RecordedByName = actor.Name ?? "system",
        });
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(link.Id);
    }

    public async Task<DeskResult> CreateTemplateAsync(ChecklistTemplateInput input, CancellationToken ct) =>
        await db.SaveAsync(new TransitionChecklistTemplate { Text = "" }, CheckTemplate(input), t => Apply(t, input), ct);

    public async Task<DeskResult> UpdateTemplateAsync(TransitionChecklistTemplate template, ChecklistTemplateInput input, CancellationToken ct) =>
        await db.SaveAsync(template, CheckTemplate(input), t => Apply(t, input), ct);

    /// <summary>Removes a checklist item and its ticks: a stage's checklist is always the current templates.</summary>
    public Task<DeskResult> DeleteTemplateAsync(TransitionChecklistTemplate template, CancellationToken ct) => db.RemoveAsync(template, null, ct);

    /// <summary>The checklist items of the service's current stage not yet ticked.</summary>
    public Task<List<Guid>> OpenItemsAsync(ClientService link, CancellationToken ct) =>
        db.Set<TransitionChecklistTemplate>().Where(t => t.Stage == link.Stage)
            .Where(t => !db.Set<TransitionChecklistTick>().Any(k => k.ClientServiceId == link.Id && k.TemplateId == t.Id))
            .Select(t => t.Id).ToListAsync(ct);

    /// <summary>The delivery leads' assignments for this company and service still in force after <paramref name="stableOn"/>: those stable ends.</summary>
    public Task<List<ClientAssignment>> DeliveryLeadsToEndAsync(ClientService link, DateOnly stableOn, CancellationToken ct) =>
        db.ClientAssignments.Include(a => a.User)
            .Where(a => a.CompanyId == link.CompanyId && a.ServiceId == link.ServiceId && a.Role == AssignmentRole.DeliveryLead
                && a.StartsOn <= stableOn && (a.EndsOn == null || a.EndsOn > stableOn))
            .ToListAsync(ct);

    /// <summary>Today in the company's zone: stage dates and assignment ends are the client's days.</summary>
    public async Task<DateOnly> TodayAsync(Guid companyId, CancellationToken ct)
    {
        var zone = await db.Companies.IgnoreQueryFilters().Where(c => c.Id == companyId).Select(c => c.TimeZoneId).FirstOrDefaultAsync(ct);
        return LocalDates.Of(clock.GetUtcNow(), TimeZones.Find(zone));
    }

    private static DeskResult? CheckTemplate(ChecklistTemplateInput input)
    {
        var errors = DeskSteps.AnnotationErrors(input);
        if (input.Stage is { } stage && !TransitionRules.Lifecycle.Contains(stage))
        {
            errors["stage"] = [StageWithoutChecklist];
        }

        if (input.Text is not null && string.IsNullOrWhiteSpace(input.Text))
        {
            errors["text"] = ["The text is required."];
        }

        return DeskResult.Invalid(errors);
    }

    private static void Apply(TransitionChecklistTemplate t, ChecklistTemplateInput input)
    {
        t.Stage = input.Stage.GetValueOrDefault();
        t.Text = input.Text!.Trim();
        t.TextEn = string.IsNullOrWhiteSpace(input.TextEn) ? null : input.TextEn.Trim();
        t.Order = input.Order;
    }
}
