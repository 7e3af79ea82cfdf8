using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Calendars;

public class CalendarEndpointTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    [Fact]
    public async Task Ssc_staff_list_the_demo_calendars_with_exactly_one_default()
    {
        var agent = await app.ClientForAsync(Demo.Agent);
        var page = await agent.GetFromJsonAsync<JsonElement>("/api/v1/calendars?sort=name");
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, i => i.GetProperty("name").GetString() == CalendarApi.DefaultName && i.GetProperty("isDefault").GetBoolean());
        Assert.Contains(items, i => i.GetProperty("name").GetString() == CalendarApi.RoundTheClockName);
        Assert.Single(items, i => i.GetProperty("isDefault").GetBoolean());
    }

    [Fact]
    public async Task A_client_user_cannot_read_calendars()
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/calendars"), 403);
        await HttpAssert.ProblemAsync(await client.GetAsync($"/api/v1/calendars/{await app.DefaultIdAsync()}"), 403);
    }

    [Fact]
    public async Task An_admin_creates_a_calendar_and_reads_it_back_with_its_etag()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var response = await admin.PostAsJsonAsync("/api/v1/calendars",
            CalendarApi.Body("Владивосток, сокращённая пятница", "Asia/Vladivostok", "mon-thu 9:00-13:00, 14:00-18:00; Fri 09:00-13:00,14:00-16:45"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Mon-Thu 09:00-13:00,14:00-18:00; Fri 09:00-13:00,14:00-16:45", created.GetProperty("weeklyHours").GetString());
        Assert.False(created.GetProperty("isDefault").GetBoolean());

        var get = await admin.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("\"1\"", get.Headers.ETag!.Tag);
        var read = await get.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Asia/Vladivostok", read.GetProperty("timeZoneId").GetString());
        Assert.Equal(0, read.GetProperty("exceptions").GetArrayLength());
    }

    [Fact]
    public async Task Staff_who_are_not_admins_cannot_change_calendars()
    {
        var agent = await app.ClientForAsync(Demo.Agent);
        var id = await app.DefaultIdAsync();
        await HttpAssert.ProblemAsync(await agent.PostAsJsonAsync("/api/v1/calendars", CalendarApi.Body("Агентский")), 403);
        await HttpAssert.ProblemAsync(await agent.SendAsync(HttpMethod.Put, $"/api/v1/calendars/{id}", CalendarApi.Body("Агентский"), "*"), 403);
        await HttpAssert.ProblemAsync(await agent.SendAsync(HttpMethod.Delete, $"/api/v1/calendars/{id}", ifMatch: "*"), 403);
        await HttpAssert.ProblemAsync(await agent.SendAsync(HttpMethod.Put, $"/api/v1/calendars/{id}/days/2027-03-15", new { kind = "holiday" }), 403);
        await HttpAssert.ProblemAsync(await agent.SendAsync(HttpMethod.Delete, $"/api/v1/calendars/{id}/days/2027-01-01"), 403);
        await HttpAssert.ProblemAsync(await agent.ImportAsync(id, "days.csv", "2027-03-15;holiday"), 403);
        // Reading, the day view and the calculator are for every SSC person.
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/v1/calendars/{id}/days?from=2027-01-01&to=2027-01-31")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_time_zone_is_refused_by_field()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var response = await admin.PostAsJsonAsync("/api/v1/calendars", CalendarApi.Body("Марсианский", "Mars/Olympus_Mons"));
        var problem = await HttpAssert.FieldErrorAsync(response, "timeZoneId");
        Assert.Contains("Mars/Olympus_Mons", problem.GetProperty("errors").GetProperty("timeZoneId")[0].GetString());
    }

    [Theory]
    [InlineData("Mon-Fri 18:00-09:00", "ends before it starts")]
    [InlineData("Funday 09:00-18:00", "Funday")]
    [InlineData("Mon-Fri 09:00-13:00,12:00-18:00", "overlap")]
    [InlineData("   ", "required")]
    public async Task Weekly_hours_that_do_not_parse_are_refused_with_the_parsers_message(string hours, string expected)
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var response = await admin.PostAsJsonAsync("/api/v1/calendars", CalendarApi.Body("Кривой график " + Guid.NewGuid(), weeklyHours: hours));
        var problem = await HttpAssert.FieldErrorAsync(response, "weeklyHours");
        Assert.Contains(expected, problem.GetProperty("errors").GetProperty("weeklyHours")[0].GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_duplicate_name_is_refused_by_field()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        await HttpAssert.FieldErrorAsync(await admin.PostAsJsonAsync("/api/v1/calendars", CalendarApi.Body(CalendarApi.RoundTheClockName)), "name");
        await HttpAssert.FieldErrorAsync(await admin.PostAsJsonAsync("/api/v1/calendars", CalendarApi.Body(" ")), "name");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(241)]
    public async Task Short_day_minutes_outside_0_to_240_are_refused(int minutes)
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        await HttpAssert.FieldErrorAsync(await admin.PostAsJsonAsync("/api/v1/calendars", CalendarApi.Body("Короткий " + minutes, shortDayMinutes: minutes)), "shortDayMinutes");
    }

    [Fact]
    public async Task A_new_default_clears_the_old_one_and_the_default_cannot_be_cleared_directly()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var oldDefault = await app.DefaultIdAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/calendars", CalendarApi.Body("Новый основной", isDefault: true));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var defaults = await app.WithDbAsync(db => db.Calendars.Where(c => c.IsDefault).Select(c => c.Id).ToListAsync());
        Assert.Equal([id], defaults);

        var etag = await CalendarApi.ETagAsync(admin, $"/api/v1/calendars/{id}");
        await HttpAssert.FieldErrorAsync(await admin.SendAsync(HttpMethod.Put, $"/api/v1/calendars/{id}", CalendarApi.Body("Новый основной"), etag), "isDefault");
        await HttpAssert.FieldErrorAsync(await admin.SendAsync(HttpMethod.Put, $"/api/v1/calendars/{id}", CalendarApi.Body("Новый основной", isDefault: true, isActive: false), etag), "isActive");

        // Handing the role back restores the demo default, again in one save.
        var oldTag = await CalendarApi.ETagAsync(admin, $"/api/v1/calendars/{oldDefault}");
        var back = await admin.SendAsync(HttpMethod.Put, $"/api/v1/calendars/{oldDefault}",
            CalendarApi.Body(CalendarApi.DefaultName, weeklyHours: "Mon-Fri 09:00-13:00,14:00-18:00", usesProductionCalendar: true, isDefault: true), oldTag);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal(oldDefault, await app.DefaultIdAsync());
    }

    [Fact]
    public async Task Updates_and_deletes_follow_the_if_match_rules()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var (id, etag) = await CalendarApi.CreateAsync(admin, "Версионный");
        var url = $"/api/v1/calendars/{id}";

        await HttpAssert.ProblemAsync(await admin.SendAsync(HttpMethod.Put, url, CalendarApi.Body("Версионный 2")), 428);
        var ok = await admin.SendAsync(HttpMethod.Put, url, CalendarApi.Body("Версионный 2", "Asia/Omsk"), etag);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotEqual(etag, ok.Headers.ETag!.Tag);
        Assert.Equal("Asia/Omsk", (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("timeZoneId").GetString());

        await HttpAssert.ProblemAsync(await admin.SendAsync(HttpMethod.Put, url, CalendarApi.Body("Версионный 3"), etag), 412);
        await HttpAssert.ProblemAsync(await admin.SendAsync(HttpMethod.Delete, url), 428);
        await HttpAssert.ProblemAsync(await admin.SendAsync(HttpMethod.Delete, url, ifMatch: etag), 412);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, url, ifMatch: ok.Headers.ETag!.Tag)).StatusCode);
        await HttpAssert.ProblemAsync(await admin.GetAsync(url), 404);
    }

    [Fact]
    public async Task A_calendar_in_use_or_the_default_cannot_be_deleted()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        await HttpAssert.ProblemAsync(await admin.SendAsync(HttpMethod.Delete, $"/api/v1/calendars/{await app.DefaultIdAsync()}", ifMatch: "*"), 409);

        var (companyCalendar, _) = await CalendarApi.CreateAsync(admin, "Для компании");
        var (teamCalendar, _) = await CalendarApi.CreateAsync(admin, "Для группы");
        var (agreementCalendar, _) = await CalendarApi.CreateAsync(admin, "Для соглашения");
        await app.WithDbAsync(async db =>
        {
            var company = await db.Companies.FirstAsync(c => c.Name == Demo.CompanyA);
            company.CalendarId = companyCalendar;
            (await db.Teams.OrderBy(t => t.Name).FirstAsync()).CalendarId = teamCalendar;
            var agreement = new Agreement { CompanyId = company.Id, Name = "Соглашение об уровне сервиса" };
            agreement.Versions.Add(new AgreementVersion { CompanyId = company.Id, Number = 1, ValidFrom = new DateOnly(2027, 1, 1), CalendarId = agreementCalendar });
            db.Agreements.Add(agreement);
            return await db.SaveChangesAsync();
        });

        foreach (var (id, what) in new[] { (companyCalendar, "compan"), (teamCalendar, "team"), (agreementCalendar, "agreement version") })
        {
            var problem = await HttpAssert.ProblemAsync(await admin.SendAsync(HttpMethod.Delete, $"/api/v1/calendars/{id}", ifMatch: "*"), 409);
            Assert.Contains(what, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var (unused, etag) = await CalendarApi.CreateAsync(admin, "Никому не нужный");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, $"/api/v1/calendars/{unused}", ifMatch: etag)).StatusCode);
    }

    [Fact]
    public async Task Exceptions_are_set_replaced_and_removed_by_date()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var (id, etag) = await CalendarApi.CreateAsync(admin, "С исключениями");
        var day = $"/api/v1/calendars/{id}/days/2027-03-15";

        var set = await admin.SendAsync(HttpMethod.Put, day, new { kind = "holiday", name = "День компании" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.NotEqual(etag, set.Headers.ETag!.Tag);
        Assert.Equal(("holiday", "День компании"), (await CalendarApi.ExceptionsAsync(admin, id))["2027-03-15"]);

        // The same date again replaces the exception; Russian words are understood; a stale If-Match is refused.
        await HttpAssert.ProblemAsync(await admin.SendAsync(HttpMethod.Put, day, new { kind = "shortDay" }, etag), 412);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Put, day, new { kind = "сокращённый" }, set.Headers.ETag!.Tag)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Put, $"/api/v1/calendars/{id}/days/2027-03-13", new { kind = "workingDay", name = "Рабочая суббота" })).StatusCode);
        var exceptions = await CalendarApi.ExceptionsAsync(admin, id);
        Assert.Equal(2, exceptions.Count);
        Assert.Equal(("shortDay", null), exceptions["2027-03-15"]);
        Assert.Equal("workingDay", exceptions["2027-03-13"].Kind);

        await HttpAssert.FieldErrorAsync(await admin.SendAsync(HttpMethod.Put, $"/api/v1/calendars/{id}/days/15-03-2027x", new { kind = "holiday" }), "date");
        await HttpAssert.FieldErrorAsync(await admin.SendAsync(HttpMethod.Put, day, new { kind = "siesta" }), "kind");
        await HttpAssert.FieldErrorAsync(await admin.SendAsync(HttpMethod.Put, day, new { name = "без вида" }), "kind");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, day)).StatusCode);
        await HttpAssert.ProblemAsync(await admin.SendAsync(HttpMethod.Delete, day), 404);
        await HttpAssert.ProblemAsync(await admin.SendAsync(HttpMethod.Put, $"/api/v1/calendars/{Guid.NewGuid()}/days/2027-03-15", new { kind = "holiday" }), 404);
        Assert.Single(await CalendarApi.ExceptionsAsync(admin, id));

        // Each exception's life is in the audit log under its calendar and date, with who did it.
        var trail = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == "CalendarDay" && a.EntityId == $"{id}:2027-03-15")
            .OrderBy(a => a.Id).Select(a => new { a.Action, a.Changes, a.ActorName }).ToListAsync());
        Assert.Equal(["create", "update", "delete"], trail.Select(a => a.Action));
        Assert.Contains("Holiday", trail[0].Changes);
        Assert.Contains("ShortDay", trail[1].Changes);
        Assert.All(trail, a => Assert.False(string.IsNullOrEmpty(a.ActorName)));
    }

    [Fact]
    public async Task Two_concurrent_requests_to_make_different_calendars_the_default_leave_exactly_one()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var oldDefault = await app.DefaultIdAsync();
        var (a, tagA) = await CalendarApi.CreateAsync(admin, "Соперник А");
        var (b, tagB) = await CalendarApi.CreateAsync(admin, "Соперник Б");
        var responses = await Task.WhenAll(
            admin.SendAsync(HttpMethod.Put, $"/api/v1/calendars/{a}", CalendarApi.Body("Соперник А", isDefault: true), tagA),
            admin.SendAsync(HttpMethod.Put, $"/api/v1/calendars/{b}", CalendarApi.Body("Соперник Б", isDefault: true), tagB));
        // Either both went through one after the other, or the loser was told of the clash; never two defaults, never a 500.
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(await app.WithDbAsync(db => db.Calendars.Where(c => c.IsDefault).Select(c => c.Id).ToListAsync()));

        // The database itself refuses a second default, whatever code path tries.
        var second = await Assert.ThrowsAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            var other = await db.Calendars.SingleAsync(c => c.Id == oldDefault);
            other.IsDefault = true;
            return await db.SaveChangesAsync();
        }));
        Assert.NotNull(second.InnerException);
        var restore = await CalendarApi.ETagAsync(admin, $"/api/v1/calendars/{oldDefault}");
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Put, $"/api/v1/calendars/{oldDefault}",
            CalendarApi.Body(CalendarApi.DefaultName, weeklyHours: "Mon-Fri 09:00-13:00,14:00-18:00", usesProductionCalendar: true, isDefault: true), restore)).StatusCode);
    }

    [Fact]
    public async Task The_day_view_shows_working_short_holiday_and_weekend_days_with_their_spans()
    {
        var agent = await app.ClientForAsync(Demo.Agent);
        var days = (await agent.GetFromJsonAsync<JsonElement>($"/api/v1/calendars/{await app.DefaultIdAsync()}/days?from=2027-01-01&to=2027-02-28"))
            .EnumerateArray().ToDictionary(d => d.GetProperty("date").GetString()!);
        Assert.Equal(59, days.Count);
        Assert.Equal("holiday", days["2027-01-01"].GetProperty("kind").GetString());
        Assert.Equal("Новогодние каникулы", days["2027-01-01"].GetProperty("name").GetString());
        Assert.Equal("weekend", days["2027-01-09"].GetProperty("kind").GetString());
        Assert.Equal("holiday", days["2027-02-22"].GetProperty("kind").GetString());

        var monday = days["2027-01-11"];
        Assert.Equal("working", monday.GetProperty("kind").GetString());
        Assert.Equal(480, monday.GetProperty("minutes").GetInt32());
        Assert.Equal(["09:00-13:00", "14:00-18:00"], monday.GetProperty("spans").EnumerateArray().Select(s => $"{s.GetProperty("start").GetString()}-{s.GetProperty("end").GetString()}"));

        // A working Saturday before a holiday: worked, one hour shorter.
        var saturday = days["2027-02-20"];
        Assert.Equal("short", saturday.GetProperty("kind").GetString());
        Assert.Equal(420, saturday.GetProperty("minutes").GetInt32());
    }

    [Fact]
    public async Task The_day_view_shows_an_exception_and_limits_its_range()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var (id, _) = await CalendarApi.CreateAsync(admin, "Для просмотра дней");
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/calendars/{id}/days/2027-05-20", new { kind = "holiday", name = "Санитарный день" });
        var day = (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/calendars/{id}/days?from=2027-05-20&to=2027-05-20"))[0];
        Assert.Equal("holiday", day.GetProperty("kind").GetString());
        Assert.Equal("holiday", day.GetProperty("exception").GetString());
        Assert.Equal("Санитарный день", day.GetProperty("name").GetString());
        Assert.Equal(0, day.GetProperty("spans").GetArrayLength());

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/calendars/{id}/days?from=2027-01-01&to=2028-02-04")).StatusCode);
        await HttpAssert.FieldErrorAsync(await admin.GetAsync($"/api/v1/calendars/{id}/days?from=2027-01-01&to=2028-02-05"), "to");
        await HttpAssert.FieldErrorAsync(await admin.GetAsync($"/api/v1/calendars/{id}/days?from=2027-02-01&to=2027-01-01"), "to");
        await HttpAssert.FieldErrorAsync(await admin.GetAsync($"/api/v1/calendars/{id}/days?from=yesterday&to=2027-01-01"), "from");
        await HttpAssert.ProblemAsync(await admin.GetAsync($"/api/v1/calendars/{Guid.NewGuid()}/days?from=2027-01-01&to=2027-01-02"), 404);
    }

    [Fact]
    public async Task The_due_date_on_the_default_calendar_skips_the_new_year_holidays()
    {
        var agent = await app.ClientForAsync(Demo.Agent);
        var due = await agent.GetFromJsonAsync<JsonElement>($"/api/v1/calendars/{await app.DefaultIdAsync()}/due?start=2026-12-30T14:30:00Z&minutes=480");
        Assert.Equal(new DateTimeOffset(2027, 1, 11, 14, 30, 0, TimeSpan.Zero), due.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("2027-01-11T17:30:00+03:00", due.GetProperty("dueAtLocal").GetString());
        Assert.Equal("Europe/Moscow", due.GetProperty("timeZoneId").GetString());

        // Round the clock, the same eight hours are just eight hours.
        var allDay = await agent.GetFromJsonAsync<JsonElement>($"/api/v1/calendars/{await app.RoundTheClockIdAsync()}/due?start=2026-12-30T17:30:00%2B03:00&minutes=480");
        Assert.Equal(new DateTimeOffset(2026, 12, 30, 22, 30, 0, TimeSpan.Zero), allDay.GetProperty("dueAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("start=2026-12-30T14:30:00&minutes=60", "start")]
    [InlineData("start=tomorrow&minutes=60", "start")]
    [InlineData("minutes=60", "start")]
    [InlineData("start=2026-12-30T14:30:00Z&minutes=-5", "minutes")]
    [InlineData("start=2026-12-30T14:30:00Z&minutes=abc", "minutes")]
    [InlineData("start=2026-12-30T14:30:00Z", "minutes")]
    public async Task Due_date_parameters_are_validated_by_name(string query, string field)
    {
        var agent = await app.ClientForAsync(Demo.Agent);
        await HttpAssert.FieldErrorAsync(await agent.GetAsync($"/api/v1/calendars/{await app.DefaultIdAsync()}/due?{query}"), field);
    }
}
