using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Features.Auth;
using OneWindow.Web.Features.Shell;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Auth;

/// <summary>Issue 11, items 4–6: crafted redirects, bearer tokens where they do not belong, and a token secret kept for replays.</summary>
public class EntryPointTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    [Theory]
    [InlineData("/%09/evil.example", "/")]
    [InlineData("/%0a/evil.example", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("/%5Cevil.example", "/")]
    [InlineData("/tickets/%5C%5Cevil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("", "/")]
    [InlineData("/tickets?view=team", "/tickets?view=team")]
    public async Task The_language_switch_redirects_only_to_plain_local_paths(string redirect, string expected)
    {
        var response = await app.AnonymousClient().GetAsync($"/culture?c=en&redirect={redirect}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/a\\b")]
    [InlineData("/ok\u0000")]
    [InlineData("//x")]
    [InlineData("x")]
    [InlineData(null)]
    public void Crafted_return_urls_fall_back_home(string? url) => Assert.Equal("/", AccountEndpoints.SafeLocal(url));

    [Theory]
    [InlineData("/")]
    [InlineData("/tickets/42?tab=clocks")]
    public void Plain_local_paths_are_kept(string url) => Assert.Equal(url, AccountEndpoints.SafeLocal(url));

    [Fact]
    public async Task Bearer_tokens_open_the_api_but_not_pages()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var created = await admin.PostAsJsonAsync("/api/v1/me/tokens", new { name = "read-only integration", scopes = new[] { "read" }, expiresInDays = 1 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var pat = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        var issued = await app.AnonymousClient().PostAsJsonAsync("/api/v1/auth/token", new { email = Demo.Admin, password = DemoData.Password });
        var shortLived = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;

        foreach (var token in new[] { pat, shortLived })
        {
            var client = app.AnonymousClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);

            // The admin page with every person's email: the token is ignored there, so the visitor is sent to sign in.
            var page = await client.GetAsync("/admin/people");
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            var location = page.Headers.Location!;
            Assert.StartsWith("/account/login", location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString, StringComparison.Ordinal);
            Assert.DoesNotContain(Demo.ClientA, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The same page with the admin's cookie still opens: the refusal is about the token, not the page.
        var cookie = await app.CookieClientForAsync(Demo.Admin);
        Assert.Equal(HttpStatusCode.OK, (await cookie.GetAsync("/admin/people")).StatusCode);
    }

    [Fact]
    public async Task Replaying_a_token_creation_never_returns_its_secret_again()
    {
        var owner = await app.ClientForAsync(Demo.Agent);
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> CreateAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/me/tokens") { Content = JsonContent.Create(new { name = "replayed", scopes = new[] { "read" }, expiresInDays = 1 }) };
            request.Headers.Add("Idempotency-Key", key);
            return await owner.SendAsync(request);
        }

        var first = await CreateAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await first.Content.ReadFromJsonAsync<JsonElement>();
        var secret = created.GetProperty("secret").GetString()!;
        Assert.StartsWith("owpat_", secret, StringComparison.Ordinal);

        var replay = await CreateAsync();
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        var replayed = await replay.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, replayed, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(replayed);
        Assert.False(body.RootElement.TryGetProperty("secret", out _));
        Assert.True(body.RootElement.GetProperty("secretOmitted").GetBoolean());
        Assert.Equal(created.GetProperty("token").GetProperty("id").GetString(), body.RootElement.GetProperty("token").GetProperty("id").GetString());

        // Nor is it kept anywhere the idempotency records are stored.
        var stored = await app.WithDbAsync(db => Task.FromResult(db.IdempotencyRecords.Where(r => r.Key == key).Select(r => r.ResponseBody).ToList()));
        Assert.Single(stored);
        Assert.DoesNotContain(secret, stored[0] ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cookie_authenticated_api_write_without_the_request_header_is_refused_as_cross_site()
    {
        // Issue 11, item 10: a form or fetch from a sibling site carries the SameSite=Lax cookie of a top-level POST
        // but cannot add a custom header without a CORS preflight, which the app never grants.
        var cookie = await app.CookieClientForAsync(Demo.Admin);
        var someone = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.Agent).Select(u => u.Id).SingleAsync());
        var forged = await cookie.PostAsync($"/api/v1/people/{someone}/unlock", null);
        var problem = await HttpAssert.ProblemAsync(forged, 403);
        Assert.Equal("https://onewindow.dev/problems/cross-site-request", problem.GetProperty("type").GetString());
        var mint = await cookie.PostAsJsonAsync("/api/v1/me/tokens", new { name = "forged", scopes = new[] { "admin" }, expiresInDays = 1 });
        await HttpAssert.ProblemAsync(mint, 403);
        Assert.Equal(0, await app.WithDbAsync(db => db.PersonalAccessTokens.CountAsync(t => t.Name == "forged")));

        // The same requests from the app's own script (the header) and reads need nothing more.
        using var own = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/people/{someone}/unlock");
        own.Headers.Add("X-Requested-With", "OneWindow");
        Assert.True((await cookie.SendAsync(own)).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cookie.GetAsync("/api/v1/me")).StatusCode);

        // A bearer-token caller is no browser: no header needed.
        var bearer = await app.ClientForAsync(Demo.Admin);
        Assert.True((await bearer.PostAsync($"/api/v1/people/{someone}/unlock", null)).IsSuccessStatusCode);
    }
}
