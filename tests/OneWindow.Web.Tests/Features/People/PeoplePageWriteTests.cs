using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Features.People;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.People;

/// <summary>The people admin page writes through the people API's desk: the same rules on roles, company and self-protection, the same lockout.</summary>
public class PeoplePageWriteTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    [Theory]
    [InlineData("ClientUser", false, "ClientRoleNeedsCompany")]
    [InlineData("Agent", true, "SscRoleNoCompany")]
    public async Task The_person_form_is_refused_roles_that_do_not_fit_the_company_as_the_api_is(string role, bool withCompany, string message)
    {
        var company = withCompany ? await app.WithDbAsync(db => db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => (Guid?)c.Id).SingleAsync()) : null;
        var input = new PersonInput($"form-{role.ToLowerInvariant()}@x.ru", "Форма", company, null, null, null, null, [role], "ru", "Form-Password-2026");
        var admin = await app.ClientForAsync(Demo.Admin);
        await HttpAssert.FieldErrorAsync(await admin.PostAsJsonAsync("/api/v1/people", input), "roles");

        var (write, text) = await app.AsPageAsync(Demo.Admin, async (writes, a) =>
            (await writes.RunAsync<PeopleDesk>((desk, _) => desk.CreatePersonAsync(input, default), new PeopleDeskText(a)), a));

        Assert.False(write.Done);
        Assert.Equal(text[message].Value, write.Error("roles"));
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == input.Email)));
    }

    [Fact]
    public async Task An_administrator_cannot_take_away_their_own_admin_role_in_the_page_either()
    {
        var me = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == Demo.Admin));
        var input = new PersonUpdateInput(me.Email!, me.FullName, null, me.DepartmentId, me.TeamId, me.JobTitle, me.TimeZoneId, ["Agent"], me.Culture);

        var (write, text) = await app.AsPageAsync(Demo.Admin, async (writes, a) =>
            (await writes.ForPersonAsync(me.Id, (desk, user) => desk.UpdatePersonAsync(user, input, default), a), a));

        Assert.False(write.Done);
        Assert.Equal(text["KeepOwnAdmin"].Value, write.Error("roles"));
        var roles = await (await app.ClientForAsync(Demo.Admin)).GetFromJsonAsync<JsonElement>($"/api/v1/people/{me.Id}");
        Assert.Contains("Admin", roles.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Deactivating_a_person_in_the_page_locks_them_out_as_the_api_does_and_reactivating_lifts_it()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var created = await (await admin.PostAsJsonAsync("/api/v1/people", new { email = "leaver@x.ru", fullName = "Уходящий", roles = new[] { "Agent" }, password = "Leaver-Password-2026" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();

        var deactivated = await app.AsPageAsync(Demo.Admin, (writes, a) => writes.ForPersonAsync(id, (desk, user) => desk.DeactivatePersonAsync(user), a));
        Assert.True(deactivated.Done);
        var person = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/people/{id}");
        Assert.False(person.GetProperty("isActive").GetBoolean());
        Assert.Equal(9999, person.GetProperty("lockedOutUntil").GetDateTimeOffset().Year);
        await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/auth/token", new { email = "leaver@x.ru", password = "Leaver-Password-2026" }), 401);

        var reactivated = await app.AsPageAsync(Demo.Admin, (writes, a) => writes.ForPersonAsync(id, (desk, user) => desk.ReactivatePersonAsync(user), a));
        Assert.True(reactivated.Done);
        person = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/people/{id}");
        Assert.True(person.GetProperty("isActive").GetBoolean());
        Assert.Equal(JsonValueKind.Null, person.GetProperty("lockedOutUntil").ValueKind);
        (await admin.PostAsJsonAsync("/api/v1/auth/token", new { email = "leaver@x.ru", password = "Leaver-Password-2026" })).EnsureSuccessStatusCode();
    }
}
