using OneWindow.Core.Identity;

namespace OneWindow.Core.Tenancy;

/// <summary>
/// Which client companies' data the current actor may see and change. Computed once per request or
/// circuit and enforced centrally by the data layer's query filters and save guard.
/// </summary>
public sealed record CompanyScope
{
    private CompanyScope(bool all, bool system, IReadOnlyCollection<Guid> ids, IReadOnlyDictionary<Guid, IReadOnlySet<Guid>>? bound = null)
    {
        AllCompanies = all;
        IsSystem = system;
        CompanyIds = ids;
        ServicesOfBoundCompanies = bound ?? EmptyBound;
    }

    private static readonly IReadOnlyDictionary<Guid, IReadOnlySet<Guid>> EmptyBound = new Dictionary<Guid, IReadOnlySet<Guid>>();

    /// <summary>True when no company restriction applies.</summary>
    public bool AllCompanies { get; }

    /// <summary>True for the application itself (start-up, jobs, sign-in), never for a signed-in person.</summary>
    public bool IsSystem { get; }

    /// <summary>The companies visible when <see cref="AllCompanies"/> is false.</summary>
    public IReadOnlyCollection<Guid> CompanyIds { get; }

    /// <summary>
    /// Companies among <see cref="CompanyIds"/> seen only through service-bound assignments, with those services: there the
    /// actor sees the service's tickets, agreements and figures, not the company's others.
    /// </summary>
    public IReadOnlyDictionary<Guid, IReadOnlySet<Guid>> ServicesOfBoundCompanies { get; }

    /// <summary>Companies seen whole: <see cref="CompanyIds"/> without the service-bound ones.</summary>
    public IEnumerable<Guid> WholeCompanyIds => CompanyIds.Where(c => !ServicesOfBoundCompanies.ContainsKey(c));

    public static CompanyScope System { get; } = new(true, true, []);
    public static CompanyScope Nothing { get; } = new(false, false, []);
    public static CompanyScope Everything { get; } = new(true, false, []);

    public static CompanyScope Only(IEnumerable<Guid> companyIds) => new(false, false, companyIds.Distinct().ToArray());

    public bool Allows(Guid companyId) => AllCompanies || CompanyIds.Contains(companyId);

    /// <summary>
    /// Whether a row of <paramref name="companyId"/> about <paramref name="serviceId"/> is visible. An unset service is
    /// visible at a service-bound company only when it means "every service" (<paramref name="unsetMeansAll"/>, as for an
    /// agreement covering all services).
    /// </summary>
    public bool AllowsService(Guid companyId, Guid? serviceId, bool unsetMeansAll = false) =>
        Allows(companyId) && (AllCompanies || !ServicesOfBoundCompanies.TryGetValue(companyId, out var services)
            || (serviceId is { } s ? services.Contains(s) : unsetMeansAll));

    /// <summary>
    /// The tenancy rule. A client-side person sees exactly their own company, whatever other roles they hold.
    /// SSC agents, team leads, quality managers and admins serve every client. Any other SSC person sees the companies
    /// they are assigned to (<see cref="ScopeAssignment.Counts"/> says which assignments count: a CSM's or DL's only with
    /// that role, a service manager's always, as anyone may hold it beside their main job): a whole company, or at a
    /// company where they are assigned only for some services, those services. Without assignments they see nothing.
    /// </summary>
    public static CompanyScope For(IReadOnlyCollection<string> roles, Guid? ownCompanyId, Func<IReadOnlyCollection<ScopeAssignment>> assignments)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(assignments);
        if (ownCompanyId is { } company)
        {
            // A person of a client company is bound to it, even if an SSC role was granted by mistake.
            return Only([company]);
        }

        if (roles.Any(Roles.IsClientRole))
        {
            // A client role without a company is a misconfiguration: deny rather than guess.
            return Nothing;
        }

        if (roles.Any(r => Roles.SeeAllCompanies.Contains(r, StringComparer.Ordinal)))
        {
            return Everything;
        }

        var rows = assignments().Where(a => a.Counts(roles)).ToList();
        var whole = rows.Where(a => a.ServiceId is null).Select(a => a.CompanyId).ToHashSet();
        var bound = rows.Where(a => a.ServiceId is not null && !whole.Contains(a.CompanyId))
            .GroupBy(a => a.CompanyId)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<Guid>)g.Select(a => a.ServiceId!.Value).ToHashSet());
        return rows.Count == 0 ? Nothing : new(false, false, [.. rows.Select(a => a.CompanyId).Distinct()], bound);
    }
}

/// <summary>
/// One assignment in force: a company, the service it is bound to (none for the whole company), and the role its holder
/// must have for it to count (none for a part-time role anyone SSC may hold, such as service manager).
/// </summary>
public sealed record ScopeAssignment(Guid CompanyId, Guid? ServiceId, string? NeedsRole = null)
{
    public bool Counts(IReadOnlyCollection<string> roles) => NeedsRole is null || roles.Contains(NeedsRole, StringComparer.Ordinal);
}
