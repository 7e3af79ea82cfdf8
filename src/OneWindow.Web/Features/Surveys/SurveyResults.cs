using Microsoft.AspNetCore.DataProtection;
using OneWindow.Core.Surveys;

namespace OneWindow.Web.Features.Surveys;

/// <summary>The figures of one set of completed responses; null figures where the questionnaire asks no such question or the cut is hidden.</summary>
[FeatureSeam]
public sealed record SurveyFigures(int Responses, bool Hidden, NpsFigure? Nps, CsatFigure? Csat, CsiFigure? Csi);

/// <summary>One cut of a wave (a company, a holding, a role) with its figures.</summary>
[FeatureSeam]
public sealed record SurveyCut(string Kind, string Key, string Name, SurveyFigures Figures);

/// <summary>A verbatim answer; the response and person are named only in a named campaign.</summary>
[FeatureSeam]
public sealed record SurveyVerbatim(string Question, string Text, string Company, int? NpsScore, Guid? ResponseId, string? Person)
{
    /// <summary>The question's key in a named campaign (with <see cref="ResponseId"/> it names the verbatim); null in an anonymous one.</summary>
    public string? QuestionKey { get; init; }

    /// <summary>What names the verbatim for tagging: "response:question" in a named campaign, an opaque protected value in an anonymous one.</summary>
    public string? Key { get; init; }

    /// <summary>People's tags on it: a sentiment (positive, neutral, negative) and topics.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
}

[FeatureSeam]
public sealed record WaveResults(Guid WaveId, int Number, DateOnly Opens, DateOnly Closes, int Invited, int Skipped, int Completed, decimal? ResponseRate,
    SurveyFigures Overall, IReadOnlyList<SurveyCut> Cuts, IReadOnlyList<SurveyVerbatim> Verbatims);

/// <summary>A campaign's results wave by wave; <see cref="AttributeNames"/> names the CSI attributes and <see cref="QuestionnaireTitle"/> the questionnaire in the viewer's language.</summary>
[FeatureSeam]
public sealed record SurveyResultsDto(Guid CampaignId, string Name, bool Anonymous, IReadOnlyList<WaveResults> Waves)
{
    public IReadOnlyDictionary<string, string> AttributeNames { get; init; } = new Dictionary<string, string>();
}

/// <summary>One company's figures in one wave of a campaign.</summary>
[FeatureSeam]
public sealed record CompanySurveyResult(Guid CampaignId, string Campaign, Guid WaveId, int Wave, DateOnly Closes, SurveyFigures Figures);

/// <summary>Results of a campaign wave by wave, computed with <see cref="SurveyMath"/> from the completed responses.</summary>
[FeatureSeam]
public sealed class SurveyResults(AppDbContext db, IDataProtectionProvider? protection = null)
{
    private readonly IDataProtector? verbatimKeys = protection?.CreateProtector(VerbatimTags.KeyPurpose);

    /// <summary>
    /// The company's figures in the latest wave it answered (by closing date): the company cut of that wave's results,
    /// exactly as the results page shows it (hidden below the anonymity threshold). Null when it never answered.
    /// </summary>
    public async Task<CompanySurveyResult?> LatestForCompanyAsync(Guid companyId, string culture, CancellationToken ct)
    {
        var latest = await db.Set<SurveyResponse>().AsNoTracking().Where(r => r.CompanyId == companyId && r.Completed)
            .Join(db.Set<SurveyWave>(), r => r.WaveId, w => w.Id, (r, w) => w)
            .OrderByDescending(w => w.Closes).ThenByDescending(w => w.Number)
            .Select(w => new { w.CampaignId, w.Id })
            .FirstOrDefaultAsync(ct);
        if (latest is null || await ForCampaignAsync(latest.CampaignId, culture, ct) is not { } results)
        {
            return null;
        }

        var wave = results.Waves.FirstOrDefault(w => w.WaveId == latest.Id);
        var key = companyId.ToString();
        var cut = wave?.Cuts.FirstOrDefault(c => c.Kind == "company" && c.Key == key);
        return wave is null || cut is null ? null : new CompanySurveyResult(results.CampaignId, results.Name, wave.WaveId, wave.Number, wave.Closes, cut.Figures);
    }

