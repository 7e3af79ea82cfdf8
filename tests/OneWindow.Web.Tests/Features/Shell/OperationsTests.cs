using System.Net;
using System.Text.Json;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Shell;

public class OperationsTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_200_without_sign_in(string path)
    {
        var response = await app.AnonymousClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_describes_the_v1_api()
    {
        var json = JsonDocument.Parse(await app.AnonymousClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = json.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/companies", paths);
        Assert.Contains("/api/v1/auth/token", paths);
    }

    [Fact]
    public async Task Prometheus_scrape_endpoint_exposes_http_metrics()
    {
        var client = app.AnonymousClient();
        await client.GetAsync("/health/live");
        var text = await client.GetStringAsync("/metrics");
        Assert.Contains("# TYPE", text);
    }

    [Fact]
    public async Task Demo_data_has_the_departments_companies_and_time_zones_of_a_realistic_ssc()
    {
        var (departments, zones) = await app.WithDbAsync(async db =>
            (db.Departments.Select(d => d.NameEn).ToList(), db.Companies.Select(c => c.TimeZoneId).Distinct().ToList()));
        Assert.Contains("Accounting", departments);
        Assert.Contains("Payroll and HR administration", departments);
        Assert.Contains("Procurement", departments);
        Assert.Contains("Treasury", departments);
        foreach (var zone in new[] { "Europe/Moscow", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Vladivostok" })
        {
            Assert.Contains(zone, zones);
        }

        Assert.True(await app.WithDbAsync(db => Task.FromResult(db.Companies.Count())) >= 5);
    }

    [Fact]
    public async Task Sign_in_page_is_russian_by_default_and_english_on_request()
    {
        var client = app.AnonymousClient();
        var ru = WebUtility.HtmlDecode(await client.GetStringAsync("/account/login"));
        Assert.Contains("Вход", ru);
        var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Den-US%7Cuic%3Den-US");
        var en = WebUtility.HtmlDecode(await (await client.SendAsync(request)).Content.ReadAsStringAsync());
        Assert.Contains("Sign in", en);
    }

    [Fact]
    public async Task Ui_pages_redirect_anonymous_visitors_to_sign_in_and_the_api_answers_401()
    {
        var client = app.AnonymousClient();
        var page = await client.GetAsync("/admin/companies");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.Headers.Location!.PathAndQuery);
        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/companies"), 401);
    }
}

public sealed class MetricsTokenFactory : OneWindowFactory
{
    public const string Token = "scrape-secret-7f3e";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Metrics:Token", Token)];
}

/// <summary>Issue 11, item 13: with a token configured, /metrics answers only a scraper that sends it.</summary>
public class MetricsTokenTests(MetricsTokenFactory app) : IClassFixture<MetricsTokenFactory>
{
    [Fact]
    public async Task Metrics_need_the_configured_token()
    {
        var anonymous = app.AnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);

        var scraper = app.AnonymousClient();
        scraper.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", MetricsTokenFactory.Token);
        Assert.Contains("# TYPE", await scraper.GetStringAsync("/metrics"));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
    }
}
