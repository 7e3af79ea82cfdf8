namespace OneWindow.Core.Api;

/// <summary>One sort key of a list request: a field and a direction.</summary>
public sealed record SortKey(string Field, bool Descending);

/// <summary>
/// The paging and sorting convention of every list endpoint: <c>page</c> (1-based), <c>pageSize</c>
/// (1..<see cref="MaxPageSize"/>), <c>sort</c> as comma-separated fields with an optional leading '-'
/// for descending, and <c>q</c> for a free-text filter. Parsing never throws: problems come back keyed by field.
/// </summary>
public sealed record ListRequest(int Page, int PageSize, IReadOnlyList<SortKey> Sort, string? Search)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    public const int MaxPage = 100_000;
    public const int MaxSearchLength = 200;

    public int Skip => (Page - 1) * PageSize;

    public static (ListRequest? Request, IReadOnlyDictionary<string, string[]> Errors) Parse(
        string? page, string? pageSize, string? sort, string? search, IReadOnlyCollection<string> sortableFields)
    {
        ArgumentNullException.ThrowIfNull(sortableFields);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);

        var pageValue = 1;
        if (!string.IsNullOrEmpty(page) && (!int.TryParse(page, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out pageValue) || pageValue < 1 || pageValue > MaxPage))
        {
            errors["page"] = [$"page must be a whole number from 1 to {MaxPage}."];
        }

        var sizeValue = DefaultPageSize;
        if (!string.IsNullOrEmpty(pageSize) && (!int.TryParse(pageSize, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out sizeValue) || sizeValue < 1 || sizeValue > MaxPageSize))
        {
            errors["pageSize"] = [$"pageSize must be a whole number from 1 to {MaxPageSize}."];
        }

        var keys = new List<SortKey>();
        if (!string.IsNullOrWhiteSpace(sort))
        {
            foreach (var raw in sort.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var descending = raw.StartsWith('-');
                var name = descending || raw.StartsWith('+') ? raw[1..] : raw;
                var match = sortableFields.FirstOrDefault(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase));
                if (match is null)
                {
                    errors["sort"] = [$"Unknown sort field '{name}'. Sortable fields: {string.Join(", ", sortableFields)}."];
                    break;
                }

                keys.Add(new SortKey(match, descending));
            }

            if (keys.Count > 3 && !errors.ContainsKey("sort"))
            {
                errors["sort"] = ["At most 3 sort fields."];
            }
        }

        var searchValue = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        if (searchValue is { Length: > MaxSearchLength })
        {
            errors["q"] = [$"q must be at most {MaxSearchLength} characters."];
        }

        return errors.Count > 0
            ? (null, errors)
            : (new ListRequest(pageValue, sizeValue, keys, searchValue), errors);
    }
}
