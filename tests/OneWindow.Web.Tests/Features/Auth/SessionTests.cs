using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Features.People;
using OneWindow.Web.Features.Shell;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Auth;

/// <summary>The app with sessions re-checked every second (Identity:RevalidationSeconds), so a test need not wait a minute.</summary>
public sealed class RevalidatingFactory : OneWindowFactory
{
    public const int Seconds = 1;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Identity:RevalidationSeconds", Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}

/// <summary>
/// Issue 11, item 8: a session must not outlive its person's deactivation or a change of their roles or company — not
/// the cookie, not a 15-minute token, not a personal access token, not a page left open.
/// </summary>
public class SessionTests(RevalidatingFactory app) : IClassFixture<RevalidatingFactory>
{
    /// <summary>Someone signed in every way there is: the UI's cookie, a 15-minute bearer token and a personal access token.</summary>
    private sealed record Sessions(Guid Id, string Email, HttpClient Cookie, HttpClient Bearer, HttpClient Pat);

    [Fact]
    public async Task Deactivating_a_person_ends_their_cookie_their_access_token_and_their_personal_token()
    {
        var person = await SignedInEveryWayAsync(["Admin"], null);
        var admin = await app.ClientForAsync(Demo.Admin);

        Assert.Equal(HttpStatusCode.NoContent, (await DeactivateAsync(admin, person.Id)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(RevalidatingFactory.Seconds + 0.5));

        Assert.Equal(HttpStatusCode.Unauthorized, (await person.Cookie.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.Bearer.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.Pat.GetAsync("/api/v1/me")).StatusCode);
        // Nor does the admin's write go through on any of them.
        foreach (var client in new[] { person.Cookie, person.Bearer })
        {
            var write = await client.PostAsJsonAsync("/api/v1/holdings", new { name = "Холдинг уволенного" });
            Assert.True(write.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{(int)write.StatusCode}");
        }

        Assert.False(await app.WithDbAsync(db => db.Holdings.AnyAsync(h => h.Name == "Холдинг уволенного")));
    }

    [Fact]
    public async Task A_role_change_ends_the_cookie_and_the_access_token_and_the_personal_token_carries_the_new_roles()
    {
        var person = await SignedInEveryWayAsync(["Admin"], null);

        Assert.Equal(HttpStatusCode.OK, (await UpdateAsync(person, ["Agent"], null)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(RevalidatingFactory.Seconds + 0.5));

        // The 15-minute token of an admin is not an admin's any more: it is refused on the next request.
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.Bearer.PostAsJsonAsync("/api/v1/holdings", new { name = "Холдинг бывшего админа" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.Cookie.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(["Agent"], await RolesAsync(person.Pat));
        Assert.False(await app.WithDbAsync(db => db.Holdings.AnyAsync(h => h.Name == "Холдинг бывшего админа")));

        // Signing in again gives a session with the new roles.
        Assert.Equal(["Agent"], await RolesAsync(await BearerAsync(person.Email)));
    }

    [Fact]
    public async Task Moving_a_client_person_to_another_company_ends_their_sessions()
    {
        var (companyA, companyB) = await app.WithDbAsync(async db => (
            await db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync(),
            await db.Companies.Where(c => c.Name == Demo.CompanyB).Select(c => c.Id).SingleAsync()));
        var person = await SignedInEveryWayAsync(["ClientUser"], companyA);
        Assert.Equal(companyA, (await person.Bearer.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("companyId").GetGuid());

        Assert.Equal(HttpStatusCode.OK, (await UpdateAsync(person, ["ClientUser"], companyB)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(RevalidatingFactory.Seconds + 0.5));

        // Their old company's tickets are out of reach at once: the token that named company A is refused.
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.Bearer.GetAsync("/api/v1/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.Cookie.GetAsync("/api/v1/tickets")).StatusCode);
        Assert.Equal(companyB, (await person.Pat.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("companyId").GetGuid());
    }

    [Fact]
    public async Task Sessions_survive_a_change_that_touches_neither_roles_company_nor_active_state()
    {
        var person = await SignedInEveryWayAsync(["Agent"], null);
        Assert.Equal(HttpStatusCode.OK, (await UpdateAsync(person, ["Agent"], null, jobTitle: "Старший специалист")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(RevalidatingFactory.Seconds + 0.5));

        Assert.Equal(HttpStatusCode.OK, (await person.Cookie.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await person.Bearer.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await person.Pat.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_page_left_open_by_a_deactivated_admin_writes_nothing()
    {
        var person = await SignedInEveryWayAsync(["Admin"], null);
        var admin = await app.ClientForAsync(Demo.Admin);

        // The page's principal was established while they were an admin; between two revalidations of the circuit,
        // someone deactivates them, and the page then tries an admin write.
        var write = await app.AsPageAsync(person.Email, async (writes, text) =>
        {
            Assert.Equal(HttpStatusCode.NoContent, (await DeactivateAsync(admin, person.Id)).StatusCode);
            var attempt = await writes.RunAsync<PeopleDesk>((desk, _) => desk.CreatePersonAsync(
                new PersonInput("planted@meridian.example", "Подсаженный", null, null, null, null, null, ["Admin"], "ru", "Planted-Admin-2026"), default));
            return (Attempt: attempt, Expected: text["SessionEnded"].Value);
        });

        Assert.False(write.Attempt.Done);
        Assert.Equal(write.Expected, write.Attempt.Summary());
        Assert.False(await app.WithDbAsync(db => db.Users.IgnoreQueryFilters().AnyAsync(u => u.Email == "planted@meridian.example")));
    }

    private async Task<Sessions> SignedInEveryWayAsync(string[] roles, Guid? companyId)
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var email = $"session-{Guid.NewGuid():N}@meridian.example";
        var created = await admin.PostAsJsonAsync("/api/v1/people", new { email, fullName = "Сеансов Сеанс", companyId, roles, culture = "ru", password = DemoData.Password });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var cookie = await app.CookieClientForAsync(email);
        var bearer = await BearerAsync(email);
        var token = await bearer.PostAsJsonAsync("/api/v1/me/tokens", new { name = "сеансы", scopes = new[] { "read", "write" }, expiresInDays = 1 });
        Assert.Equal(HttpStatusCode.Created, token.StatusCode);
        var pat = app.AnonymousClient();
        pat.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString());
        foreach (var client in new[] { cookie, bearer, pat })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
        }

        return new Sessions(id, email, cookie, bearer, pat);
    }

    private async Task<HttpClient> BearerAsync(string email)
    {
        var client = app.AnonymousClient();
        var issued = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = DemoData.Password });
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>DELETE /api/v1/people/{id} with the If-Match the API asks of a write.</summary>
    public static async Task<HttpResponseMessage> DeactivateAsync(HttpClient admin, Guid id)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var current = await admin.GetAsync($"/api/v1/people/{id}");
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/people/{id}");
        delete.Headers.IfMatch.Add(current.Headers.ETag!);
        return await admin.SendAsync(delete);
    }

    private static async Task<string[]> RolesAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("roles").EnumerateArray().Select(r => r.GetString()!)];

    private async Task<HttpResponseMessage> UpdateAsync(Sessions person, string[] roles, Guid? companyId, string? jobTitle = null)
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var current = await admin.GetAsync($"/api/v1/people/{person.Id}");
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/people/{person.Id}")
        {
            Content = JsonContent.Create(new { email = person.Email, fullName = "Сеансов Сеанс", companyId, roles, jobTitle, culture = "ru", isActive = true }),
        };
        put.Headers.IfMatch.Add(current.Headers.ETag!);
        return await admin.SendAsync(put);
    }
}