    public async Task<SurveyResultsDto?> ForCampaignAsync(Guid campaignId, string culture, CancellationToken ct)
    {
        var campaign = await db.Set<SurveyCampaign>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (campaign is null)
        {
            return null;
        }

        var waves = await db.Set<SurveyWave>().AsNoTracking().Where(w => w.CampaignId == campaignId).OrderBy(w => w.Number).ToListAsync(ct);
        var versionIds = waves.Select(w => w.QuestionnaireVersionId).Distinct().ToList();
        var definitions = await db.Set<QuestionnaireVersion>().AsNoTracking().Where(v => versionIds.Contains(v.Id))
            .ToDictionaryAsync(v => v.Id, v => QuestionnaireDefinition.Parse(v.Definition), ct);
        var waveIds = waves.Select(w => w.Id).ToList();
        var invitations = await db.Set<SurveyInvitation>().AsNoTracking().Where(i => waveIds.Contains(i.WaveId))
            .GroupBy(i => i.WaveId).Select(g => new { WaveId = g.Key, Invited = g.Count(i => i.InvitedAt != null), Skipped = g.Count(i => i.SkippedReason != null) })
            .ToDictionaryAsync(g => g.WaveId, ct);
        var responses = await db.Set<SurveyResponse>().AsNoTracking().Where(r => waveIds.Contains(r.WaveId) && r.Completed)
            .Select(r => new { r.Id, r.WaveId, r.CompanyId, r.PersonId, r.Role, r.Answers, r.Tags }).ToListAsync(ct);
        var companies = await db.Companies.AsNoTracking().Select(c => new { c.Id, c.Name, c.HoldingId }).ToDictionaryAsync(c => c.Id, ct);
        var holdings = await db.Holdings.AsNoTracking().ToDictionaryAsync(h => h.Id, h => h.Name, ct);
        var companyIds = responses.Select(r => r.CompanyId).Distinct().ToList();
        var received = await db.ClientServices.AsNoTracking().Where(cs => companyIds.Contains(cs.CompanyId))
            .Select(cs => new { cs.CompanyId, cs.ServiceId, cs.StartsOn, cs.EndsOn }).ToListAsync(ct);
        var serviceNames = await db.Services.AsNoTracking().Select(sv => new { sv.Id, sv.Name, sv.NameEn }).ToDictionaryAsync(sv => sv.Id, ct);
        var teamNames = await db.Teams.AsNoTracking().Select(t => new { t.Id, t.Name, t.NameEn }).ToDictionaryAsync(t => t.Id, ct);
        var personIds = responses.Where(r => r.PersonId != null).Select(r => r.PersonId!.Value).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => personIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);

