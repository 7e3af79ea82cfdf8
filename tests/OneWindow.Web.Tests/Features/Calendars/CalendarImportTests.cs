using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Calendars;

public class CalendarImportTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    [Fact]
    public async Task A_csv_with_semicolons_a_header_and_russian_kinds_is_imported()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var (id, etag) = await CalendarApi.CreateAsync(admin, "Импорт CSV с точкой с запятой");
        const string csv = "\uFEFFДата;Вид;Название\r\n2027-03-15;праздник;День основания\r\n\r\n15.04.2027;Сокращённый;Перед субботником\r\n2027-04-17;рабочий;Субботник\r\n2027-04-19;выходной;\r\n";
        var response = await admin.ImportAsync(id, "days.csv", csv);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, result.ToString());
        Assert.False(result.GetProperty("dryRun").GetBoolean());
        Assert.Equal(4, result.GetProperty("added").GetArrayLength());
        Assert.NotEqual(etag, response.Headers.ETag!.Tag);

        var exceptions = await CalendarApi.ExceptionsAsync(admin, id);
        Assert.Equal(("holiday", "День основания"), exceptions["2027-03-15"]);
        Assert.Equal(("shortDay", "Перед субботником"), exceptions["2027-04-15"]);
        Assert.Equal(("workingDay", "Субботник"), exceptions["2027-04-17"]);
        Assert.Equal(("holiday", null), exceptions["2027-04-19"]);

        // The imported working Saturday now has the standard day's hours.
        var saturday = (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/calendars/{id}/days?from=2027-04-17&to=2027-04-17"))[0];
        Assert.Equal("working", saturday.GetProperty("kind").GetString());
        Assert.Equal(540, saturday.GetProperty("minutes").GetInt32());
    }

    [Fact]
    public async Task A_csv_with_commas_and_english_kinds_is_imported_and_the_name_keeps_its_commas()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var (id, _) = await CalendarApi.CreateAsync(admin, "Импорт CSV с запятыми");
        const string csv = "2027-06-01,holiday,Children's Day, observed\n2027-06-02,short\n2027-06-05,Working,\"Saturday, worked\"\n";
        var response = await admin.ImportAsync(id, "days.csv", csv);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var exceptions = await CalendarApi.ExceptionsAsync(admin, id);
        Assert.Equal(("holiday", "Children's Day, observed"), exceptions["2027-06-01"]);
        Assert.Equal(("shortDay", null), exceptions["2027-06-02"]);
        Assert.Equal(("workingDay", "Saturday, worked"), exceptions["2027-06-05"]);
    }

    [Theory]
    [InlineData("date;kind;name\n2027-03-15;holiday;Fine\n2027-13-40;holiday;Bad date\n", "Line 3")]
    [InlineData("2027-03-15;holiday\n2027-03-16;siesta;Bad kind\n", "Line 2")]
    [InlineData("2027-03-15\n", "Line 1")]
    public async Task A_bad_csv_line_is_refused_naming_the_line_and_nothing_is_saved(string csv, string line)
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var (id, _) = await CalendarApi.CreateAsync(admin, "Импорт с ошибкой " + Guid.NewGuid());
        var problem = await HttpAssert.FieldErrorAsync(await admin.ImportAsync(id, "days.csv", csv), "file");
        Assert.StartsWith(line + ":", problem.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(await CalendarApi.ExceptionsAsync(admin, id));
    }

    [Fact]
    public async Task A_dry_run_reports_what_would_change_and_saves_nothing()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var (id, _) = await CalendarApi.CreateAsync(admin, "Пробный импорт");
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/calendars/{id}/days/2027-03-15", new { kind = "shortDay", name = "Было" });
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/calendars/{id}/days/2027-03-16", new { kind = "holiday", name = "Так и было" });
        var etag = await CalendarApi.ETagAsync(admin, $"/api/v1/calendars/{id}");

        const string csv = "2027-03-15;holiday;Стало\n2027-03-16;holiday;Так и было\n2027-03-17;holiday;Новое\n";
        var response = await admin.ImportAsync(id, "days.csv", csv, "?dryRun=true");
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, result.ToString());
        Assert.True(result.GetProperty("dryRun").GetBoolean());
        Assert.Equal(3, result.GetProperty("read").GetInt32());
        Assert.Equal("2027-03-17", Assert.Single(result.GetProperty("added").EnumerateArray()).GetProperty("date").GetString());
        var changed = Assert.Single(result.GetProperty("changed").EnumerateArray());
        Assert.Equal("shortDay", changed.GetProperty("previousKind").GetString());
        Assert.Equal("Было", changed.GetProperty("previousName").GetString());
        Assert.Equal(1, result.GetProperty("unchanged").GetInt32());

        Assert.Equal(etag, await CalendarApi.ETagAsync(admin, $"/api/v1/calendars/{id}"));
        var exceptions = await CalendarApi.ExceptionsAsync(admin, id);
        Assert.Equal(2, exceptions.Count);
        Assert.Equal(("shortDay", "Было"), exceptions["2027-03-15"]);

        // The same file for real.
        Assert.Equal(HttpStatusCode.OK, (await admin.ImportAsync(id, "days.csv", csv)).StatusCode);
        Assert.Equal(("holiday", "Стало"), (await CalendarApi.ExceptionsAsync(admin, id))["2027-03-15"]);
    }

    [Fact]
    public async Task Ics_all_day_events_become_holidays_day_by_day_and_yearly_ones_over_the_years_asked()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var (id, _) = await CalendarApi.CreateAsync(admin, "Импорт iCalendar");
        var ics = string.Join("\r\n",
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//OneWindow//Tests//RU",
            "BEGIN:VEVENT", "UID:single@test", "DTSTART;VALUE=DATE:20270301", "DTEND;VALUE=DATE:20270302", "SUMMARY:Инвентаризация", "END:VEVENT",
            "BEGIN:VEVENT", "UID:three@test", "DTSTART;VALUE=DATE:20270405", "DTEND;VALUE=DATE:20270408", "SUMMARY:Переезд офиса", "END:VEVENT",
            "BEGIN:VEVENT", "UID:yearly@test", "DTSTART;VALUE=DATE:20200612", "DTEND;VALUE=DATE:20200613", "RRULE:FREQ=YEARLY", "SUMMARY:День России", "END:VEVENT",
            "BEGIN:VEVENT", "UID:meeting@test", "DTSTART:20270315T070000Z", "DTEND:20270315T080000Z", "SUMMARY:Планёрка", "END:VEVENT",
            "END:VCALENDAR", "");
        var response = await admin.ImportAsync(id, "holidays.ics", ics, "?fromYear=2027&toYear=2028");
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, result.ToString());
        Assert.Contains("not an all-day event", Assert.Single(result.GetProperty("skipped").EnumerateArray()).GetString(), StringComparison.Ordinal);

        var exceptions = await CalendarApi.ExceptionsAsync(admin, id);
        Assert.Equal(
            new[] { "2027-03-01", "2027-04-05", "2027-04-06", "2027-04-07", "2027-06-12", "2028-06-12" },
            exceptions.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(("holiday", "Инвентаризация"), exceptions["2027-03-01"]);
        Assert.Equal(("holiday", "Переезд офиса"), exceptions["2027-04-06"]);
        Assert.Equal(("holiday", "День России"), exceptions["2028-06-12"]);
    }

    [Fact]
    public async Task An_unreadable_ics_file_or_a_missing_file_is_refused()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var (id, _) = await CalendarApi.CreateAsync(admin, "Испорченный iCalendar");
        await HttpAssert.FieldErrorAsync(await admin.ImportAsync(id, "broken.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\n"), "file");
        await HttpAssert.FieldErrorAsync(await admin.ImportAsync(id, "bad-rule.ics",
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nRRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"), "file");
        await HttpAssert.FieldErrorAsync(await admin.PostAsJsonAsync($"/api/v1/calendars/{id}/import", new { file = "2027-01-01;holiday" }), "file");
        await HttpAssert.FieldErrorAsync(await admin.ImportAsync(id, "days.csv", "2027-01-01;holiday", "?fromYear=2027&toYear=2040"), "toYear");
        await HttpAssert.ProblemAsync(await admin.ImportAsync(Guid.NewGuid(), "days.csv", "2027-01-01;holiday"), 404);
        Assert.Empty(await CalendarApi.ExceptionsAsync(admin, id));
    }
}
