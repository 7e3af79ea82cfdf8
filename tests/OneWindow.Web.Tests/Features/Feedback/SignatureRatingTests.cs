using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Core.Feedback;
using OneWindow.Web.Features.Feedback;
using OneWindow.Web.Features.Loyalty;
using OneWindow.Web.Features.Mail;
using OneWindow.Web.Tests.Features.Mail;
using OneWindow.Web.Tests.Infrastructure;
using static OneWindow.Web.Tests.Features.Feedback.RatingLinkTests;

namespace OneWindow.Web.Tests.Features.Feedback;

/// <summary>The app sending its outbox to the real SMTP receiver (tests deliver it), with the rating listeners counted.</summary>
public class SignatureRatingFactory : OneWindowFactory
{
    public CountingRatingListener Listener { get; } = new();

    protected virtual int MailsPerHour => 1000;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Mail:Smtp:Host", MailServers.Smtp.Host),
        new("Mail:Smtp:StartTls", "None"),
        new("Mail:Smtp:Port", MailServers.Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Mail:Smtp:From", "desk@onewindow.test"),
        new("Mail:Smtp:PollSeconds", "0"),
        new("Mail:AcknowledgeNewTickets", "false"),
        new("RateLimits:RatingsPerMinute", "100000"),
        new("Feedback:ConfirmationMailsPerHour", MailsPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<IRatingListener>(Listener));
    }

    public Task<DeliveryReport> DeliverAsync() => Services.GetRequiredService<MailOutboxSender>().DeliverPendingAsync(CancellationToken.None);

    /// <summary>A browser-like anonymous client that keeps cookies (the antiforgery cookie).</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = ServerAddress });

    private static readonly DateTimeOffset Started = TimeProvider.System.GetUtcNow();
    private static int issued;

    /// <summary>A signature link of the employee as /me/signature issues it (no rater), distinct from every other one this run.</summary>
    public async Task<(string Token, string LinkId)> SignatureLinkAsync(Guid employee)
    {
        var (kid, key) = await Services.GetRequiredService<RatingKeyRing>().SigningKeyAsync(CancellationToken.None);
        // Issued a distinct second before the run started: the link id hashes the payload, so no two links share one.
        var at = Started.AddSeconds(-Interlocked.Increment(ref issued));
        var token = RatingTokens.Create(new RatingClaims(kid, employee, null, null, null, 5, at, at.AddDays(60)), key);
        var keys = await Services.GetRequiredService<RatingKeyRing>().VerifyingKeysAsync(CancellationToken.None);
        return (token, RatingTokens.Verify(token, k => keys.GetValueOrDefault(k), TimeProvider.System.GetUtcNow()).Claims!.TokenId);
    }
}

/// <summary>
/// A signature link names no rater, so a visitor who is not signed in could name anyone. Their rating is held until the
/// person named confirms it through a one-time link emailed to them, and the visitor learns nothing about the address.
/// </summary>
public class SignatureRatingTests(SignatureRatingFactory app) : IClassFixture<SignatureRatingFactory>
{
    private static readonly Regex ConfirmLink = new("https?://[^\\s\"<>]+/r/[^\\s\"<>/]+/confirm/[^\\s\"<>]+");

