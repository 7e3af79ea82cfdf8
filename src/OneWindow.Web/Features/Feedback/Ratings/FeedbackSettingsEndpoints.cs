namespace OneWindow.Web.Features.Feedback;

public sealed record FeedbackSettingsDto(int Scale, int ComplaintAtOrBelow, int CommentRequiredAtOrBelow, string ReasonCategories, int CaseDueWorkingDays, int LinkLifetimeDays, int Version);

public sealed record FeedbackSettingsInput(int? Scale, int? ComplaintAtOrBelow, int? CommentRequiredAtOrBelow, string? ReasonCategories, int? CaseDueWorkingDays, int? LinkLifetimeDays);

/// <summary>The feedback settings: read by SSC staff, changed by an administrator under If-Match.</summary>
public static class FeedbackSettingsEndpoints
{
    public static RouteGroupBuilder MapFeedbackSettingsEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/feedback/settings").WithTags("Feedback");
        group.MapGet("/", GetAsync).WithName("GetFeedbackSettings").RequireAuthorization(Policies.Ssc);
        group.MapPut("/", SaveAsync).WithName("SaveFeedbackSettings").RequireAuthorization(Policies.Admin);
        return api;
    }

    public static FeedbackSettingsDto ToDto(FeedbackSettings s, bool stored) =>
        new(s.Scale, s.ComplaintAtOrBelow, s.CommentRequiredAtOrBelow, s.ReasonCategories, s.CaseDueWorkingDays, s.LinkLifetimeDays, stored ? s.Version : 0);

    private static async Task<Ok<FeedbackSettingsDto>> GetAsync(AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var stored = await db.FeedbackSettings.AsNoTracking().OrderBy(s => s.CreatedAt).FirstOrDefaultAsync(ct);
        var dto = ToDto(stored ?? new FeedbackSettings(), stored is not null);
        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Ok<FeedbackSettingsDto>, ValidationProblem, ProblemHttpResult>> SaveAsync(FeedbackSettingsInput input, FeedbackSettingsDesk desk,
        AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var stored = await db.FeedbackSettings.OrderBy(s => s.CreatedAt).FirstOrDefaultAsync(ct);
        if (Api.CheckIfMatch(http, stored?.Version ?? 0) is { } precondition)
        {
            return precondition;
        }

        var result = await desk.SaveAsync(stored, input, ct);
        if (!result.IsDone)
        {
            return Api.Invalid(result.Errors!);
        }

        // The desk saved in this request's context: the row is tracked, no need to read it again.
        var settings = (await db.FeedbackSettings.FindAsync([result.Id], ct))!;
        Api.SetETag(http, settings.Version);
        return TypedResults.Ok(ToDto(settings, true));
    }
}

/// <summary>Changes the feedback settings: one write path for the API and the settings page.</summary>
public sealed partial class FeedbackSettingsDesk(AppDbContext db)
{
    public const string Stale = "The feedback settings were changed by someone else meanwhile.";
    public const string ScaleRange = "The scale must be 3 or 5.";
    public const string CaseDueRange = "Must be between 1 and 60 working days.";
    public const string LinkLifetimeRange = "Must be between 1 and 365 days.";
    public const string ReasonLines = "Give 1 to 20 lines, 4000 characters at most.";
    public const string ReasonUnique = "Reason keys must be unique.";
    public const string ReasonFormat = "Each line is key|Русский|English with a key of a-z, 0-9, '-' or '_': ";

    /// <summary>Saves over the row the caller loaded, or stores the first one (<paramref name="stored"/> null: the defaults were in force).</summary>
    public async Task<DeskResult> SaveAsync(FeedbackSettings? stored, FeedbackSettingsInput input, CancellationToken ct)
    {
        if (DeskResult.Invalid(Validate(input)) is { } invalid)
        {
            return invalid;
        }

        var settings = stored ?? db.FeedbackSettings.Add(new FeedbackSettings()).Entity;
        settings.Scale = input.Scale!.Value;
        settings.ComplaintAtOrBelow = input.ComplaintAtOrBelow!.Value;
        settings.CommentRequiredAtOrBelow = input.CommentRequiredAtOrBelow!.Value;
        settings.ReasonCategories = string.Join('\n', Lines(input.ReasonCategories!));
        settings.CaseDueWorkingDays = input.CaseDueWorkingDays!.Value;
        settings.LinkLifetimeDays = input.LinkLifetimeDays!.Value;
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(settings.Id);
    }

    [GeneratedRegex("^[a-z0-9_-]{1,40}$")]
    private static partial Regex ReasonKey();

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Field errors of a settings change, keyed in camelCase; empty when it can be saved.</summary>
    private static Dictionary<string, string[]> Validate(FeedbackSettingsInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.Scale is not (3 or 5))
        {
            errors["scale"] = [ScaleRange];
        }

        var scale = input.Scale ?? 5;
        if (input.ComplaintAtOrBelow is not { } complaint || complaint < 0 || complaint >= scale)
        {
            errors["complaintAtOrBelow"] = [$"Must be between 0 and {scale - 1}."];
        }

        if (input.CommentRequiredAtOrBelow is not { } comment || comment < 0 || comment > scale)
        {
            errors["commentRequiredAtOrBelow"] = [$"Must be between 0 and {scale}."];
        }

        if (input.CaseDueWorkingDays is not (>= 1 and <= 60))
        {
            errors["caseDueWorkingDays"] = [CaseDueRange];
        }

        if (input.LinkLifetimeDays is not (>= 1 and <= 365))
        {
            errors["linkLifetimeDays"] = [LinkLifetimeRange];
        }

        var lines = Lines(input.ReasonCategories ?? "");
        if (input.ReasonCategories is null || input.ReasonCategories.Length > 4000 || lines.Length is 0 or > 20)
        {
            errors["reasonCategories"] = [ReasonLines];
        }
        else if (lines.Select(l => l.Split('|')).FirstOrDefault(p => p.Length != 3 || !ReasonKey().IsMatch(p[0]) || p[1].Trim().Length == 0 || p[2].Trim().Length == 0) is { } bad)
        {
            errors["reasonCategories"] = [$"{ReasonFormat}\"{string.Join('|', bad)}\"."];
        }
        else if (lines.Select(l => l.Split('|')[0]).Distinct(StringComparer.Ordinal).Count() != lines.Length)
        {
            errors["reasonCategories"] = [ReasonUnique];
        }

        return errors;
    }
}
