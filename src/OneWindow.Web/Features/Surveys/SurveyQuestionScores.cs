using System.Security.Cryptography;

namespace OneWindow.Web.Features.Surveys;

/// <summary>A scored question (NPS or CSAT) of a questionnaire, named as its latest version asks it.</summary>
[FeatureSeam]
public sealed record ScoredQuestion(Guid Id, Guid QuestionnaireId, string Key, QuestionKind Kind, string Questionnaire, string Text)
{
    /// <summary>NPS (0–10) rather than CSAT (1–5).</summary>
    public bool IsNps => Kind == QuestionKind.Nps;

    /// <summary>The kind as its API name, for features that do not know the survey model.</summary>
    public string KindName => Kind.ToString();
}

/// <summary>The scores given to one question in the waves closing in a period; <see cref="Anonymous"/> when any of them is from an anonymous campaign.</summary>
[FeatureSeam]
public sealed record QuestionScores(ScoredQuestion Question, IReadOnlyList<int> Scores, bool Anonymous);

/// <summary>
/// Scored survey questions as targets other features bind to (a journey map's touchpoint). A question has no row of
/// its own — it is a key inside a questionnaire version's definition — so its id is derived from the questionnaire's id
/// and the key: stable across versions, the same wherever it is computed.
/// </summary>
[FeatureSeam]
public sealed class SurveyQuestionScores(AppDbContext db)
{
    public static Guid IdOf(Guid questionnaireId, string key)
    {
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"survey-question:{questionnaireId:N}:{key}"));
        return new Guid(hash.AsSpan(0, 16));
    }

    /// <summary>Every NPS and CSAT question of every questionnaire, by questionnaire title and question order.</summary>
    public async Task<List<ScoredQuestion>> QuestionsAsync(bool english, CancellationToken ct)
    {
        var questionnaires = await db.Set<Questionnaire>().AsNoTracking().Select(q => new { q.Id, q.TitleRu, q.TitleEn }).ToListAsync(ct);
        var versions = await db.Set<QuestionnaireVersion>().AsNoTracking().Select(v => new { v.QuestionnaireId, v.Number, v.Definition }).ToListAsync(ct);
        var result = new List<ScoredQuestion>();
        foreach (var q in questionnaires.OrderBy(q => english ? q.TitleEn : q.TitleRu, StringComparer.CurrentCulture))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            // The latest version names a question; a key only older versions asked is still a target (old answers keep it).
            foreach (var version in versions.Where(v => v.QuestionnaireId == q.Id).OrderByDescending(v => v.Number))
            {
                foreach (var question in QuestionnaireDefinition.Parse(version.Definition).Questions.Where(x => x.Kind is QuestionKind.Nps or QuestionKind.Csat))
                {
                    if (seen.Add(question.Key))
                    {
                        result.Add(new ScoredQuestion(IdOf(q.Id, question.Key), q.Id, question.Key, question.Kind, english ? q.TitleEn : q.TitleRu,
                            question.Text(english ? "en" : "ru")));
                    }
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The question's scores in the completed responses of the waves closing from <paramref name="firstDay"/> to
    /// <paramref name="lastDay"/> (inclusive), of one company or all in reach; null for an unknown question. A wave is dated by
    /// its close, as the results page shows it: an anonymous response carries no instant of its own.
    /// </summary>
    public async Task<QuestionScores?> ScoresAsync(Guid questionId, Guid? companyId, DateOnly firstDay, DateOnly lastDay, bool english, CancellationToken ct)
    {
        if ((await QuestionsAsync(english, ct)).FirstOrDefault(q => q.Id == questionId) is not { } question)
        {
            return null;
        }

        var rows = await (from r in db.Set<SurveyResponse>().AsNoTracking()
                          join w in db.Set<SurveyWave>() on r.WaveId equals w.Id
                          join c in db.Set<SurveyCampaign>() on w.CampaignId equals c.Id
                          where r.Completed && c.QuestionnaireId == question.QuestionnaireId && w.Closes >= firstDay && w.Closes <= lastDay
                                && (companyId == null || r.CompanyId == companyId)
                          select new { r.Answers, c.Anonymous })
            .ToListAsync(ct);
        var scores = rows.Select(r => SurveyAnswers.Parse(r.Answers).Score(question.Key)).OfType<int>().ToList();
        return new QuestionScores(question, scores, rows.Any(r => r.Anonymous));
    }
}
