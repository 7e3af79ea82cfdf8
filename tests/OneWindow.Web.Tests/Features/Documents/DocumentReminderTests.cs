using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Web.Features.Documents;
using OneWindow.Web.Tests.Features.Mail;
using OneWindow.Web.Tests.Features.ServiceLevels;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Documents;

/// <summary>
/// Issue 15, Deliver 5: the people of a published version's audience who have not acknowledged it are emailed after N
/// days (3 by default), at most once every N days, never once they have read it; an editor may remind them at once.
/// </summary>
public class DocumentReminderTests(ClientReminderFactory app) : IClassFixture<ClientReminderFactory>
{
    private async Task<int> SweepAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DocumentReminders>().SweepAsync(CancellationToken.None);
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The addresses the SMTP receiver got a reminder of this document at, one entry per email.</summary>
    private async Task<List<string>> MailedAsync(string title)
    {
        await app.DeliverAsync();
        return [.. MailServers.Received(title).SelectMany(m => m.To.Mailboxes.Select(b => b.Address.ToLowerInvariant()))];
    }

    [Fact]
    public async Task The_not_read_are_mailed_after_three_days_not_again_within_three_and_not_once_they_have_read()
    {
        var title = "Регламент напоминаний " + Guid.NewGuid().ToString("N")[..8];
        var admin = await app.ClientForAsync(Demo.Admin);
        var created = await OkAsync(await admin.PostAsJsonAsync("/api/v1/documents", new
        {
            kind = "Regulation", titleRu = title, titleEn = title + " (en)", clientRoles = new[] { "ClientExecutive" }, text = "# Регламент\n\nПрочитайте.",
        }), HttpStatusCode.Created);
        var document = created.GetProperty("id").GetGuid();
        var version = created.GetProperty("versions")[0].GetProperty("id").GetGuid();
        var start = app.Clock.GetUtcNow();
        await OkAsync(await admin.PostAsync($"/api/v1/documents/versions/{version}/publish", null));

        // The quality manager reads it at once; everybody else stays on the not-read list.
        await OkAsync(await (await app.ClientForAsync(Demo.Quality)).PostAsync($"/api/v1/documents/{document}/acknowledge", null));
        var notRead = (await OkAsync(await admin.GetAsync($"/api/v1/documents/{document}/not-read"))).EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ToList();
        var expected = await app.WithDbAsync(db => db.Users.Where(u => notRead.Contains(u.Id) && u.Email != null).Select(u => u.Email!.ToLower()).ToListAsync());
        Assert.NotEmpty(expected);
        Assert.DoesNotContain(Demo.Quality, expected);
        Assert.Contains(Demo.ExecutiveA, expected);

        // Two days on: too early.
        app.Clock.SetUtcNow(start.AddDays(2));
        await SweepAsync();
        Assert.Empty(await MailedAsync(title));

        // Three days on: exactly the not-read list, once each.
        app.Clock.SetUtcNow(start.AddDays(3).AddMinutes(1));
        Assert.True(await SweepAsync() >= expected.Count);
        var mailed = await MailedAsync(title);
        Assert.Equal(expected.Order(StringComparer.Ordinal), mailed.Order(StringComparer.Ordinal));

        // A day later nobody is reminded again; the executive reads it meanwhile.
        await OkAsync(await (await app.ClientForAsync(Demo.ExecutiveA)).PostAsync($"/api/v1/documents/{document}/acknowledge", null));
        app.Clock.SetUtcNow(start.AddDays(4));
        await SweepAsync();
        Assert.Equal(mailed.Count, (await MailedAsync(title)).Count);

        // Three days after the first reminder the rest hear again; the two who read it do not.
        app.Clock.SetUtcNow(start.AddDays(6).AddMinutes(2));
        await SweepAsync();
        var again = await MailedAsync(title);
        Assert.Equal(2 * expected.Count - 1, again.Count);
        Assert.Single(again, a => a == Demo.ExecutiveA);
        Assert.DoesNotContain(Demo.Quality, again);
    }

    [Fact]
    public async Task An_editor_reminds_everyone_not_read_at_once_a_non_editor_is_refused_and_an_unpublished_document_is_409()
    {
        var title = "Кодекс по кнопке " + Guid.NewGuid().ToString("N")[..8];
        var admin = await app.ClientForAsync(Demo.Admin);
        var created = await OkAsync(await admin.PostAsJsonAsync("/api/v1/documents", new { kind = "Code", titleRu = title, titleEn = title + " (en)", text = "# Кодекс" }),
            HttpStatusCode.Created);
        var document = created.GetProperty("id").GetGuid();
        var version = created.GetProperty("versions")[0].GetProperty("id").GetGuid();

        await HttpAssert.ProblemAsync(await admin.PostAsync($"/api/v1/documents/{document}/remind", null), 409);
        await OkAsync(await admin.PostAsync($"/api/v1/documents/versions/{version}/publish", null));
        Assert.Equal(403, (int)(await (await app.ClientForAsync(Demo.Agent)).PostAsync($"/api/v1/documents/{document}/remind", null)).StatusCode);
        Assert.Equal(404, (int)(await admin.PostAsync($"/api/v1/documents/{Guid.NewGuid()}/remind", null)).StatusCode);

        var notRead = (await OkAsync(await admin.GetAsync($"/api/v1/documents/{document}/not-read"))).GetArrayLength();
        var reminded = await OkAsync(await admin.PostAsync($"/api/v1/documents/{document}/remind", null));
        Assert.Equal(notRead, reminded.GetProperty("reminded").GetInt32());
        Assert.Equal(notRead, (await MailedAsync(title)).Count);

        // A second press straight after (a double click) mails nobody twice.
        Assert.Equal(0, (await OkAsync(await admin.PostAsync($"/api/v1/documents/{document}/remind", null))).GetProperty("reminded").GetInt32());
    }
}
