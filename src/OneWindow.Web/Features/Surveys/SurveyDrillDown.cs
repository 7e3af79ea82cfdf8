using OneWindow.Core.Surveys;

namespace OneWindow.Web.Features.Surveys;

/// <summary>Which responses behind a figure: a wave, optionally one cut of it and one NPS or CSAT segment.</summary>
public sealed record ResponseFilter(Guid WaveId, string? Cut = null, string? Key = null, string? Segment = null);

/// <summary>One named response as the drill-down lists it: who, where, the scores and every answer in the viewer's language.</summary>
public sealed record SurveyResponseRow(Guid Id, Guid? PersonId, string Person, Guid CompanyId, string Company, string Role, DateTimeOffset? CompletedAt, int? Nps,
    int? Csat, IReadOnlyList<SurveyAnswerText> Answers);

public sealed record SurveyAnswerText(string QuestionKey, string Question, string Answer);

public static class ResponseSegments
{
    public const string Promoters = "promoters";
    public const string Passives = "passives";
    public const string Detractors = "detractors";
    /// <summary>CSAT 4–5.</summary>
    public const string Satisfied = "satisfied";
    public static readonly string[] All = [Promoters, Passives, Detractors, Satisfied];
    public static readonly string[] Cuts = ["company", "holding", "role", "service", "team"];
}

/// <summary>
/// The completed responses behind a figure of the results, for a named campaign only: an anonymous campaign's responses
/// are never listed one by one (its figures are the only way in, and hidden below five).
/// </summary>
public sealed class SurveyDrillDown(AppDbContext db)
{
    /// <summary>Null when the campaign or wave does not exist; <see cref="DrillDownResult.Anonymous"/> for an anonymous campaign.</summary>
    public async Task<DrillDownResult?> ResponsesAsync(Guid campaignId, ResponseFilter filter, string culture, CancellationToken ct)
    {
        var campaign = await db.Set<SurveyCampaign>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        var wave = await db.Set<SurveyWave>().AsNoTracking().FirstOrDefaultAsync(w => w.Id == filter.WaveId && w.CampaignId == campaignId, ct);
        if (campaign is null || wave is null)
        {
            return null;
        }

        if (campaign.Anonymous)
        {
            return new DrillDownResult(true, []);
        }

        var definition = QuestionnaireDefinition.Parse(await db.Set<QuestionnaireVersion>().Where(v => v.Id == wave.QuestionnaireVersionId).Select(v => v.Definition).FirstAsync(ct));
        var query = db.Set<SurveyResponse>().AsNoTracking().Where(r => r.WaveId == wave.Id && r.Completed);
        if (Guid.TryParse(filter.Key, out var key))
        {
            query = filter.Cut switch
            {
                "company" => query.Where(r => r.CompanyId == key),
                "holding" => query.Where(r => db.Companies.Any(c => c.Id == r.CompanyId && c.HoldingId == key)),
                "service" => query.Where(r => db.ClientServices.Any(cs => cs.CompanyId == r.CompanyId && cs.ServiceId == key && cs.StartsOn <= wave.Opens
                    && (cs.EndsOn == null || cs.EndsOn >= wave.Opens))),
                _ => query,
            };
        }
        else if (filter.Cut == "role" && filter.Key is { Length: > 0 } role)
        {
            query = query.Where(r => r.Role == role);
        }

        if (filter.Cut == "team" && Guid.TryParse(filter.Key, out var team))
        {
            var served = (await SurveyTeams.ServedAsync(db, await query.Select(r => r.CompanyId).Distinct().ToListAsync(ct), wave.Opens, ct))
                .Where(x => x.TeamId == team).Select(x => x.CompanyId).ToList();
            query = query.Where(r => served.Contains(r.CompanyId));
        }

        var rows = await query.Select(r => new
        {
            r.Id, r.PersonId, r.CompanyId, r.Role, r.CompletedAt, r.Answers,
            Person = db.Users.Where(u => u.Id == r.PersonId).Select(u => u.FullName).FirstOrDefault(),
            Company = db.Companies.Where(c => c.Id == r.CompanyId).Select(c => c.Name).FirstOrDefault(),
        }).Take(10_000).ToListAsync(ct);
        var npsKey = definition.Questions.FirstOrDefault(q => q.Kind == QuestionKind.Nps)?.Key;
        var csatKey = definition.Questions.FirstOrDefault(q => q.Kind == QuestionKind.Csat)?.Key;
        var list = new List<SurveyResponseRow>();
        foreach (var r in rows.OrderBy(r => r.Company, StringComparer.CurrentCulture).ThenBy(r => r.Person, StringComparer.CurrentCulture))
        {
            var answers = SurveyAnswers.Parse(r.Answers);
            int? nps = npsKey is null ? null : answers.Score(npsKey);
            int? csat = csatKey is null ? null : answers.Score(csatKey);
            var keep = filter.Segment switch
            {
                ResponseSegments.Promoters => nps >= 9,
                ResponseSegments.Passives => nps is 7 or 8,
                ResponseSegments.Detractors => nps <= 6,
                ResponseSegments.Satisfied => csat >= 4,
                _ => true,
            };
            if (keep)
            {
                list.Add(new SurveyResponseRow(r.Id, r.PersonId, r.Person ?? "", r.CompanyId, r.Company ?? "", r.Role, r.CompletedAt, nps, csat,
                    [.. Describe(definition, answers, culture)]));
            }
        }

        return new DrillDownResult(false, list);
    }

    /// <summary>Each answered question as text: scores as numbers, CSI as "importance / satisfaction" per attribute, choices by their words.</summary>
    public static IEnumerable<SurveyAnswerText> Describe(QuestionnaireDefinition definition, SurveyAnswers answers, string culture)
    {
        foreach (var q in definition.Questions)
        {
            if (!answers.TryGetValue(q.Key, out var a) || a.IsEmpty)
            {
                continue;
            }

            var text = q.Kind switch
            {
                QuestionKind.Nps or QuestionKind.Csat => a.Score?.ToString(CultureInfo.InvariantCulture) ?? "",
                QuestionKind.CsiPairs => string.Join("; ", (q.Options ?? []).Where(o => a.Pairs?.ContainsKey(o.Key) == true)
                    .Select(o => $"{o.In(culture)}: {a.Pairs![o.Key][0]} / {a.Pairs[o.Key][1]}")),
                QuestionKind.Single or QuestionKind.Multiple => string.Join("; ", (a.Choices ?? []).Select(c => q.Options?.FirstOrDefault(o => o.Key == c)?.In(culture) ?? c)),
                _ => a.Text ?? "",
            };
            yield return new SurveyAnswerText(q.Key, q.Text(culture), text);
        }
    }
}

public sealed record DrillDownResult(bool Anonymous, IReadOnlyList<SurveyResponseRow> Responses);
