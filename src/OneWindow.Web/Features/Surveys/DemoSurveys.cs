using OneWindow.Core.Surveys;

namespace OneWindow.Web.Features.Surveys;

/// <summary>
/// The ready questionnaires, and a yearly relationship survey of the demo clients with two closed waves a year apart
/// (satisfaction scores a point higher in the second; NPS follows the seeded draw), so results have figures and a trend.
/// </summary>
internal sealed class DemoSurveys(AppDbContext db, TimeProvider clock) : IDemoDataSeeder
{
    public int Order => 250;

    /// <summary>Adds the ready questionnaires that are missing (by key); an installation's own edits are left alone.</summary>
    public static async Task InstallLibraryAsync(AppDbContext db, CancellationToken ct)
    {
        var present = await db.Set<Questionnaire>().Select(q => q.Key).ToListAsync(ct);
        foreach (var (key, ru, en, definition) in QuestionnaireLibrary.All.Where(l => !present.Contains(l.Key)))
        {
            var questionnaire = new Questionnaire { Key = key, TitleRu = ru, TitleEn = en };
            db.Set<Questionnaire>().Add(questionnaire);
            db.Set<QuestionnaireVersion>().Add(new QuestionnaireVersion { QuestionnaireId = questionnaire.Id, Number = 1, Definition = definition.ToJson() });
        }

        await db.SaveChangesAsync(ct);
    }

    public async Task SeedAsync(CancellationToken ct)
    {
        await InstallLibraryAsync(db, ct);
        var yearly = await db.Set<Questionnaire>().FirstAsync(q => q.Key == QuestionnaireLibrary.Yearly, ct);
        var version = await db.Set<QuestionnaireVersion>().FirstAsync(v => v.QuestionnaireId == yearly.Id, ct);
        version.Frozen = true;
        var zone = await TimeZones.ServiceCenterAsync(db, ct);
        var today = LocalDates.Of(clock.GetUtcNow(), zone);
        var lastOpens = today.AddDays(-40);
        var campaign = new SurveyCampaign
        {
            Name = "Ежегодный опрос удовлетворённости клиентов ЦОБ",
            QuestionnaireId = yearly.Id,
            Recurrence = SurveyRecurrence.Yearly,
            FirstOpens = lastOpens.AddYears(-1),
            OpenDays = 14,
            ReminderWorkingDays = 3,
            Audience = new SurveyAudience(Roles: [Roles.ClientUser, Roles.ClientExecutive]).ToJson(),
            Status = CampaignStatus.Active,
        };
        db.Set<SurveyCampaign>().Add(campaign);

        var people = await db.Users.Where(u => u.CompanyId != null && u.IsActive).OrderBy(u => u.Email).Select(u => new
        {
            u.Id, CompanyId = u.CompanyId!.Value,
            Executive = db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.ClientExecutive)),
        }).ToListAsync(ct);
        var random = new Random(2026);
        for (var n = 1; n <= 2; n++)
        {
            var opens = n == 1 ? campaign.FirstOpens : lastOpens;
            var wave = new SurveyWave
            {
                CampaignId = campaign.Id, Number = n, Opens = opens, Closes = opens.AddDays(campaign.OpenDays - 1), QuestionnaireVersionId = version.Id,
                LaunchedAt = LocalDates.StartOf(opens, zone).AddHours(10),
            };
            db.Set<SurveyWave>().Add(wave);
            foreach (var (person, index) in people.Select((p, i) => (p, i)))
            {
                var invitation = new SurveyInvitation
                {
                    WaveId = wave.Id, CompanyId = person.CompanyId, PersonId = person.Id, TokenHash = SurveyTokens.InvitationHash(SurveyTokens.New()),
                    InvitedAt = wave.LaunchedAt,
                };
                db.Set<SurveyInvitation>().Add(invitation);
                // A year ago one person did not answer; this year everyone did.
                if (n == 1 && index == people.Count - 1)
                {
                    continue;
                }

                var lift = n == 2 ? 1 : 0;
                var answers = new SurveyAnswers
                {
                    ["nps"] = new SurveyAnswer(Score: Math.Clamp(random.Next(4, 11) + lift, 0, 10)),
                    ["csi"] = new SurveyAnswer(Pairs: QuestionnaireLibrary.Attributes.ToDictionary(a => a.Key,
                        a => new[] { Math.Clamp(random.Next(6, 11), 1, 10), Math.Clamp(random.Next(4, 10) + lift + (a.Key == "proactivity" ? -2 : 0), 1, 10) })),
                };
                if (answers.Score("nps") <= 6)
                {
                    answers["improve"] = new SurveyAnswer(Text: Improvements[index % Improvements.Length]);
                }

                answers["best"] = new SurveyAnswer(Text: Praise[(index + n) % Praise.Length]);
                // The quality manager has tagged the verbatims as people do: a sentiment, and a topic for the complaints.
                var tags = new Dictionary<string, List<string>> { ["best"] = ["positive"] };
                if (answers.ContainsKey("improve"))
                {
                    tags["improve"] = ["negative", ImprovementTopics[index % ImprovementTopics.Length]];
                }

                var response = new SurveyResponse
                {
                    WaveId = wave.Id, CompanyId = person.CompanyId, PersonId = person.Id, Role = person.Executive ? Roles.ClientExecutive : Roles.ClientUser,
                    ResumeKey = SurveyTokens.ResponseKey(SurveyTokens.New()), Answers = answers.ToJson(), Completed = true,
                    Tags = System.Text.Json.JsonSerializer.Serialize(tags, SurveyJson.Options),
                    CompletedAt = LocalDates.StartOf(opens.AddDays(1 + (index % 5)), zone).AddHours(11),
                };
                db.Set<SurveyResponse>().Add(response);
                invitation.Answered = true;
                invitation.ResponseId = response.Id;
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private static readonly string[] Improvements =
    [
        "Сроки ответа на запросы по сверке взаиморасчётов — иногда ждём больше недели.",
        "Хотелось бы заранее узнавать о переносе сроков закрытия периода.",
        "Не хватает единого контакта по сложным вопросам: каждый раз объясняем заново.",
    ];

    private static readonly string[] ImprovementTopics = ["сроки", "коммуникация", "единый контакт"];

    private static readonly string[] Praise =
    [
        "Быстро и аккуратно проводят платежи, всегда на связи.",
        "Понятная отчётность по SLA, удобно следить за статусом заявок.",
        "Вежливые специалисты, всегда помогают разобраться.",
        "Закрытие месяца стало предсказуемым.",
    ];
}
