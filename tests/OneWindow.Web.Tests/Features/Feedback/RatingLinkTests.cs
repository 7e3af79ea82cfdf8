using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Core.Feedback;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Feedback;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Feedback;

/// <summary>Counts what the rating listeners are told, to check they run in the save that records.</summary>
public sealed class CountingRatingListener : IRatingListener
{
    public List<(Guid RatingId, int Grade, bool IsNew)> Calls { get; } = [];

    public Task OnRatingAsync(AppDbContext db, Rating rating, bool isNew, CancellationToken ct)
    {
        lock (Calls)
        {
            Calls.Add((rating.Id, rating.Grade, isNew));
        }

        return Task.CompletedTask;
    }
}

/// <summary>The app with the outbox on (nothing is delivered: the poll is off) so replies produce their emails.</summary>
public class RatingFactory : OneWindowFactory
{
    public CountingRatingListener Listener { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Mail:Smtp:Host", "127.0.0.1"),
        new("Mail:Smtp:StartTls", "None"),
        new("Mail:Smtp:Port", "9"),
        new("Mail:Smtp:PollSeconds", "0"),
        new("Mail:AcknowledgeNewTickets", "false"),
        new("RateLimits:RatingsPerMinute", "100000"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<IRatingListener>(Listener));
    }

    /// <summary>A client files a request, the agent answers publicly; returns the ticket, the reply and the reply email's HTML.</summary>
    public async Task<(Guid TicketId, Guid MessageId, string Html, string Text)> RepliedTicketAsync()
    {
        var client = await ClientForAsync(Demo.ClientA);
        var type = await WithDbAsync(db => db.RequestTypes.Where(t => t.Code == "CLOSE-Q").Select(t => t.Id).SingleAsync());
        var created = await client.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = type, subject = "Оценка " + Guid.NewGuid().ToString("N")[..6], description = "Когда закроете ноябрь?" });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        var ticketId = JsonDocument.Parse(body).RootElement.GetProperty("summary").GetProperty("id").GetGuid();
        var agent = await ClientForAsync(Demo.Agent);
        var reply = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/messages", new { kind = "PublicReply", body = "Ноябрь закроем 5 декабря." });
        Assert.True(reply.StatusCode == HttpStatusCode.Created, await reply.Content.ReadAsStringAsync());
        return await WithDbAsync(async db =>
        {
            var message = await db.TicketMessages.Where(m => m.TicketId == ticketId && m.Kind == OneWindow.Web.Features.Tickets.MessageKind.PublicReply).Select(m => m.Id).SingleAsync();
            var mail = await db.OutboxMessages.Where(m => m.TicketId == ticketId).SingleAsync();
            return (ticketId, message, mail.HtmlBody!, mail.TextBody);
        });
    }

    /// <summary>A browser-like anonymous client that keeps cookies (the antiforgery cookie).</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = ServerAddress });
}

public class RatingLinkTests(RatingFactory app) : IClassFixture<RatingFactory>
{
    internal static List<string> Links(string html) =>
        [.. Regex.Matches(html, "href=\"([^\"]*/r/[^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    internal static string PathOf(string link) => new Uri(link).PathAndQuery;

    internal static string Antiforgery(string html) => WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);

    /// <summary>What a person's browser does: open the link, then submit the form the page's script submits.</summary>
    internal static async Task<HttpResponseMessage> ClickAsync(HttpClient browser, string path, Dictionary<string, string>? extra = null)
    {
        var page = await browser.GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = Antiforgery(html), ["grade"] = path.Split('/')[^1] };
        foreach (var (k, v) in extra ?? [])
        {
            form[k] = v;
        }

        return await browser.PostAsync(path, new FormUrlEncodedContent(form));
    }

    private Task<List<Rating>> RatingsAsync(Guid ticketId) => app.WithDbAsync(db => db.Ratings.Where(r => r.TicketId == ticketId).ToListAsync());

