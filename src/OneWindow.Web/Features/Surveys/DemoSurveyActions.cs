using OneWindow.Core.Surveys;
using OneWindow.Web.Features.Clients;

namespace OneWindow.Web.Features.Surveys;

/// <summary>
/// Improvement actions on the demo survey's weakest attribute in its latest wave (one per company, in different states)
/// and the detractor follow-up of one of its detractors, so the actions page has real items on a first run.
/// </summary>
internal sealed class DemoSurveyActions(AppDbContext db, TimeProvider clock) : IDemoDataSeeder
{
    // After the demo surveys (250).
    public int Order => 260;

    private static readonly (string Title, string Description, SurveyActionStatus Status, int DueInDays)[] Plans =
    [
        ("Ежемесячный проактивный обзор рисков закрытия периода",
            "CSM проводит с финансовой службой клиента 30-минутный звонок за неделю до закрытия месяца: что может задержать закрытие и что ЦОБ сделает заранее.",
            SurveyActionStatus.InProgress, 21),
        ("Предупреждать о переносе сроков не позднее чем за 3 рабочих дня",
            "Любой перенос срока по регламентным операциям сообщается клиенту письмом с новой датой и причиной; контроль — на еженедельной планёрке команды.",
            SurveyActionStatus.Open, 35),
        ("Квартальные предложения по улучшению процессов клиента",
            "Раз в квартал команда готовит две-три идеи по упрощению первичных документов и сверок клиента и обсуждает их на встрече с руководителем.",
            SurveyActionStatus.Done, -10),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Set<SurveyAction>().AnyAsync(ct))
        {
            return;
        }

        var wave = await db.Set<SurveyWave>().Where(w => w.LaunchedAt != null).OrderByDescending(w => w.Number).ThenBy(w => w.CampaignId).FirstOrDefaultAsync(ct);
        if (wave is null)
        {
            return;
        }

        var campaign = await db.Set<SurveyCampaign>().FirstAsync(c => c.Id == wave.CampaignId, ct);
        var definition = QuestionnaireDefinition.Parse(await db.Set<QuestionnaireVersion>().Where(v => v.Id == wave.QuestionnaireVersionId).Select(v => v.Definition).FirstAsync(ct));
        var responses = await db.Set<SurveyResponse>().Where(r => r.WaveId == wave.Id && r.Completed).ToListAsync(ct);
        var figures = SurveyResults.Figures(definition, responses.Select(r => SurveyAnswers.Parse(r.Answers)), campaign.Anonymous);
        // The weakest attribute: the least satisfying of those to concentrate on, else the least satisfying of all.
        var weakest = figures.Csi?.Attributes.OrderBy(a => a.Quadrant != PriorityQuadrant.ConcentrateHere).ThenBy(a => a.MeanSatisfaction).FirstOrDefault();
        if (weakest is null)
        {
            return;
        }

        var zone = await TimeZones.ServiceCenterAsync(db, ct);
        var now = clock.GetUtcNow();
        var today = LocalDates.Of(now, zone);
        var quality = await db.Users.Where(u => u.IsActive && u.CompanyId == null
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.QualityManager))).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        var companies = await db.Companies.Where(c => responses.Select(r => r.CompanyId).Contains(c.Id)).OrderBy(c => c.Name).Select(c => c.Id).Take(Plans.Length).ToListAsync(ct);
        foreach (var (company, plan) in companies.Zip(Plans))
        {
            var csm = await db.ClientAssignments.Where(a => a.CompanyId == company && a.Role == AssignmentRole.ClientSuccessManager && a.EndsOn == null)
                .OrderBy(a => a.ServiceId != null).Select(a => (Guid?)a.UserId).FirstOrDefaultAsync(ct);
            db.Set<SurveyAction>().Add(new SurveyAction
            {
                CompanyId = company,
                Title = plan.Title,
                Description = plan.Description,
                OwnerId = csm ?? quality,
                DueOn = today.AddDays(plan.DueInDays),
                Status = plan.Status,
                SourceKind = SurveyActionSource.Attribute,
                CampaignId = campaign.Id,
                WaveId = wave.Id,
                AttributeKey = weakest.Attribute,
                CreatedById = quality,
                ClosedAt = plan.Status == SurveyActionStatus.Done ? now.AddDays(-3) : null,
            });
        }

        // One detractor of the latest wave gets the follow-up the answer page would have opened.
        var npsKey = definition.Questions.FirstOrDefault(q => q.Kind == QuestionKind.Nps)?.Key;
        var detractor = npsKey is null || campaign.Anonymous ? null : responses
            .Select(r => (Response: r, Answers: SurveyAnswers.Parse(r.Answers)))
            .Where(r => r.Response.PersonId is not null && r.Answers.Score(npsKey) <= 6)
            .OrderBy(r => r.Answers.Score(npsKey)).ThenBy(r => r.Response.Id).Select(r => ((SurveyResponse, SurveyAnswers)?)r).FirstOrDefault();
        if (detractor is var (response, answers))
        {
            await new SurveyFollowUps(clock).OnNamedResponseSubmittedAsync(db, new NamedSurveySubmission(response.Id, campaign.Id, wave.Id, response.CompanyId,
                response.PersonId!.Value, answers.Score(npsKey!), answers.TryGetValue("improve", out var improve) ? improve.Text : null), ct);
        }

        await db.SaveChangesAsync(ct);
    }
}
