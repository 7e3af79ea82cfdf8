namespace OneWindow.Web.Infrastructure.Desks;

/// <summary>The steps a desk's create, replace and delete share once its own rules have spoken.</summary>
public static class DeskSteps
{
    /// <summary>
    /// The input record's annotated rules ([Required], [MaxLength], [RegularExpression]…), keyed by field as the API spells
    /// them. The API's validation checks them before an endpoint calls its desk; a page calls the desk directly, so the desk
    /// checks them too and the page meets the same rules.
    /// </summary>
    public static Dictionary<string, string[]> AnnotationErrors(object input)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true);
        return results.SelectMany(r => r.MemberNames.DefaultIfEmpty("").Select(m => (Field: JsonNamingPolicy.CamelCase.ConvertName(m), r.ErrorMessage)))
            .GroupBy(e => e.Field)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage ?? "").ToArray());
    }

    /// <summary>
    /// Copies the input onto <paramref name="entity"/> (adding it when it is new) and saves, unless the rules refused;
    /// done carries the record's id.
    /// </summary>
    public static async Task<DeskResult> SaveAsync<T>(this AppDbContext db, T entity, DeskResult? refused, Action<T> apply, CancellationToken ct)
        where T : Entity
    {
        if (refused is not null)
        {
            return refused;
        }

        apply(entity);
        if (db.Entry(entity).State == Microsoft.EntityFrameworkCore.EntityState.Detached)
        {
            db.Add(entity);
        }

        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(entity.Id);
    }

    /// <summary>Deletes <paramref name="entity"/>, or refuses with <paramref name="clash"/> when something still depends on it.</summary>
    public static async Task<DeskResult> RemoveAsync<T>(this AppDbContext db, T entity, string? clash, CancellationToken ct)
        where T : Entity
    {
        if (clash is not null)
        {
            return DeskResult.Clash(clash);
        }

        db.Remove(entity);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(entity.Id);
    }
}
