using OneWindow.Core.JourneyMaps;

namespace OneWindow.Web.Features.JourneyMaps;

public sealed record JourneyMapInput(string? Title, Guid? ServiceId, string? Persona, Guid? CompanyId, JourneyMapStatus? Status, List<StageInput?>? Stages);

/// <summary>A stage as the editor sends it; <see cref="Id"/> keeps an existing stage, null adds one.</summary>
public sealed record StageInput(Guid? Id, string? Title, List<StepInput?>? Steps);

/// <summary>A step as the editor sends it; <see cref="Id"/> keeps an existing step (and its comments), null adds one.</summary>
public sealed record StepInput(Guid? Id, string? Title, string? ClientAction, string? Touchpoint, string? Channel, string? Thoughts, int EmotionAsIs, int EmotionToBe,
    string? PainPoints, string? Opportunities, string? Backstage, string? CodeSections, List<BindingInput?>? Bindings);

public sealed record BindingInput(TouchpointKind Kind, Guid TargetId);

public sealed record JourneyCommentInput(string? Text, bool IsProposal);

/// <summary>
/// The journey maps' one write path: create a map, replace its structure (stages and steps in order, as the editor
/// holds it), comment on a step. SSC editors write maps; SSC people and the client people of the map's company comment.
/// </summary>
public sealed class JourneyMapDesk(AppDbContext db, CurrentActor actor, TimeProvider clock)
{
    public const int TitleMax = 200;
    public const int PersonaMax = 300;
    public const int LaneMax = 2000;
    public const int ShortMax = 500;
    public const int ChannelMax = 100;
    public const int CommentMax = 4000;
    public const int StagesMax = 20;
    public const int StepsMax = 60;
    public const int BindingsMax = 20;

    public const string NotEditor = "Only the SSC's quality, client success and delivery managers edit journey maps.";

    public static readonly IReadOnlyList<string> EditorRoles = [Roles.Admin, Roles.QualityManager, Roles.ClientSuccessManager, Roles.DeliveryLead];

    public static bool CanEdit(CurrentActor actor) => actor is { Kind: ActorKind.Person, IsClient: false } && EditorRoles.Any(actor.Principal.IsInRole);

    /// <summary>
    /// The maps the actor may see: the SSC's own maps (no company) for SSC people, a company's maps for the SSC people
    /// whose scope has it and for that company's people. Others' maps are simply not there (404).
    /// </summary>
    public static IQueryable<JourneyMap> Visible(IQueryable<JourneyMap> maps, CurrentActor actor)
    {
        if (actor.Scope.AllCompanies)
        {
            return maps;
        }

        var ids = actor.Scope.CompanyIds.ToList();
        return actor.IsClient
            ? maps.Where(m => m.CompanyId != null && ids.Contains(m.CompanyId.Value))
            : maps.Where(m => m.CompanyId == null || ids.Contains(m.CompanyId.Value));
    }

    public async Task<DeskResult> CreateAsync(JourneyMapInput? input, CancellationToken ct)
    {
        if (!CanEdit(actor))
        {
            return DeskResult.Refused(NotEditor);
        }

        var errors = new Dictionary<string, string[]>();
        await ValidateAsync(input, null, errors, ct);
        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        var map = new JourneyMap { Title = input!.Title!.Trim(), Persona = input.Persona!.Trim(), ServiceId = input.ServiceId!.Value, CompanyId = input.CompanyId,
            Status = input.Status ?? JourneyMapStatus.Draft };
        db.Add(map);
        Apply(map, input.Stages ?? []);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(map.Id);
    }

    /// <summary>Replaces a loaded map's header and structure (the caller checked its version: the API's If-Match, the page's shown version).</summary>
    public async Task<DeskResult> ReplaceAsync(Guid id, JourneyMapInput? input, CancellationToken ct)
    {
        if (!CanEdit(actor))
        {
            return DeskResult.Refused(NotEditor);
        }

        var map = await LoadAsync(id, ct);
        if (map is null)
        {
            return DeskResult.Missing;
        }

        var errors = new Dictionary<string, string[]>();
        await ValidateAsync(input, map, errors, ct);
        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        map.Title = input!.Title!.Trim();
        map.Persona = input.Persona!.Trim();
        map.ServiceId = input.ServiceId!.Value;
        map.CompanyId = input.CompanyId;
        map.Status = input.Status ?? map.Status;
        Apply(map, input.Stages ?? []);
        // The structure lives in child rows; the map itself is marked changed so its version (the ETag) moves with them.
        db.Entry(map).State = EntityState.Modified;
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(map.Id);
    }

    /// <summary>The map with its structure, tracked for a change, if the actor may see it.</summary>
    public Task<JourneyMap?> LoadAsync(Guid id, CancellationToken ct) =>
        Visible(db.Set<JourneyMap>(), actor).Include(m => m.Stages).ThenInclude(s => s.Steps).ThenInclude(s => s.Bindings)
            .AsSplitQuery().FirstOrDefaultAsync(m => m.Id == id, ct);

