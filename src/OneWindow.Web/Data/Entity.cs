namespace OneWindow.Web.Data;

/// <summary>A business entity: a Guid key, a row version for optimistic concurrency, and audited changes.</summary>
public abstract class Entity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Incremented on every update; the API's ETag and the EF concurrency token.</summary>
    public int Version { get; set; } = 1;

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Data that belongs to one client company; filtered and guarded centrally by <see cref="AppDbContext"/>.</summary>
public interface ICompanyOwned
{
    Guid CompanyId { get; }
}

/// <summary>
/// Company rows about one service (tickets, their clocks, agreements, ratings, complaint cases): a CSM or Delivery Lead
/// assigned to the company for one service sees only that service's.
/// </summary>
public interface IServiceScoped : ICompanyOwned
{
    Guid? ServiceId { get; }

    /// <summary>True where an unset service means every service (an agreement for all of them), so it stays visible.</summary>
    static virtual bool UnsetMeansAll => false;
}

/// <summary>Rows that are written once and never edited or deleted (the audit log, the loyalty ledger); the save refuses otherwise.</summary>
public interface IAppendOnly;

/// <summary>
/// Model configuration that differs by database provider (PostgreSQL's full-text columns, say). A feature implements
/// it beside its entity configurations; <see cref="AppDbContext"/> applies every one in the assembly.
/// </summary>
public interface IProviderModelConfiguration
{
    void Configure(ModelBuilder builder, DatabaseProvider provider);
}
