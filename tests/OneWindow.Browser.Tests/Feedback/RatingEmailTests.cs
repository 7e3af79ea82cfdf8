using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OneWindow.Web.Features.Mail;
using OneWindow.Web.Tests.Features.Mail;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests.Feedback;

/// <summary>The app sending its outbox to the SMTP receiver ./test.sh starts (OW_TEST_SMTP, OW_TEST_SMTP_DIR).</summary>
public sealed class SmtpAppFactory : OneWindowFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Mail:Smtp:Host", MailServers.Smtp.Host),
        new("Mail:Smtp:StartTls", "None"),
        new("Mail:Smtp:Port", MailServers.Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Mail:Smtp:From", "desk@onewindow.test"),
        new("Mail:Smtp:PollSeconds", "0"),
        // Only the reply's email matters here; the new ticket's acknowledgement has its own tests.
        new("Mail:AcknowledgeNewTickets", "false"),
    ];
}

public sealed class RatingEmailFixture() : BrowserFixture(new SmtpAppFactory());

public class RatingEmailTests(RatingEmailFixture browser) : IClassFixture<RatingEmailFixture>
{
    [Fact]
    public async Task A_client_rates_a_reply_from_the_received_email_and_adds_a_comment()
    {
        var app = browser.App;
        var subject = "Оценка ответа " + Guid.NewGuid().ToString("N")[..8];
        var client = await app.ClientForAsync(Demo.ClientA);
        var type = await app.WithDbAsync(db => db.RequestTypes.Where(t => t.Code == "CLOSE-Q").Select(t => t.Id).SingleAsync());
        var created = await client.PostAsJsonAsync("/api/v1/tickets", new { requestTypeId = type, subject, description = "Когда будет закрыт ноябрь?" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticketId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary").GetProperty("id").GetGuid();
        var agent = await app.ClientForAsync(Demo.Agent);
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/messages", new { kind = "PublicReply", body = "Ноябрь закроем 5 декабря." })).StatusCode);
        Assert.Equal(1, (await app.Services.GetRequiredService<MailOutboxSender>().DeliverPendingAsync(CancellationToken.None)).Sent);

        // The email as the SMTP server received it; its rating link for grade 2.
        var email = Assert.Single(MailServers.Received(subject));
        var links = Regex.Matches(email.HtmlBody ?? "", "href=\"([^\"]*/r/[^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Equal(5, links.Count);
        Assert.Contains("/r/", email.TextBody, StringComparison.Ordinal);
        var link = links[1];
        Assert.StartsWith(browser.BaseUrl + "/r/", link, StringComparison.Ordinal);

        // A real browser runs the page's script: one click in the email records the grade and lands on the comment form.
        var page = await browser.NewPageAsync();
        await page.GotoAsync(link);
        await page.WaitForURLAsync(new Regex("/comment\\?c="));
        await page.Locator("input[name=reasons][value=speed]").CheckAsync();
        await page.Locator("textarea[name=comment]").FillAsync("Ответ пришёл через неделю");
        await page.Locator("#comment-form button[type=submit]").ClickAsync();
        await page.Locator("[data-testid=rating-done]").WaitForAsync();

        var (agentId, rating) = await app.WithDbAsync(async db => (
            await db.Users.Where(u => u.Email == Demo.Agent).Select(u => u.Id).SingleAsync(),
            await db.Ratings.SingleAsync(r => r.TicketId == ticketId)));
        Assert.Equal(2, rating.Grade);
        Assert.Equal("Ответ пришёл через неделю", rating.Comment);
        Assert.Equal("speed", rating.Reasons);
        Assert.Equal(agentId, rating.EmployeeId);
        Assert.Equal(ticketId, rating.TicketId);
        Assert.Equal(OneWindow.Web.Features.Feedback.RatingSource.Reply, rating.Source);

        // The employee's dashboard shows it, with the comment, and the ratings behind the figure include it.
        var quality = await app.ClientForAsync(Demo.Quality);
        var dashboard = await quality.GetFromJsonAsync<JsonElement>("/api/v1/feedback/dashboard?by=employee");
        var row = dashboard.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("id").GetString() == agentId.ToString());
        Assert.True(row.GetProperty("figures").GetProperty("count").GetInt32() >= 1, row.ToString());
        var behind = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/feedback/ratings?employeeId={agentId}");
        var listed = behind.EnumerateArray().Single(r => r.GetProperty("id").GetString() == rating.Id.ToString());
        Assert.Equal("Ответ пришёл через неделю", listed.GetProperty("comment").GetString());

        // A grade of 2 is a complaint: a case is open for the agent's team lead.
        Assert.True(listed.GetProperty("caseId").ValueKind == JsonValueKind.String, listed.ToString());

        // The client's loyalty balance: 1 point for the rating, topped up to 3 for the comment.
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/loyalty/me");
        Assert.Equal(3, me.GetProperty("balance").GetInt32());
    }

    [Fact]
    public async Task A_visitor_rating_from_a_signature_counts_only_after_the_person_named_confirms_it_from_their_mailbox()
    {
        var app = browser.App;
        // The agent's signature, as they copy it from /me/signature.
        var agent = await browser.SignInAsync(Demo.Agent);
        await agent.GotoAsync("/me/signature");
        var signature = WebUtility.HtmlDecode(await agent.Locator("[data-testid=signature-preview]").InnerHTMLAsync());
        var grade2 = new Uri(Regex.Matches(signature, "href=\"([^\"]*/r/[^\"]+)\"").Select(m => m.Groups[1].Value).First(l => l.EndsWith("/2", StringComparison.Ordinal))).AbsolutePath;
        var token = grade2.Split('/')[2];
        var (agentId, executiveId) = await app.WithDbAsync(async db => (
            await db.Users.Where(u => u.Email == Demo.Agent).Select(u => u.Id).SingleAsync(),
            await db.Users.Where(u => u.Email == Demo.ExecutiveA).Select(u => u.Id).SingleAsync()));
        Task<List<OneWindow.Web.Features.Feedback.Rating>> RatingsAsync() =>
            app.WithDbAsync(db => db.Ratings.Where(r => r.EmployeeId == agentId && r.RaterId == executiveId && r.Source == OneWindow.Web.Features.Feedback.RatingSource.Signature).ToListAsync());
        var before = (await RatingsAsync()).Count;

        // Someone not signed in clicks the grade and names the executive's address: the page only says to check the mail.
        var visitor = await browser.NewPageAsync();
        await visitor.GotoAsync(grade2);
        await visitor.Locator("input[name=email]").FillAsync(Demo.ExecutiveA);
        await visitor.Locator("#rating-form button[type=submit]").ClickAsync();
        await visitor.Locator("[data-testid=rating-check-mail]").WaitForAsync();
        Assert.Equal(before, (await RatingsAsync()).Count);

        // The executive's mailbox: the confirmation email as the SMTP server received it.
        var queued = await app.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.TextBody.Contains($"/r/{token}/confirm/")));
        Assert.True((await app.Services.GetRequiredService<MailOutboxSender>().DeliverPendingAsync(CancellationToken.None)).Sent >= 1);
        var email = Assert.Single(MailServers.Received("Подтвердите оценку"), m => m.MessageId == queued.MessageId);
        var link = Regex.Match(email.HtmlBody ?? "", "href=\"([^\"]*/confirm/[^\"]+)\"").Groups[1].Value;
        Assert.StartsWith(browser.BaseUrl + $"/r/{token}/confirm/", link, StringComparison.Ordinal);

        // The executive opens it in their own browser, confirms, and lands on the comment page as after any rating.
        var person = await browser.NewPageAsync();
        await person.GotoAsync(link);
        Assert.Equal(before, (await RatingsAsync()).Count);
        await person.Locator("[data-testid=rating-confirm]").ClickAsync();
        await person.WaitForURLAsync(new Regex("/comment\\?c="));
        await person.Locator("textarea[name=comment]").FillAsync("Долго ждали ответа");
        await person.Locator("#comment-form button[type=submit]").ClickAsync();
        await person.Locator("[data-testid=rating-done]").WaitForAsync();

        var rating = Assert.Single(await RatingsAsync(), r => r.DedupeKey.StartsWith($"sig:{agentId:N}:{executiveId:N}:", StringComparison.Ordinal) && r.Comment == "Долго ждали ответа");
        Assert.Equal(2, rating.Grade);
        Assert.Equal(before + 1, (await RatingsAsync()).Count);
    }
}
