namespace OneWindow.Web.Infrastructure.Desks;

public enum DeskOutcome
{
    Done,
    NotFound,
    Forbidden,
    Invalid,
    Conflict,
}

/// <summary>
/// What a desk's write came to. A desk is a feature's one write path for an action: it validates, changes and saves,
/// and both the API endpoint and the Blazor page call it, so the rules exist once. Refusals are values, in English for
/// the API (field errors for Invalid, a sentence for Conflict and Forbidden); pages show them in the person's language
/// through a <see cref="DeskTranslator"/>.
/// </summary>
public sealed record DeskResult(DeskOutcome Outcome, IReadOnlyDictionary<string, string[]>? Errors = null, string? Detail = null, Guid? Id = null)
{
    public bool IsDone => Outcome == DeskOutcome.Done;

    public static DeskResult Ok(Guid? id = null) => new(DeskOutcome.Done, Id: id);

    public static DeskResult Missing => new(DeskOutcome.NotFound);

    public static DeskResult Field(string field, string message) => new(DeskOutcome.Invalid, new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Invalid with these field errors, or null when there are none (so a desk can write <c>if (DeskResult.Invalid(errors) is { } r) return r;</c>).</summary>
    public static DeskResult? Invalid(IReadOnlyDictionary<string, string[]> errors) => errors.Count == 0 ? null : new(DeskOutcome.Invalid, errors);

    public static DeskResult Clash(string detail) => new(DeskOutcome.Conflict, Detail: detail);

    public static DeskResult Refused(string detail) => new(DeskOutcome.Forbidden, Detail: detail);
}
