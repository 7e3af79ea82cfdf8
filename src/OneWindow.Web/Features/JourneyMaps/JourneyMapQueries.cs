namespace OneWindow.Web.Features.JourneyMaps;

public sealed record JourneyMapSummary(Guid Id, string Title, string Persona, Guid ServiceId, string Service, Guid? CompanyId, string? Company, JourneyMapStatus Status,
    int Steps, DateTimeOffset UpdatedAt);

public sealed record JourneyMapDto(Guid Id, string Title, string Persona, Guid ServiceId, string Service, Guid? CompanyId, string? Company, JourneyMapStatus Status,
    int Version, List<JourneyStageDto> Stages);

public sealed record JourneyStageDto(Guid Id, string Title, List<JourneyStepDto> Steps);

public sealed record JourneyStepDto(Guid Id, string Title, string? ClientAction, string? Touchpoint, string? Channel, string? Thoughts, int EmotionAsIs, int EmotionToBe,
    string? PainPoints, string? Opportunities, string? Backstage, string? CodeSections, List<BindingDto> Bindings, List<JourneyCommentDto> Comments);

/// <summary>A binding with the bound target's name (null when the target is gone or out of reach).</summary>
public sealed record BindingDto(TouchpointKind Kind, Guid TargetId, string? Name);

/// <summary>A target the editor offers for a binding of <see cref="Kind"/>; <see cref="Group"/> names where it comes from (questionnaire, company).</summary>
public sealed record BindingTarget(TouchpointKind Kind, Guid TargetId, string Name, string? Group);

public sealed record JourneyCommentDto(Guid Id, Guid AuthorId, string Author, bool AuthorIsClient, string Text, bool IsProposal, DateTimeOffset CreatedAt);

/// <summary>Reads of journey maps as the actor may see them (see <see cref="JourneyMapDesk.Visible"/>).</summary>
public static class JourneyMapQueries
{
    public static async Task<List<JourneyMapSummary>> ListAsync(AppDbContext db, CurrentActor actor, bool english, CancellationToken ct)
    {
        var rows = await JourneyMapDesk.Visible(db.Set<JourneyMap>().AsNoTracking(), actor)
            .OrderBy(m => m.Title)
            .Select(m => new
            {
                m.Id, m.Title, m.Persona, m.ServiceId, m.CompanyId, m.Status, m.UpdatedAt,
                Service = db.Services.Where(s => s.Id == m.ServiceId).Select(s => new { s.Name, s.NameEn }).FirstOrDefault(),
                Company = db.Companies.Where(c => c.Id == m.CompanyId).Select(c => new { c.Name, c.NameEn }).FirstOrDefault(),
                Steps = db.Set<JourneyStep>().Count(s => s.MapId == m.Id),
            })
            .ToListAsync(ct);
        return [.. rows.Select(r => new JourneyMapSummary(r.Id, r.Title, r.Persona, r.ServiceId, Pick(english, r.Service?.Name, r.Service?.NameEn), r.CompanyId,
            r.Company is null ? null : Pick(english, r.Company.Name, r.Company.NameEn), r.Status, r.Steps, r.UpdatedAt))];
    }

    public static async Task<JourneyMapDto?> GetAsync(AppDbContext db, CurrentActor actor, Guid id, bool english, CancellationToken ct)
    {
        var map = await JourneyMapDesk.Visible(db.Set<JourneyMap>().AsNoTracking(), actor)
            .Include(m => m.Stages).ThenInclude(s => s.Steps).ThenInclude(s => s.Bindings)
            .AsSplitQuery().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (map is null)
        {
            return null;
        }

        var service = await db.Services.Where(s => s.Id == map.ServiceId).Select(s => new { s.Name, s.NameEn }).FirstOrDefaultAsync(ct);
        var company = map.CompanyId is { } cid ? await db.Companies.Where(c => c.Id == cid).Select(c => new { c.Name, c.NameEn }).FirstOrDefaultAsync(ct) : null;
        var bound = map.Stages.SelectMany(s => s.Steps).SelectMany(s => s.Bindings).ToList();
        var names = bound.Count == 0 ? [] : await NamesAsync(db, bound, english, ct);
        // SSC people are visible to everyone and client people within their company, which is the map's: every author is found.
        var comments = await (from c in db.Set<JourneyComment>().AsNoTracking()
                              join u in db.Users on c.AuthorId equals u.Id
                              where c.MapId == id
                              orderby c.CreatedAt
                              select new { c.StepId, Dto = new JourneyCommentDto(c.Id, c.AuthorId, u.FullName, u.CompanyId != null, c.Text, c.IsProposal, c.CreatedAt) })
            .ToListAsync(ct);
        return new JourneyMapDto(map.Id, map.Title, map.Persona, map.ServiceId, Pick(english, service?.Name, service?.NameEn), map.CompanyId,
            company is null ? null : Pick(english, company.Name, company.NameEn), map.Status, map.Version,
            [.. map.Stages.OrderBy(s => s.Order).Select(s => new JourneyStageDto(s.Id, s.Title, [.. s.Steps.OrderBy(x => x.Order).Select(x => new JourneyStepDto(x.Id, x.Title,
                x.ClientAction, x.Touchpoint, x.Channel, x.Thoughts, x.EmotionAsIs, x.EmotionToBe, x.PainPoints, x.Opportunities, x.Backstage, x.CodeSections,
                [.. x.Bindings.OrderBy(b => b.Kind).ThenBy(b => b.TargetId).Select(b => new BindingDto(b.Kind, b.TargetId, names.GetValueOrDefault((b.Kind, b.TargetId))))],
                [.. comments.Where(c => c.StepId == x.Id).Select(c => c.Dto)]))]))]);
    }

