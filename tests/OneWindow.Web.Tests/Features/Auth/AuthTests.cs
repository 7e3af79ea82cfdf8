using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OneWindow.Web.Features.Shell;
using OneWindow.Web.Tests.Infrastructure;
using OtpNet;

namespace OneWindow.Web.Tests.Features.Auth;

public class AuthTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    public static TheoryData<string> DemoLogins() => [.. DemoData.Logins.Select(l => l.Email)];

    [Theory]
    [MemberData(nameof(DemoLogins))]
    public async Task Every_demo_login_gets_a_token_that_opens_the_api(string email)
    {
        var client = await app.ClientForAsync(email);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.NotEmpty(me.GetProperty("roles").EnumerateArray());
    }

    [Fact]
    public async Task Wrong_password_gets_401_problem_details()
    {
        var response = await app.AnonymousClient().PostAsJsonAsync("/api/v1/auth/token", new { email = Demo.Agent, password = "wrong-password-1A" });
        await HttpAssert.ProblemAsync(response, 401);
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account_even_for_the_right_password()
    {
        var client = app.AnonymousClient();
        const string email = "agent2@onewindow.demo";
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = "Wrong-password-" + i });
        }

        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = DemoData.Password });
        var problem = await HttpAssert.ProblemAsync(response, 401);
        Assert.True(problem.GetProperty("lockedOut").GetBoolean());
    }

    [Fact]
    public async Task Two_factor_sign_in_requires_a_valid_totp_code_once_enabled()
    {
        // A person of this test's own (not a cached demo token): turning two-factor on ends every session they have.
        const string email = "ap2@onewindow.demo";
        var client = await BearerAsync(email, null);
        var setup = await (await client.PostAsync("/api/v1/me/two-factor/setup", null)).Content.ReadFromJsonAsync<JsonElement>();
        var key = setup.GetProperty("sharedKey").GetString()!;
        Assert.StartsWith("otpauth://totp/", setup.GetProperty("authenticatorUri").GetString());
        var totp = new Totp(Base32Encoding.ToBytes(key));

        var wrong = await client.PostAsJsonAsync("/api/v1/me/two-factor/enable", new { code = "000000" == totp.ComputeTotp() ? "111111" : "000000" });
        await HttpAssert.FieldErrorAsync(wrong, "code");
        var enable = await client.PostAsJsonAsync("/api/v1/me/two-factor/enable", new { code = totp.ComputeTotp() });
        Assert.Equal(HttpStatusCode.NoContent, enable.StatusCode);

        // Turning it on moved the security stamp (issue 11, item 8): every earlier session is over, the token that did it too.
        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/me"), 401);

        var anonymous = app.AnonymousClient();
        var withoutCode = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email, password = DemoData.Password });
        var problem = await HttpAssert.ProblemAsync(withoutCode, 401);
        Assert.True(problem.GetProperty("twoFactorRequired").GetBoolean());

        var withCode = await BearerAsync(email, totp.ComputeTotp());

        // While it is on, setup never shows the key in use again (issue 11, item 13): a stolen session cannot copy it.
        var again = await withCode.PostAsync("/api/v1/me/two-factor/setup", null);
        await HttpAssert.ProblemAsync(again, 409);
        Assert.DoesNotContain(key, await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<HttpClient> BearerAsync(string email, string? totpCode)
    {
        var client = app.AnonymousClient();
        var issued = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = DemoData.Password, totpCode });
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var token = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        Assert.False(string.IsNullOrEmpty(token));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task Personal_access_tokens_are_scoped_and_revocable()
    {
        var owner = await app.ClientForAsync(Demo.Admin);
        var created = await owner.PostAsJsonAsync("/api/v1/me/tokens", new { name = "1C integration", scopes = new[] { "read" }, expiresInDays = 30 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = body.GetProperty("secret").GetString()!;
        var id = body.GetProperty("token").GetProperty("id").GetString();

        var stored = await app.WithDbAsync(db => Task.FromResult(db.PersonalAccessTokens.Single(t => t.Name == "1C integration").TokenHash));
        Assert.DoesNotContain(secret, stored);

        var pat = app.AnonymousClient();
        pat.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await pat.GetAsync("/api/v1/companies")).StatusCode);
        var write = await pat.PostAsJsonAsync("/api/v1/holdings", new { name = "Холдинг через токен" });
        await HttpAssert.ProblemAsync(write, 403);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/me/tokens/{id}")).StatusCode);
        await HttpAssert.ProblemAsync(await pat.GetAsync("/api/v1/companies"), 401);
    }

    [Fact]
    public async Task A_personal_access_token_carries_its_owners_roles_as_they_are_now()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var email = $"integration-{Guid.NewGuid():N}@onewindow.demo";
        var person = new { email, fullName = "Интеграция с 1С", companyId = (Guid?)null, departmentId = (Guid?)null, teamId = (Guid?)null, jobTitle = "robot",
            timeZoneId = (string?)null, roles = new[] { "Agent" }, culture = "ru", password = "Integration2026!" };
        var created = await admin.PostAsJsonAsync("/api/v1/people", person);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var owner = app.AnonymousClient();
        var issued = await owner.PostAsJsonAsync("/api/v1/auth/token", new { email, password = "Integration2026!" });
        owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        var token = await owner.PostAsJsonAsync("/api/v1/me/tokens", new { name = "роли", scopes = new[] { "read" }, expiresInDays = 1 });
        var pat = app.AnonymousClient();
        pat.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString());
        async Task<string[]> RolesAsync() => [.. (await pat.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("roles").EnumerateArray().Select(r => r.GetString()!)];
        Assert.Equal(["Agent"], await RolesAsync());
        Assert.Equal(["Agent"], await RolesAsync());

        // The owner's claims are built once per version of their row: a role change shows on the very next call.
        async Task<HttpResponseMessage> UpdateAsync(object body)
        {
            var current = await admin.GetAsync($"/api/v1/people/{id}");
            using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/people/{id}") { Content = JsonContent.Create(body) };
            put.Headers.IfMatch.Add(current.Headers.ETag!);
            return await admin.SendAsync(put);
        }

        var changed = await UpdateAsync(new { person.email, person.fullName, person.companyId, person.departmentId, person.teamId, person.jobTitle,
            person.timeZoneId, roles = new[] { "QualityManager" }, person.culture, isActive = true });
        Assert.True(changed.StatusCode == HttpStatusCode.OK, await changed.Content.ReadAsStringAsync());
        Assert.Equal(["QualityManager"], await RolesAsync());

        var deactivated = await UpdateAsync(new { person.email, person.fullName, person.companyId, person.departmentId, person.teamId, person.jobTitle,
            person.timeZoneId, roles = new[] { "QualityManager" }, person.culture, isActive = false });
        Assert.True(deactivated.StatusCode == HttpStatusCode.OK, await deactivated.Content.ReadAsStringAsync());
        await HttpAssert.ProblemAsync(await pat.GetAsync("/api/v1/me"), 401);
    }

    [Fact]
    public async Task Only_admins_may_mint_admin_scoped_tokens()
    {
        var agent = await app.ClientForAsync(Demo.Agent);
        var response = await agent.PostAsJsonAsync("/api/v1/me/tokens", new { name = "x", scopes = new[] { "admin" } });
        await HttpAssert.FieldErrorAsync(response, "scopes");
    }

    [Fact]
    public async Task A_garbage_bearer_token_is_refused()
    {
        var client = app.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "owpat_" + new string('x', 40));
        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/me"), 401);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/me"), 401);
    }
}

public class RateLimitedFactory : OneWindowFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("RateLimits:AuthPerMinute", "3")];
}

public class AuthRateLimitTests(RateLimitedFactory app) : IClassFixture<RateLimitedFactory>
{
    [Fact]
    public async Task The_token_endpoint_is_rate_limited_with_retry_after()
    {
        var client = app.AnonymousClient();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            last = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = "nobody@example.com", password = "x" });
        }

        await HttpAssert.ProblemAsync(last!, 429);
        Assert.True(last!.Headers.Contains("Retry-After"));
    }
}
