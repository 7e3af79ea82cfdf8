using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Calendars;

/// <summary>Companies and teams name the calendar their clocks run on.</summary>
public class CalendarAssignmentTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private static object CompanyBody(JsonElement c, Guid? calendarId) => new
    {
        name = c.GetProperty("name").GetString(),
        shortName = c.GetProperty("shortName").GetString(),
        nameEn = c.GetProperty("nameEn").GetString(),
        inn = c.GetProperty("inn").GetString(),
        holdingId = c.GetProperty("holdingId").ValueKind == JsonValueKind.Null ? (Guid?)null : c.GetProperty("holdingId").GetGuid(),
        timeZoneId = c.GetProperty("timeZoneId").GetString(),
        emailDomains = c.GetProperty("emailDomains").GetString(),
        isActive = true,
        calendarId,
    };

    private static object TeamBody(JsonElement t, Guid? calendarId) => new
    {
        departmentId = t.GetProperty("departmentId").GetGuid(),
        name = t.GetProperty("name").GetString(),
        isActive = true,
        calendarId,
    };

    [Fact]
    public async Task A_company_takes_a_calendar_and_returns_it()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var companyId = await app.WithDbAsync(db => db.Companies.Where(c => c.Name == Demo.CompanyB).Select(c => c.Id).SingleAsync());
        var url = $"/api/v1/companies/{companyId}";
        var get = await admin.GetAsync(url);
        var company = await get.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, company.GetProperty("calendarId").ValueKind);

        var calendarId = await app.RoundTheClockIdAsync();
        var put = await admin.SendAsync(HttpMethod.Put, url, CompanyBody(company, calendarId), get.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(calendarId, (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("calendarId").GetGuid());
        Assert.Equal(calendarId, (await admin.GetFromJsonAsync<JsonElement>(url)).GetProperty("calendarId").GetGuid());

        await HttpAssert.FieldErrorAsync(await admin.SendAsync(HttpMethod.Put, url, CompanyBody(company, Guid.NewGuid()), put.Headers.ETag!.Tag), "calendarId");

        // Now the calendar is in use and cannot be deleted.
        await HttpAssert.ProblemAsync(await admin.SendAsync(HttpMethod.Delete, $"/api/v1/calendars/{calendarId}", ifMatch: "*"), 409);
    }

    [Fact]
    public async Task A_new_company_with_an_unknown_calendar_is_refused()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var response = await admin.PostAsJsonAsync("/api/v1/companies", new { name = "ООО «Без календаря»", timeZoneId = "Europe/Moscow", calendarId = Guid.NewGuid() });
        await HttpAssert.FieldErrorAsync(response, "calendarId");
    }

    [Fact]
    public async Task A_team_takes_a_calendar_and_returns_it()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var teamId = await app.WithDbAsync(db => db.Teams.OrderBy(t => t.Name).Select(t => t.Id).FirstAsync());
        var url = $"/api/v1/teams/{teamId}";
        var get = await admin.GetAsync(url);
        var team = await get.Content.ReadFromJsonAsync<JsonElement>();

        var calendarId = await app.DefaultIdAsync();
        var put = await admin.SendAsync(HttpMethod.Put, url, TeamBody(team, calendarId), get.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(calendarId, (await admin.GetFromJsonAsync<JsonElement>(url)).GetProperty("calendarId").GetGuid());

        await HttpAssert.FieldErrorAsync(await admin.SendAsync(HttpMethod.Put, url, TeamBody(team, Guid.NewGuid()), put.Headers.ETag!.Tag), "calendarId");

        var cleared = await admin.SendAsync(HttpMethod.Put, url, TeamBody(team, null), put.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await cleared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("calendarId").ValueKind);
    }
}
