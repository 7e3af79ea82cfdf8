using OneWindow.Web.Features.Clients;
using OneWindow.Web.Features.Notifications;

namespace OneWindow.Web.Features.Surveys;

/// <summary>A new improvement action. Company, campaign and wave come from the response for a detractor or verbatim source.</summary>
public sealed record SurveyActionInput(
    Guid? CompanyId,
    [property: Required, MaxLength(200)] string? Title,
    [property: MaxLength(4000)] string? Description,
    [property: Required] Guid? OwnerId,
    [property: Required] DateOnly? DueOn,
    [property: Required] SurveyActionSource? SourceKind,
    Guid? CampaignId = null,
    Guid? WaveId = null,
    [property: MaxLength(64)] string? AttributeKey = null,
    Guid? ResponseId = null,
    [property: MaxLength(64)] string? QuestionKey = null);

/// <summary>A change of an action's status, owner or due date (what is null stays as it is).</summary>
public sealed record SurveyActionChange(SurveyActionStatus? Status = null, Guid? OwnerId = null, DateOnly? DueOn = null);

/// <summary>An action as its viewer may see it: for a client the response and respondent are left out.</summary>
public sealed record SurveyActionDto(Guid Id, Guid CompanyId, string CompanyName, string Title, string? Description, Guid? OwnerId, string? OwnerName,
    DateOnly DueOn, bool Overdue, SurveyActionStatus Status, SurveyActionSource SourceKind, Guid CampaignId, string CampaignName, Guid WaveId, int WaveNumber,
    string? AttributeKey, string? AttributeName, Guid? ResponseId, string? QuestionKey, string? Respondent, bool FollowUp, Guid? CreatedById, string? CreatedByName,
    DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt, int Version);

/// <summary>
/// Improvement actions from survey results: create (one per company), change status, owner or due date, list. The one
/// write path of the API and the actions page. Writes are the quality manager's, an administrator's or a CSM's (for the
/// companies the CSM serves: the tenancy scope decides which those are).
/// </summary>
public sealed class SurveyActionDesk(AppDbContext db, CurrentActor actor, TimeProvider clock)
{
    /// <summary>Whether the actor may create and change actions (at the companies in their scope).</summary>
    public static bool CanWrite(CurrentActor actor) =>
        actor is { Kind: ActorKind.Person, IsClient: false }
        && (actor.Principal.IsInRole(Roles.Admin) || actor.Principal.IsInRole(Roles.QualityManager) || actor.Principal.IsInRole(Roles.ClientSuccessManager));

    public Task<DeskResult> CreateAsync(SurveyActionInput input, CancellationToken ct) =>
        CreateForCompaniesAsync(input, input.CompanyId is { } c ? [c] : [], ct);

    /// <summary>
    /// The same action for each of <paramref name="companies"/> (a weak attribute of a whole wave), all or none; for a
    /// detractor or verbatim source the company is the response's. Done with the id of the first action made.
    /// </summary>
    public async Task<DeskResult> CreateForCompaniesAsync(SurveyActionInput input, IReadOnlyList<Guid> companies, CancellationToken ct)
    {
        if (!CanWrite(actor))
        {
            return DeskResult.Refused("Only the quality manager, an administrator or the company's CSM creates survey actions.");
        }

        var errors = Annotations.Check(input);
        var today = await TodayAsync(ct);
        if (input.Title is { } title && string.IsNullOrWhiteSpace(title))
        {
            errors["title"] = ["A title is required."];
        }

        if (input.DueOn is { } due && (due < today || due > today.AddYears(3)))
        {
            errors["dueOn"] = ["The due date is from today to three years ahead."];
        }

        if (companies.Count > 500)
        {
            errors["companyId"] = ["At most 500 companies at once."];
        }

        if (errors.Count > 0)
        {
            return DeskResult.Invalid(errors)!;
        }

        var source = await SourceAsync(input, companies, errors, ct);
        if (source is null || DeskResult.Invalid(errors) is not null)
        {
            return DeskResult.Invalid(errors) ?? DeskResult.Field("sourceKind", "The source could not be found.");
        }

        foreach (var company in source.Companies)
        {
            await CheckOwnerAsync(input.OwnerId!.Value, company, errors, ct);
        }

        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        var made = new List<SurveyAction>();
        foreach (var company in source.Companies)
        {
            made.Add(new SurveyAction
            {
                CompanyId = company,
                Title = input.Title!.Trim(),
                Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(),
                OwnerId = input.OwnerId,
                DueOn = input.DueOn!.Value,
                Status = SurveyActionStatus.Open,
                SourceKind = input.SourceKind!.Value,
                CampaignId = source.CampaignId,
                WaveId = source.WaveId,
                AttributeKey = input.SourceKind == SurveyActionSource.Attribute ? input.AttributeKey : null,
                ResponseId = input.SourceKind == SurveyActionSource.Attribute ? null : input.ResponseId,
                QuestionKey = input.SourceKind == SurveyActionSource.Verbatim ? input.QuestionKey : null,
                CreatedById = actor.UserId,
            });
        }

        db.Set<SurveyAction>().AddRange(made);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(made[0].Id);
    }

