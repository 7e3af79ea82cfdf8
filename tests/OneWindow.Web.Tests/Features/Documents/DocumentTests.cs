using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Features.Documents;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Documents;

/// <summary>
/// Issue 15, part A: codes and regulations — draft, review with comments by chosen reviewers (a client executive among
/// them), publishing that freezes a version and supersedes the one before, sanitised HTML, line diffs, and the audience's
/// acknowledgements: the "not read" list shrinks as people confirm and a new version puts everyone back on it.
/// </summary>
public sealed class DocumentTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private static async Task<JsonElement> OkAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private Task<Guid> PersonAsync(string email) => app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private static async Task<(Guid Document, Guid Version)> CreateAsync(HttpClient admin, string title, string text, string[]? clientRoles = null)
    {
        var created = await OkAsync(await admin.PostAsJsonAsync("/api/v1/documents", new
        {
            kind = "Regulation", titleRu = title, titleEn = title + " (en)", clientRoles = clientRoles ?? [], text,
        }), HttpStatusCode.Created);
        return (created.GetProperty("id").GetGuid(), created.GetProperty("versions")[0].GetProperty("id").GetGuid());
    }

    private static async Task<HttpResponseMessage> PutDraftAsync(HttpClient client, Guid version, string text, string etag = "*")
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/documents/versions/{version}") { Content = JsonContent.Create(new { text, changeNote = "Правка" }) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    private static async Task<List<Guid>> NotReadAsync(HttpClient admin, Guid document) =>
        [.. (await OkAsync(await admin.GetAsync($"/api/v1/documents/{document}/not-read"))).EnumerateArray().Select(p => p.GetProperty("id").GetGuid())];

    [Fact]
    public async Task A_draft_goes_through_review_with_a_client_executive_is_published_frozen_and_compared_with_the_next()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var (document, v1) = await CreateAsync(admin, "Регламент взаимодействия " + Guid.NewGuid().ToString("N")[..6], "# Регламент\n\nПервая строка.", ["ClientExecutive"]);

        // The draft is edited under If-Match: without it 428, with a stale ETag 412.
        Assert.Equal(428, (int)(await admin.PutAsJsonAsync($"/api/v1/documents/versions/{v1}", new { text = "x" })).StatusCode);
        Assert.Equal(412, (int)(await PutDraftAsync(admin, v1, "x", "\"99\"")).StatusCode);
        await OkAsync(await PutDraftAsync(admin, v1, "# Регламент\n\nПервая строка.\n\nВторая строка."));

        var executive = await PersonAsync(Demo.ExecutiveA);
        var quality = await PersonAsync(Demo.Quality);
        var review = await OkAsync(await admin.PostAsJsonAsync($"/api/v1/documents/versions/{v1}/review", new { reviewerIds = new[] { executive, quality } }));
        Assert.Equal("Review", review.GetProperty("status").GetString());

        // The client executive reviews and comments; a client user who is no reviewer does not even find the draft.
        var cfo = await app.ClientForAsync(Demo.ExecutiveA);
        await OkAsync(await cfo.GetAsync($"/api/v1/documents/versions/{v1}"));
        var commented = await OkAsync(await cfo.PostAsJsonAsync($"/api/v1/documents/versions/{v1}/comments", new { text = "Добавьте сроки ответа." }));
        Assert.Equal("Добавьте сроки ответа.", commented.GetProperty("comments")[0].GetProperty("text").GetString());
        var user = await app.ClientForAsync(Demo.ClientA);
        Assert.Equal(404, (int)(await user.GetAsync($"/api/v1/documents/versions/{v1}")).StatusCode);
        Assert.Equal(404, (int)(await user.PostAsJsonAsync($"/api/v1/documents/versions/{v1}/comments", new { text = "Я тоже" })).StatusCode);

        // Another role is refused: an agent neither comments (not a reviewer), nor creates, nor publishes.
        var agent = await app.ClientForAsync(Demo.Agent);
        await HttpAssert.ProblemAsync(await agent.PostAsJsonAsync($"/api/v1/documents/versions/{v1}/comments", new { text = "Замечание" }), 403);
        Assert.Equal(403, (int)(await agent.PostAsync($"/api/v1/documents/versions/{v1}/publish", null)).StatusCode);
        Assert.Equal(403, (int)(await agent.PostAsJsonAsync("/api/v1/documents", new { kind = "Code", titleRu = "Кодекс", titleEn = "Code" })).StatusCode);

        var published = await OkAsync(await admin.PostAsync($"/api/v1/documents/versions/{v1}/publish", null));
        Assert.Equal("Published", published.GetProperty("status").GetString());

        // Frozen: no edit, no second publishing, no comment; a change is a new draft copied from it.
        await HttpAssert.ProblemAsync(await PutDraftAsync(admin, v1, "Переписано"), 409);
        await HttpAssert.ProblemAsync(await admin.PostAsync($"/api/v1/documents/versions/{v1}/publish", null), 409);
        await HttpAssert.ProblemAsync(await cfo.PostAsJsonAsync($"/api/v1/documents/versions/{v1}/comments", new { text = "Ещё" }), 409);
        var v2 = await OkAsync(await admin.PostAsync($"/api/v1/documents/{document}/versions", null), HttpStatusCode.Created);
        Assert.Equal(2, v2.GetProperty("number").GetInt32());
        Assert.Equal("Draft", v2.GetProperty("status").GetString());
        await HttpAssert.ProblemAsync(await admin.PostAsync($"/api/v1/documents/{document}/versions", null), 409);
        var v2Id = v2.GetProperty("id").GetGuid();
        await OkAsync(await PutDraftAsync(admin, v2Id, "# Регламент\n\nПервая строка.\n\nТретья строка."));

        var diff = (await OkAsync(await admin.GetAsync($"/api/v1/documents/{document}/diff?from={v1}&to={v2Id}"))).EnumerateArray()
            .Select(l => (Kind: l.GetProperty("kind").GetString(), Text: l.GetProperty("text").GetString())).ToList();
        Assert.Contains(("Deleted", "Вторая строка."), diff);
        Assert.Contains(("Inserted", "Третья строка."), diff);
        Assert.Contains(("Unchanged", "Первая строка."), diff);
        await HttpAssert.FieldErrorAsync(await admin.GetAsync($"/api/v1/documents/{document}/diff?from={v1}"), "to");

        await OkAsync(await admin.PostAsync($"/api/v1/documents/versions/{v2Id}/publish", null));
        var versions = (await OkAsync(await admin.GetAsync($"/api/v1/documents/{document}/versions"))).EnumerateArray()
            .ToDictionary(v => v.GetProperty("number").GetInt32(), v => v.GetProperty("status").GetString());
        Assert.Equal("Superseded", versions[1]);
        Assert.Equal("Published", versions[2]);

        // The client executive of the audience reads the published version only (and the one they reviewed); the client user nothing.
        var seen = (await OkAsync(await cfo.GetAsync($"/api/v1/documents/{document}/versions"))).EnumerateArray().Select(v => v.GetProperty("number").GetInt32()).Order().ToList();
        Assert.Equal([1, 2], seen);
        Assert.Equal(404, (int)(await user.GetAsync($"/api/v1/documents/{document}")).StatusCode);
        var html = await (await cfo.GetAsync($"/api/v1/documents/versions/{v2Id}/html")).Content.ReadAsStringAsync();
        Assert.Contains("<h1", html);
        Assert.Contains("Третья строка.", html);
    }

    [Fact]
    public async Task The_rendered_html_strips_scripts_and_event_handlers()
    {
        var html = DocumentText.Html("# Заголовок\n\n<script>alert('x')</script>\n\n<img src=\"a.png\" onerror=\"alert(1)\">\n\n[ссылка](javascript:alert(1))\n\n| a | b |\n| - | - |\n| 1 | 2 |");
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<table>", html);
        Assert.Contains("Заголовок", html);

        var admin = await app.ClientForAsync(Demo.Admin);
        var (_, version) = await CreateAsync(admin, "Регламент с вредным кодом " + Guid.NewGuid().ToString("N")[..6], "Текст\n\n<script>alert(1)</script><img src=x onerror=alert(1)>");
        var served = await (await admin.GetAsync($"/api/v1/documents/versions/{version}/html")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script", served, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", served, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_not_read_list_shrinks_as_people_acknowledge_and_a_new_version_puts_everyone_back()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var (document, v1) = await CreateAsync(admin, "Кодекс для ознакомления " + Guid.NewGuid().ToString("N")[..6], "# Кодекс\n\nПравило 1.");
        Assert.Empty(await NotReadAsync(admin, document));
        await OkAsync(await admin.PostAsync($"/api/v1/documents/versions/{v1}/publish", null));

        var agentId = await PersonAsync(Demo.Agent);
        var executiveId = await PersonAsync(Demo.ExecutiveA);
        var notRead = await NotReadAsync(admin, document);
        Assert.Contains(agentId, notRead);
        Assert.DoesNotContain(executiveId, notRead); // SSC staff only: client people are not of this audience

        var agent = await app.ClientForAsync(Demo.Agent);
        var pending = await OkAsync(await agent.GetAsync("/api/v1/documents/pending"));
        Assert.Contains(pending.EnumerateArray(), p => p.GetProperty("documentId").GetGuid() == document && p.GetProperty("versionId").GetGuid() == v1);

        // Confirming twice is one acknowledgement.
        await OkAsync(await agent.PostAsync($"/api/v1/documents/{document}/acknowledge", null));
        var after = await OkAsync(await agent.PostAsync($"/api/v1/documents/{document}/acknowledge", null));
        Assert.DoesNotContain(after.EnumerateArray(), p => p.GetProperty("documentId").GetGuid() == document);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<DocumentAcknowledgement>().CountAsync(a => a.VersionId == v1 && a.UserId == agentId)));
        var shrunk = await NotReadAsync(admin, document);
        Assert.DoesNotContain(agentId, shrunk);
        Assert.Equal(notRead.Count - 1, shrunk.Count);

        // Out of the audience: refused.
        var client = await app.ClientForAsync(Demo.ExecutiveA);
        await HttpAssert.ProblemAsync(await client.PostAsync($"/api/v1/documents/{document}/acknowledge", null), 403);

        // A new published version puts everyone back on the list, the agent included.
        var v2 = (await OkAsync(await admin.PostAsync($"/api/v1/documents/{document}/versions", null), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await OkAsync(await PutDraftAsync(admin, v2, "# Кодекс\n\nПравило 1.\n\nПравило 2."));
        await OkAsync(await admin.PostAsync($"/api/v1/documents/versions/{v2}/publish", null));
        var back = await NotReadAsync(admin, document);
        Assert.Contains(agentId, back);
        Assert.Equal(notRead.Count, back.Count);
        pending = await OkAsync(await agent.GetAsync("/api/v1/documents/pending"));
        Assert.Contains(pending.EnumerateArray(), p => p.GetProperty("versionId").GetGuid() == v2);
    }

    [Fact]
    public async Task A_text_over_200000_characters_is_a_field_error_not_a_database_failure()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var tooLong = new string('я', DocumentVersion.MaxText + 1);
        await HttpAssert.FieldErrorAsync(await admin.PostAsJsonAsync("/api/v1/documents", new { kind = "Code", titleRu = "Кодекс", titleEn = "Code", text = tooLong }), "text");
        var (_, version) = await CreateAsync(admin, "Кодекс длинный " + Guid.NewGuid().ToString("N")[..6], "Коротко.");
        await HttpAssert.FieldErrorAsync(await PutDraftAsync(admin, version, tooLong), "text");
        await OkAsync(await PutDraftAsync(admin, version, new string('я', DocumentVersion.MaxText)));
        await HttpAssert.FieldErrorAsync(await admin.PostAsJsonAsync($"/api/v1/documents/versions/{version}/review", new { reviewerIds = Array.Empty<Guid>() }), "reviewerIds");
        var quality = await app.ClientForAsync(Demo.Quality);
        await OkAsync(await quality.PostAsJsonAsync($"/api/v1/documents/versions/{version}/review", new { reviewerIds = new[] { await PersonAsync(Demo.Quality) } }));
        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync($"/api/v1/documents/versions/{version}/comments", new { text = new string('a', 4001) }), "text");
    }
}
