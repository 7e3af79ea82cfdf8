namespace OneWindow.Web.Infrastructure.Api;

/// <summary>
/// Found by fuzzing the API on PostgreSQL: text may not contain the NUL character (PostgreSQL cannot store it, so it
/// would fail at the save). A request whose address or JSON body carries one is refused with a problem naming the rule.
/// (Instants are already stored in UTC by the save pipeline; endpoints that query by an instant convert it themselves.)
/// A middleware rather than a JSON converter, so the OpenAPI document's schemas stay as they are.
/// </summary>
public static class InputHygiene
{
    public static WebApplication UseOneWindowInputHygiene(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var request = http.Request;
            var refused = (request.Path.Value?.Contains('\0', StringComparison.Ordinal) ?? false)
                || request.Query.Any(q => q.Key.Contains('\0', StringComparison.Ordinal) || q.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true));
            if (!refused && request.Path.StartsWithSegments("/api") && request.HasJsonContentType())
            {
                request.EnableBuffering();
                using var copy = new MemoryStream();
                await request.Body.CopyToAsync(copy, http.RequestAborted);
                request.Body.Position = 0;
                refused = HasEscapedNul(copy.GetBuffer().AsSpan(0, (int)copy.Length));
            }

            if (refused)
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                await TypedResults.Problem(statusCode: 400, type: ProblemTypes.Validation, title: "NUL characters are not accepted.",
                    detail: "Text may not contain the NUL character (U+0000).").ExecuteAsync(http);
                return;
            }

            await next(http);
        });
        return app;
    }

    /// <summary>JSON can carry NUL only as the escape \u0000; a backslash that is itself escaped (\\u0000) is plain text.</summary>
    internal static bool HasEscapedNul(ReadOnlySpan<byte> json)
    {
        var marker = "u0000"u8;
        for (var i = json.IndexOf(marker); i >= 0;)
        {
            var backslashes = 0;
            for (var j = i - 1; j >= 0 && json[j] == (byte)'\\'; j--)
            {
                backslashes++;
            }

            if (backslashes % 2 == 1)
            {
                return true;
            }

            var next = json[(i + 1)..].IndexOf(marker);
            i = next < 0 ? -1 : i + 1 + next;
        }

        return false;
    }
}