        var result = new List<WaveResults>();
        foreach (var wave in waves)
        {
            var definition = definitions[wave.QuestionnaireVersionId];
            var rows = responses.Where(r => r.WaveId == wave.Id).Select(r => (Row: r, Answers: SurveyAnswers.Parse(r.Answers))).ToList();
            var counts = invitations.GetValueOrDefault(wave.Id);
            var cuts = new List<SurveyCut>();
            foreach (var group in rows.GroupBy(r => r.Row.CompanyId))
            {
                cuts.Add(new("company", group.Key.ToString(), companies.TryGetValue(group.Key, out var c) ? c.Name : "", Figures(definition, group.Select(g => g.Answers), campaign.Anonymous)));
            }

            foreach (var group in rows.Where(r => companies.GetValueOrDefault(r.Row.CompanyId)?.HoldingId is not null).GroupBy(r => companies[r.Row.CompanyId].HoldingId!.Value))
            {
                cuts.Add(new("holding", group.Key.ToString(), holdings.GetValueOrDefault(group.Key, ""), Figures(definition, group.Select(g => g.Answers), campaign.Anonymous)));
            }

            foreach (var group in rows.GroupBy(r => r.Row.Role))
            {
                cuts.Add(new("role", group.Key, group.Key, Figures(definition, group.Select(g => g.Answers), campaign.Anonymous)));
            }

            // The SSC teams that served the respondent's company (handled its tickets) in the year before the wave opened; a
            // response counts under each. By company, not person, so an anonymous response is placed as a named one is.
            var served = await SurveyTeams.ServedAsync(db, rows.Select(r => r.Row.CompanyId).Distinct().ToList(), wave.Opens, ct);
            foreach (var group in rows.SelectMany(r => served.Where(x => x.CompanyId == r.Row.CompanyId).Select(x => (x.TeamId, r.Answers))).GroupBy(x => x.TeamId))
            {
                var name = teamNames.TryGetValue(group.Key, out var tm) ? culture == "en" && !string.IsNullOrWhiteSpace(tm.NameEn) ? tm.NameEn! : tm.Name : "";
                cuts.Add(new("team", group.Key.ToString(), name, Figures(definition, group.Select(g => g.Answers), campaign.Anonymous)));
            }

            // A response counts under every service its company received when the wave opened.
            foreach (var group in rows.SelectMany(r => received.Where(cs => cs.CompanyId == r.Row.CompanyId && cs.StartsOn <= wave.Opens && (cs.EndsOn == null || cs.EndsOn >= wave.Opens))
                         .Select(cs => cs.ServiceId).Distinct().Select(service => (Service: service, r.Answers))).GroupBy(x => x.Service))
            {
                var name = serviceNames.TryGetValue(group.Key, out var sv) ? culture == "en" && !string.IsNullOrWhiteSpace(sv.NameEn) ? sv.NameEn! : sv.Name : "";
                cuts.Add(new("service", group.Key.ToString(), name, Figures(definition, group.Select(g => g.Answers), campaign.Anonymous)));
            }

            var npsKey = definition.Questions.FirstOrDefault(q => q.Kind == QuestionKind.Nps)?.Key;
            var verbatims = rows.SelectMany(r => definition.Questions.Where(q => q.Kind == QuestionKind.Text)
                    .Where(q => r.Answers.TryGetValue(q.Key, out var a) && !string.IsNullOrWhiteSpace(a.Text))
                    .Select(q => new SurveyVerbatim(q.Text(culture), r.Answers[q.Key].Text!,
                        // An anonymous verbatim names no company either: with the company a small client's one voice is easy to place.
                        campaign.Anonymous ? "" : companies.TryGetValue(r.Row.CompanyId, out var c) ? c.Name : "",
                        npsKey is null ? null : r.Answers.Score(npsKey),
                        campaign.Anonymous ? null : r.Row.Id,
                        campaign.Anonymous || r.Row.PersonId is null ? null : names.GetValueOrDefault(r.Row.PersonId.Value))
                    {
                        QuestionKey = campaign.Anonymous ? null : q.Key,
                        Key = campaign.Anonymous ? verbatimKeys?.Protect(VerbatimTags.Key(r.Row.Id, q.Key)) : VerbatimTags.Key(r.Row.Id, q.Key),
                        Tags = VerbatimTags.Parse(r.Row.Tags).GetValueOrDefault(q.Key) ?? [],
                    }))
                .ToList();
            if (campaign.Anonymous)
            {
                // Shuffled by text so their order says nothing about who answered when.
                verbatims = [.. verbatims.OrderBy(v => v.Text, StringComparer.Ordinal)];
            }

            result.Add(new WaveResults(wave.Id, wave.Number, wave.Opens, wave.Closes, counts?.Invited ?? 0, counts?.Skipped ?? 0, rows.Count,
                SurveyMath.ResponseRate(counts?.Invited ?? 0, rows.Count), Figures(definition, rows.Select(r => r.Answers), campaign.Anonymous),
                [.. cuts.OrderBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.CurrentCulture)],
                campaign.Anonymous && rows.Count < SurveyMath.AnonymousMinimum ? [] : verbatims));
        }

        var attributeNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in definitions.Values.SelectMany(d => d.Questions).Where(q => q.Kind == QuestionKind.CsiPairs).SelectMany(q => q.Options ?? []))
        {
            attributeNames[option.Key] = option.In(culture);
        }

        return new SurveyResultsDto(campaign.Id, campaign.Name, campaign.Anonymous, result) { AttributeNames = attributeNames };
    }

    /// <summary>NPS, CSAT and CSI of a set of answers, each over the questions of that kind; hidden in an anonymous campaign below five responses.</summary>
    public static SurveyFigures Figures(QuestionnaireDefinition definition, IEnumerable<SurveyAnswers> answers, bool anonymous)
    {
        var list = answers.ToList();
        if (!SurveyMath.Shows(list.Count, anonymous))
        {
            return new SurveyFigures(list.Count, true, null, null, null);
        }

        var nps = definition.Questions.Where(q => q.Kind == QuestionKind.Nps).Select(q => q.Key).ToList();
        var csat = definition.Questions.Where(q => q.Kind == QuestionKind.Csat).Select(q => q.Key).ToList();
        var csi = definition.Questions.Where(q => q.Kind == QuestionKind.CsiPairs).ToList();
        return new SurveyFigures(list.Count, false,
            nps.Count == 0 ? null : SurveyMath.Nps(list.SelectMany(a => nps.Select(a.Score)).OfType<int>()),
            csat.Count == 0 ? null : SurveyMath.Csat(list.SelectMany(a => csat.Select(a.Score)).OfType<int>()),
            csi.Count == 0 ? null : SurveyMath.Csi(list.SelectMany(a => csi.SelectMany(q => a.TryGetValue(q.Key, out var answer) && answer.Pairs is { } pairs
                // Attributes in the questionnaire's order, named in the viewer's language.
                ? q.Options!.Where(o => pairs.ContainsKey(o.Key)).Select(o => new CsiPair(o.Key, pairs[o.Key][0], pairs[o.Key][1]))
                : []))));
    }
}

/// <summary>Which SSC teams served which client companies before a wave: the "employee's team" cut of the results.</summary>
public static class SurveyTeams
{
    public static async Task<List<(Guid CompanyId, Guid TeamId)>> ServedAsync(AppDbContext db, IReadOnlyCollection<Guid> companies, DateOnly opens, CancellationToken ct)
    {
        var until = new DateTimeOffset(opens.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var since = until.AddYears(-1);
        var pairs = await db.Tickets.AsNoTracking().Where(t => companies.Contains(t.CompanyId) && t.TeamId != null && t.CreatedAt >= since && t.CreatedAt < until)
            .Select(t => new { t.CompanyId, TeamId = t.TeamId!.Value }).Distinct().ToListAsync(ct);
        return [.. pairs.Select(p => (p.CompanyId, p.TeamId))];
    }
}
