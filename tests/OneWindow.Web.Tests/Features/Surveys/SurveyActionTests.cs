using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Features.Clients;
using OneWindow.Web.Features.Surveys;
using OneWindow.Web.Features.Tickets;
using OneWindow.Web.Tests.Features.Feedback;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Surveys;

/// <summary>
/// Action plans over HTTP: a detractor's named response opens one follow-up for the company's CSM (and none in an
/// anonymous campaign), improvement actions are made through the API and read by the company's executives only.
/// </summary>
public class SurveyActionTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private static readonly Regex Link = new("/s/([A-Za-z0-9_-]{43})");
    private static readonly string[] Attributes = ["speed", "accuracy", "politeness", "availability", "proactivity", "reporting"];
    private const string ExecutiveB = "cfo@sib-agro.demo";
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private async Task<Guid> PersonAsync(string email) => await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private async Task<Guid> CompanyAsync(string name) => await app.WithDbAsync(db => db.Companies.Where(c => c.Name == name).Select(c => c.Id).SingleAsync());

    // Launch and answer as SurveyTests does: the links are read from the queued invitations, answered by form posts.
    private async Task<(Guid Campaign, Dictionary<string, string> Links)> LaunchAsync(string name, bool anonymous, params string[] emails)
    {
        var quality = await app.ClientForAsync(Demo.Quality);
        var questionnaires = await quality.GetFromJsonAsync<JsonElement>("/api/v1/surveys/questionnaires");
        var yearly = questionnaires.EnumerateArray().Single(q => q.GetProperty("key").GetString() == QuestionnaireLibrary.Yearly).GetProperty("id").GetGuid();
        var people = new List<Guid>();
        foreach (var email in emails)
        {
            people.Add(await PersonAsync(email));
        }

        var created = await quality.PostAsJsonAsync("/api/v1/surveys", new
        {
            name, questionnaireId = yearly, recurrence = "Once", openDays = 14, reminderWorkingDays = 3, anonymous, audience = new { people },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var campaign = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await quality.PostAsync($"/api/v1/surveys/{campaign}/waves", null)).StatusCode);
        var mails = await app.WithDbAsync(db => db.OutboxMessages.Where(m => emails.Contains(m.ToAddress) && m.Subject.Contains(name)).ToListAsync());
        Assert.Equal(emails.Length, mails.Count);
        return (campaign, mails.ToDictionary(m => m.ToAddress, m => Link.Match(m.TextBody).Groups[1].Value));
    }

    private async Task AnswerAsync(string token, int nps, string? improve = null)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await browser.GetAsync($"/s/{token}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", RatingLinkTests.Antiforgery(html)), new("action", "submit"), new("nps", nps.ToString(CultureInfo.InvariantCulture)),
        };
        foreach (var attribute in Attributes)
        {
            fields.Add(new($"csi.{attribute}.i", "8"));
            fields.Add(new($"csi.{attribute}.s", attribute == "proactivity" ? "3" : "7"));
        }

        if (improve is not null)
        {
            fields.Add(new("improve", improve));
        }

        var posted = await browser.PostAsync($"/s/{token}", new FormUrlEncodedContent(fields));
        Assert.True(posted.StatusCode == HttpStatusCode.OK, await posted.Content.ReadAsStringAsync());
    }

    private Task<int> FollowUpNoticesAsync(Guid userId) =>
        app.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == userId && n.Kind == TicketEventKind.FeedbackCase && n.Link == "/surveys/actions"));

    private async Task<List<Guid>> CsmsOfAsync(Guid companyId) => await app.WithDbAsync(db =>
        db.ClientAssignments.Where(a => a.CompanyId == companyId && a.Role == AssignmentRole.ClientSuccessManager && a.EndsOn == null).Select(a => a.UserId).Distinct().ToListAsync());

    [Fact]
    public async Task A_detractor_completing_a_named_survey_opens_one_follow_up_for_the_companys_CSM_with_a_bell_notice_and_resubmitting_opens_no_second()
    {
        var companyA = await CompanyAsync(Demo.CompanyA);
        var csms = await CsmsOfAsync(companyA);
        Assert.NotEmpty(csms);
        var before = new Dictionary<Guid, int>();
        foreach (var csm in csms)
        {
            before[csm] = await FollowUpNoticesAsync(csm);
        }

        var (campaign, links) = await LaunchAsync("Опрос с критиком", anonymous: false, Demo.ClientA);
        await AnswerAsync(links[Demo.ClientA], 3, "Долго отвечаете на запросы по сверке");

        var followUps = await app.WithDbAsync(db => db.Set<SurveyAction>().Where(a => a.CampaignId == campaign).ToListAsync());
        var followUp = Assert.Single(followUps);
        Assert.NotNull(followUp.FollowUpOfResponseId);
        Assert.Equal(SurveyActionSource.Detractor, followUp.SourceKind);
        Assert.Equal(SurveyActionStatus.Open, followUp.Status);
        Assert.Equal(companyA, followUp.CompanyId);
        Assert.Contains(followUp.OwnerId!.Value, csms);
        Assert.Equal("Долго отвечаете на запросы по сверке", followUp.Description);
        var respondent = await PersonAsync(Demo.ClientA);
        Assert.Equal(respondent, await app.WithDbAsync(db => db.Set<SurveyResponse>().Where(r => r.Id == followUp.ResponseId).Select(r => r.PersonId).SingleAsync()));
        foreach (var csm in csms)
        {
            Assert.Equal(before[csm] + 1, await FollowUpNoticesAsync(csm));
        }

        // The same link edits the response: still one follow-up, no second notice.
        await AnswerAsync(links[Demo.ClientA], 2, "И ещё раз о сроках");
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<SurveyAction>().CountAsync(a => a.CampaignId == campaign)));
        foreach (var csm in csms)
        {
            Assert.Equal(before[csm] + 1, await FollowUpNoticesAsync(csm));
        }

        // The CSM reads it through the API; the company's executive does not (it names one of their people's answers).
        var csmClient = await app.ClientForAsync(Demo.Csm);
        var seen = await csmClient.GetFromJsonAsync<JsonElement>($"/api/v1/surveys/actions/{followUp.Id}");
        Assert.True(seen.GetProperty("followUp").GetBoolean());
        var executive = await app.ClientForAsync(Demo.ExecutiveA);
        Assert.Equal(HttpStatusCode.NotFound, (await executive.GetAsync($"/api/v1/surveys/actions/{followUp.Id}")).StatusCode);
    }

    [Fact]
    public async Task An_anonymous_detractor_opens_no_follow_up_and_notifies_nobody()
    {
        var notices = await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.Kind == TicketEventKind.FeedbackCase && n.Link == "/surveys/actions"));
        var (campaign, links) = await LaunchAsync("Анонимный опрос с критиком", anonymous: true, "user@dv-logistics.demo");
        await AnswerAsync(links["user@dv-logistics.demo"], 1, "Всё плохо");

        Assert.Equal(1, await app.WithDbAsync(db => db.Set<SurveyResponse>().CountAsync(r => db.Set<SurveyWave>().Any(w => w.Id == r.WaveId && w.CampaignId == campaign) && r.Completed)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<SurveyAction>().CountAsync(a => a.CampaignId == campaign)));
        Assert.Equal(notices, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.Kind == TicketEventKind.FeedbackCase && n.Link == "/surveys/actions")));
    }

    /// <summary>The demo survey's latest wave, answered by the demo clients (company A and B among them).</summary>
    private Task<(Guid Campaign, Guid Wave)> DemoWaveAsync() => app.WithDbAsync(async db =>
    {
        var wave = await db.Set<SurveyWave>().Where(w => db.Set<SurveyResponse>().Any(r => r.WaveId == w.Id && r.PersonId != null))
            .OrderByDescending(w => w.Number).FirstAsync();
        return (wave.CampaignId, wave.Id);
    });

    private async Task<object> WeakAttributeActionAsync(string title, Guid? companyId = null)
    {
        var (campaign, wave) = await DemoWaveAsync();
        var today = await app.WithDbAsync(db => Task.FromResult(DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime)));
        return new
        {
            companyId = companyId ?? await CompanyAsync(Demo.CompanyA), title, description = "Раз в месяц звонок CSM с финансовой службой",
            ownerId = await PersonAsync(Demo.Csm), dueOn = today.AddDays(30), sourceKind = "Attribute", campaignId = campaign, waveId = wave, attributeKey = "proactivity",
        };
    }

    [Fact]
    public async Task An_action_from_a_weak_attribute_is_read_by_the_companys_executive_and_not_by_another_companys()
    {
        var quality = await app.ClientForAsync(Demo.Quality);
        var created = await quality.PostAsJsonAsync("/api/v1/surveys/actions", await WeakAttributeActionAsync("Проактивный обзор рисков закрытия"));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var action = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = action.GetProperty("id").GetGuid();
        Assert.Equal("Attribute", action.GetProperty("sourceKind").GetString());
        Assert.Equal("Open", action.GetProperty("status").GetString());

        var executiveA = await app.ClientForAsync(Demo.ExecutiveA);
        var read = await executiveA.GetAsync($"/api/v1/surveys/actions/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("Проактивный обзор рисков закрытия", (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        var listA = await executiveA.GetFromJsonAsync<JsonElement>("/api/v1/surveys/actions");
        Assert.Contains(listA.EnumerateArray(), a => a.GetProperty("id").GetGuid() == id);
        Assert.All(listA.EnumerateArray(), a => Assert.False(a.GetProperty("followUp").GetBoolean()));

        var executiveB = await app.ClientForAsync(ExecutiveB);
        await HttpAssert.ProblemAsync(await executiveB.GetAsync($"/api/v1/surveys/actions/{id}"), 404);
        var listB = await executiveB.GetStringAsync($"/api/v1/surveys/actions?companyId={await CompanyAsync(Demo.CompanyA)}");
        Assert.DoesNotContain(id.ToString(), listB, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Demo.CompanyA, listB, StringComparison.Ordinal);

        // The executive reads but never writes; the company's CSM moves it on.
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/surveys/actions/{id}") { Content = JsonContent.Create(new { status = "InProgress" }) };
        patch.Headers.TryAddWithoutValidation("If-Match", "*");
        Assert.Equal(HttpStatusCode.Forbidden, (await executiveA.SendAsync(patch)).StatusCode);
        var csm = await app.ClientForAsync(Demo.Csm);
        var moved = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/surveys/actions/{id}") { Content = JsonContent.Create(new { status = "Done" }) };
        moved.Headers.TryAddWithoutValidation("If-Match", "*");
        var done = await csm.SendAsync(moved);
        Assert.True(done.StatusCode == HttpStatusCode.OK, await done.Content.ReadAsStringAsync());
        var doneJson = await done.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Done", doneJson.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, doneJson.GetProperty("closedAt").ValueKind);
    }

    [Fact]
    public async Task Bad_input_gets_problem_details_naming_the_fields()
    {
        var quality = await app.ClientForAsync(Demo.Quality);
        var empty = await HttpAssert.ProblemAsync(await quality.PostAsJsonAsync("/api/v1/surveys/actions", new { }), 400);
        var errors = empty.GetProperty("errors");
        foreach (var field in new[] { "title", "ownerId", "dueOn", "sourceKind" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        var valid = JsonSerializer.SerializeToElement(await WeakAttributeActionAsync("Плохой атрибут"), Web);
        JsonElement With(string field, object? value)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(valid.GetRawText())!.AsObject();
            node[field] = JsonSerializer.SerializeToNode(value);
            return JsonSerializer.SerializeToElement(node);
        }

        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync("/api/v1/surveys/actions", With("attributeKey", "charisma")), "attributeKey");
        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync("/api/v1/surveys/actions", With("waveId", Guid.NewGuid())), "waveId");
        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync("/api/v1/surveys/actions", With("dueOn", "2001-01-01")), "dueOn");
        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync("/api/v1/surveys/actions", With("ownerId", await PersonAsync(ExecutiveB))), "ownerId");
        var detractor = With("sourceKind", "Detractor");
        var noResponse = System.Text.Json.Nodes.JsonNode.Parse(detractor.GetRawText())!.AsObject();
        noResponse["responseId"] = Guid.NewGuid();
        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync("/api/v1/surveys/actions", noResponse), "responseId");

        // A change with nothing in it, or a due date in the past, names the field too.
        var created = await quality.PostAsJsonAsync("/api/v1/surveys/actions", valid);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var (body, field) in new (object Body, string Field)[] { (new { }, "status"), (new { dueOn = "2001-01-01" }, "dueOn"), (new { status = "Someday" }, "status") })
        {
            var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/surveys/actions/{id}") { Content = JsonContent.Create(body) };
            patch.Headers.TryAddWithoutValidation("If-Match", "*");
            await HttpAssert.FieldErrorAsync(await quality.SendAsync(patch), field);
        }
    }
}