    /// <summary>Changes status, owner or due date; Done and Cancelled close the action, reopening clears the closing instant.</summary>
    public async Task<DeskResult> ChangeAsync(SurveyAction action, SurveyActionChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(change);
        if (!CanWrite(actor))
        {
            return DeskResult.Refused("Only the quality manager, an administrator or the company's CSM changes survey actions.");
        }

        var errors = new Dictionary<string, string[]>();
        if (change.Status is null && change.OwnerId is null && change.DueOn is null)
        {
            errors["status"] = ["Give a status, an owner or a due date to change."];
        }

        if (change.Status is { } s && !Enum.IsDefined(s))
        {
            errors["status"] = ["Open, InProgress, Done or Cancelled."];
        }

        var today = await TodayAsync(ct);
        if (change.DueOn is { } due && due != action.DueOn && (due < today || due > today.AddYears(3)))
        {
            errors["dueOn"] = ["The due date is from today to three years ahead."];
        }

        if (change.OwnerId is { } owner && owner != action.OwnerId)
        {
            await CheckOwnerAsync(owner, action.CompanyId, errors, ct);
        }

        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        if (change.Status is { } status && status != action.Status)
        {
            action.Status = status;
            action.ClosedAt = status is SurveyActionStatus.Done or SurveyActionStatus.Cancelled ? clock.GetUtcNow() : null;
        }

        action.OwnerId = change.OwnerId ?? action.OwnerId;
        action.DueOn = change.DueOn ?? action.DueOn;
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(action.Id);
    }

    private sealed record Source(Guid CampaignId, Guid WaveId, IReadOnlyList<Guid> Companies);

    private async Task<Source?> SourceAsync(SurveyActionInput input, IReadOnlyList<Guid> companies, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (input.SourceKind == SurveyActionSource.Attribute)
        {
            var wave = input.WaveId is { } waveId ? await db.Set<SurveyWave>().AsNoTracking().FirstOrDefaultAsync(w => w.Id == waveId, ct) : null;
            if (wave is null || input.CampaignId is { } campaign && campaign != wave.CampaignId)
            {
                errors["waveId"] = ["No such wave of this campaign."];
                return null;
            }

            var definition = QuestionnaireDefinition.Parse(await db.Set<QuestionnaireVersion>().Where(v => v.Id == wave.QuestionnaireVersionId)
                .Select(v => v.Definition).FirstAsync(ct));
            if (input.AttributeKey is null || !definition.Questions.Any(q => q.Kind == QuestionKind.CsiPairs && q.Options!.Any(o => o.Key == input.AttributeKey)))
            {
                errors["attributeKey"] = ["One of the wave's CSI attributes."];
            }

            var distinct = companies.Distinct().ToList();
            // The scoped set: a CSM names only the companies they serve.
            var known = await db.Companies.Where(c => distinct.Contains(c.Id)).CountAsync(ct);
            if (distinct.Count == 0 || known != distinct.Count)
            {
                errors["companyId"] = ["A client company is required (one you serve)."];
            }

            return new Source(wave.CampaignId, wave.Id, distinct);
        }

        // A detractor's answer or a verbatim: the response (through the scoped set) names the company.
        var response = input.ResponseId is { } responseId
            ? await db.Set<SurveyResponse>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == responseId && r.Completed, ct)
            : null;
        if (response is null || response.PersonId is null)
        {
            // An anonymous response keeps no person; actions on it are made from its wave's attributes instead.
            errors["responseId"] = ["No completed response of a named campaign with this id."];
            return null;
        }

        if (companies.Any(c => c != response.CompanyId))
        {
            errors["companyId"] = ["The company is the response's."];
        }

        var row = await (from w in db.Set<SurveyWave>()
                         join v in db.Set<QuestionnaireVersion>() on w.QuestionnaireVersionId equals v.Id
                         where w.Id == response.WaveId
                         select new { w.CampaignId, v.Definition }).FirstAsync(ct);
        var questions = QuestionnaireDefinition.Parse(row.Definition).Questions.ToList();
        var answers = SurveyAnswers.Parse(response.Answers);
        if (input.SourceKind == SurveyActionSource.Detractor)
        {
            var nps = questions.FirstOrDefault(q => q.Kind == QuestionKind.Nps) is { } q ? answers.Score(q.Key) : null;
            if (nps is not <= 6)
            {
                errors["responseId"] = ["The response is not a detractor's (NPS 0 to 6)."];
            }
        }
        else if (input.QuestionKey is null || !questions.Any(q => q.Kind == QuestionKind.Text && q.Key == input.QuestionKey)
            || !answers.TryGetValue(input.QuestionKey, out var text) || string.IsNullOrWhiteSpace(text.Text))
        {
            errors["questionKey"] = ["A text question the response answered."];
        }

