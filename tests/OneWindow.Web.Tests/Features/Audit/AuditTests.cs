using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Audit;

public class AuditTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    [Fact]
    public async Task Create_update_and_delete_are_recorded_with_actor_and_before_after_values()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var created = await admin.PostAsJsonAsync("/api/v1/holdings", new { name = "Группа «Аудит»" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/holdings/{id}") { Content = JsonContent.Create(new { name = "Группа «Аудит-2»" }) };
        put.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(put)).StatusCode);
        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/holdings/{id}");
        delete.Headers.TryAddWithoutValidation("If-Match", "\"2\"");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(delete)).StatusCode);

        var entries = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityId == id).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(["create", "update", "delete"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal("Ирина Соколова", e.ActorName));
        var update = JsonDocument.Parse(entries[1].Changes).RootElement.GetProperty("Name");
        Assert.Equal("Группа «Аудит»", update.GetProperty("old").GetString());
        Assert.Equal("Группа «Аудит-2»", update.GetProperty("new").GetString());
    }

    [Fact]
    public async Task The_audit_log_is_append_only()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            var entry = await db.AuditEntries.FirstAsync();
            entry.Action = "tampered";
            return await db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task Password_hashes_never_reach_the_audit_log()
    {
        var changes = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "Person").Select(e => e.Changes).ToListAsync());
        Assert.NotEmpty(changes);
        Assert.All(changes, c => Assert.DoesNotContain("AQAAAA", c));
    }

    [Fact]
    public async Task Only_admins_read_the_audit_log_and_can_filter_it()
    {
        var agent = await app.ClientForAsync(Demo.Agent);
        await HttpAssert.ProblemAsync(await agent.GetAsync("/api/v1/audit"), 403);
        var admin = await app.ClientForAsync(Demo.Admin);
        var page = await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?entityType=ClientCompany&action=create");
        Assert.True(page.GetProperty("total").GetInt32() >= 5);
        Assert.All(page.GetProperty("items").EnumerateArray(), i => Assert.Equal("create", i.GetProperty("action").GetString()));
    }
}
