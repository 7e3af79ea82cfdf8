using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Core.JourneyMaps;
using OneWindow.Core.ServiceLevels;
using OneWindow.Web.Features.JourneyMaps;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Tests.Features.Feedback;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.JourneyMaps;

/// <summary>
/// Customer journey maps on the demo data: the accounts-payable map of company A (Ural Mining) has touchpoints bound to
/// the AP request types; for the month with most of the demo's closed invoice payments (two of them rated here), the
/// map's figures must equal what the ticket list, clocks and ratings APIs give for the same tickets. Also comments across the client boundary, tenancy, If-Match and validation.
/// </summary>
public class JourneyMapTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private const string Period = "2026-11";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private async Task<T> GetAsync<T>(string email, string url)
    {
        var response = await (await app.ClientForAsync(email)).GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} as {email}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    private sealed record Ids(Guid CompanyA, Guid ServiceAp);

    private Task<Ids> IdsAsync() => app.WithDbAsync(async db => new Ids(
        await db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync(),
        await db.Services.Where(x => x.Code == "AP").Select(x => x.Id).SingleAsync()));

    private static readonly SemaphoreSlim Arranging = new(1, 1);

    /// <summary>
    /// The demo map; two invoice payments of company A raised by its accountant, resolved by the AP team (so their
    /// resolution clocks stop as the clock keeper stops them) and rated 5 and 2, in this month: the period to compare.
    /// </summary>
    private async Task<(JourneyMapDto Map, Guid CompanyA, string Period)> ArrangeAsync()
    {
        var s = await IdsAsync();
        await Arranging.WaitAsync();
        try
        {
            if (!await app.WithDbAsync(db => db.Tickets.AnyAsync(t => t.Subject.StartsWith("CJM: "))))
            {
                var (pay, employee) = await app.WithDbAsync(async db => (await db.RequestTypes.Where(r => r.Code == "PAY-INV").Select(r => r.Id).SingleAsync(),
                    await db.Users.Where(u => u.Email == "ap1@onewindow.demo").Select(u => u.Id).SingleAsync()));
                var client = await app.ClientForAsync(Demo.ClientA);
                var ap = await app.ClientForAsync("ap1@onewindow.demo");
                foreach (var grade in new[] { 5, 2 })
                {
                    var created = await client.PostAsJsonAsync("/api/v1/tickets", new
                    {
                        requestTypeId = pay, subject = "CJM: оплата счёта " + grade, description = "Оплатите, пожалуйста",
                        fields = new { supplier = "ООО «Ромашка»", invoiceNumber = "12" + grade, amount = 1000 * grade, currency = "RUB" },
                    });
                    Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                    var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary").GetProperty("id").GetGuid();
                    foreach (var action in new object[] { new { action = "Start" }, new { action = "Resolve", message = "Оплачено." } })
                    {
                        var acted = await ap.PostAsJsonAsync($"/api/v1/tickets/{id}/actions", action);
                        Assert.True(acted.IsSuccessStatusCode, await acted.Content.ReadAsStringAsync());
                    }

                    var rating = await FeedbackFixtures.RateAsync(app, Demo.ClientA, employee, grade, dedupe: "cjm-" + id);
                    await app.WithDbAsync(db => db.Ratings.Where(r => r.Id == rating.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.TicketId, id)));
                }
            }
        }
        finally
        {
            Arranging.Release();
        }

        var at = await app.WithDbAsync(db => db.Tickets.Where(t => t.Subject.StartsWith("CJM: ")).Select(t => t.CreatedAt).FirstAsync());
        var period = new ReportPeriod(PeriodUnit.Month, DateOnly.FromDateTime(at.UtcDateTime)).Key;
        var list = await GetAsync<List<JourneyMapSummary>>(Demo.Csm, "/api/v1/journey-maps");
        var summary = Assert.Single(list, m => m.Title == DemoJourneyMaps.Title);
        Assert.Equal(s.CompanyA, summary.CompanyId);
        return (await GetAsync<JourneyMapDto>(Demo.Csm, $"/api/v1/journey-maps/{summary.Id}"), s.CompanyA, period);
    }

    [Fact]
    public async Task Every_bound_touchpoint_shows_the_figures_of_the_ticket_clock_and_rating_APIs()
    {
        var (map, company, period) = await ArrangeAsync();
        Assert.True(ReportPeriod.TryParse(period, out var p));
        var figures = await GetAsync<JourneyFiguresDto>(Demo.Csm, $"/api/v1/journey-maps/{map.Id}/figures?period={period}");
        var bound = map.Stages.SelectMany(s => s.Steps).Where(s => s.Bindings.Any(b => b.Kind == TouchpointKind.RequestType)).ToList();
        Assert.True(bound.Count >= 2);
        Assert.Equal(bound.Select(s => s.Id).Order(), figures.Steps.Where(f => f.RequestTypeIds.Count > 0).Select(f => f.StepId).Order());
        var ratings = await GetAsync<List<JsonElement>>(Demo.Csm, "/api/v1/feedback/ratings");
        var checkedVolume = 0;
        foreach (var step in bound)
        {
            var f = figures.Steps.Single(x => x.StepId == step.Id);
            var ticketIds = new List<Guid>();
            var total = 0;
            foreach (var type in step.Bindings.Where(b => b.Kind == TouchpointKind.RequestType))
            {
                var page = await GetAsync<JsonElement>(Demo.Csm,
                    $"/api/v1/tickets?requestTypeId={type.TargetId}&companyId={company}&createdFrom={p.Start:yyyy-MM-dd}&createdTo={p.End.AddDays(-1):yyyy-MM-dd}&pageSize=100");
                total += page.GetProperty("total").GetInt32();
                ticketIds.AddRange(page.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));
            }

            Assert.Equal(total, f.Volume);
            Assert.Equal(total, ticketIds.Count);
            checkedVolume += total;

            var stopped = new List<ClockDto>();
            foreach (var id in ticketIds)
            {
                var clocks = await GetAsync<List<ClockDto>>(Demo.Csm, $"/api/v1/tickets/{id}/clocks");
                stopped.AddRange(clocks.Where(c => c.Side == MetricSide.Sla && c.Timer == TimerKind.Resolution && c.StoppedAt is not null));
            }

            var minutes = stopped.Select(c => c.ElapsedMinutes).ToList();
            Assert.Equal(stopped.Count, f.StoppedClocks);
            Assert.Equal(Round(JourneyMath.Median(minutes)), f.MedianMinutes);
            Assert.Equal(Round(JourneyMath.Percentile(minutes, 0.9)), f.P90Minutes);
            Assert.Equal(JourneyMath.Attainment(stopped.Count(c => c.State == ClockState.Met), stopped.Count), f.SlaAttainment);

            var mine = ratings.Where(r => r.GetProperty("ticketId").ValueKind == JsonValueKind.String && ticketIds.Contains(r.GetProperty("ticketId").GetGuid())).ToList();
            Assert.Equal(mine.Count, f.Ratings);
            Assert.Equal(mine.Count(r => r.GetProperty("satisfied").GetBoolean()), f.Satisfied);
            Assert.Equal(mine.Count == 0 ? null : Math.Round(100.0 * mine.Count(r => r.GetProperty("satisfied").GetBoolean()) / mine.Count, 1), f.Csat);
        }

        // The demo's invoice payments that month: real volume, stopped clocks and the two ratings given above.
        var send = figures.Steps.First(x => x.Volume > 0);
        Assert.True(checkedVolume >= 1);
        Assert.True(send.StoppedClocks >= 1);
        Assert.True(send.Ratings >= 1);
        Assert.NotNull(send.LiveEmotion);
    }

    private static double? Round(double? v) => v is { } x ? Math.Round(x, 2) : null;

    /// <summary>Every ticket of the company created in the period, from the ticket list API, page by page.</summary>
    private async Task<List<JsonElement>> TicketsAsync(Guid company, ReportPeriod p)
    {
        var items = new List<JsonElement>();
        for (var n = 1; ; n++)
        {
            var page = await GetAsync<JsonElement>(Demo.Csm,
                $"/api/v1/tickets?companyId={company}&createdFrom={p.Start:yyyy-MM-dd}&createdTo={p.End.AddDays(-1):yyyy-MM-dd}&pageSize=100&page={n}");
            var got = page.GetProperty("items").EnumerateArray().ToList();
            items.AddRange(got);
            if (got.Count < 100)
            {
                return items;
            }
        }
    }

    [Fact]
    public async Task The_mail_channel_binding_counts_the_tickets_the_ticket_list_API_shows_as_made_from_email()
    {
        var (map, company, period) = await ArrangeAsync();
        Assert.True(ReportPeriod.TryParse(period, out var p));
        // A ticket the intake made from an email: raised by the client, its channel set as the mail intake sets it.
        await Arranging.WaitAsync();
        try
        {
            if (!await app.WithDbAsync(db => db.Tickets.AnyAsync(t => t.Subject == "CJM mail: счёт по почте")))
            {
                var pay = await app.WithDbAsync(db => db.RequestTypes.Where(r => r.Code == "PAY-INV").Select(r => r.Id).SingleAsync());
                var created = await (await app.ClientForAsync(Demo.ClientA)).PostAsJsonAsync("/api/v1/tickets", new
                {
                    requestTypeId = pay, subject = "CJM mail: счёт по почте", description = "Пришло письмом",
                    fields = new { supplier = "ООО «Ромашка»", invoiceNumber = "77", amount = 700, currency = "RUB" },
                });
                Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
                await app.WithDbAsync(db => db.Tickets.Where(t => t.Subject == "CJM mail: счёт по почте")
                    .ExecuteUpdateAsync(u => u.SetProperty(t => t.Channel, OneWindow.Core.Tickets.TicketChannel.Email)));
            }
        }
        finally
        {
            Arranging.Release();
        }

        var step = Assert.Single(map.Stages.SelectMany(s => s.Steps), s => s.Bindings.Any(b => b.Kind == TouchpointKind.MailChannel));
        Assert.Equal(TouchpointTargets.IntakeMailbox, step.Bindings.Single(b => b.Kind == TouchpointKind.MailChannel).TargetId);
        Assert.False(string.IsNullOrEmpty(step.Bindings.Single().Name));
        var figures = await GetAsync<JourneyFiguresDto>(Demo.Csm, $"/api/v1/journey-maps/{map.Id}/figures?period={period}");
        var f = figures.Steps.Single(x => x.StepId == step.Id);
        Assert.True(f.MailChannel);
        var email = (await TicketsAsync(company, p)).Where(t => t.GetProperty("channel").GetString() == "Email").ToList();
        Assert.NotEmpty(email);
        Assert.Equal(email.Count, f.Volume);

        var ratings = await GetAsync<List<JsonElement>>(Demo.Csm, "/api/v1/feedback/ratings");
        var ids = email.Select(t => t.GetProperty("id").GetGuid()).ToHashSet();
        Assert.Equal(ratings.Count(r => r.GetProperty("ticketId").ValueKind == JsonValueKind.String && ids.Contains(r.GetProperty("ticketId").GetGuid())), f.Ratings);
    }

    [Fact]
    public async Task The_survey_question_binding_equals_the_survey_results_API_for_the_waves_closing_in_the_period()
    {
        var (map, company, _) = await ArrangeAsync();
        var step = Assert.Single(map.Stages.SelectMany(s => s.Steps), s => s.Bindings.Any(b => b.Kind == TouchpointKind.SurveyQuestion));
        var question = step.Bindings.Single(b => b.Kind == TouchpointKind.SurveyQuestion);
        Assert.False(string.IsNullOrEmpty(question.Name));

        // The demo's yearly survey: the latest wave with company A's answers gives the month to compare.
        var campaigns = await GetAsync<List<JsonElement>>(Demo.Quality, "/api/v1/surveys");
        var yearly = await app.WithDbAsync(db => db.Set<OneWindow.Web.Features.Surveys.Questionnaire>().Where(q => q.Key == "yearly").Select(q => q.Id).SingleAsync());
        var waves = new List<(DateOnly Closes, JsonElement Figures)>();
        foreach (var campaign in campaigns.Where(c => c.GetProperty("questionnaireId").GetGuid() == yearly))
        {
            var results = await GetAsync<JsonElement>(Demo.Quality, $"/api/v1/surveys/{campaign.GetProperty("id").GetGuid()}/results");
            foreach (var wave in results.GetProperty("waves").EnumerateArray())
            {
                foreach (var cut in wave.GetProperty("cuts").EnumerateArray().Where(c => c.GetProperty("kind").GetString() == "company" && c.GetProperty("key").GetString() == company.ToString()))
                {
                    waves.Add((DateOnly.Parse(wave.GetProperty("closes").GetString()!, System.Globalization.CultureInfo.InvariantCulture), cut.GetProperty("figures")));
                }
            }
        }

        var latest = waves.MaxBy(w => w.Closes);
        var p = new ReportPeriod(PeriodUnit.Month, latest.Closes);
        var inPeriod = waves.Where(w => w.Closes >= p.Start && w.Closes < p.End).ToList();
        Assert.Single(inPeriod);
        var expected = inPeriod[0].Figures.GetProperty("nps");

        var figures = await GetAsync<JourneyFiguresDto>(Demo.Csm, $"/api/v1/journey-maps/{map.Id}/figures?period={p.Key}");
        var q = Assert.Single(figures.Steps.Single(x => x.StepId == step.Id).Questions);
        Assert.Equal("Nps", q.Kind);
        Assert.False(q.Hidden);
        Assert.Equal(expected.GetProperty("n").GetInt32(), q.Answers);
        Assert.True(q.Answers > 0);
        Assert.Equal(expected.GetProperty("promoters").GetInt32(), q.Satisfied);
        Assert.Equal(expected.GetProperty("score").GetDecimal(), q.Nps);
        Assert.NotNull(q.LiveEmotion);
    }

    [Fact]
    public async Task The_OLA_metric_binding_equals_the_service_level_report_API()
    {
        var (map, company, period) = await ArrangeAsync();
        Assert.True(ReportPeriod.TryParse(period, out var current));
        var step = Assert.Single(map.Stages.SelectMany(s => s.Steps), s => s.Bindings.Any(b => b.Kind == TouchpointKind.OlaMetric));
        var metric = step.Bindings.Single(b => b.Kind == TouchpointKind.OlaMetric).TargetId;
        var counted = 0;
        foreach (var p in new[] { current, current.Previous, current.Previous.Previous })
        {
            var report = await GetAsync<JsonElement>(Demo.Csm, $"/api/v1/service-levels/report?period={p.Key}&companyId={company}");
            var expected = report.GetProperty("rows").EnumerateArray().SelectMany(r => r.GetProperty("metrics").EnumerateArray())
                .Single(m => m.GetProperty("metricId").GetGuid() == metric);
            var figures = await GetAsync<JourneyFiguresDto>(Demo.Csm, $"/api/v1/journey-maps/{map.Id}/figures?period={p.Key}");
            var f = Assert.Single(figures.Steps.Single(x => x.StepId == step.Id).Metrics);
            Assert.Equal(metric, f.MetricId);
            Assert.Equal(expected.GetProperty("counted").GetInt32(), f.Counted);
            Assert.Equal(expected.GetProperty("met").GetInt32(), f.Met);
            Assert.Equal(expected.GetProperty("breached").GetInt32(), f.Breached);
            Assert.Equal(expected.GetProperty("attainment").ValueKind == JsonValueKind.Null ? null : expected.GetProperty("attainment").GetDouble(), f.Attainment);
            Assert.Equal(expected.GetProperty("attainmentTarget").GetDecimal(), f.AttainmentTarget);
            counted += f.Counted;
        }

        // The demo's history has the company's primary documents delivered (or missed) in these months.
        Assert.True(counted > 0);
    }

    [Fact]
    public async Task A_binding_to_another_companys_or_a_nonexistent_target_is_a_field_error()
    {
        var (map, company, _) = await ArrangeAsync();
        var csm = await app.ClientForAsync(Demo.Admin);
        var (otherMetric, otherType) = await app.WithDbAsync(async db => (
            await db.Set<AgreementMetric>().IgnoreQueryFilters().Where(m => m.CompanyId != company && m.Side == MetricSide.Ola).Select(m => m.Id).FirstAsync(),
            await db.RequestTypes.Where(r => r.ServiceId != map.ServiceId).Select(r => r.Id).FirstAsync()));
        var bad = new (TouchpointKind Kind, Guid Id)[]
        {
            (TouchpointKind.OlaMetric, otherMetric), (TouchpointKind.OlaMetric, Guid.NewGuid()), (TouchpointKind.RequestType, Guid.NewGuid()),
            (TouchpointKind.RequestType, otherType), (TouchpointKind.SurveyQuestion, Guid.NewGuid()), (TouchpointKind.MailChannel, Guid.NewGuid()),
        };
        foreach (var (kind, id) in bad)
        {
            var input = Input(map);
            var first = input.Stages![0]!;
            var changed = input with { Stages = [first with { Steps = [first.Steps![0]! with { Bindings = [new BindingInput(kind, id)] }, .. first.Steps.Skip(1)] }, .. input.Stages.Skip(1)] };
            var refused = await PutAsync(csm, map.Id, changed, map.Version);
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{kind} {id}: {(int)refused.StatusCode}");
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty("stages[0].steps[0].bindings[0].targetId", out _), problem.ToString());
        }

        Assert.Equal(map.Version, (await GetAsync<JourneyMapDto>(Demo.Csm, $"/api/v1/journey-maps/{map.Id}")).Version);
    }

    [Fact]
    public async Task A_client_executives_comment_is_read_by_the_CSM_and_another_company_sees_nothing()
    {
        var (map, _, _) = await ArrangeAsync();
        var step = map.Stages[1].Steps[0];
        var cfo = await app.ClientForAsync(Demo.ExecutiveA);
        var posted = await cfo.PostAsJsonAsync($"/api/v1/journey-maps/{map.Id}/steps/{step.Id}/comments",
            new JourneyCommentInput("Согласование на площадке можно ускорить: предлагаем электронную визу начальника участка.", true), Json);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        var seen = await GetAsync<JourneyMapDto>(Demo.Csm, $"/api/v1/journey-maps/{map.Id}");
        var comment = Assert.Single(seen.Stages[1].Steps[0].Comments, c => c.Text.StartsWith("Согласование на площадке", StringComparison.Ordinal));
        Assert.True(comment.IsProposal);
        Assert.True(comment.AuthorIsClient);
        // The demo's own comment by the CFO is there too.
        Assert.Contains(seen.Stages.SelectMany(s => s.Steps).SelectMany(s => s.Comments), c => c.AuthorIsClient && !c.Text.StartsWith("Согласование на площадке", StringComparison.Ordinal));

        var other = await app.ClientForAsync("cfo@sib-agro.demo");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/journey-maps/{map.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/journey-maps/{map.Id}/figures?period={Period}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/v1/journey-maps/{map.Id}/steps/{step.Id}/comments",
            new JourneyCommentInput("Чужая карта", false), Json)).StatusCode);
        Assert.DoesNotContain(await GetAsync<List<JourneyMapSummary>>("cfo@sib-agro.demo", "/api/v1/journey-maps"), m => m.Id == map.Id);

        // The client executive reads but does not edit.
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/journey-maps/{map.Id}") { Content = JsonContent.Create(Input(seen), options: Json) };
        put.Headers.TryAddWithoutValidation("If-Match", $"\"{seen.Version}\"");
        Assert.Equal(HttpStatusCode.Forbidden, (await cfo.SendAsync(put)).StatusCode);
    }

    [Fact]
    public async Task The_editor_replaces_the_structure_under_If_Match_and_bad_emotions_are_field_errors()
    {
        var s = await IdsAsync();
        var csm = await app.ClientForAsync(Demo.Csm);
        var created = await csm.PostAsJsonAsync("/api/v1/journey-maps", new JourneyMapInput("Справка 2-НДФЛ", s.ServiceAp, "Сотрудник клиента просит справку", s.CompanyA, null,
        [
            new StageInput(null, "Запрос", [Step(null, "Заявка в портале", 0), Step(null, "Уточнение", -1)]),
            new StageInput(null, "Получение", [Step(null, "Справка готова", 1)]),
        ]), Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var map = (await created.Content.ReadFromJsonAsync<JourneyMapDto>(Json))!;

        // A step moved to the front keeps its id (and so its comments); If-Match guards the replace.
        var first = map.Stages[0];
        var reordered = Input(map) with
        {
            Stages = [Input(map).Stages![0]! with { Steps = [Input(map).Stages![0]!.Steps![1], Input(map).Stages![0]!.Steps![0]] }, Input(map).Stages![1]],
        };
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PutAsync(csm, map.Id, reordered, map.Version + 5)).StatusCode);
        var ok = await PutAsync(csm, map.Id, reordered, map.Version);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var after = (await ok.Content.ReadFromJsonAsync<JourneyMapDto>(Json))!;
        Assert.Equal([first.Steps[1].Id, first.Steps[0].Id], after.Stages[0].Steps.Select(x => x.Id));
        Assert.True(after.Version > map.Version);
        Assert.Equal($"\"{after.Version}\"", ok.Headers.ETag?.Tag);

        // Out of range emotions are field errors; nothing is saved.
        var bad = Input(after) with { Stages = [Input(after).Stages![0]! with { Steps = [Input(after).Stages![0]!.Steps![0]! with { EmotionAsIs = 3 }] }] };
        var refused = await PutAsync(csm, map.Id, bad, after.Version);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("stages[0].steps[0].emotionAsIs", out _), problem.ToString());
        var unchanged = await GetAsync<JourneyMapDto>(Demo.Csm, $"/api/v1/journey-maps/{map.Id}");
        Assert.Equal(after.Version, unchanged.Version);
        Assert.Equal(3, unchanged.Stages.Sum(x => x.Steps.Count));

        // A stage removed takes its steps with it; an unknown step id is refused.
        var shorter = Input(after) with { Stages = [Input(after).Stages![0]] };
        var done = await PutAsync(csm, map.Id, shorter, after.Version);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Single((await done.Content.ReadFromJsonAsync<JourneyMapDto>(Json))!.Stages);
        Assert.Equal(HttpStatusCode.BadRequest, (await PutAsync(csm, map.Id, Input(after) with
        {
            Stages = [new StageInput(null, "Этап", [Step(Guid.NewGuid(), "Чужой шаг", 0)])],
        }, after.Version + 1)).StatusCode);
    }

    [Fact]
    public async Task Figures_need_a_sensible_period()
    {
        var (map, _, _) = await ArrangeAsync();
        var csm = await app.ClientForAsync(Demo.Csm);
        Assert.Equal(HttpStatusCode.BadRequest, (await csm.GetAsync($"/api/v1/journey-maps/{map.Id}/figures?period=9999-12")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await csm.GetAsync($"/api/v1/journey-maps/{map.Id}/figures?period=ноябрь")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await csm.GetAsync($"/api/v1/journey-maps/{map.Id}/figures")).StatusCode);
    }

    private static StepInput Step(Guid? id, string title, int emotion) =>
        new(id, title, null, null, null, null, emotion, emotion, null, null, null, null, []);

    private static JourneyMapInput Input(JourneyMapDto map) => new(map.Title, map.ServiceId, map.Persona, map.CompanyId, map.Status,
        [.. map.Stages.Select(s => (StageInput?)new StageInput(s.Id, s.Title, [.. s.Steps.Select(x => (StepInput?)new StepInput(x.Id, x.Title, x.ClientAction, x.Touchpoint,
            x.Channel, x.Thoughts, x.EmotionAsIs, x.EmotionToBe, x.PainPoints, x.Opportunities, x.Backstage, x.CodeSections,
            [.. x.Bindings.Select(b => (BindingInput?)new BindingInput(b.Kind, b.TargetId))]))]))]);

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, Guid id, JourneyMapInput input, int version)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/journey-maps/{id}") { Content = JsonContent.Create(input, options: Json) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        return await client.SendAsync(request);
    }
}
