using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Calendars;

/// <summary>Intent helpers for the calendar tests: the demo calendars, requests with If-Match, multipart imports.</summary>
internal static class CalendarApi
{
    public const string DefaultName = "Пятидневка по производственному календарю РФ (Москва)";
    public const string RoundTheClockName = "Круглосуточно (24/7)";

    public static Task<Guid> DefaultIdAsync(this OneWindowFactory app) =>
        app.WithDbAsync(db => db.Calendars.Where(c => c.IsDefault).Select(c => c.Id).SingleAsync());

    public static Task<Guid> RoundTheClockIdAsync(this OneWindowFactory app) =>
        app.WithDbAsync(db => db.Calendars.Where(c => c.Name == RoundTheClockName).Select(c => c.Id).SingleAsync());

    public static object Body(string name, string timeZoneId = "Europe/Moscow", string weeklyHours = "Mon-Fri 09:00-18:00", bool isDefault = false,
        int shortDayMinutes = 60, bool usesProductionCalendar = false, bool isActive = true) =>
        new { name, timeZoneId, weeklyHours, usesProductionCalendar, shortDayMinutes, isDefault, isActive };

    public static async Task<(Guid Id, string ETag)> CreateAsync(HttpClient admin, string name, string weeklyHours = "Mon-Fri 09:00-18:00")
    {
        var response = await admin.PostAsJsonAsync("/api/v1/calendars", Body(name, weeklyHours: weeklyHours));
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, json.ToString());
        return (json.GetProperty("id").GetGuid(), response.Headers.ETag!.Tag);
    }

    public static async Task<string> ETagAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return response.Headers.ETag!.Tag;
    }

    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string url, object? body = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> ImportAsync(this HttpClient client, Guid calendarId, string fileName, string content, string query = "")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(fileName.EndsWith(".ics", StringComparison.Ordinal) ? "text/calendar" : "text/csv");
        form.Add(file, "file", fileName);
        return client.PostAsync($"/api/v1/calendars/{calendarId}/import{query}", form);
    }

    public static async Task<Dictionary<string, (string Kind, string? Name)>> ExceptionsAsync(HttpClient client, Guid calendarId)
    {
        var calendar = await client.GetFromJsonAsync<JsonElement>($"/api/v1/calendars/{calendarId}");
        return calendar.GetProperty("exceptions").EnumerateArray().ToDictionary(
            e => e.GetProperty("date").GetString()!,
            e => (e.GetProperty("kind").GetString()!, e.GetProperty("name").ValueKind == JsonValueKind.Null ? null : e.GetProperty("name").GetString()));
    }
}
