using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;

namespace OneWindow.Web.Features.Tickets;

/// <summary>
/// Writes generated rows with PostgreSQL's binary COPY. Which columns, their names, store types and value conversions
/// (enums kept as text) come from the EF model, so a copied row is the row EF would have inserted; columns the database
/// computes (the search vectors) are left to it, and so are identity keys the rows leave unset.
/// </summary>
internal sealed class PostgresCopy(NpgsqlConnection connection, IModel model)
{
    private sealed record Column(string Name, string DataType, IClrPropertyGetter Getter, ValueConverter? Converter, bool DatabaseKey, Writer Write);

    private delegate Task Writer(NpgsqlBinaryImporter importer, object value, string dataType, CancellationToken ct);

    private static readonly MethodInfo TypedMethod = typeof(PostgresCopy).GetMethod(nameof(Typed), BindingFlags.NonPublic | BindingFlags.Static)!;

    // A write typed as the column's own type: Npgsql then keeps the converter it resolved on the first row.
    private static Task Typed<T>(NpgsqlBinaryImporter importer, object value, string dataType, CancellationToken ct) => importer.WriteAsync((T)value, dataType, ct);

    private readonly Dictionary<Type, (string Table, Column[] Columns)> plans = [];

    public NpgsqlConnection Connection => connection;

    /// <summary>The tables written so far.</summary>
    public IReadOnlyCollection<string> Tables => [.. plans.Values.Select(p => p.Table)];

    public async Task WriteAsync(IReadOnlyList<object> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var (table, all) = Plan(rows[0].GetType());
        // An identity key the rows leave at zero is the database's to number; one they set (taken from SeedKeys) is copied.
        var keysSet = all.Any(c => c.DatabaseKey && c.Getter.GetClrValue(rows[0]) is long and not 0);
        var columns = all.Where(c => !c.DatabaseKey || keysSet).ToArray();
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            for (var i = 0; i < columns.Length; i++)
            {
                var value = columns[i].Getter.GetClrValue(row);
                if (value is null)
                {
                    await importer.WriteNullAsync(ct);
                    continue;
                }

                value = columns[i].Converter?.ConvertToProvider(value) ?? value;
                // timestamptz takes UTC only, as the save pipeline normalises every instant.
                if (value is DateTimeOffset { Offset.Ticks: not 0 } instant)
                {
                    value = instant.ToUniversalTime();
                }

                await columns[i].Write(importer, value, columns[i].DataType, ct);
            }
        }

        await importer.CompleteAsync(ct);
    }

    private (string Table, Column[] Columns) Plan(Type type)
    {
        if (plans.TryGetValue(type, out var plan))
        {
            return plan;
        }

        var entity = model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not an entity of the model.");
        var columns = new List<Column>();
        foreach (var property in entity.GetProperties())
        {
            // Stored generated columns (the search vectors) are computed by PostgreSQL on COPY as on INSERT.
            if (property.ValueGenerated == ValueGenerated.OnAddOrUpdate)
            {
                continue;
            }

            if (property.IsShadowProperty())
            {
                throw new InvalidOperationException($"{type.Name}.{property.Name} is a shadow property: the seed cannot copy it.");
            }

            var mapping = property.GetRelationalTypeMapping();
            var databaseKey = property.IsPrimaryKey() && property.ValueGenerated == ValueGenerated.OnAdd && property.ClrType == typeof(long);
            var stored = mapping.Converter?.ProviderClrType ?? property.ClrType;
            var write = TypedMethod.MakeGenericMethod(Nullable.GetUnderlyingType(stored) ?? stored).CreateDelegate<Writer>();
            columns.Add(new Column(property.GetColumnName(), mapping.StoreTypeNameBase, property.GetGetter(), mapping.Converter, databaseKey, write));
        }

        plan = (entity.GetTableName()!, [.. columns]);
        plans[type] = plan;
        return plan;
    }
}
