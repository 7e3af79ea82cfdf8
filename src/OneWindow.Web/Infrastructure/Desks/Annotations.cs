namespace OneWindow.Web.Infrastructure.Desks;

/// <summary>
/// An input record's data-annotation rules, checked by the desk itself: the API checks them on binding too, but a page
/// reaches the desk without binding, and the rules must hold on both paths.
/// </summary>
public static class Annotations
{
    /// <summary>Adds the annotation errors of <paramref name="input"/> to <paramref name="errors"/>, keyed as the API keys them (camelCase, <paramref name="prefix"/> first).</summary>
    public static Dictionary<string, string[]> Check(object input, Dictionary<string, string[]>? errors = null, string prefix = "")
    {
        errors ??= [];
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true);
        foreach (var r in results)
        {
            errors[prefix + string.Join(",", r.MemberNames.Select(ApiSetup.CamelPath))] = [r.ErrorMessage ?? "Invalid."];
        }

        return errors;
    }
}