    public async Task<DeskResult> CommentAsync(Guid mapId, Guid stepId, JourneyCommentInput? input, CancellationToken ct)
    {
        if (actor is not { Kind: ActorKind.Person, UserId: { } author })
        {
            return DeskResult.Refused("Only people comment on journey maps.");
        }

        if (!await Visible(db.Set<JourneyMap>(), actor).AnyAsync(m => m.Id == mapId, ct))
        {
            return DeskResult.Missing;
        }

        if (!await db.Set<JourneyStep>().AnyAsync(s => s.Id == stepId && s.MapId == mapId, ct))
        {
            return DeskResult.Field("stepId", "No such step on this map.");
        }

        var text = input?.Text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > CommentMax)
        {
            return DeskResult.Field("text", $"The comment is required, at most {CommentMax} characters.");
        }

        var comment = new JourneyComment { MapId = mapId, StepId = stepId, AuthorId = author, Text = text, IsProposal = input!.IsProposal, CreatedAt = clock.GetUtcNow() };
        db.Add(comment);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(comment.Id);
    }

    private async Task ValidateAsync(JourneyMapInput? input, JourneyMap? map, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (input is null)
        {
            errors["title"] = ["The title is required."];
            return;
        }

        Text(errors, "title", input.Title, TitleMax, required: true);
        Text(errors, "persona", input.Persona, PersonaMax, required: true);
        if (input.Status is { } status && !Enum.IsDefined(status))
        {
            errors["status"] = ["Draft or Published."];
        }

        if (input.ServiceId is not { } service || !await db.Services.AnyAsync(s => s.Id == service, ct))
        {
            errors["serviceId"] = ["Choose a service."];
        }

        // The companies query is filtered by the actor's scope: a company out of reach is as good as absent.
        if (input.CompanyId is { } company && !await db.Companies.AnyAsync(c => c.Id == company, ct))
        {
            errors["companyId"] = ["No such client company."];
        }

        var stages = input.Stages ?? [];
        if (stages.Count > StagesMax)
        {
            errors["stages"] = [$"At most {StagesMax} stages."];
            return;
        }

        var known = map?.Stages.SelectMany(s => s.Steps).Select(s => s.Id).ToHashSet() ?? [];
        var knownStages = map?.Stages.Select(s => s.Id).ToHashSet() ?? [];
        var seen = new HashSet<Guid>();
        var steps = 0;
        for (var i = 0; i < stages.Count; i++)
        {
            var at = $"stages[{i}]";
            if (stages[i] is not { } stage)
            {
                errors[at] = ["A stage is required."];
                continue;
            }

            Text(errors, at + ".title", stage.Title, TitleMax, required: true);
            if (stage.Id is { } sid && (!knownStages.Contains(sid) || !seen.Add(sid)))
            {
                errors[at + ".id"] = ["Not a stage of this map."];
            }

            var list = stage.Steps ?? [];
            steps += list.Count;
            for (var j = 0; j < list.Count && steps <= StepsMax; j++)
            {
                var s = $"{at}.steps[{j}]";
                if (list[j] is not { } step)
                {
                    errors[s] = ["A step is required."];
                    continue;
                }

                if (step.Id is { } id && (!known.Contains(id) || !seen.Add(id)))
                {
                    errors[s + ".id"] = ["Not a step of this map."];
                }

                Text(errors, s + ".title", step.Title, TitleMax, required: true);
                Text(errors, s + ".clientAction", step.ClientAction, LaneMax);
                Text(errors, s + ".touchpoint", step.Touchpoint, ShortMax);
                Text(errors, s + ".channel", step.Channel, ChannelMax);
                Text(errors, s + ".thoughts", step.Thoughts, LaneMax);
                Text(errors, s + ".painPoints", step.PainPoints, LaneMax);
                Text(errors, s + ".opportunities", step.Opportunities, LaneMax);
                Text(errors, s + ".backstage", step.Backstage, LaneMax);
                Text(errors, s + ".codeSections", step.CodeSections, ShortMax);
                if (!JourneyMath.IsEmotion(step.EmotionAsIs))
                {
                    errors[s + ".emotionAsIs"] = ["An emotion from -2 to 2."];
                }

                if (!JourneyMath.IsEmotion(step.EmotionToBe))
                {
                    errors[s + ".emotionToBe"] = ["An emotion from -2 to 2."];
                }

                var bindings = step.Bindings ?? [];
                if (bindings.Count > BindingsMax)
                {
                    errors[s + ".bindings"] = [$"At most {BindingsMax} bindings."];
                    continue;
                }

                for (var k = 0; k < bindings.Count; k++)
                {
                    if (bindings[k] is not { } b || !Enum.IsDefined(b.Kind))
                    {
                        errors[$"{s}.bindings[{k}]"] = ["A binding of a known kind is required."];
                    }
                    else if (await BindingErrorAsync(b, input.ServiceId, input.CompanyId, ct) is { } error)
                    {
                        errors[$"{s}.bindings[{k}].targetId"] = [error];
                    }
                }
            }
        }

        if (steps > StepsMax)
        {
            errors["stages"] = [$"At most {StepsMax} steps."];
        }
    }

    private List<Guid>? questionIds;

    /// <summary>
    /// Why a binding's target cannot be bound, or null: request types of the map's service, the intake mailbox, a scored
    /// survey question, an OLA metric in reach (of the map's company when it has one). The queries are filtered by the
    /// actor's scope, so a target out of reach is as good as absent.
    /// </summary>
    private async Task<string?> BindingErrorAsync(BindingInput binding, Guid? serviceId, Guid? companyId, CancellationToken ct)
    {
        var id = binding.TargetId;
        switch (binding.Kind)
        {
            case TouchpointKind.RequestType:
                var type = await db.RequestTypes.Where(r => r.Id == id).Select(r => new { r.ServiceId }).FirstOrDefaultAsync(ct);
                return type is null ? NoRequestType : type.ServiceId != serviceId ? OtherService : null;
            case TouchpointKind.MailChannel:
                return id == TouchpointTargets.IntakeMailbox ? null : NoMailbox;
            case TouchpointKind.SurveyQuestion:
                questionIds ??= [.. (await new Surveys.SurveyQuestionScores(db).QuestionsAsync(false, ct)).Select(q => q.Id)];
                return questionIds.Contains(id) ? null : NoQuestion;
            default:
                var metric = await db.Set<ServiceLevels.AgreementMetric>().Where(m => m.Id == id && m.Side == ServiceLevels.MetricSide.Ola).Select(m => new { m.CompanyId })
                    .FirstOrDefaultAsync(ct);
                return metric is null ? NoMetric : companyId is { } company && metric.CompanyId != company ? OtherCompany : null;
        }
    }

    public const string NoRequestType = "No such request type.";
    public const string OtherService = "A request type of another service.";
    public const string NoMailbox = "No such mailbox.";
    public const string NoQuestion = "No such scored survey question.";
    public const string NoMetric = "No such OLA metric.";
    public const string OtherCompany = "An OLA metric of another company.";

    private static void Text(Dictionary<string, string[]> errors, string field, string? value, int max, bool required = false)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            errors[field] = ["This field is required."];
        }
        else if (value is { Length: var n } && n > max)
        {
            errors[field] = [$"At most {max} characters."];
        }
    }

    // New rows carry client-made keys, so they are added explicitly rather than left for change detection to guess.
    private T Added<T>(T row)
        where T : class
    {
        db.Add(row);
        return row;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>
    /// Lays the sent structure onto a tracked map: known stages and steps are kept (steps keep their comments), the rest
    /// added or removed. Only keys and orders change here; EF fixes the navigations, so nothing is orphaned on the way.
    /// </summary>
    private void Apply(JourneyMap map, List<StageInput?> stages)
    {
        var oldSteps = map.Stages.SelectMany(s => s.Steps).ToDictionary(s => s.Id);
        var oldStages = map.Stages.ToDictionary(s => s.Id);
        var keptStages = new HashSet<Guid>();
        var keptSteps = new HashSet<Guid>();
        for (var i = 0; i < stages.Count; i++)
        {
            var input = stages[i]!;
            var stage = input.Id is { } sid && oldStages.TryGetValue(sid, out var old) ? old : Added(new JourneyStage { MapId = map.Id, Title = "" });
            stage.Title = input.Title!.Trim();
            stage.Order = i;
            keptStages.Add(stage.Id);
            var list = input.Steps ?? [];
            for (var j = 0; j < list.Count; j++)
            {
                var s = list[j]!;
                var step = s.Id is { } id && oldSteps.TryGetValue(id, out var existing) ? existing : Added(new JourneyStep { MapId = map.Id, Title = "" });
                step.StageId = stage.Id;
                step.Order = j;
                step.Title = s.Title!.Trim();
                step.ClientAction = Clean(s.ClientAction);
                step.Touchpoint = Clean(s.Touchpoint);
                step.Channel = Clean(s.Channel);
                step.Thoughts = Clean(s.Thoughts);
                step.EmotionAsIs = s.EmotionAsIs;
                step.EmotionToBe = s.EmotionToBe;
                step.PainPoints = Clean(s.PainPoints);
                step.Opportunities = Clean(s.Opportunities);
                step.Backstage = Clean(s.Backstage);
                step.CodeSections = Clean(s.CodeSections);
                var bindings = (s.Bindings ?? []).Select(b => (b!.Kind, b.TargetId)).Distinct().ToList();
                if (!step.Bindings.Select(b => (b.Kind, b.TargetId)).SequenceEqual(bindings))
                {
                    db.RemoveRange(step.Bindings);
                    foreach (var (kind, target) in bindings)
                    {
                        Added(new TouchpointBinding { StepId = step.Id, Kind = kind, TargetId = target });
                    }
                }

                keptSteps.Add(step.Id);
            }
        }

        // Moved steps must be seen under their new stage before a removed stage cascades to what it held.
        db.ChangeTracker.DetectChanges();
        db.RemoveRange(oldSteps.Values.Where(s => !keptSteps.Contains(s.Id)));
        db.RemoveRange(oldStages.Values.Where(s => !keptStages.Contains(s.Id)));
    }
}