    [Fact]
    public async Task A_reply_email_carries_absolute_rating_links_in_html_and_text()
    {
        var (_, _, html, text) = await app.RepliedTicketAsync();
        var links = Links(html);
        Assert.Equal(5, links.Count);
        Assert.All(links, l => Assert.StartsWith("http://localhost/r/", l, StringComparison.Ordinal));
        Assert.Equal(["1", "2", "3", "4", "5"], links.Select(l => l.Split('/')[^1]));
        Assert.Contains("Отлично", html, StringComparison.Ordinal);
        Assert.Contains("<table", html, StringComparison.Ordinal);
        Assert.All(links, l => Assert.Contains(l, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_mail_scanner_opening_every_link_records_nothing()
    {
        var (ticketId, _, html, _) = await app.RepliedTicketAsync();
        var scanner = app.AnonymousClient();
        foreach (var link in Links(html))
        {
            var response = await scanner.GetAsync(link);
            var page = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("<form method=\"post\"", page, StringComparison.Ordinal);
            Assert.Contains("f.submit()", page, StringComparison.Ordinal);
        }

        Assert.Empty(await RatingsAsync(ticketId));
    }

    [Fact]
    public async Task A_click_records_the_rating_and_a_second_click_changes_it_without_a_duplicate()
    {
        var (ticketId, messageId, html, _) = await app.RepliedTicketAsync();
        var links = Links(html);
        var browser = app.Browser();

        var first = await ClickAsync(browser, PathOf(links[3]));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Contains("/comment?c=", first.Headers.Location!.ToString(), StringComparison.Ordinal);
        var rating = Assert.Single(await RatingsAsync(ticketId));
        Assert.Equal(4, rating.Grade);
        Assert.Equal(0, rating.Changes);
        Assert.Equal(RatingSource.Reply, rating.Source);
        Assert.Equal($"reply:{messageId:N}", rating.DedupeKey);
        Assert.Equal(messageId, rating.MessageId);
        var (agentId, clientId) = await app.WithDbAsync(async db => (
            await db.Users.Where(u => u.Email == Demo.Agent).Select(u => u.Id).SingleAsync(),
            await db.Users.Where(u => u.Email == Demo.ClientA).Select(u => u.Id).SingleAsync()));
        Assert.Equal(agentId, rating.EmployeeId);
        Assert.Equal(clientId, rating.RaterId);
        Assert.Contains(app.Listener.Calls, c => c.RatingId == rating.Id && c.Grade == 4 && c.IsNew);

        var second = await ClickAsync(browser, PathOf(links[1]));
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var changed = Assert.Single(await RatingsAsync(ticketId));
        Assert.Equal(rating.Id, changed.Id);
        Assert.Equal(2, changed.Grade);
        Assert.Equal(1, changed.Changes);
        Assert.Contains(app.Listener.Calls, c => c.RatingId == rating.Id && c.Grade == 2 && !c.IsNew);

        // The same grade again (a reload) changes nothing.
        await ClickAsync(browser, PathOf(links[1]));
        Assert.Equal(1, Assert.Single(await RatingsAsync(ticketId)).Changes);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_records_nothing()
    {
        var (ticketId, _, html, _) = await app.RepliedTicketAsync();
        var response = await app.AnonymousClient().PostAsync(PathOf(Links(html)[4]), new FormUrlEncodedContent(new Dictionary<string, string> { ["grade"] = "5" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await RatingsAsync(ticketId));
    }

    [Fact]
    public async Task A_low_grade_needs_a_comment_and_the_refusal_keeps_the_input()
    {
        var (ticketId, _, html, _) = await app.RepliedTicketAsync();
        var browser = app.Browser();
        var click = await ClickAsync(browser, PathOf(Links(html)[0]));
        var commentPath = click.Headers.Location!.ToString();
        var form = await (await browser.GetAsync(commentPath)).Content.ReadAsStringAsync();
        var key = WebUtility.HtmlDecode(Regex.Match(form, "name=\"c\" value=\"([^\"]+)\"").Groups[1].Value);
        Assert.Contains("name=\"reasons\" value=\"speed\"", form, StringComparison.Ordinal);

        var refused = await browser.PostAsync("/r/" + commentPath.Split('/')[2] + "/comment", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", Antiforgery(form)), new("c", key), new("reasons", "speed"), new("reasons", "clarity"), new("comment", "  "),
        ]));
        var refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("нужен комментарий", WebUtility.HtmlDecode(refusedPage), StringComparison.Ordinal);
        Assert.Matches("value=\"speed\" checked", refusedPage);
        Assert.Matches("value=\"clarity\" checked", refusedPage);
        Assert.Null(Assert.Single(await RatingsAsync(ticketId)).Comment);

        var saved = await browser.PostAsync("/r/" + commentPath.Split('/')[2] + "/comment", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", Antiforgery(refusedPage)), new("c", key), new("reasons", "speed"), new("reasons", "nonsense"), new("comment", "Ответили через неделю"),
        ]));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var rating = Assert.Single(await RatingsAsync(ticketId));
        Assert.Equal("Ответили через неделю", rating.Comment);
        Assert.Equal("speed", rating.Reasons);
        Assert.Equal(1, rating.Grade);
    }

    [Fact]
    public async Task A_signed_in_ssc_employee_clicking_is_not_counted()
    {
        var (ticketId, _, html, _) = await app.RepliedTicketAsync();
        var staff = await app.CookieClientForAsync(Demo.TeamLead);
        var page = await staff.GetAsync(PathOf(Links(html)[4]));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("не учитываются", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.DoesNotContain("<form", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Empty(await RatingsAsync(ticketId));
    }

    [Fact]
    public async Task A_link_issued_to_an_ssc_employee_as_rater_is_not_counted()
    {
        var (agentId, leadId) = await app.WithDbAsync(async db => (
            await db.Users.Where(u => u.Email == Demo.Agent).Select(u => u.Id).SingleAsync(),
            await db.Users.Where(u => u.Email == Demo.TeamLead).Select(u => u.Id).SingleAsync()));
        var token = await TokenAsync(agentId, leadId, expires: null);
        var browser = app.Browser();
        var page = await browser.GetAsync($"/r/{token}/5");
        Assert.Contains("не учитываются", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Ratings.CountAsync(r => r.EmployeeId == agentId && r.RaterId == leadId)));
    }

    private async Task<string> TokenAsync(Guid employee, Guid? rater, DateTimeOffset? expires, int? kid = null, byte[]? secret = null)
    {
        var (id, key) = await app.Services.GetRequiredService<RatingKeyRing>().SigningKeyAsync(CancellationToken.None);
        var now = TimeProvider.System.GetUtcNow();
        return RatingTokens.Create(new RatingClaims(kid ?? id, employee, null, null, rater, 5, now.AddDays(-70), expires ?? now.AddDays(30)), secret ?? key);
    }

    private Task<Guid> IdOfAsync(string email) => app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    [Fact]
    public async Task Expired_tampered_and_foreign_links_get_a_clear_page_and_a_4xx()
    {
        var agent = await IdOfAsync(Demo.Agent);
        var client = await IdOfAsync(Demo.ClientA);
        var scanner = app.AnonymousClient();

        var expired = await scanner.GetAsync($"/r/{await TokenAsync(agent, client, TimeProvider.System.GetUtcNow().AddMinutes(-1))}/5");
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("истёк", WebUtility.HtmlDecode(await expired.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var good = await TokenAsync(agent, client, null);
        var tampered = good[..10] + (good[10] == 'A' ? 'B' : 'A') + good[11..];
        var tamperedPage = await scanner.GetAsync($"/r/{tampered}/5");
        Assert.Equal(HttpStatusCode.BadRequest, tamperedPage.StatusCode);
        var text = WebUtility.HtmlDecode(await tamperedPage.Content.ReadAsStringAsync());
        Assert.Contains("повреждена или изменена", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.Equal("text/html", tamperedPage.Content.Headers.ContentType?.MediaType);

        var foreign = await scanner.GetAsync($"/r/{await TokenAsync(agent, client, null, kid: 424242, secret: new byte[32])}/5");
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains("неизвестным ключом", WebUtility.HtmlDecode(await foreign.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var wrongGrade = await scanner.GetAsync($"/r/{good}/9");
        Assert.Equal(HttpStatusCode.BadRequest, wrongGrade.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await scanner.GetAsync("/r/garbage/5")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scanner.GetAsync($"/r/{good}/five")).StatusCode);

        // Posting a tampered link records nothing either.
        var browser = app.Browser();
        var form = await (await browser.GetAsync($"/r/{good}/5")).Content.ReadAsStringAsync();
        var post = await browser.PostAsync($"/r/{tampered}/5", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Antiforgery(form), ["grade"] = "5" }));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Ratings.CountAsync(r => r.EmployeeId == agent && r.Source == RatingSource.Signature && r.RaterId == client && r.Grade == 5 && r.Comment == "x")));
    }

    [Fact]
    public async Task A_signature_link_asks_an_anonymous_rater_for_a_work_email_and_holds_the_rating_for_confirmation()
    {
        var employee = await IdOfAsync(Demo.Csm);
        var token = await TokenAsync(employee, null, null);
        var browser = app.Browser();
        var page = await (await browser.GetAsync($"/r/{token}/5")).Content.ReadAsStringAsync();
        Assert.Contains("name=\"email\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("f.submit()", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/account/login?ReturnUrl=%2Fr%2F{token}%2F5\"", page, StringComparison.Ordinal);

        // Only the shape of an address is checked here: whether it is a client person's never shows.
        var refused = await browser.PostAsync($"/r/{token}/5", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Antiforgery(page), ["grade"] = "5", ["email"] = "not an address",
        }));
        var refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Введите рабочий email целиком", WebUtility.HtmlDecode(refusedPage), StringComparison.Ordinal);
        Assert.Contains("value=\"not an address\"", refusedPage, StringComparison.Ordinal);

        // A client person's address: held, not recorded (SignatureRatingTests follow it to the confirmation).
        var held = await browser.PostAsync($"/r/{token}/5", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Antiforgery(refusedPage), ["grade"] = "5", ["email"] = Demo.ClientA,
        }));
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        Assert.Contains("Проверьте почту", WebUtility.HtmlDecode(await held.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Empty(await app.WithDbAsync(db => db.Ratings.Where(r => r.EmployeeId == employee).ToListAsync()));
    }

    [Fact]
    public async Task A_token_of_a_retired_but_valid_key_verifies_and_of_a_deleted_key_does_not()
    {
        var agent = await IdOfAsync(Demo.Agent);
        var client = await IdOfAsync(Demo.ClientA);
        var old = await TokenAsync(agent, client, null);
        var oldKid = RatingTokens.KeyIdOf(old)!.Value;

        // The signing key grows older than the rotation period: the next link is signed by a new key.
        await app.WithDbAsync(db => db.Set<RatingSigningKey>().Where(k => k.Id == oldKid)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.ActivatedAt, TimeProvider.System.GetUtcNow().AddDays(-31))));
        var fresh = await TokenAsync(agent, client, null);
        Assert.NotEqual(oldKid, RatingTokens.KeyIdOf(fresh));
        var retired = await app.WithDbAsync(db => db.Set<RatingSigningKey>().SingleAsync(k => k.Id == oldKid));
        Assert.NotNull(retired.RetireAfter);
        Assert.True(retired.RetireAfter > TimeProvider.System.GetUtcNow());
        Assert.DoesNotContain(Convert.ToBase64String(new byte[8]), retired.ProtectedSecret, StringComparison.Ordinal);

