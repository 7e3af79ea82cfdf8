using System.Text.Json;
using System.Text.Json.Serialization;

namespace OneWindow.Web.Infrastructure.Api;

/// <summary>
/// Input rules every endpoint shares, found by fuzzing the API on PostgreSQL: text may not contain NUL characters
/// (PostgreSQL cannot store them, so they would fail at the save), and instants are taken in UTC (Npgsql writes only
/// offset-0 values to <c>timestamptz</c>), so "2026-12-06T10:00+03:00" is the same instant as "07:00Z".
/// </summary>
public static class InputHygiene
{
    public static void AddTo(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new NoNulString());
        options.Converters.Add(new UtcInstant());
    }

    /// <summary>Refuses a request whose path or query carries a NUL character, with a problem naming the rule.</summary>
    public static WebApplication UseOneWindowInputHygiene(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var request = http.Request;
            if ((request.Path.Value?.Contains('\0', StringComparison.Ordinal) ?? false)
                || request.Query.Any(q => q.Key.Contains('\0', StringComparison.Ordinal) || q.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)))
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                await TypedResults.Problem(statusCode: 400, type: ProblemTypes.Validation, title: "NUL characters are not accepted.",
                    detail: "Text in the address may not contain the NUL character (U+0000).").ExecuteAsync(http);
                return;
            }

            await next(http);
        });
        return app;
    }

    private sealed class NoNulString : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var value = reader.GetString();
            return value is not null && value.Contains('\0', StringComparison.Ordinal)
                ? throw new JsonException("Text may not contain the NUL character (U+0000).")
                : value;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    private sealed class UtcInstant : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset().ToUniversalTime();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
