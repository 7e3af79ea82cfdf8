using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Auth;
using OneWindow.Web.Infrastructure.Api;
using OneWindow.Web.Infrastructure.Security;

namespace OneWindow.Web.Features.Feedback;

public sealed record FeedbackSettingsDto(int Scale, int ComplaintAtOrBelow, int CommentRequiredAtOrBelow, string ReasonCategories, int CaseDueWorkingDays, int LinkLifetimeDays, int Version);

public sealed record FeedbackSettingsInput(int? Scale, int? ComplaintAtOrBelow, int? CommentRequiredAtOrBelow, string? ReasonCategories, int? CaseDueWorkingDays, int? LinkLifetimeDays);

/// <summary>The feedback settings: read by SSC staff, changed by an administrator under If-Match.</summary>
public static partial class FeedbackSettingsEndpoints
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

    [GeneratedRegex("^[a-z0-9_-]{1,40}$")]
    private static partial Regex ReasonKey();

    /// <summary>Field errors of a settings change, keyed in camelCase; empty when it can be saved.</summary>
    public static Dictionary<string, string[]> Validate(FeedbackSettingsInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.Scale is not (3 or 5))
        {
            errors["scale"] = ["The scale must be 3 or 5."];
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
            errors["caseDueWorkingDays"] = ["Must be between 1 and 60 working days."];
        }

        if (input.LinkLifetimeDays is not (>= 1 and <= 365))
        {
            errors["linkLifetimeDays"] = ["Must be between 1 and 365 days."];
        }

        var lines = (input.ReasonCategories ?? "").ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (input.ReasonCategories is null || input.ReasonCategories.Length > 4000 || lines.Length is 0 or > 20)
        {
            errors["reasonCategories"] = ["Give 1 to 20 lines, 4000 characters at most."];
        }
        else if (lines.Select(l => l.Split('|')).FirstOrDefault(p => p.Length != 3 || !ReasonKey().IsMatch(p[0]) || p[1].Trim().Length == 0 || p[2].Trim().Length == 0) is { } bad)
        {
            errors["reasonCategories"] = [$"Each line is key|Русский|English with a key of a-z, 0-9, '-' or '_': \"{string.Join('|', bad)}\"."];
        }
        else if (lines.Select(l => l.Split('|')[0]).Distinct(StringComparer.Ordinal).Count() != lines.Length)
        {
            errors["reasonCategories"] = ["Reason keys must be unique."];
        }

        return errors;
    }

    private static async Task<Ok<FeedbackSettingsDto>> GetAsync(AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var stored = await db.FeedbackSettings.AsNoTracking().OrderBy(s => s.CreatedAt).FirstOrDefaultAsync(ct);
        var dto = ToDto(stored ?? new FeedbackSettings(), stored is not null);
        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Ok<FeedbackSettingsDto>, ValidationProblem, ProblemHttpResult>> SaveAsync(FeedbackSettingsInput input, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var stored = await db.FeedbackSettings.OrderBy(s => s.CreatedAt).FirstOrDefaultAsync(ct);
        if (Api.CheckIfMatch(http, stored?.Version ?? 0) is { } precondition)
        {
            return precondition;
        }

        var errors = Validate(input);
        if (errors.Count > 0)
        {
            return Api.Invalid(errors);
        }

        var settings = stored ?? db.FeedbackSettings.Add(new FeedbackSettings()).Entity;
        Apply(settings, input);
        await db.SaveChangesAsync(ct);
        Api.SetETag(http, settings.Version);
        return TypedResults.Ok(ToDto(settings, true));
    }

    public static void Apply(FeedbackSettings settings, FeedbackSettingsInput input)
    {
        settings.Scale = input.Scale!.Value;
        settings.ComplaintAtOrBelow = input.ComplaintAtOrBelow!.Value;
        settings.CommentRequiredAtOrBelow = input.CommentRequiredAtOrBelow!.Value;
        settings.ReasonCategories = string.Join('\n', input.ReasonCategories!.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        settings.CaseDueWorkingDays = input.CaseDueWorkingDays!.Value;
        settings.LinkLifetimeDays = input.LinkLifetimeDays!.Value;
    }
}
