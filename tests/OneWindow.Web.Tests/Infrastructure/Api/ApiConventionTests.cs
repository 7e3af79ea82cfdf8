using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Infrastructure.Api;

public class ApiConventionTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Malformed_json_gets_400_problem_details()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var response = await admin.PostAsync("/api/v1/holdings", Json("{\"name\": \"Холдинг\", "));
        await HttpAssert.ProblemAsync(response, 400);
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_is_named()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var response = await admin.PostAsync("/api/v1/companies", Json("{\"name\": 5, \"timeZoneId\": \"Europe/Moscow\"}"));
        await HttpAssert.FieldErrorAsync(response, "name");
    }

    [Fact]
    public async Task An_unknown_field_is_refused_by_name()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var response = await admin.PostAsync("/api/v1/companies", Json("{\"name\": \"ООО «Тест»\", \"timeZoneId\": \"Europe/Moscow\", \"colour\": \"red\"}"));
        await HttpAssert.FieldErrorAsync(response, "colour");
    }

    [Fact]
    public async Task An_over_long_string_is_refused_by_name()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var response = await admin.PostAsJsonAsync("/api/v1/companies", new { name = new string('Я', 201), timeZoneId = "Europe/Moscow" });
        await HttpAssert.FieldErrorAsync(response, "name");
    }

    [Fact]
    public async Task Domain_validation_names_the_field()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var response = await admin.PostAsJsonAsync("/api/v1/companies", new { name = "ООО «Марс»", timeZoneId = "Mars/Olympus", inn = "12" });
        var problem = await HttpAssert.ProblemAsync(response, 400);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("inn", out _) || errors.TryGetProperty("timeZoneId", out _), errors.ToString());
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("pageSize=-5", "pageSize")]
    [InlineData("sort=passwordHash", "sort")]
    public async Task Out_of_range_paging_gets_400_naming_the_parameter(string query, string field)
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        await HttpAssert.FieldErrorAsync(await admin.GetAsync("/api/v1/companies?" + query), field);
    }

    [Fact]
    public async Task Paging_and_sorting_follow_the_convention()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var first = await admin.GetFromJsonAsync<JsonElement>("/api/v1/companies?pageSize=2&page=1&sort=-name");
        var second = await admin.GetFromJsonAsync<JsonElement>("/api/v1/companies?pageSize=2&page=2&sort=-name");
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.True(first.GetProperty("total").GetInt32() >= 5);
        var names = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("name").GetString()!).ToList();
        Assert.Equal(names.OrderByDescending(n => n, StringComparer.Ordinal).ToList(), names);
    }

    [Fact]
    public async Task Search_is_case_insensitive_for_cyrillic()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var page = await admin.GetFromJsonAsync<JsonElement>("/api/v1/companies?q=" + Uri.EscapeDataString("сибирский"));
        Assert.Equal(Demo.CompanyB, page.GetProperty("items")[0].GetProperty("name").GetString());
        Assert.Equal(1, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task No_write_endpoint_answers_garbage_with_a_500()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var source = app.Services.GetRequiredService<EndpointDataSource>();
        var writes = source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is "POST" or "PUT").Select(m => (Template: e.RoutePattern.RawText!, Method: m)))
            .ToList();
        Assert.NotEmpty(writes);
        string[] bodies = ["{", "[]", "{\"name\": {\"nested\": true}}", "\"text\"", "{\"name\": \"" + new string('x', 5000) + "\"}", "null"];
        foreach (var (template, method) in writes)
        {
            var url = System.Text.RegularExpressions.Regex.Replace(template, @"\{[^}]+\}", Guid.NewGuid().ToString());
            foreach (var body in bodies)
            {
                var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = Json(body) };
                request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
                var response = await admin.SendAsync(request);
                Assert.True((int)response.StatusCode < 500, $"{method} {url} with {body[..Math.Min(body.Length, 30)]}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                if ((int)response.StatusCode >= 400)
                {
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                }
            }
        }
    }

    [Fact]
    public async Task Updates_need_the_current_etag()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var created = await admin.PostAsJsonAsync("/api/v1/holdings", new { name = "Группа «Версия»" });
        var location = created.Headers.Location!.ToString();
        var get = await admin.GetAsync(location);
        var etag = get.Headers.ETag!.Tag;

        var noPrecondition = await admin.PutAsJsonAsync(location, new { name = "Группа «Версия 2»" });
        await HttpAssert.ProblemAsync(noPrecondition, 428);

        var put = new HttpRequestMessage(HttpMethod.Put, location) { Content = JsonContent.Create(new { name = "Группа «Версия 2»" }) };
        put.Headers.TryAddWithoutValidation("If-Match", etag);
        var ok = await admin.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotEqual(etag, ok.Headers.ETag!.Tag);

        var stale = new HttpRequestMessage(HttpMethod.Put, location) { Content = JsonContent.Create(new { name = "Группа «Версия 3»" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        await HttpAssert.ProblemAsync(await admin.SendAsync(stale), 412);
    }

    [Fact]
    public async Task Idempotency_key_replays_the_first_outcome_and_refuses_a_different_body()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        HttpRequestMessage Post(string name, string key)
        {
            var r = new HttpRequestMessage(HttpMethod.Post, "/api/v1/holdings") { Content = JsonContent.Create(new { name }) };
            r.Headers.Add("Idempotency-Key", key);
            return r;
        }

        var key = Guid.NewGuid().ToString();
        var first = await admin.SendAsync(Post("Группа «Повтор»", key));
        var second = await admin.SendAsync(Post("Группа «Повтор»", key));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.GetProperty("id").GetString(), b.GetProperty("id").GetString());
        Assert.Equal(1, await app.WithDbAsync(db => Task.FromResult(db.Holdings.Count(h => h.Name == "Группа «Повтор»"))));

        await HttpAssert.ProblemAsync(await admin.SendAsync(Post("Группа «Другая»", key)), 422);
    }

    [Fact]
    public async Task The_interactive_api_reference_is_served()
    {
        var client = app.CreateClient();
        var response = await client.GetAsync("/api/docs/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("openapi", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_capped_count_stops_at_the_cap_and_says_its_total_is_a_lower_bound()
    {
        var request = new OneWindow.Core.Api.ListRequest(1, 2, [], null);
        var (exact, capped, roomy) = await app.WithDbAsync(async db => (
            await db.Tickets.CountAsync(),
            await Web.Infrastructure.Api.Api.ToPageAsync(db.Tickets, q => q.OrderBy(t => t.Number), request, t => t.Number, countCap: 3, CancellationToken.None),
            await Web.Infrastructure.Api.Api.ToPageAsync(db.Tickets, q => q.OrderBy(t => t.Number), request, t => t.Number, countCap: 1_000_000, CancellationToken.None)));
        Assert.True(exact > 3, "the demo holds more than three tickets");
        Assert.Equal((3, true), (capped.Total, capped.TotalIsLowerBound));
        Assert.Equal(2, capped.Items.Count);
        Assert.Equal((exact, false), (roomy.Total, roomy.TotalIsLowerBound));

        // The ticket list API names the bound in its answer.
        var agent = await app.ClientForAsync(Demo.Agent);
        var page = await agent.GetFromJsonAsync<JsonElement>("/api/v1/tickets?pageSize=1");
        Assert.False(page.GetProperty("totalIsLowerBound").GetBoolean());
    }
}
