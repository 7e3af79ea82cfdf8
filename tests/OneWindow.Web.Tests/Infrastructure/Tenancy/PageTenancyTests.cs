using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Data;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Infrastructure.Tenancy;

/// <summary>
/// The UI side of tenancy: every routable page, opened by a client user of company A (and by a CSM for a
/// company not assigned to them), renders nothing of the other company. Pages with parameters must be listed
/// here, so a new one cannot be forgotten.
/// </summary>
public class PageTenancyTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    /// <summary>Parameterised page routes and the company whose record the parameter names.</summary>
    private static readonly Dictionary<string, Func<AppDbContext, Guid, Task<string>>> ParameterisedPages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/companies/{id:guid}"] = (_, company) => Task.FromResult(company.ToString()),
        // A meeting's minutes read as not found outside the committee's covered companies.
        ["/committees/meetings/{Id:guid}/minutes"] = async (db, company) =>
            (await OneWindow.Web.Tests.Features.Committees.MinutesFixtures.CommitteeOfAsync(db, company, TimeProvider.System.GetUtcNow())).Meeting.Id.ToString(),
        // A company service's transition lifecycle reads as not found outside the viewer's scope.
        ["/transitions/{Id:guid}"] = async (db, company) => (await db.ClientServices.Where(s => s.CompanyId == company).Select(s => s.Id).FirstAsync()).ToString(),
        // The public tracking link shows status and timeline headings only, never content or the company.
        ["/tickets/{Id:guid}"] = async (db, company) => (await TicketFixtures.TicketOfAsync(db, company)).Id.ToString(),
        ["/track/{Token}"] = async (db, company) => (await TicketFixtures.TicketOfAsync(db, company)).TrackingToken,
        ["/agreements/{Id:guid}"] = async (db, company) => (await AgreementFixtures.AgreementOfAsync(db, company)).Id.ToString(),
        // Another company's feedback case (or another person's, for a client) reads as not found.
        ["/feedback/cases/{Id:guid}"] = async (db, company) => (await OneWindow.Web.Tests.Features.Feedback.FeedbackCaseFixtures.CaseOfAsync(db, company)).Id.ToString(),
        // A person's loyalty ledger is the quality manager's page: clients and CSMs are turned away.
        ["/loyalty/people/{Id:guid}"] = async (db, company) => (await db.Users.Where(u => u.CompanyId == company).Select(u => u.Id).FirstAsync()).ToString(),
        // A campaign the other company answered: SSC pages only, and a CSM sees the counts, cuts and verbatims of their own companies.
        ["/surveys/{Id:guid}"] = SurveyAnsweredByAsync,
        // Codes and regulations are SSC-wide: a client outside the audience reads the SSC-only one as not found.
        ["/documents/{Id:guid}"] = async (db, _) => (await OneWindow.Web.Tests.Features.Documents.DocumentFixtures.SscOnlyDraftAsync(db)).DocumentId.ToString(),
        // A committee covering the foreign company only.
        ["/committees/{Id:guid}"] = async (db, company) => (await OneWindow.Web.Tests.Features.Committees.CommitteeFixtures.CommitteeOfAsync(db, company)).Id.ToString(),
        // The issues of a committee covering the foreign company only read as not found.
        ["/committees/{Id:guid}/issues"] = async (db, company) => (await OneWindow.Web.Tests.Features.Committees.CommitteeFixtures.CommitteeOfAsync(db, company)).Id.ToString(),
        ["/surveys/{Id:guid}/results"] = SurveyAnsweredByAsync,
        ["/surveys/{Id:guid}/responses"] = SurveyAnsweredByAsync,
        // A meeting of a committee covering only the other company: its pack reads as not found.
        ["/committees/meetings/{Id:guid}/pack"] = CommitteeMeetingOfAsync,
        // A journey map of the other company only reads as not found.
        ["/journey-maps/{Id:guid}"] = async (db, company) => (await OneWindow.Web.Tests.Features.JourneyMaps.JourneyMapFixtures.MapOfAsync(db, company)).Id.ToString(),
    };

    private static async Task<string> SurveyAnsweredByAsync(AppDbContext db, Guid company) =>
        (await db.Set<OneWindow.Web.Features.Surveys.SurveyWave>()
            .Where(w => db.Set<OneWindow.Web.Features.Surveys.SurveyResponse>().Any(r => r.WaveId == w.Id && r.CompanyId == company))
            .Select(w => w.CampaignId).FirstAsync()).ToString();

    private static async Task<string> CommitteeMeetingOfAsync(AppDbContext db, Guid company)
    {
        var committee = new OneWindow.Web.Features.Committees.Committee
        {
            Name = "Комитет " + company.ToString("N")[..6], CompanyId = company, Cadence = OneWindow.Core.Committees.CommitteeCadence.Monthly,
            FirstDate = new DateOnly(2030, 1, 10), TimeZoneId = "Europe/Moscow",
        };
        committee.Companies.Add(new OneWindow.Web.Features.Committees.CommitteeCompany { CompanyId = company });
        var meeting = new OneWindow.Web.Features.Committees.CommitteeMeeting
        {
            CommitteeId = committee.Id, Number = 1, Date = new DateOnly(2030, 1, 10), StartsAt = new DateTimeOffset(2030, 1, 10, 8, 0, 0, TimeSpan.Zero), PeriodKey = "2029-12",
        };
        db.Add(committee);
        db.Add(meeting);
        await db.SaveChangesAsync();
        return meeting.Id.ToString();
    }

    private static List<string> PageRoutes() =>
        [.. typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template)
            .Distinct()];

    [Fact]
    public void Every_page_with_a_parameter_is_classified()
    {
        var unknown = PageRoutes().Where(r => r.Contains('{', StringComparison.Ordinal) && !ParameterisedPages.ContainsKey(r)).ToList();
        Assert.True(unknown.Count == 0, "Classify these pages in PageTenancyTests: " + string.Join(", ", unknown));
    }

    [Theory]
    [InlineData(Demo.ClientA, Demo.CompanyB)]
    [InlineData(Demo.ExecutiveA, Demo.CompanyB)]
    [InlineData(Demo.Csm, "ООО «Дальневосточная логистика»")]
    public async Task No_page_shows_a_company_outside_the_viewers_scope(string viewer, string foreignCompany)
    {
        var (foreignId, secrets) = await app.WithDbAsync(async db =>
        {
            var id = await db.Companies.Where(c => c.Name == foreignCompany).Select(c => c.Id).SingleAsync();
            var people = await db.Users.Where(u => u.CompanyId == id).Select(u => u.Email!).ToListAsync();
            var ticket = await TicketFixtures.TicketOfAsync(db, id);
            var agreement = await AgreementFixtures.AgreementOfAsync(db, id);
            return (id, (List<string>)[foreignCompany, ticket.Subject, ticket.Description, agreement.Name, agreement.Reference!, .. people]);
        });
        var client = await app.CookieClientForAsync(viewer);
        var pages = PageRoutes();
        Assert.Contains("/admin/people", pages);
        foreach (var route in pages)
        {
            var url = route;
            if (ParameterisedPages.TryGetValue(route, out var parameter))
            {
                var value = await app.WithDbAsync(db => parameter(db, foreignId));
                url = System.Text.RegularExpressions.Regex.Replace(route, @"\{[^}]+\}", value);
            }

            var response = await client.GetAsync(url);
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.Forbidden or HttpStatusCode.NotFound,
                $"{viewer} GET {url}: {(int)response.StatusCode}");
            foreach (var secret in secrets)
            {
                Assert.False(html.Contains(secret, StringComparison.Ordinal), $"{viewer} sees '{secret}' on {url}");
            }
        }
    }

    [Theory]
    [InlineData(Demo.ClientA)]
    [InlineData(Demo.ExecutiveA)]
    public async Task A_client_opening_another_companys_agreement_sees_not_found_and_their_own_agreements_in_the_list(string viewer)
    {
        var (foreign, own) = await app.WithDbAsync(async db =>
        {
            var b = await db.Companies.Where(c => c.Name == Demo.CompanyB).Select(c => c.Id).SingleAsync();
            var a = await db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync();
            return (await AgreementFixtures.AgreementOfAsync(db, b), await AgreementFixtures.AgreementOfAsync(db, a));
        });
        var client = await app.CookieClientForAsync(viewer);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/agreements/{foreign.Id}"));
        Assert.Contains("data-testid=\"not-found\"", html);
        Assert.DoesNotContain(foreign.Name, html);

        html = WebUtility.HtmlDecode(await client.GetStringAsync($"/agreements/{own.Id}"));
        Assert.Contains(own.Name, html);
        Assert.DoesNotContain("data-testid=\"not-found\"", html);

        html = WebUtility.HtmlDecode(await client.GetStringAsync("/agreements"));
        Assert.Contains(own.Name, html);
        Assert.DoesNotContain(foreign.Name, html);

        // Measurements are recorded by the SSC only.
        var measurements = await client.GetAsync("/service-levels/measurements");
        Assert.True(measurements.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"{viewer} GET measurements: {(int)measurements.StatusCode}");
    }

    [Fact]
    public async Task The_company_page_shows_the_viewers_own_company()
    {
        var own = await app.WithDbAsync(db => db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync());
        var client = await app.CookieClientForAsync(Demo.ClientA);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/companies/{own}"));
        Assert.Contains(Demo.CompanyA, html);
        Assert.Contains(Demo.CompanyA, WebUtility.HtmlDecode(await client.GetStringAsync("/my-company")));
    }

    [Fact]
    public async Task The_claims_page_lists_the_claims_to_the_executives_own_company_only()
    {
        var a = await app.WithDbAsync(db => db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync());
        var quality = await app.ClientForAsync(Demo.Quality);
        var created = await quality.PostAsJsonAsync("/api/v1/feedback/cases", new { category = "WrongData", companyId = a, description = "Страница претензий: неверные реквизиты в заявке." });
        var number = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("number").GetString()!;

        // The claims of company A: its executive lists them, B's executive and A's client user do not reach them.
        Assert.Contains(number, WebUtility.HtmlDecode(await (await app.CookieClientForAsync(Demo.ExecutiveA)).GetStringAsync("/claims")));
        Assert.DoesNotContain(number, WebUtility.HtmlDecode(await (await app.CookieClientForAsync("cfo@sib-agro.demo")).GetStringAsync("/claims")));
        var user = await (await app.CookieClientForAsync(Demo.ClientA)).GetAsync("/claims");
        Assert.True(user.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"a client user GET /claims: {(int)user.StatusCode}");
        Assert.Contains(number, WebUtility.HtmlDecode(await (await app.CookieClientForAsync(Demo.Quality)).GetStringAsync("/claims")));
    }
}
