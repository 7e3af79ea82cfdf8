using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Web.Features.Feedback;
using OneWindow.Web.Features.Mail;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Feedback;

/// <summary>The complaint loop's "what we did" email comes from the editable mail templates, in the client's language.</summary>
public class WhatWeDidEmailTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    /// <summary>The emails to client A about the case, oldest first.</summary>
    private async Task<List<OutboxMessage>> ToClientAsync(Guid caseId) =>
        [.. (await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.ToAddress == Demo.ClientA && m.TextBody.Contains($"/feedback/cases/{caseId}")).ToListAsync()))
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)];

    [Fact]
    public async Task The_email_is_rendered_from_the_template_in_the_clients_language_and_an_admin_edit_changes_it()
    {
        var (employee, _, team) = await app.WithDbAsync(FeedbackFixtures.EmployeeWithLeadAsync);
        var rating = await FeedbackFixtures.RateAsync(app, Demo.ClientA, employee, 1, "Перепутали контрагента");
        var c = await app.WithDbAsync(db => db.Set<FeedbackCase>().SingleAsync(x => x.RatingId == rating.Id));
        var (clientName, employeeName, teamName) = await app.WithDbAsync(async db => (
            await db.Users.Where(u => u.Email == Demo.ClientA).Select(u => u.FullName).SingleAsync(),
            await db.Users.Where(u => u.Id == employee).Select(u => u.FullName).SingleAsync(),
            await db.Teams.Where(t => t.Id == team).Select(t => t.Name).SingleAsync()));
        var link = $"http://localhost/feedback/cases/{c.Id}";
        var lead = await app.ClientForAsync(Demo.TeamLead);
        var admin = await app.ClientForAsync(Demo.Admin);
        var clientA = await app.ClientForAsync(Demo.ClientA);
        var templates = app.Services.GetRequiredService<MailTemplates>();

        // The default Russian template: subject, plain text and HTML, with the case's people and the answer link.
        await lead.PostAsJsonAsync($"/api/v1/feedback/cases/{c.Id}/send-what-we-did", new { message = "Исправили акт.\nДобавили проверку <контрагента>." });
        var first = Assert.Single(await ToClientAsync(c.Id));
        Assert.Equal($"[{c.Number}] Что мы сделали по вашему отзыву", first.Subject);
        Assert.StartsWith($"Здравствуйте, {clientName}!", first.TextBody);
        Assert.Contains($"({employeeName})", first.TextBody);
        Assert.Contains("Исправили акт.\nДобавили проверку <контрагента>.", first.TextBody);
        Assert.Contains(link, first.TextBody);
        Assert.Contains($"<a href=\"{link}\">", first.HtmlBody);
        Assert.Contains("Исправили акт.<br>Добавили проверку &lt;контрагента&gt;.", first.HtmlBody);
        var expected = templates.RenderWhatWeDid("ru", new WhatWeDidModel(c.Number, clientName, employeeName, teamName, "", "Исправили акт.\nДобавили проверку <контрагента>.", link));
        Assert.Equal((expected.Subject, expected.Text, expected.Html), (first.Subject, first.TextBody, first.HtmlBody));

        // The what-we-did template is one more in the admin's list; an edit must keep the link.
        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/v1/mail/templates/what-we-did/ru");
        Assert.False(listed.GetProperty("edited").GetBoolean());
        Assert.Equal(expected.Subject.Replace(c.Number, "{{ number }}", StringComparison.Ordinal), listed.GetProperty("subject").GetString());
        await HttpAssert.FieldErrorAsync(await admin.PutAsJsonAsync("/api/v1/mail/templates/what-we-did/ru", new { subject = "Отзыв {{ number }}", text = "Без ссылки", html = "<a href=\"{{ link }}\">ответ</a>" }), "text");
        await HttpAssert.ProblemAsync(await admin.GetAsync("/api/v1/mail/templates/what-we-didnt/ru"), 404);
        var saved = await admin.PutAsJsonAsync("/api/v1/mail/templates/what-we-did/ru", new
        {
            subject = "Отзыв {{ number }}: готово",
            text = "{{ name }}, о {{ employee }} ({{ team }}{{ service }}): {{ message }} Ответьте: {{ link }}",
            html = "<p>{{ message_html | raw }}</p><a href=\"{{ link }}\">Ответить</a>",
        });
        Assert.True((await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("edited").GetBoolean());

        // The client is not satisfied, the lead writes again: the admin's version goes out.
        await clientA.PostAsJsonAsync($"/api/v1/feedback/cases/{c.Id}/client-answer", new { satisfied = false });
        await lead.PostAsJsonAsync($"/api/v1/feedback/cases/{c.Id}/send-what-we-did", new { message = "Переделали акт." });
        var sentTwice = await ToClientAsync(c.Id);
        Assert.Equal(2, sentTwice.Count);
        var second = Assert.Single(sentTwice, m => m.Id != first.Id);
        Assert.Equal($"Отзыв {c.Number}: готово", second.Subject);
        Assert.Equal($"{clientName}, о {employeeName} ({teamName}): Переделали акт. Ответьте: {link}\n", second.TextBody);
        Assert.Equal($"<p>Переделали акт.</p><a href=\"{link}\">Ответить</a>", second.HtmlBody);

        // A client who reads English gets the English default: the Russian edit is not theirs.
        var culture = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.ClientA).Select(u => u.Culture).SingleAsync());
        Assert.StartsWith("ru", culture);
        await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.ClientA).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, "en-US")));
        try
        {
            await clientA.PostAsJsonAsync($"/api/v1/feedback/cases/{c.Id}/client-answer", new { satisfied = false });
            await lead.PostAsJsonAsync($"/api/v1/feedback/cases/{c.Id}/send-what-we-did", new { message = "Redid the statement." });
            var sent = await ToClientAsync(c.Id);
            Assert.Equal(3, sent.Count);
            var third = Assert.Single(sent, m => m.Id != first.Id && m.Id != second.Id);
            Assert.Equal($"[{c.Number}] What we did about your feedback", third.Subject);
            Assert.StartsWith($"Hello {clientName},", third.TextBody);
            Assert.Contains(link, third.HtmlBody);
        }
        finally
        {
            await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.ClientA).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, culture)));
        }

        // Back to the default.
        Assert.False((await (await admin.DeleteAsync("/api/v1/mail/templates/what-we-did/ru")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("edited").GetBoolean());
    }
}