        var scanner = app.AnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await scanner.GetAsync($"/r/{old}/3")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scanner.GetAsync($"/r/{fresh}/3")).StatusCode);

        await app.WithDbAsync(db => db.Set<RatingSigningKey>().Where(k => k.Id == oldKid).ExecuteDeleteAsync());
        var gone = await scanner.GetAsync($"/r/{old}/3");
        Assert.Equal(HttpStatusCode.BadRequest, gone.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scanner.GetAsync($"/r/{fresh}/3")).StatusCode);
    }

    [Fact]
    public async Task An_ssc_employee_gets_a_signature_whose_links_rate_them_and_a_client_does_not()
    {
        var agent = await app.CookieClientForAsync(Demo.Agent);
        var response = await agent.GetAsync("/me/signature");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"signature-copy-html\"", html, StringComparison.Ordinal);
        var links = Links(html).Distinct().ToList();
        Assert.True(links.Count >= 5, html);
        var token = new Uri(links[0]).AbsolutePath.Split('/')[2];
        var keys = await app.Services.GetRequiredService<RatingKeyRing>().VerifyingKeysAsync(CancellationToken.None);
        var claims = RatingTokens.Verify(token, k => keys.GetValueOrDefault(k), TimeProvider.System.GetUtcNow()).Claims!;
        Assert.Equal(await IdOfAsync(Demo.Agent), claims.EmployeeId);
        Assert.Null(claims.RaterId);
        Assert.Null(claims.TicketId);

        var client = await app.CookieClientForAsync(Demo.ClientA);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/me/signature")).StatusCode);
    }

    [Fact]
    public async Task Feedback_settings_are_read_by_staff_and_changed_by_an_admin_under_if_match()
    {
        var agent = await app.ClientForAsync(Demo.Agent);
        var read = await agent.GetAsync("/api/v1/feedback/settings");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var etag = read.Headers.ETag!.Tag;
        var body = new { scale = 5, complaintAtOrBelow = 2, commentRequiredAtOrBelow = 2, reasonCategories = "speed|Скорость|Speed\nother|Другое|Other", caseDueWorkingDays = 3, linkLifetimeDays = 60 };
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PutAsJsonAsync("/api/v1/feedback/settings", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientForAsync(Demo.ClientA)).GetAsync("/api/v1/feedback/settings")).StatusCode);

        var admin = await app.ClientForAsync(Demo.Admin);
        await HttpAssert.ProblemAsync(await admin.PutAsJsonAsync("/api/v1/feedback/settings", body), 428);
        var bad = new HttpRequestMessage(HttpMethod.Put, "/api/v1/feedback/settings") { Content = JsonContent.Create(body with { scale = 4, reasonCategories = "Bad Key|x" }) };
        bad.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        var problem = await HttpAssert.FieldErrorAsync(await admin.SendAsync(bad), "scale");
        Assert.True(problem.GetProperty("errors").TryGetProperty("reasonCategories", out _));

        var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/feedback/settings") { Content = JsonContent.Create(body) };
        put.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        var saved = await admin.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var stale = new HttpRequestMessage(HttpMethod.Put, "/api/v1/feedback/settings") { Content = JsonContent.Create(body) };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        await HttpAssert.ProblemAsync(await admin.SendAsync(stale), 412);
    }
}

/// <summary>The rating links have their own limit per client address.</summary>
public class RatingRateLimitFactory : OneWindowFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("RateLimits:RatingsPerMinute", "3")];
}

public class RatingRateLimitTests(RatingRateLimitFactory app) : IClassFixture<RatingRateLimitFactory>
{
    [Fact]
    public async Task The_request_after_the_limit_within_a_minute_gets_429()
    {
        var scanner = app.AnonymousClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await scanner.GetAsync("/r/not-a-token/5")).StatusCode);
        }

        var limited = await scanner.GetAsync("/r/not-a-token/5");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
    }
}