    /// <summary>An anonymous visitor opens the grade link, names an address and submits: what the page's form would post.</summary>
    internal static async Task<HttpResponseMessage> RateAnonymouslyAsync(HttpClient browser, string token, int grade, string email)
    {
        var page = await browser.GetAsync($"/r/{token}/{grade}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("name=\"email\"", html, StringComparison.Ordinal);
        return await browser.PostAsync($"/r/{token}/{grade}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Antiforgery(html), ["grade"] = grade.ToString(System.Globalization.CultureInfo.InvariantCulture), ["email"] = email,
        }));
    }

    /// <summary>The ratings given through one signature link (its id ends their dedupe key): tests share the employee.</summary>
    private Task<List<Rating>> RatingsOfAsync(string linkId) => app.WithDbAsync(db => db.Ratings.Where(r => r.DedupeKey.EndsWith(":" + linkId)).ToListAsync());

    private Task<Guid> IdOfAsync(string email) => app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private Task<List<OutboxMessage>> MailsForAsync(string token) =>
        app.WithDbAsync(db => db.OutboxMessages.Where(m => m.TextBody.Contains($"/r/{token}/confirm/")).ToListAsync());

    private async Task<string> HeldLinkAsync(string token, int grade, string email = Demo.ExecutiveA)
    {
        var held = await RateAnonymouslyAsync(app.Browser(), token, grade, email);
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        return PathOf(ConfirmLink.Match(Assert.Single(await MailsForAsync(token)).TextBody).Value);
    }

    /// <summary>What the person's browser does with the emailed link: open it, then press the button on the page.</summary>
    private static async Task<(HttpResponseMessage Page, HttpResponseMessage Posted)> ConfirmAsync(HttpClient browser, string path)
    {
        var page = await browser.GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        var posted = await browser.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Antiforgery(html) }));
        return (page, posted);
    }

    [Fact]
    public async Task An_anonymous_rating_in_a_client_executives_name_records_nothing_and_mails_a_confirmation_to_that_address()
    {
        var (employee, _, _) = await app.WithDbAsync(FeedbackFixtures.EmployeeWithLeadAsync);
        var executive = await IdOfAsync(Demo.ExecutiveA);
        var (token, linkId) = await app.SignatureLinkAsync(employee);
        var before = await app.WithDbAsync(async db => (
            Cases: await db.Set<FeedbackCase>().CountAsync(),
            Points: await db.Set<LoyaltyEntry>().CountAsync(e => e.PersonId == executive),
            Notices: await db.Notifications.CountAsync()));
        var heard = app.Listener.Calls.Count;

        var response = await RateAnonymouslyAsync(app.Browser(), token, 1, Demo.ExecutiveA);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("data-testid=\"rating-check-mail\"", page, StringComparison.Ordinal);
        Assert.Contains("ссылка действует 48 ч", page, StringComparison.Ordinal);
        Assert.DoesNotContain("comment", page, StringComparison.Ordinal);

        // Nothing happened: no rating, no case, no notices, no points, no listener told.
        Assert.Empty(await RatingsOfAsync(linkId));
        Assert.Equal(before, await app.WithDbAsync(async db => (
            Cases: await db.Set<FeedbackCase>().CountAsync(),
            Points: await db.Set<LoyaltyEntry>().CountAsync(e => e.PersonId == executive),
            Notices: await db.Notifications.CountAsync())));
        Assert.Equal(heard, app.Listener.Calls.Count);

        // The executive's mailbox gets the one-time link, in their language, with the grade and whom it is about.
        var queued = Assert.Single(await MailsForAsync(token));
        Assert.Equal(Demo.ExecutiveA, queued.ToAddress);
        await app.DeliverAsync();
        var received = Assert.Single(MailServers.Received("Подтвердите оценку"), m => m.MessageId == queued.MessageId);
        Assert.Equal(Demo.ExecutiveA, Assert.Single(received.To.Mailboxes).Address);
        var employeeName = await app.WithDbAsync(db => db.Users.Where(u => u.Id == employee).Select(u => u.FullName).SingleAsync());
        Assert.Equal($"Подтвердите оценку работы: {employeeName}", received.Subject);
        Assert.Contains("1 из 5 (Очень плохо)", received.TextBody, StringComparison.Ordinal);
        var link = ConfirmLink.Match(received.TextBody ?? "").Value;
        Assert.StartsWith($"http://localhost/r/{token}/confirm/", link, StringComparison.Ordinal);
        Assert.Contains($"href=\"{link}\"", received.HtmlBody, StringComparison.Ordinal);

        // A mail scanner opening the link records nothing either: the page waits for the person's button.
        var scanned = await app.AnonymousClient().GetAsync(PathOf(link));
        var scannedPage = await scanned.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, scanned.StatusCode);
        Assert.Contains("data-testid=\"rating-confirm\"", scannedPage, StringComparison.Ordinal);
        Assert.DoesNotContain("submit()", scannedPage, StringComparison.Ordinal);
        Assert.Empty(await RatingsOfAsync(linkId));
    }

    [Fact]
    public async Task The_answer_is_the_same_for_a_client_address_an_unknown_one_a_staff_one_and_a_repeated_one()
    {
        var (employee, _, _) = await app.WithDbAsync(FeedbackFixtures.EmployeeWithLeadAsync);
        var (token, linkId) = await app.SignatureLinkAsync(employee);
        var answers = new List<(HttpStatusCode Status, string? Type, byte[] Body)>();
        foreach (var email in new[] { Demo.ExecutiveA, $"nobody-{Guid.NewGuid():N}@ural-mining.demo", Demo.Agent, Demo.ExecutiveA })
        {
            var response = await RateAnonymouslyAsync(app.Browser(), token, 2, email);
            answers.Add((response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsByteArrayAsync()));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(answers, a => Assert.Equal(answers[0].Type, a.Type));
        Assert.All(answers, a => Assert.Equal(answers[0].Body, a.Body));
        Assert.DoesNotContain("__RequestVerificationToken", System.Text.Encoding.UTF8.GetString(answers[0].Body), StringComparison.Ordinal);

        // Only the client address got mail, and only once: the repeat within the resend interval sent nothing.
        var mail = Assert.Single(await MailsForAsync(token));
        Assert.Equal(Demo.ExecutiveA, mail.ToAddress);
        Assert.Empty(await RatingsOfAsync(linkId));
    }

    [Fact]
    public async Task Following_the_emailed_link_records_one_rating_with_its_consequences_and_a_replay_records_nothing_more()
    {
        var (employee, _, _) = await app.WithDbAsync(FeedbackFixtures.EmployeeWithLeadAsync);
        var (executive, csm) = (await IdOfAsync(Demo.ExecutiveA), await IdOfAsync(Demo.Csm));
        var (token, linkId) = await app.SignatureLinkAsync(employee);
        var path = await HeldLinkAsync(token, 1);

        // The person's own browser, not the one that rated.
        var browser = app.Browser();
        var (page, confirmed) = await ConfirmAsync(browser, path);
        Assert.Contains("1 из 5 (Очень плохо)", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var comment = confirmed.Headers.Location!.ToString();
        Assert.StartsWith($"/r/{token}/comment?c=", comment, StringComparison.Ordinal);

        var rating = Assert.Single(await RatingsOfAsync(linkId));
        Assert.Equal((executive, 1, RatingSource.Signature, 0), (rating.RaterId, rating.Grade, rating.Source, rating.Changes));
        Assert.StartsWith($"sig:{employee:N}:{executive:N}:", rating.DedupeKey, StringComparison.Ordinal);
        var c = await app.WithDbAsync(db => db.Set<FeedbackCase>().SingleAsync(x => x.RatingId == rating.Id));
        Assert.Equal(executive, c.ClientId);
        Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == csm && n.Link == $"/feedback/cases/{c.Id}")));
        Assert.Equal(LoyaltyKind.Rating, (await app.WithDbAsync(db => db.Set<LoyaltyEntry>().SingleAsync(e => e.SourceId == rating.Id && e.PersonId == executive))).Kind);
        Assert.Single(app.Listener.Calls, x => x.RatingId == rating.Id);

        // The comment page is theirs, as after any rating.
        var commentPage = await browser.GetAsync(comment);
        Assert.Equal(HttpStatusCode.OK, commentPage.StatusCode);
        Assert.Contains("id=\"comment-form\"", await commentPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A replay, opened or posted, is answered clearly and counts nothing more.
        var reopened = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.Conflict, reopened.StatusCode);
        Assert.Contains("уже подтверждена", WebUtility.HtmlDecode(await reopened.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var replayed = await browser.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Antiforgery(await commentPage.Content.ReadAsStringAsync()) }));
        Assert.Equal(HttpStatusCode.Conflict, replayed.StatusCode);
        Assert.Contains("срабатывает один раз", WebUtility.HtmlDecode(await replayed.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(0, Assert.Single(await RatingsOfAsync(linkId)).Changes);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<FeedbackCase>().CountAsync(x => x.RatingId == rating.Id)));
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<LoyaltyEntry>().CountAsync(e => e.SourceId == rating.Id)));
        Assert.Single(app.Listener.Calls, x => x.RatingId == rating.Id);
    }

    [Fact]
    public async Task An_expired_a_tampered_or_another_links_confirmation_is_refused_clearly_and_records_nothing()
    {
        var (employee, _, _) = await app.WithDbAsync(FeedbackFixtures.EmployeeWithLeadAsync);
        var (token, linkId) = await app.SignatureLinkAsync(employee);
        var (other, _) = await app.SignatureLinkAsync(employee);
        var path = await HeldLinkAsync(token, 4);
        var browser = app.Browser();
        var antiforgery = Antiforgery(await (await browser.GetAsync(path)).Content.ReadAsStringAsync());
        FormUrlEncodedContent Form() => new(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery });

        var key = path.Split('/')[^1];
        var tampered = path[..^key.Length] + (key[0] == 'A' ? 'B' : 'A') + key[1..];
        foreach (var refused in new[] { tampered, $"/r/{other}/confirm/{key}", path[..^key.Length] })
        {
            var opened = await browser.GetAsync(refused);
            Assert.True(opened.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, refused);
            var posted = await browser.PostAsync(refused, Form());
            Assert.True(posted.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, refused);
        }

        var tamperedPage = await browser.GetAsync(tampered);
        Assert.Equal(HttpStatusCode.BadRequest, tamperedPage.StatusCode);
        Assert.Contains("Ссылка подтверждения повреждена", WebUtility.HtmlDecode(await tamperedPage.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync($"/r/{other}/confirm/{key}", Form())).StatusCode);

        await app.WithDbAsync(db => db.Set<PendingRating>().Where(p => p.LinkId == linkId)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.ExpiresAt, TimeProvider.System.GetUtcNow().AddMinutes(-1))));
        var expired = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("истёк (она действует 48 ч)", WebUtility.HtmlDecode(await expired.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, (await browser.PostAsync(path, Form())).StatusCode);

        Assert.Empty(await RatingsOfAsync(linkId));
        Assert.Null(await app.WithDbAsync(db => db.Set<PendingRating>().Where(p => p.LinkId == linkId).Select(p => p.ConfirmedAt).SingleAsync()));
    }

    [Fact]
    public async Task A_signed_in_client_rates_from_a_signature_link_directly_and_a_second_grade_changes_it()
    {
        var (employee, _, _) = await app.WithDbAsync(FeedbackFixtures.EmployeeWithLeadAsync);
        var (token, linkId) = await app.SignatureLinkAsync(employee);
        var client = await app.CookieClientForAsync(Demo.ExecutiveA);
        var page = await (await client.GetAsync($"/r/{token}/5")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("name=\"email\"", page, StringComparison.Ordinal);
        Assert.Contains("f.submit()", page, StringComparison.Ordinal);

        foreach (var grade in new[] { 5, 4 })
        {
            var rated = await ClickAsync(client, $"/r/{token}/{grade}");
            Assert.Equal(HttpStatusCode.Redirect, rated.StatusCode);
            Assert.Contains("/comment?c=", rated.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        var rating = Assert.Single(await RatingsOfAsync(linkId));
        Assert.Equal((await IdOfAsync(Demo.ExecutiveA), 4, 1, RatingSource.Signature), (rating.RaterId, rating.Grade, rating.Changes, rating.Source));
        Assert.Null(rating.TicketId);
        Assert.Empty(await MailsForAsync(token));
    }

    [Fact]
    public async Task The_confirmation_email_is_an_admin_editable_template_that_must_keep_its_link()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var current = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/mail/templates/rating-confirmation/en");
        Assert.Contains("{{ link }}", current.GetProperty("text").GetString(), StringComparison.Ordinal);
        await HttpAssert.FieldErrorAsync(await admin.PutAsJsonAsync("/api/v1/mail/templates/rating-confirmation/en",
            new { subject = "Confirm", text = "Nothing to follow", html = "<a href=\"{{ link }}\">confirm</a>" }), "text");
    }
}

/// <summary>The same app with a cap of two confirmation emails per address and hour.</summary>
public class CappedSignatureRatingFactory : SignatureRatingFactory
{
    protected override int MailsPerHour => 2;
}

public class SignatureRatingMailCapTests(CappedSignatureRatingFactory app) : IClassFixture<CappedSignatureRatingFactory>
{
    [Fact]
    public async Task An_address_gets_at_most_the_hourly_cap_of_confirmations_over_all_links_and_the_answer_never_changes()
    {
        var (employee, _, _) = await app.WithDbAsync(FeedbackFixtures.EmployeeWithLeadAsync);
        var bodies = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var (token, _) = await app.SignatureLinkAsync(employee);
            var response = await SignatureRatingTests.RateAnonymouslyAsync(app.Browser(), token, 3, Demo.ClientA);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Single(bodies.Distinct());
        Assert.Equal(2, await app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == Demo.ClientA && m.TextBody.Contains("/confirm/"))));
        Assert.Equal(2, await app.WithDbAsync(db => db.Set<PendingRating>().CountAsync()));
    }
}
