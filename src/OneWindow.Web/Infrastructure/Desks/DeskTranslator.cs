namespace OneWindow.Web.Infrastructure.Desks;

/// <summary>
/// Desks answer in English for the API; pages show the same refusals in the person's language. A feature lists its
/// desks' sentences with their resource keys (and, for sentences that carry a value, a pattern); anything unknown is
/// shown as the desk wrote it rather than hidden.
/// </summary>
public class DeskTranslator(IStringLocalizer localizer, IReadOnlyDictionary<string, string> known)
{
    protected IStringLocalizer Localizer => localizer;

    /// <summary>One desk sentence in the current UI language.</summary>
    public virtual string Translate(string message) => known.TryGetValue(message, out var key) ? localizer[key] : message;

    /// <summary>
    /// A refused result as field errors in the current UI language; a sentence without a field (conflict, forbidden,
    /// not found) goes under the empty key.
    /// </summary>
    public Dictionary<string, string[]> Errors(DeskResult result, string gone, string failed)
    {
        if (result.Errors is { } errors)
        {
            return errors.ToDictionary(e => e.Key, e => e.Value.Select(Translate).ToArray());
        }

        var detail = result.Outcome == DeskOutcome.NotFound ? gone : result.Detail is { } d ? Translate(d) : failed;
        return new Dictionary<string, string[]> { [""] = [detail] };
    }
}
