using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Features.Clients;
using OneWindow.Web.Infrastructure.Ui;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Clients;

/// <summary>
/// The companies, assignments and services admin pages write through the same desks as the API: they are refused what
/// the API refuses, in the person's language, and store what the API stores.
/// </summary>
public class ClientPageWriteTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private static Dictionary<string, string[]> Fields(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value.EnumerateArray().Select(v => v.GetString()!).ToArray());

    [Fact]
    public async Task The_company_form_is_refused_a_taken_name_an_unknown_zone_holding_and_calendar_as_the_api_is()
    {
        var input = new CompanyInput(Demo.CompanyA, null, null, "12", Guid.NewGuid(), "Mars/Olympus", null, CalendarId: Guid.NewGuid());
        var admin = await app.ClientForAsync(Demo.Admin);
        var api = Fields(await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/companies", input with { Inn = null }), 400));

        var (write, text) = await app.AsPageAsync(Demo.Admin, async (writes, a) => (await writes.SaveAsync<CompanyDesk, ClientCompany>(null, null,
            desk => desk.CreateCompanyAsync(input, default), (desk, c) => desk.UpdateCompanyAsync(c, input, default), new ClientsDeskText(a)), a));

        Assert.False(write.Done);
        Assert.Equal(api.Keys.Append("inn").Order(), write.Errors.Keys.Order());
        Assert.Equal(text["CompanyNameTaken"].Value, write.Error("name"));
        Assert.Equal(text["TimeZoneInvalid"].Value, write.Error("timeZoneId"));
        Assert.Equal(text["InnInvalid"].Value, write.Error("inn"));
        Assert.StartsWith("ИНН", write.Error("inn"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_company_form_stores_what_the_api_stores_mail_domains_included()
    {
        var input = new CompanyInput("ООО «Страница»", "Страница", null, "7701234567", null, "Asia/Omsk", " Page.RU ");
        var write = await app.AsPageAsync(Demo.Admin, (writes, a) => writes.SaveAsync<CompanyDesk, ClientCompany>(null, null,
            desk => desk.CreateCompanyAsync(input, default), (desk, c) => desk.UpdateCompanyAsync(c, input, default), new ClientsDeskText(a)));

        Assert.True(write.Done);
        var admin = await app.ClientForAsync(Demo.Admin);
        var stored = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/companies/{write.Result!.Id}");
        Assert.Equal("page.ru", stored.GetProperty("emailDomains").GetString());
        Assert.Equal("Asia/Omsk", stored.GetProperty("timeZoneId").GetString());
    }

    [Fact]
    public async Task An_assignment_made_in_the_page_needs_the_role_the_api_needs()
    {
        var company = await app.WithDbAsync(db => db.Companies.Where(c => c.Name == Demo.CompanyB).Select(c => c.Id).SingleAsync());
        var agent = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.Agent).Select(u => u.Id).SingleAsync());
        var input = new AssignmentInput(company, null, agent, AssignmentRole.ClientSuccessManager, new DateOnly(2026, 1, 1), null);
        var admin = await app.ClientForAsync(Demo.Admin);
        await HttpAssert.FieldErrorAsync(await admin.PostAsJsonAsync("/api/v1/assignments",
            new { companyId = company, userId = agent, role = "ClientSuccessManager", startsOn = "2026-01-01" }), "userId");

        var (write, text) = await app.AsPageAsync(Demo.Admin, async (writes, a) =>
            (await writes.RunAsync<ClientServiceDesk>((desk, _) => desk.CreateAssignmentAsync(input, default), new ClientsDeskText(a)), a));

        Assert.False(write.Done);
        Assert.Equal(text["AssignmentRoleMissing", text["Role_ClientSuccessManager"]].Value, write.Error("userId"));
        Assert.False(await app.WithDbAsync(db => db.ClientAssignments.AnyAsync(x => x.UserId == agent && x.CompanyId == company && x.Role == AssignmentRole.ClientSuccessManager)));
    }

    [Fact]
    public async Task A_company_is_not_removed_from_a_service_in_the_page_while_people_are_assigned_to_it()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var company = await app.WithDbAsync(db => db.Companies.Where(c => c.Name == Demo.CompanyB).Select(c => c.Id).SingleAsync());
        var service = await app.WithDbAsync(db => db.Services.Where(s => !db.ClientServices.Any(l => l.CompanyId == company && l.ServiceId == s.Id)).Select(s => s.Id).FirstAsync());
        var csm = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.Csm).Select(u => u.Id).SingleAsync());
        var link = await (await admin.PostAsJsonAsync("/api/v1/company-services", new { companyId = company, serviceId = service, startsOn = "2026-01-01" })).Content.ReadFromJsonAsync<JsonElement>();
        (await admin.PostAsJsonAsync("/api/v1/assignments", new { companyId = company, serviceId = service, userId = csm, role = "ClientSuccessManager", startsOn = "2026-01-01" }))
            .EnsureSuccessStatusCode();
        var linkId = link.GetProperty("id").GetGuid();

        var (write, text) = await app.AsPageAsync(Demo.Admin, async (writes, a) => (await writes.ChangeAsync<ClientServiceDesk, ClientService>(linkId, null,
            (desk, l) => desk.DeleteClientServiceAsync(l, default), new ClientsDeskText(a)), a));

        Assert.False(write.Done);
        Assert.Equal(text["LinkInUse"].Value, write.Summary());
        Assert.True(await app.WithDbAsync(db => db.ClientServices.AnyAsync(l => l.Id == linkId)));
    }
}
