using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Features.Surveys;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Surveys;

/// <summary>Questionnaires of the SSC's own: validated, edited in place until a wave uses them, then edited as a new version.</summary>
public sealed class QuestionnaireTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private static object Definition(string npsText, bool withFollowUp = true) => new
    {
        sections = new object[]
        {
            new
            {
                key = "main", titleRu = "Главное", titleEn = "Main",
                questions = withFollowUp
                    ? new object[]
                    {
                        new { key = "nps", kind = "Nps", textRu = npsText, textEn = "Would you recommend us?", required = true },
                        new { key = "why", kind = "Text", textRu = "Почему?", textEn = "Why?", showIf = new { questionKey = "nps", atMost = 6 } },
                    }
                    : [new { key = "nps", kind = "Nps", textRu = npsText, textEn = "Would you recommend us?", required = true }],
            },
        },
    };

    [Fact]
    public async Task A_questionnaire_is_edited_in_place_until_a_wave_uses_it_and_then_as_a_new_version()
    {
        var quality = await app.ClientForAsync(Demo.Quality);

        // Refused with the fields named: a repeated question key, an English text missing, a condition on a later question.
        var bad = await quality.PostAsJsonAsync("/api/v1/surveys/questionnaires", new
        {
            key = "onboarding", titleRu = "Онбординг", titleEn = "",
            definition = new { sections = new[] { new { key = "s", titleRu = "С", titleEn = "S", questions = new object[]
            {
                new { key = "q", kind = "Text", textRu = "Вопрос", textEn = "Question", showIf = new { questionKey = "later" } },
                new { key = "q", kind = "Nps", textRu = "Вопрос 2", textEn = "" },
            } } } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("definition.questions.q", out _), errors.ToString());

        // A document that leaves out what it promises (found by the fuzz test: it answered 500).
        var empty = await quality.PostAsJsonAsync("/api/v1/surveys/questionnaires", new { key = "empty", titleRu = "Пусто", titleEn = "Empty", definition = new { } });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("definition.sections", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await quality.PostAsJsonAsync("/api/v1/surveys/questionnaires", new
        {
            key = "nulls", titleRu = "Н", titleEn = "N",
            definition = new { sections = new object[] { new { key = "s", titleRu = "С", titleEn = "S", questions = new object?[] { new { kind = 123 }, null } } } },
        })).StatusCode);

        var created = await quality.PostAsJsonAsync("/api/v1/surveys/questionnaires", new { key = "onboarding", titleRu = "Онбординг", titleEn = "Onboarding", definition = Definition("Порекомендуете?") });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.BadRequest, (await quality.PostAsJsonAsync("/api/v1/surveys/questionnaires",
            new { key = "onboarding", titleRu = "Ещё", titleEn = "Again", definition = Definition("?") })).StatusCode);

        // No wave has used it: an edit changes version 1 in place.
        Assert.Equal(HttpStatusCode.OK, (await quality.PutAsJsonAsync($"/api/v1/surveys/questionnaires/{id}",
            new { titleRu = "Онбординг клиента", titleEn = "Client onboarding", definition = Definition("Порекомендуете ли вы ЦОБ коллеге?") })).StatusCode);
        var versions = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/surveys/questionnaires/{id}/versions");
        Assert.Equal(1, versions.GetArrayLength());

        // A wave uses it: version 1 is frozen, and the next edit makes version 2 for later waves.
        var client = await app.WithDbAsync(db => db.Users.Where(u => u.Email == "user@volga-energo.demo").Select(u => u.Id).SingleAsync());
        var campaign = (await (await quality.PostAsJsonAsync("/api/v1/surveys", new { name = "Онбординг Волги", questionnaireId = id, audience = new { people = new[] { client } } }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await quality.PostAsync($"/api/v1/surveys/{campaign}/waves", null)).StatusCode);
        var edited = await quality.PutAsJsonAsync($"/api/v1/surveys/questionnaires/{id}",
            new { titleRu = "Онбординг клиента", titleEn = "Client onboarding", definition = Definition("Порекомендуете ли вы ЦОБ?", withFollowUp: false) });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(2, (await edited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentVersion").GetInt32());
        versions = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/surveys/questionnaires/{id}/versions");
        Assert.Equal([(1, true, false), (2, false, true)], versions.EnumerateArray().Select(v => (v.GetProperty("number").GetInt32(), v.GetProperty("frozen").GetBoolean(), v.GetProperty("current").GetBoolean())));

        // The running wave keeps the questions it was sent with, follow-up included.
        var waveVersion = await app.WithDbAsync(db => db.Set<SurveyWave>().Where(w => w.CampaignId == campaign)
            .Join(db.Set<QuestionnaireVersion>(), w => w.QuestionnaireVersionId, v => v.Id, (w, v) => v.Number).SingleAsync());
        Assert.Equal(1, waveVersion);
        var mail = await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.Subject.Contains("Онбординг Волги")).Select(m => m.TextBody).SingleAsync());
        var page = WebUtility.HtmlDecode(await app.AnonymousClient().GetStringAsync("/s/" + SurveyTests.Link.Match(mail).Groups[1].Value));
        Assert.Contains("Порекомендуете ли вы ЦОБ коллеге?", page, StringComparison.Ordinal);
        Assert.Contains("name=\"why\"", page, StringComparison.Ordinal);

        // A client may not write questionnaires.
        var clientApi = await app.ClientForAsync(Demo.ClientA);
        Assert.Equal(HttpStatusCode.Forbidden, (await clientApi.PutAsJsonAsync($"/api/v1/surveys/questionnaires/{id}", new { titleRu = "x", titleEn = "x", definition = Definition("x") })).StatusCode);
    }
}
