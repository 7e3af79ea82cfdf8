using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Features.Loyalty;
using OneWindow.Web.Features.Surveys;
using OneWindow.Web.Tests.Features.Feedback;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Surveys;

/// <summary>
/// Relationship surveys end to end over HTTP: a campaign invites through the outbox, people answer through their
/// personal links (static form posts, no sign-in), and the results carry NPS and CSI as computed by hand here.
/// </summary>
public class SurveyTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    internal static readonly Regex Link = new("/s/([A-Za-z0-9_-]{43})");
    private static readonly string[] Attributes = ["speed", "accuracy", "politeness", "availability", "proactivity", "reporting"];

    private HttpClient Browser() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private async Task<Guid> PersonAsync(string email) => await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private Task<(Guid Campaign, Dictionary<string, string> Links)> LaunchAsync(string name, bool anonymous, params string[] emails) =>
        LaunchAsync(app, name, anonymous, emails);

    /// <summary>Creates a one-off campaign of the yearly questionnaire for these people, launches its wave and returns their links as emailed.</summary>
    internal static async Task<(Guid Campaign, Dictionary<string, string> Links)> LaunchAsync(OneWindowFactory app, string name, bool anonymous, params string[] emails)
    {
        var quality = await app.ClientForAsync(Demo.Quality);
        var questionnaires = await quality.GetFromJsonAsync<JsonElement>("/api/v1/surveys/questionnaires");
        var yearly = questionnaires.EnumerateArray().Single(q => q.GetProperty("key").GetString() == QuestionnaireLibrary.Yearly).GetProperty("id").GetGuid();
        var people = new List<Guid>();
        foreach (var email in emails)
        {
            people.Add(await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync()));
        }

        var created = await quality.PostAsJsonAsync("/api/v1/surveys", new
        {
            name, questionnaireId = yearly, recurrence = "Once", openDays = 14, reminderWorkingDays = 3, anonymous, audience = new { people },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var campaign = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await quality.PostAsync($"/api/v1/surveys/{campaign}/waves", null)).StatusCode);

        // The links as the emails carry them.
        var mails = await app.WithDbAsync(db => db.OutboxMessages.Where(m => emails.Contains(m.ToAddress) && m.Subject.Contains(name)).ToListAsync());
        Assert.Equal(emails.Length, mails.Count);
        return (campaign, mails.ToDictionary(m => m.ToAddress, m => Link.Match(m.TextBody).Groups[1].Value));
    }

    internal static FormUrlEncodedContent Form(string html, string action, int? nps, (int I, int S) speed, (int I, int S) others, string? improve = null)
    {
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", RatingLinkTests.Antiforgery(html)), new("action", action) };
        if (nps is { } score)
        {
            fields.Add(new("nps", score.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        foreach (var attribute in Attributes)
        {
            var (i, s) = attribute == "speed" ? speed : others;
            if (i > 0)
            {
                fields.Add(new($"csi.{attribute}.i", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                fields.Add(new($"csi.{attribute}.s", s.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        if (improve is not null)
        {
            fields.Add(new("improve", improve));
        }

        return new FormUrlEncodedContent(fields);
    }

    private Task<HttpResponseMessage> AnswerAsync(string token, string action, int? nps, (int, int) speed, (int, int) others, string? improve = null) =>
        AnswerAsync(app, token, action, nps, speed, others, improve);

    /// <summary>What a person's browser does with the yearly questionnaire: opens the link and posts the form.</summary>
    internal static async Task<HttpResponseMessage> AnswerAsync(OneWindowFactory app, string token, string action, int? nps, (int, int) speed, (int, int) others,
        string? improve = null)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await browser.GetAsync($"/s/{token}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        return await browser.PostAsync($"/s/{token}", Form(html, action, nps, speed, others, improve));
    }

    [Fact]
    public async Task Three_people_answer_through_their_email_links_and_the_results_show_NPS_and_CSI_as_computed_by_hand()
    {
        var (campaign, links) = await LaunchAsync("Опрос для проверки расчёта", anonymous: false, Demo.ClientA, Demo.ExecutiveA, Demo.ClientB);

        // A promoter answers at once.
        var first = await AnswerAsync(links[Demo.ClientA], "submit", 10, (10, 4), (10, 9));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("survey-notice", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A passive-turned-detractor saves half, comes back through the same link and finishes.
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(links[Demo.ExecutiveA], "save", 6, (8, 5), (0, 0))).StatusCode);
        var resumed = await (Browser()).GetStringAsync($"/s/{links[Demo.ExecutiveA]}");
        Assert.Matches("name=\"nps\" value=\"6\" checked", resumed);
        var saved = await app.WithDbAsync(db => db.Set<SurveyResponse>().Where(r => db.Set<SurveyWave>().Any(w => w.Id == r.WaveId && w.CampaignId == campaign)
            && db.Users.Any(u => u.Id == r.PersonId && u.Email == Demo.ExecutiveA)).Select(r => r.Completed).ToListAsync());
        Assert.Equal([false], saved);
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(links[Demo.ExecutiveA], "submit", 6, (8, 5), (5, 6), "Сроки сверки")).StatusCode);

        // Submitting without the required CSI is refused with the question named, and nothing completes.
        var incomplete = await AnswerAsync(links[Demo.ClientB], "submit", 3, (0, 0), (0, 0));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, incomplete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(links[Demo.ClientB], "submit", 3, (9, 3), (6, 3))).StatusCode);

        // By hand. NPS: 10, 6, 3 → 1 promoter, 2 detractors of 3 → 33.3 % − 66.7 % = −33.3.
        // CSI: speed I = (10+8+9)/3 = 9, S = (4+5+3)/3 = 4; the five others I = (10+5+6)/3 = 7, S = (9+6+3)/3 = 6.
        // ΣI = 9 + 5×7 = 44; raw = (9×4 + 5×7×6) / 44 = 246/44 = 5.5909; index = (5.5909 − 1)/9 × 100 = 51.0.
        // Quadrants against the means (I 7.33, S 5.67): speed concentrate here; the others possible overkill.
        var quality = await app.ClientForAsync(Demo.Quality);
        var results = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/surveys/{campaign}/results");
        var wave = results.GetProperty("waves")[0];
        Assert.Equal(3, wave.GetProperty("invited").GetInt32());
        Assert.Equal(3, wave.GetProperty("completed").GetInt32());
        Assert.Equal(100.0m, wave.GetProperty("responseRate").GetDecimal());
        var overall = wave.GetProperty("overall");
        Assert.Equal(-33.3m, overall.GetProperty("nps").GetProperty("score").GetDecimal());
        Assert.Equal(1, overall.GetProperty("nps").GetProperty("promoters").GetInt32());
        Assert.Equal(2, overall.GetProperty("nps").GetProperty("detractors").GetInt32());
        var csi = overall.GetProperty("csi");
        Assert.Equal(51.0m, csi.GetProperty("index").GetDecimal());
        var attributes = csi.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.GetProperty("attribute").GetString()!);
        Assert.Equal(9.0, attributes["speed"].GetProperty("meanImportance").GetDouble(), 6);
        Assert.Equal(4.0, attributes["speed"].GetProperty("meanSatisfaction").GetDouble(), 6);
        Assert.Equal(9.0 / 44, attributes["speed"].GetProperty("weight").GetDouble(), 6);
        Assert.Equal("ConcentrateHere", attributes["speed"].GetProperty("quadrant").GetString());
        Assert.Equal("PossibleOverkill", attributes["reporting"].GetProperty("quadrant").GetString());
        // The detractor's follow-up is a verbatim, named in a named campaign.
        Assert.Contains(wave.GetProperty("verbatims").EnumerateArray(), v => v.GetProperty("text").GetString() == "Сроки сверки" && v.GetProperty("npsScore").GetInt32() == 6);

        // One loyalty credit per completed response, though the executive saved twice and could edit again.
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(links[Demo.ExecutiveA], "submit", 7, (8, 5), (5, 6))).StatusCode);
        var executive = await PersonAsync(Demo.ExecutiveA);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<LoyaltyEntry>().CountAsync(e => e.PersonId == executive && e.Kind == LoyaltyKind.Survey
            && db.Set<SurveyInvitation>().Any(i => i.Id == e.SourceId && db.Set<SurveyWave>().Any(w => w.Id == i.WaveId && w.CampaignId == campaign)))));
    }

    [Fact]
    public async Task An_anonymous_response_keeps_nothing_that_leads_back_to_its_person()
    {
        var (campaign, links) = await LaunchAsync("Анонимный пульс", anonymous: true, "user@dv-logistics.demo", "cfo@dv-logistics.demo");
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(links["user@dv-logistics.demo"], "submit", 4, (9, 3), (6, 3), "Больше предсказуемости")).StatusCode);

        var stored = await app.WithDbAsync(async db =>
        {
            var wave = await db.Set<SurveyWave>().SingleAsync(w => w.CampaignId == campaign);
            return (Responses: await db.Set<SurveyResponse>().Where(r => r.WaveId == wave.Id).ToListAsync(),
                Invitations: await db.Set<SurveyInvitation>().Where(i => i.WaveId == wave.Id).ToListAsync());
        });
        var response = Assert.Single(stored.Responses);
        Assert.Null(response.PersonId);
        Assert.Null(response.CompletedAt);
        Assert.NotEqual(7, response.Id.Version);
        Assert.All(stored.Invitations, i => Assert.Null(i.ResponseId));
        Assert.DoesNotContain(stored.Invitations, i => i.TokenHash == response.ResumeKey);
        // The schema: the response table has no column holding an invitation's id or an instant.
        var columns = await app.WithDbAsync(db => Task.FromResult(db.Model.FindEntityType(typeof(SurveyResponse))!.GetProperties().Select(p => p.Name).ToList()));
        Assert.DoesNotContain(columns, c => c.Contains("Invitation", StringComparison.Ordinal) || c.EndsWith("At", StringComparison.Ordinal) && c != "CompletedAt");

        // The API: one response is below the anonymity threshold, so no figures, no verbatims, no ids.
        var quality = await app.ClientForAsync(Demo.Quality);
        var json = await quality.GetStringAsync($"/api/v1/surveys/{campaign}/results");
        Assert.DoesNotContain(response.Id.ToString(), json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Больше предсказуемости", json, StringComparison.Ordinal);
        var overall = JsonDocument.Parse(json).RootElement.GetProperty("waves")[0].GetProperty("overall");
        Assert.True(overall.GetProperty("hidden").GetBoolean());
        Assert.Equal(JsonValueKind.Null, overall.GetProperty("nps").ValueKind);
    }

    [Fact]
    public async Task A_person_surveyed_within_the_fatigue_window_is_skipped_and_the_preview_says_why()
    {
        var (first, _) = await LaunchAsync("Первая кампания", anonymous: false, "user@volga-energo.demo");
        var quality = await app.ClientForAsync(Demo.Quality);
        var questionnaires = await quality.GetFromJsonAsync<JsonElement>("/api/v1/surveys/questionnaires");
        var pulse = questionnaires.EnumerateArray().Single(q => q.GetProperty("key").GetString() == QuestionnaireLibrary.Pulse).GetProperty("id").GetGuid();
        var volga = await PersonAsync("user@volga-energo.demo");
        var nord = await PersonAsync("user@nord-shipyard.demo");
        var created = await quality.PostAsJsonAsync("/api/v1/surveys", new { name = "Вторая кампания", questionnaireId = pulse, audience = new { people = new[] { volga, nord } } });
        var second = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var preview = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/surveys/{second}/audience");
        var reasons = preview.EnumerateArray().ToDictionary(p => p.GetProperty("personId").GetGuid(), p => p.GetProperty("skippedReason"));
        Assert.Equal(SkipReasons.Fatigue, reasons[volga].GetString());
        Assert.Equal(JsonValueKind.Null, reasons[nord].ValueKind);

        Assert.Equal(HttpStatusCode.Created, (await quality.PostAsync($"/api/v1/surveys/{second}/waves", null)).StatusCode);
        var mailed = await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.Subject.Contains("Вторая кампания")).Select(m => m.ToAddress).ToListAsync());
        Assert.Equal(["user@nord-shipyard.demo"], mailed);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task A_survey_link_that_does_not_exist_or_is_malformed_answers_404_and_a_client_cannot_reach_the_api()
    {
        var browser = Browser();
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/s/" + new string('a', 43))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/s/short")).StatusCode);
        var posted = await browser.PostAsync("/s/" + new string('b', 43), new FormUrlEncodedContent([new("nps", "10"), new("action", "submit")]));
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);

        var client = await app.ClientForAsync(Demo.ClientA);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/surveys")).StatusCode);
    }
}
