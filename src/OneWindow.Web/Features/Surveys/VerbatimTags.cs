using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace OneWindow.Web.Features.Surveys;

public sealed record VerbatimTagInput(string? Key, IReadOnlyList<string>? Tags);

/// <summary>
/// Tags people put on verbatims: the sentiment (left to people, not guessed by the machine) and topics such as «сроки».
/// A verbatim is named by "response:question"; in an anonymous campaign only by an opaque protected value, so the
/// results never carry a response id there.
/// </summary>
public sealed class VerbatimTags(AppDbContext db, IDataProtectionProvider protection)
{
    public const string KeyPurpose = "OneWindow.Surveys.Verbatim.v1";
    public const int MaxTags = 10;
    public const int MaxTagLength = 40;
    public static readonly string[] Sentiments = ["positive", "neutral", "negative"];

    private readonly IDataProtector keys = protection.CreateProtector(KeyPurpose);

    public static string Key(Guid responseId, string questionKey) => $"{responseId:N}:{questionKey}";

    public static Dictionary<string, List<string>> Parse(string? json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, List<string>>>(string.IsNullOrEmpty(json) ? "{}" : json, SurveyJson.Options) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>Tags as stored: trimmed, without empties and repeats.</summary>
    public static List<string> Normalize(IReadOnlyList<string>? tags) =>
        [.. (tags ?? []).Select(t => t?.Trim() ?? "").Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Replaces a verbatim's tags (trimmed, distinct, at most ten of at most 40 characters; at most one sentiment).</summary>
    public async Task<DeskResult> TagAsync(Guid campaignId, VerbatimTagInput input, CancellationToken ct)
    {
        var tags = Normalize(input.Tags);
        if (tags.Count > MaxTags || tags.Any(t => t.Length > MaxTagLength) || tags.Count(t => Sentiments.Contains(t)) > 1)
        {
            return DeskResult.Field("tags", $"At most {MaxTags} tags of at most {MaxTagLength} characters, and one sentiment.");
        }

        var key = input.Key ?? "";
        if (!key.Contains(':', StringComparison.Ordinal))
        {
            // An anonymous campaign's key is protected; a key that does not unprotect names nothing.
            try
            {
                key = keys.Unprotect(key);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                return DeskResult.Field("key", "Not a verbatim's key.");
            }
        }

        var parts = key.Split(':', 2);
        if (parts.Length != 2 || !Guid.TryParseExact(parts[0], "N", out var responseId))
        {
            return DeskResult.Field("key", "Not a verbatim's key.");
        }

        // Through the scoped set: a CSM tags only the verbatims of their own companies.
        var response = await db.Set<SurveyResponse>().FirstOrDefaultAsync(r => r.Id == responseId && r.Completed
            && db.Set<SurveyWave>().Any(w => w.Id == r.WaveId && w.CampaignId == campaignId), ct);
        if (response is null || !SurveyAnswers.Parse(response.Answers).TryGetValue(parts[1], out var answer) || string.IsNullOrWhiteSpace(answer.Text))
        {
            return DeskResult.Missing;
        }

        var all = Parse(response.Tags);
        if (tags.Count == 0)
        {
            all.Remove(parts[1]);
        }
        else
        {
            all[parts[1]] = tags;
        }

        response.Tags = JsonSerializer.Serialize(all, SurveyJson.Options);
        response.Version++;
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(responseId);
    }
}
