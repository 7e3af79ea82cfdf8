namespace OneWindow.Web.Features.JourneyMaps;

public sealed record JourneyMapSummary(Guid Id, string Title, string Persona, Guid ServiceId, string Service, Guid? CompanyId, string? Company, JourneyMapStatus Status,
    int Steps, DateTimeOffset UpdatedAt);

public sealed record JourneyMapDto(Guid Id, string Title, string Persona, Guid ServiceId, string Service, Guid? CompanyId, string? Company, JourneyMapStatus Status,
    int Version, List<JourneyStageDto> Stages);

public sealed record JourneyStageDto(Guid Id, string Title, List<JourneyStepDto> Steps);

public sealed record JourneyStepDto(Guid Id, string Title, string? ClientAction, string? Touchpoint, string? Channel, string? Thoughts, int EmotionAsIs, int EmotionToBe,
    string? PainPoints, string? Opportunities, string? Backstage, string? CodeSections, List<BindingDto> Bindings, List<JourneyCommentDto> Comments);

/// <summary>A binding with the bound record's name where it is a request type.</summary>
public sealed record BindingDto(TouchpointKind Kind, Guid TargetId, string? Name);

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
        var typeIds = map.Stages.SelectMany(s => s.Steps).SelectMany(s => s.Bindings).Where(b => b.Kind == TouchpointKind.RequestType).Select(b => b.TargetId).Distinct().ToList();
        var types = (await db.RequestTypes.AsNoTracking().Where(r => typeIds.Contains(r.Id)).Select(r => new { r.Id, r.Name, r.NameEn }).ToListAsync(ct))
            .ToDictionary(r => r.Id, r => Pick(english, r.Name, r.NameEn));
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
                [.. x.Bindings.OrderBy(b => b.Kind).ThenBy(b => b.TargetId).Select(b => new BindingDto(b.Kind, b.TargetId, types.GetValueOrDefault(b.TargetId)))],
                [.. comments.Where(c => c.StepId == x.Id).Select(c => c.Dto)]))]))]);
    }

    private static string Pick(bool english, string? name, string? nameEn) => english && nameEn is { Length: > 0 } en ? en : name ?? "";
}
