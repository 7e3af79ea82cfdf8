namespace OneWindow.Web.Data;

/// <summary>Shorthands for entity configurations.</summary>
public static class ModelBuilding
{
    /// <summary>One maximum length for several text columns, so a configuration reads as a list of limits, not a column per line.</summary>
    public static EntityTypeBuilder<T> MaxLength<T>(this EntityTypeBuilder<T> b, int length, params Expression<Func<T, string?>>[] properties)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(b);
        foreach (var property in properties)
        {
            b.Property(property).HasMaxLength(length);
        }

        return b;
    }
}
