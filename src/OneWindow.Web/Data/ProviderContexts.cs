using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OneWindow.Web.Data;

/// <summary>The embedded default. Its migrations live in Data/Migrations/Sqlite.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options, CurrentActor actor, TimeProvider clock, IEnumerable<ISaveChangesReaction> reactions)
    : AppDbContext(options, actor, clock, reactions)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset text; a UTC-ordered 64-bit form keeps sorting in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>The production database. Its migrations live in Data/Migrations/Postgres.</summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options, CurrentActor actor, TimeProvider clock, IEnumerable<ISaveChangesReaction> reactions)
    : AppDbContext(options, actor, clock, reactions)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// SQLite's lower()/upper() fold ASCII only; replacing them with .NET's invariant casing makes case-insensitive
/// search work for Cyrillic exactly as PostgreSQL's does.
/// </summary>
internal sealed class SqliteUnicodeCaseInterceptor : DbConnectionInterceptor
{
    public static readonly SqliteUnicodeCaseInterceptor Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Register(connection);
        return Task.CompletedTask;
    }

    private static void Register(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            sqlite.CreateFunction("lower", (string? s) => s?.ToLowerInvariant(), isDeterministic: true);
            sqlite.CreateFunction("upper", (string? s) => s?.ToUpperInvariant(), isDeterministic: true);
        }
    }
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design.db").Options;
        var actor = new CurrentActor();
        actor.EstablishSystem();
        return new SqliteAppDbContext(options, actor, TimeProvider.System, []);
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=localhost;Database=design").Options;
        var actor = new CurrentActor();
        actor.EstablishSystem();
        return new PostgresAppDbContext(options, actor, TimeProvider.System, []);
    }
}
