using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Surveys;

/// <summary>The responses behind the figures and the XLSX export: named campaigns open to their people, anonymous ones never do.</summary>
public sealed class SurveyExportTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private static List<IDictionary<string, object?>> Sheet(byte[] bytes, string name) =>
        [.. MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true, sheetName: name).Cast<IDictionary<string, object?>>()];

    [Fact]
    public async Task A_named_campaigns_figures_open_to_the_responses_behind_them_and_its_export_lists_every_response()
    {
        var (campaign, links) = await SurveyTests.LaunchAsync(app, "Опрос с выгрузкой", false, Demo.ClientA, Demo.ExecutiveA, Demo.ClientB);
        Assert.Equal(HttpStatusCode.OK, (await SurveyTests.AnswerAsync(app, links[Demo.ClientA], "submit", 10, (10, 4), (10, 9))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SurveyTests.AnswerAsync(app, links[Demo.ExecutiveA], "submit", 6, (8, 5), (5, 6), "Сроки сверки")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SurveyTests.AnswerAsync(app, links[Demo.ClientB], "submit", 3, (9, 3), (6, 3))).StatusCode);

        var quality = await app.ClientForAsync(Demo.Quality);
        var results = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/surveys/{campaign}/results");
        var wave = results.GetProperty("waves")[0];
        var waveId = wave.GetProperty("waveId").GetGuid();

        // The detractors behind NPS −33.3: the executive (6) and Sibagro's user (3), by name with their answers.
        var detractors = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/surveys/{campaign}/responses?waveId={waveId}&segment=detractors");
        var names = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.ExecutiveA || u.Email == Demo.ClientB).Select(u => u.FullName).ToListAsync());
        Assert.Equal(names.Order(StringComparer.Ordinal), detractors.EnumerateArray().Select(r => r.GetProperty("person").GetString()!).Order(StringComparer.Ordinal));
        Assert.Contains(detractors.EnumerateArray().SelectMany(r => r.GetProperty("answers").EnumerateArray()), a => a.GetProperty("answer").GetString() == "Сроки сверки");

        // A company cut opens to that company's responses only.
        var ural = wave.GetProperty("cuts").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "company" && c.GetProperty("figures").GetProperty("responses").GetInt32() == 2);
        var behind = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/surveys/{campaign}/responses?waveId={waveId}&cut=company&key={ural.GetProperty("key").GetString()}");
        Assert.Equal(2, behind.GetArrayLength());
        Assert.All(behind.EnumerateArray(), r => Assert.Equal(ural.GetProperty("name").GetString(), r.GetProperty("company").GetString()));

        // The SSC teams that served the companies (handled their tickets in the year before the wave) are a cut too, and each
        // opens to as many responses as it counts.
        var teams = wave.GetProperty("cuts").EnumerateArray().Where(c => c.GetProperty("kind").GetString() == "team").ToList();
        Assert.NotEmpty(teams);
        foreach (var team in teams)
        {
            var served = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/surveys/{campaign}/responses?waveId={waveId}&cut=team&key={team.GetProperty("key").GetString()}");
            Assert.Equal(team.GetProperty("figures").GetProperty("responses").GetInt32(), served.GetArrayLength());
        }

        // Bad filters are refused with the field named.
        var bad = await quality.GetAsync($"/api/v1/surveys/{campaign}/responses?waveId={waveId}&segment=everyone&cut=planet&key=x");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("segment", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("cut", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await quality.GetAsync($"/api/v1/surveys/{campaign}/responses?waveId={Guid.NewGuid()}")).StatusCode);

        // People tag the detractor's verbatim: a sentiment and a topic; the results and the workbook carry them.
        var verbatim = (await quality.GetFromJsonAsync<JsonElement>($"/api/v1/surveys/{campaign}/results")).GetProperty("waves")[0].GetProperty("verbatims")
            .EnumerateArray().Single(v => v.GetProperty("text").GetString() == "Сроки сверки");
        var key = verbatim.GetProperty("key").GetString();
        Assert.Equal(HttpStatusCode.OK, (await quality.PutAsJsonAsync($"/api/v1/surveys/{campaign}/verbatims/tags", new { key, tags = new[] { "negative", " сроки ", "сроки" } })).StatusCode);
        var tagged = (await quality.GetFromJsonAsync<JsonElement>($"/api/v1/surveys/{campaign}/results")).GetProperty("waves")[0].GetProperty("verbatims")
            .EnumerateArray().Single(v => v.GetProperty("text").GetString() == "Сроки сверки");
        Assert.Equal(["negative", "сроки"], tagged.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        // Two sentiments, too many tags, a made-up key, another campaign's id: refused; a client may not tag at all.
        var twoSentiments = await quality.PutAsJsonAsync($"/api/v1/surveys/{campaign}/verbatims/tags", new { key, tags = new[] { "negative", "positive" } });
        Assert.Equal(HttpStatusCode.BadRequest, twoSentiments.StatusCode);
        Assert.True((await twoSentiments.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("tags", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await quality.PutAsJsonAsync($"/api/v1/surveys/{campaign}/verbatims/tags",
            new { key, tags = Enumerable.Range(1, 11).Select(i => $"t{i}").ToArray() })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await quality.PutAsJsonAsync($"/api/v1/surveys/{campaign}/verbatims/tags", new { key = "made-up", tags = new[] { "x" } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await quality.PutAsJsonAsync($"/api/v1/surveys/{Guid.NewGuid()}/verbatims/tags", new { key, tags = new[] { "x" } })).StatusCode);
        var client = await app.ClientForAsync(Demo.ClientA);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync($"/api/v1/surveys/{campaign}/verbatims/tags", new { key, tags = new[] { "positive" } })).StatusCode);

        // The workbook: the summary's NPS and CSI as computed by hand in SurveyTests, and one row per response with its person.
        var export = await quality.GetAsync($"/api/v1/surveys/{campaign}/results.xlsx");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        Assert.Equal(["Итоги", "Срезы", "Аспекты", "Комментарии", "Ответы"], MiniExcel.GetSheetNames(new MemoryStream(bytes)));
        var summary = Assert.Single(Sheet(bytes, "Итоги"));
        Assert.Equal(-33.3, Convert.ToDouble(summary["NPS"], System.Globalization.CultureInfo.InvariantCulture), 3);
        Assert.Equal(51.0, Convert.ToDouble(summary["CSI (0–100)"], System.Globalization.CultureInfo.InvariantCulture), 3);
        var responses = Sheet(bytes, "Ответы");
        Assert.Equal(3, responses.Count);
        Assert.Contains(responses, r => names.Contains(r["Человек"] as string ?? ""));
        // Only the detractor was asked the follow-up; every row still has its column.
        Assert.All(responses, r => Assert.True(r.ContainsKey("Что нам стоит улучшить в первую очередь?")));
        Assert.Equal("негатив, сроки", Assert.Single(Sheet(bytes, "Комментарии"), r => (r["Текст"] as string) == "Сроки сверки")["Метки"]);
    }

    [Fact]
    public async Task The_demo_campaign_exports_every_response_of_both_waves()
    {
        var quality = await app.ClientForAsync(Demo.Quality);
        var demo = (await quality.GetFromJsonAsync<JsonElement>("/api/v1/surveys")).EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "Ежегодный опрос удовлетворённости клиентов ЦОБ");
        var completed = demo.GetProperty("waves").EnumerateArray().Sum(w => w.GetProperty("completed").GetInt32());
        var export = await quality.GetAsync($"/api/v1/surveys/{demo.GetProperty("id").GetGuid()}/results.xlsx");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        Assert.Equal(completed, Sheet(bytes, "Ответы").Count);
        Assert.Equal(2, Sheet(bytes, "Итоги").Count);
    }

    [Fact]
    public async Task An_anonymous_campaign_shows_its_figures_from_five_responses_but_neither_its_export_nor_the_api_names_anybody()
    {
        var people = await app.WithDbAsync(db => db.Users.Where(u => u.CompanyId != null && u.IsActive && u.Email != null && u.Email != Demo.ClientA
            && u.Email != Demo.ExecutiveA && u.Email != Demo.ClientB).OrderBy(u => u.Email).Select(u => new { u.Email, u.FullName }).Take(5).ToListAsync());
        Assert.Equal(5, people.Count);
        var (campaign, links) = await SurveyTests.LaunchAsync(app, "Анонимный опрос с выгрузкой", true, [.. people.Select(p => p.Email!)]);
        var scores = new[] { 9, 10, 7, 4, 2 };
        for (var i = 0; i < people.Count; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SurveyTests.AnswerAsync(app, links[people[i].Email!], "submit", scores[i], (9, 5), (7, 7), i == 3 ? "Больше предсказуемости" : null)).StatusCode);
        }

        var quality = await app.ClientForAsync(Demo.Quality);
        var results = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/surveys/{campaign}/results");
        var wave = results.GetProperty("waves")[0];
        // 2 promoters, 1 passive, 2 detractors of 5: 40 % − 40 % = 0.
        Assert.False(wave.GetProperty("overall").GetProperty("hidden").GetBoolean());
        Assert.Equal(0.0m, wave.GetProperty("overall").GetProperty("nps").GetProperty("score").GetDecimal());
        // Every company cut has fewer than five responses: hidden.
        Assert.All(wave.GetProperty("cuts").EnumerateArray().Where(c => c.GetProperty("kind").GetString() == "company"), c => Assert.True(c.GetProperty("figures").GetProperty("hidden").GetBoolean()));
        var verbatim = Assert.Single(wave.GetProperty("verbatims").EnumerateArray());
        Assert.Equal("Больше предсказуемости", verbatim.GetProperty("text").GetString());
        Assert.Equal("", verbatim.GetProperty("company").GetString());
        Assert.Equal(JsonValueKind.Null, verbatim.GetProperty("person").ValueKind);

        // People can tag it through its opaque key, which is not the response's id.
        var anonymousKey = verbatim.GetProperty("key").GetString()!;
        Assert.DoesNotContain(':', anonymousKey);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await quality.PutAsJsonAsync($"/api/v1/surveys/{campaign}/verbatims/tags", new { key = anonymousKey, tags = new[] { "negative" } })).StatusCode);
        var again = await quality.GetStringAsync($"/api/v1/surveys/{campaign}/results");
        var ids = await app.WithDbAsync(db => db.Set<OneWindow.Web.Features.Surveys.SurveyResponse>().Where(r => db.Set<OneWindow.Web.Features.Surveys.SurveyWave>()
            .Any(w => w.Id == r.WaveId && w.CampaignId == campaign)).Select(r => r.Id).ToListAsync());
        Assert.Equal(5, ids.Count);
        Assert.All(ids, id => Assert.DoesNotContain(id.ToString("N"), again, StringComparison.OrdinalIgnoreCase));
        Assert.All(ids, id => Assert.DoesNotContain(id.ToString(), again, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("\"negative\"", again, StringComparison.Ordinal);

        // The responses behind the figures are not listed one by one.
        var drill = await quality.GetAsync($"/api/v1/surveys/{campaign}/responses?waveId={wave.GetProperty("waveId").GetGuid()}");
        Assert.Equal(HttpStatusCode.Conflict, drill.StatusCode);

        // The workbook has no response sheet, and no cell anywhere holds a respondent's name or company.
        var bytes = await (await quality.GetAsync($"/api/v1/surveys/{campaign}/results.xlsx")).Content.ReadAsByteArrayAsync();
        var sheets = MiniExcel.GetSheetNames(new MemoryStream(bytes));
        Assert.Equal(["Итоги", "Срезы", "Аспекты", "Комментарии"], sheets);
        var cells = sheets.SelectMany(s => Sheet(bytes, s)).SelectMany(r => r.Values).OfType<string>().ToList();
        Assert.DoesNotContain(cells, c => people.Any(p => c.Contains(p.FullName, StringComparison.Ordinal)));
        // Companies appear only as cuts, and those are hidden under five; the verbatim carries none.
        var verbatims = Sheet(bytes, "Комментарии");
        Assert.Equal("Больше предсказуемости", Assert.Single(verbatims)["Текст"]);
        Assert.True(string.IsNullOrEmpty(verbatims[0]["Компания"] as string));
        Assert.All(Sheet(bytes, "Срезы").Where(r => (r["Срез"] as string) == "Компании"), r => Assert.Null(r["NPS"]));
    }
}