        return new Source(row.CampaignId, response.WaveId, [response.CompanyId]);
    }

    /// <summary>The owner is an active SSC person, or an active person of the action's company.</summary>
    private async Task CheckOwnerAsync(Guid ownerId, Guid companyId, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var owner = await db.Users.AsNoTracking().Where(u => u.Id == ownerId).Select(u => new { u.CompanyId, u.IsActive }).FirstOrDefaultAsync(ct);
        if (owner is null || !owner.IsActive || owner.CompanyId is { } c && c != companyId)
        {
            errors["ownerId"] = ["The owner is an active SSC person or a person of the action's company."];
        }
    }

    private async Task<DateOnly> TodayAsync(CancellationToken ct) => LocalDates.Of(clock.GetUtcNow(), await TimeZones.ServiceCenterAsync(db, ct));
}

/// <summary>Which actions a person sees, as DTOs in their language.</summary>
public static class SurveyActionQueries
{
    /// <summary>
    /// SSC staff: every action at the companies in their scope. A client executive: the company's actions, except the
    /// detractor follow-ups (they name a respondent). Any other client person: the actions they own.
    /// </summary>
    public static IQueryable<SurveyAction> VisibleTo(AppDbContext db, CurrentActor actor)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        var actions = db.Set<SurveyAction>().AsNoTracking();
        if (!actor.IsClient)
        {
            return actions;
        }

        var executive = actor.Principal.IsInRole(Roles.ClientExecutive);
        var me = actor.UserId;
        return actions.Where(a => a.CompanyId == actor.CompanyId && a.FollowUpOfResponseId == null && (executive || a.OwnerId == me));
    }

    public static async Task<List<SurveyActionDto>> ListAsync(AppDbContext db, CurrentActor actor, Guid? companyId, SurveyActionStatus? status, Guid? campaignId,
        Guid? id, string culture, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var query = VisibleTo(db, actor);
        query = companyId is { } company ? query.Where(a => a.CompanyId == company) : query;
        query = status is { } s ? query.Where(a => a.Status == s) : query;
        query = campaignId is { } campaign ? query.Where(a => a.CampaignId == campaign) : query;
        query = id is { } one ? query.Where(a => a.Id == one) : query;
        var rows = await query.Take(2000).Select(a => new
        {
            Action = a,
            Company = db.Companies.Where(c => c.Id == a.CompanyId).Select(c => c.Name).FirstOrDefault() ?? "",
            Owner = a.Owner != null ? a.Owner.FullName : null,
            CreatedBy = db.Users.Where(u => u.Id == a.CreatedById).Select(u => u.FullName).FirstOrDefault(),
            Campaign = db.Set<SurveyCampaign>().Where(c => c.Id == a.CampaignId).Select(c => c.Name).FirstOrDefault() ?? "",
            Wave = db.Set<SurveyWave>().Where(w => w.Id == a.WaveId).Select(w => new { w.Number, w.QuestionnaireVersionId }).First(),
            Respondent = db.Set<SurveyResponse>().Where(r => r.Id == a.ResponseId)
                .Select(r => db.Users.Where(u => u.Id == r.PersonId).Select(u => u.FullName).FirstOrDefault()).FirstOrDefault(),
        }).ToListAsync(ct);

        // Attribute names in the viewer's language, from the questionnaire versions the waves froze.
        var versions = rows.Select(r => r.Wave.QuestionnaireVersionId).Distinct().ToList();
        var attributes = (await db.Set<QuestionnaireVersion>().AsNoTracking().Where(v => versions.Contains(v.Id)).Select(v => new { v.Id, v.Definition }).ToListAsync(ct))
            .ToDictionary(v => v.Id, v => QuestionnaireDefinition.Parse(v.Definition).Questions.Where(q => q.Kind == QuestionKind.CsiPairs)
                .SelectMany(q => q.Options!).GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.First().In(culture)));
        var today = LocalDates.Of(db.Clock.GetUtcNow(), await TimeZones.ServiceCenterAsync(db, ct));
        var client = actor.IsClient;
        return [.. rows.Select(r => new SurveyActionDto(r.Action.Id, r.Action.CompanyId, r.Company, r.Action.Title, r.Action.Description, r.Action.OwnerId, r.Owner,
                r.Action.DueOn, r.Action.Status is SurveyActionStatus.Open or SurveyActionStatus.InProgress && r.Action.DueOn < today, r.Action.Status,
                r.Action.SourceKind, r.Action.CampaignId, r.Campaign, r.Action.WaveId, r.Wave.Number, r.Action.AttributeKey,
                r.Action.AttributeKey is { } key ? attributes.GetValueOrDefault(r.Wave.QuestionnaireVersionId)?.GetValueOrDefault(key) ?? key : null,
                client ? null : r.Action.ResponseId, r.Action.QuestionKey, client ? null : r.Respondent, r.Action.FollowUpOfResponseId is not null,
                r.Action.CreatedById, r.CreatedBy, r.Action.CreatedAt, r.Action.ClosedAt, r.Action.Version))
            .OrderBy(a => a.Status is SurveyActionStatus.Done or SurveyActionStatus.Cancelled).ThenBy(a => a.DueOn).ThenBy(a => a.CompanyName, StringComparer.CurrentCulture)];
    }
}

