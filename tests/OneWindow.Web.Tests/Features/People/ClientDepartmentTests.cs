using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Features.People;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.People;

/// <summary>A client person's department in their own company: set through the people API and the person form, trimmed, at most 200 characters, client people only.</summary>
public class ClientDepartmentTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    [Fact]
    public async Task A_client_persons_department_is_kept_trimmed_limited_to_200_characters_and_refused_for_ssc_staff()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var a = await app.WithDbAsync(db => db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync());
        var created = await admin.PostAsJsonAsync("/api/v1/people", new
        {
            email = "buyer@ural-mining.demo", fullName = "Закупщица Ольга", companyId = a, roles = new[] { "ClientUser" }, culture = "ru",
            clientDepartment = "  Отдел закупок  ",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var person = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = person.GetProperty("id").GetGuid();
        Assert.Equal("Отдел закупок", person.GetProperty("clientDepartment").GetString());

        // Found by it in the people list.
        var found = await admin.GetFromJsonAsync<JsonElement>("/api/v1/people?search=" + Uri.EscapeDataString("закупок"));
        Assert.Contains(found.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetGuid() == id);

        // 201 characters is a field error, not a database failure (PostgreSQL enforces the column's length).
        HttpRequestMessage Put(string? department) => new(HttpMethod.Put, $"/api/v1/people/{id}")
        {
            Content = JsonContent.Create(new { email = "buyer@ural-mining.demo", fullName = "Закупщица Ольга", companyId = a, roles = new[] { "ClientUser" }, culture = "ru", clientDepartment = department }),
            Headers = { { "If-Match", "*" } },
        };
        await HttpAssert.FieldErrorAsync(await admin.SendAsync(Put(new string('К', 201))), "clientDepartment");
        var changed = await admin.SendAsync(Put("Казначейство"));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("Казначейство", await app.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.ClientDepartment).SingleAsync()));

        // SSC staff have departments of the SSC, never a client department: the API and the form refuse it alike.
        var ssc = new PersonInput("ssc-with-client-department@onewindow.demo", "Сотрудник ОЦО", null, null, null, null, null, ["Agent"], "ru", "Ssc-Password-2026",
            ClientDepartment: "Бухгалтерия");
        await HttpAssert.FieldErrorAsync(await admin.PostAsJsonAsync("/api/v1/people", ssc), "clientDepartment");
        var (write, text) = await app.AsPageAsync(Demo.Admin, async (writes, t) =>
            (await writes.RunAsync<PeopleDesk>((desk, _) => desk.CreatePersonAsync(ssc, default), new PeopleDeskText(t)), t));
        Assert.False(write.Done);
        Assert.Equal(text["ClientDepartmentNeedsCompany"].Value, write.Error("clientDepartment"));

        // The form's 200-character limit is the API's.
        var (longWrite, _) = await app.AsPageAsync(Demo.Admin, async (writes, t) =>
            (await writes.ForPersonAsync(id, (desk, user) => desk.UpdatePersonAsync(user,
                new PersonUpdateInput(user.Email!, user.FullName, a, null, null, null, null, ["ClientUser"], "ru", ClientDepartment: new string('К', 201)), default), t), t));
        Assert.False(longWrite.Done);
        Assert.NotNull(longWrite.Error("clientDepartment"));
    }
}
