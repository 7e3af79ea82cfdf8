using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Features.Feedback;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Feedback;

/// <summary>Claims to the business: the SSC records them, the client company's executives answer, the SSC closes.</summary>
public class BusinessClaimTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private const string ExecutiveB = "cfo@sib-agro.demo";

    private async Task<(Guid CompanyA, Guid Metric, Guid MetricOfB)> ArrangeAsync() => await app.WithDbAsync(async db =>
    {
        var a = await FeedbackFixtures.CompanyIdAsync(db, Demo.CompanyA);
        var b = await FeedbackFixtures.CompanyIdAsync(db, Demo.CompanyB);
        var metric = await db.AgreementMetrics.Where(m => m.CompanyId == a && m.Kind == MetricKind.PeriodicDeadline && m.Side == MetricSide.Ola).Select(m => m.Id).FirstAsync();
        var metricOfB = await db.AgreementMetrics.Where(m => m.CompanyId == b).Select(m => m.Id).FirstAsync();
        return (a, metric, metricOfB);
    });

    private Task<int> OpenClaimsOfAsync(Guid company) => app.WithDbAsync(db => BusinessClaimCounts.OpenAsync(db, company, CancellationToken.None));

    [Fact]
    public async Task The_ssc_records_a_claim_the_companys_executive_answers_it_and_the_ssc_closes_it()
    {
        var (companyA, metric, _) = await ArrangeAsync();
        var quality = await app.ClientForAsync(Demo.Quality);
        var executiveA = await app.ClientForAsync(Demo.ExecutiveA);
        var executiveB = await app.ClientForAsync(ExecutiveB);
        var clientA = await app.ClientForAsync(Demo.ClientA);
        var openBefore = await OpenClaimsOfAsync(companyA);

        var created = await quality.PostAsJsonAsync("/api/v1/feedback/cases", new
        {
            category = "LateDocuments", companyId = companyA, metricId = metric,
            description = "Первичные документы за ноябрь переданы на два рабочих дня позже срока.",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var claim = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = claim.GetProperty("id").GetString();
        Assert.Equal($"/api/v1/feedback/cases/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("ClaimToBusiness", claim.GetProperty("direction").GetString());
        Assert.Equal("LateDocuments", claim.GetProperty("category").GetString());
        Assert.Equal("AwaitingClient", claim.GetProperty("status").GetString());
        Assert.StartsWith("CL-", claim.GetProperty("number").GetString());
        Assert.Equal(metric.ToString(), claim.GetProperty("metricId").GetString());
        Assert.Equal("Елена Морозова", claim.GetProperty("raisedByName").GetString());
        Assert.Equal(openBefore + 1, await OpenClaimsOfAsync(companyA));

        // The company's executive hears of it, lists it among the claims to the business (not among complaints) and reads it.
        var notices = (await executiveA.GetFromJsonAsync<JsonElement>("/api/v1/notifications")).GetProperty("items").EnumerateArray();
        Assert.Contains(notices, n => n.GetProperty("link").GetString() == $"/feedback/cases/{id}");
        var claims = await executiveA.GetFromJsonAsync<JsonElement>("/api/v1/feedback/cases?direction=ClaimToBusiness");
        Assert.Contains(claims.EnumerateArray(), c => c.GetProperty("id").GetString() == id);
        var complaints = await quality.GetFromJsonAsync<JsonElement>("/api/v1/feedback/cases?direction=ClientComplaint");
        Assert.DoesNotContain(complaints.EnumerateArray(), c => c.GetProperty("id").GetString() == id);
        var read = await executiveA.GetFromJsonAsync<JsonElement>($"/api/v1/feedback/cases/{id}");
        Assert.Equal("Первичные документы за ноябрь переданы на два рабочих дня позже срока.", read.GetProperty("description").GetString());

        // Another company's executive, and a client user of the same company who is not an executive, see nothing of it.
        await HttpAssert.ProblemAsync(await executiveB.GetAsync($"/api/v1/feedback/cases/{id}"), 404);
        await HttpAssert.ProblemAsync(await executiveB.PostAsJsonAsync($"/api/v1/feedback/cases/{id}/client-answer", new { satisfied = true, comment = "Не наше" }), 404);
        Assert.DoesNotContain((await executiveB.GetFromJsonAsync<JsonElement>("/api/v1/feedback/cases")).EnumerateArray(), c => c.GetProperty("id").GetString() == id);
        await HttpAssert.ProblemAsync(await clientA.GetAsync($"/api/v1/feedback/cases/{id}"), 404);
        await HttpAssert.ProblemAsync(await clientA.PostAsJsonAsync($"/api/v1/feedback/cases/{id}/client-answer", new { satisfied = true, comment = "Да" }), 404);
        await HttpAssert.ProblemAsync(await clientA.GetAsync("/api/v1/feedback/cases?direction=ClaimToBusiness"), 403);

        // The executive answers in words; the case goes back to the SSC, which cannot "send what we did" on a claim, and closes it.
        await HttpAssert.FieldErrorAsync(await executiveA.PostAsJsonAsync($"/api/v1/feedback/cases/{id}/client-answer", new { satisfied = true, comment = " " }), "comment");
        var answered = await (await executiveA.PostAsJsonAsync($"/api/v1/feedback/cases/{id}/client-answer",
            new { satisfied = true, comment = "Согласны, назначили ответственного в филиале." })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Open", answered.GetProperty("status").GetString());
        Assert.True(answered.GetProperty("clientSatisfied").GetBoolean());
        Assert.Equal("Согласны, назначили ответственного в филиале.", answered.GetProperty("clientAnswer").GetString());
        await HttpAssert.ProblemAsync(await quality.PostAsJsonAsync($"/api/v1/feedback/cases/{id}/send-what-we-did", new { message = "Сделали" }), 409);
        var closed = await (await quality.PostAsync($"/api/v1/feedback/cases/{id}/close", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Closed", closed.GetProperty("status").GetString());
        Assert.Equal(openBefore, await OpenClaimsOfAsync(companyA));
        Assert.Contains((await executiveA.GetFromJsonAsync<JsonElement>("/api/v1/feedback/cases?direction=ClaimToBusiness&status=Closed")).EnumerateArray(),
            c => c.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task A_claim_with_bad_input_is_refused_as_problem_details_and_client_people_cannot_record_one()
    {
        var (companyA, _, metricOfB) = await ArrangeAsync();
        var quality = await app.ClientForAsync(Demo.Quality);
        var valid = new { category = "WrongData", companyId = companyA, description = "Неверные реквизиты в заявке на оплату." };

        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync("/api/v1/feedback/cases", valid with { category = (string)null! }), "category");
        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync("/api/v1/feedback/cases", valid with { description = "  " }), "description");
        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync("/api/v1/feedback/cases", valid with { companyId = Guid.NewGuid() }), "companyId");
        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync("/api/v1/feedback/cases", new { valid.category, valid.companyId, valid.description, metricId = metricOfB }), "metricId");
        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync("/api/v1/feedback/cases", new { valid.category, valid.companyId, valid.description, ticketId = Guid.NewGuid() }), "ticketId");
        await HttpAssert.ProblemAsync(await quality.PostAsJsonAsync("/api/v1/feedback/cases", valid with { description = new string('я', 4001) }), 400);
        await HttpAssert.ProblemAsync(await quality.PostAsJsonAsync("/api/v1/feedback/cases", new { category = "NoSuchThing", valid.companyId, valid.description }), 400);

        // A company without an active executive has nobody to answer: refused on the company (the demo's «Северная верфь» has none).
        var nord = await app.WithDbAsync(db => FeedbackFixtures.CompanyIdAsync(db, "АО «Северная верфь»"));
        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync("/api/v1/feedback/cases", valid with { companyId = nord }), "companyId");

        await HttpAssert.ProblemAsync(await (await app.ClientForAsync(Demo.ExecutiveA)).PostAsJsonAsync("/api/v1/feedback/cases", valid), 403);
        await HttpAssert.ProblemAsync(await (await app.ClientForAsync(Demo.ClientA)).PostAsJsonAsync("/api/v1/feedback/cases", valid), 403);
        Assert.Equal(HttpStatusCode.Created, (await quality.PostAsJsonAsync("/api/v1/feedback/cases", valid)).StatusCode);
    }

    [Fact]
    public async Task The_cases_pages_show_a_claim_to_the_ssc_with_its_direction_and_to_the_companys_executive_with_the_answer_form()
    {
        var (companyA, _, _) = await ArrangeAsync();
        var quality = await app.ClientForAsync(Demo.Quality);
        var claim = await (await quality.PostAsJsonAsync("/api/v1/feedback/cases", new
        {
            category = "IncompleteDocuments", companyId = companyA, description = "Авансовые отчёты за ноябрь без чеков по пяти сотрудникам.",
        })).Content.ReadFromJsonAsync<JsonElement>();
        var id = claim.GetProperty("id").GetString();
        var number = claim.GetProperty("number").GetString()!;

        var ssc = await app.CookieClientForAsync(Demo.Quality);
        var list = WebUtility.HtmlDecode(await ssc.GetStringAsync("/feedback/cases"));
        Assert.Contains(number, list);
        Assert.Contains("Претензии к бизнесу: Неполный комплект документов", list);
        Assert.Contains("data-testid=\"claim-new\"", list);
        var page = WebUtility.HtmlDecode(await ssc.GetStringAsync($"/feedback/cases/{id}"));
        Assert.Contains($"Претензия {number}", page);
        Assert.Contains("Авансовые отчёты за ноябрь без чеков по пяти сотрудникам.", page);
        Assert.Contains("Ждём ответа руководителей компании.", page);

        var executive = WebUtility.HtmlDecode(await (await app.CookieClientForAsync(Demo.ExecutiveA)).GetStringAsync($"/feedback/cases/{id}"));
        Assert.Contains("Авансовые отчёты за ноябрь без чеков по пяти сотрудникам.", executive);
        Assert.Contains("Вы согласны с претензией?", executive);
        var other = WebUtility.HtmlDecode(await (await app.CookieClientForAsync(ExecutiveB)).GetStringAsync($"/feedback/cases/{id}"));
        Assert.DoesNotContain("Авансовые отчёты", other);
        var user = WebUtility.HtmlDecode(await (await app.CookieClientForAsync(Demo.ClientA)).GetStringAsync($"/feedback/cases/{id}"));
        Assert.DoesNotContain("Авансовые отчёты", user);
    }
}