    private static async Task<Dictionary<(TouchpointKind, Guid), string>> NamesAsync(AppDbContext db, List<TouchpointBinding> bound, bool english, CancellationToken ct)
    {
        var ids = bound.Select(b => b.TargetId).Distinct().ToList();
        var names = new Dictionary<(TouchpointKind, Guid), string>();
        foreach (var r in await db.RequestTypes.AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, r.Name, r.NameEn }).ToListAsync(ct))
        {
            names[(TouchpointKind.RequestType, r.Id)] = Pick(english, r.Name, r.NameEn);
        }

        foreach (var m in await db.Set<ServiceLevels.AgreementMetric>().AsNoTracking().Where(m => ids.Contains(m.Id)).Select(m => new { m.Id, m.Name }).ToListAsync(ct))
        {
            names[(TouchpointKind.OlaMetric, m.Id)] = m.Name;
        }

        if (bound.Any(b => b.Kind == TouchpointKind.SurveyQuestion))
        {
            foreach (var q in await new Surveys.SurveyQuestionScores(db).QuestionsAsync(english, ct))
            {
                names[(TouchpointKind.SurveyQuestion, q.Id)] = q.Text;
            }
        }

        names[(TouchpointKind.MailChannel, TouchpointTargets.IntakeMailbox)] = english ? MailboxEn : MailboxRu;
        return names;
    }

    private const string MailboxRu = "Входящая почта ЦОБ";
    private const string MailboxEn = "SSC intake mailbox";

    /// <summary>
    /// What the editor offers to bind on a map of this service and company: the service's request types, the intake
    /// mailbox, the scored survey questions, and the OLA metrics in reach (of the map's company when it has one).
    /// </summary>
    public static async Task<List<BindingTarget>> TargetsAsync(AppDbContext db, Guid serviceId, Guid? companyId, bool english, CancellationToken ct)
    {
        var result = new List<BindingTarget>();
        result.AddRange((await db.RequestTypes.AsNoTracking().Where(r => r.ServiceId == serviceId).Select(r => new { r.Id, r.Name, r.NameEn }).ToListAsync(ct))
            .Select(r => new BindingTarget(TouchpointKind.RequestType, r.Id, Pick(english, r.Name, r.NameEn), null)).OrderBy(t => t.Name, StringComparer.CurrentCulture));
        result.Add(new BindingTarget(TouchpointKind.MailChannel, TouchpointTargets.IntakeMailbox, english ? MailboxEn : MailboxRu, null));
        result.AddRange((await new Surveys.SurveyQuestionScores(db).QuestionsAsync(english, ct))
            .Select(q => new BindingTarget(TouchpointKind.SurveyQuestion, q.Id, q.Text, q.Questionnaire)));
        var metrics = db.Set<ServiceLevels.AgreementMetric>().AsNoTracking().Where(m => m.Side == ServiceLevels.MetricSide.Ola);
        if (companyId is { } company)
        {
            metrics = metrics.Where(m => m.CompanyId == company);
        }

        var rows = await metrics.Select(m => new { m.Id, m.Name, m.CompanyId, Version = m.AgreementVersion!.Number }).ToListAsync(ct);
        var companies = await db.Companies.AsNoTracking().Select(c => new { c.Id, c.Name, c.NameEn }).ToDictionaryAsync(c => c.Id, ct);
        result.AddRange(rows.OrderBy(m => m.CompanyId).ThenByDescending(m => m.Version).ThenBy(m => m.Name, StringComparer.CurrentCulture)
            .Select(m => new BindingTarget(TouchpointKind.OlaMetric, m.Id, m.Name,
                (companies.TryGetValue(m.CompanyId, out var c) ? Pick(english, c.Name, c.NameEn) : "") + " · v" + m.Version.ToString(CultureInfo.InvariantCulture))));
        return result;
    }

    private static string Pick(bool english, string? name, string? nameEn) => english && nameEn is { Length: > 0 } en ? en : name ?? "";
}