/// <summary>
/// The detractor follow-up, like the complaint loop: when a named response is submitted with NPS 0–6, an action is
/// opened for the company's CSM (due in a week) and the CSMs hear of it in the bell — once per response, however often
/// the same link edits it. Anonymous responses are never told here (see <see cref="ISurveyListener"/>), so none is made.
/// </summary>
internal sealed class SurveyFollowUps(TimeProvider clock) : ISurveyListener
{
    public const int DueInDays = 7;

    public Task OnSurveyCompletedAsync(AppDbContext db, Guid sourceId, Guid companyId, Guid personId, CancellationToken ct) => Task.CompletedTask;

    public async Task OnNamedResponseSubmittedAsync(AppDbContext db, NamedSurveySubmission submission, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(submission);
        if (submission.Nps is not { } nps || nps > 6)
        {
            return;
        }

        if (db.Set<SurveyAction>().Local.Any(a => a.FollowUpOfResponseId == submission.ResponseId)
            || await db.Set<SurveyAction>().IgnoreQueryFilters().AnyAsync(a => a.FollowUpOfResponseId == submission.ResponseId, ct))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var today = LocalDates.Of(now, await TimeZones.ServiceCenterAsync(db, ct));
        // Whole-company CSMs first, then those bound to a service; the longest-serving owns it, all of them hear of it.
        var csms = await db.ClientAssignments.IgnoreQueryFilters()
            .Where(a => a.CompanyId == submission.CompanyId && a.Role == AssignmentRole.ClientSuccessManager && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today))
            .OrderBy(a => a.ServiceId != null).ThenBy(a => a.StartsOn).Select(a => a.UserId).ToListAsync(ct);
        var told = csms.Distinct().ToList();
        if (told.Count == 0)
        {
            // No CSM in force: the quality managers hear of it, so it does not go unseen.
            told = await db.Users.IgnoreQueryFilters().Where(u => u.IsActive && u.CompanyId == null
                && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.QualityManager))).Select(u => u.Id).ToListAsync(ct);
        }

        var person = await db.Users.IgnoreQueryFilters().Where(u => u.Id == submission.PersonId).Select(u => u.FullName).FirstOrDefaultAsync(ct) ?? "";
        var company = await db.Companies.IgnoreQueryFilters().Where(c => c.Id == submission.CompanyId).Select(c => c.Name).FirstOrDefaultAsync(ct) ?? "";
        var action = new SurveyAction
        {
            CompanyId = submission.CompanyId,
            // Language-neutral: the score and the person; the page says what a follow-up is in the viewer's language.
            Title = TextLimit.Truncate($"NPS {nps}: {person}", 200),
            Description = submission.Comment is { Length: > 0 } comment ? TextLimit.Truncate(comment, 4000) : null,
            OwnerId = csms.Count > 0 ? csms[0] : null,
            DueOn = today.AddDays(DueInDays),
            Status = SurveyActionStatus.Open,
            SourceKind = SurveyActionSource.Detractor,
            CampaignId = submission.CampaignId,
            WaveId = submission.WaveId,
            ResponseId = submission.ResponseId,
            FollowUpOfResponseId = submission.ResponseId,
        };
        db.Set<SurveyAction>().Add(action);
        foreach (var userId in told)
        {
            db.Notifications.Add(new Notification
            {
                UserId = userId,
                CompanyId = submission.CompanyId,
                Link = "/surveys/actions",
                TicketNumber = $"NPS {nps}",
                Subject = TextLimit.Truncate(company, 300),
                // A case after a low grade, as the complaint loop's; the bell words it as a survey follow-up by its link.
                Kind = Tickets.TicketEventKind.FeedbackCase,
                ActorName = TextLimit.Truncate(person, 200),
                CreatedAt = now,
            });
        }
    }
}
