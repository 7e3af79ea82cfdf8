using OneWindow.Core.Identity;

namespace OneWindow.Core.Tenancy;

/// <summary>
/// Which client companies' data the current actor may see and change. Computed once per request or
/// circuit and enforced centrally by the data layer's query filters and save guard.
/// </summary>
public sealed record CompanyScope
{
    private CompanyScope(bool all, bool system, IReadOnlyCollection<Guid> ids)
    {
        AllCompanies = all;
        IsSystem = system;
        CompanyIds = ids;
    }

    /// <summary>True when no company restriction applies.</summary>
    public bool AllCompanies { get; }

    /// <summary>True for the application itself (start-up, jobs, sign-in), never for a signed-in person.</summary>
    public bool IsSystem { get; }

    /// <summary>The companies visible when <see cref="AllCompanies"/> is false.</summary>
    public IReadOnlyCollection<Guid> CompanyIds { get; }

    public static CompanyScope System { get; } = new(true, true, []);
    public static CompanyScope Nothing { get; } = new(false, false, []);
    public static CompanyScope Everything { get; } = new(true, false, []);

    public static CompanyScope Only(IEnumerable<Guid> companyIds) => new(false, false, companyIds.Distinct().ToArray());

    public bool Allows(Guid companyId) => AllCompanies || CompanyIds.Contains(companyId);

    /// <summary>
    /// The tenancy rule. A client-side person sees exactly their own company, whatever other roles they hold.
    /// SSC agents, team leads, quality managers and admins serve every client. CSMs and Delivery Leads see
    /// the companies they are assigned to. Anyone else sees nothing.
    /// </summary>
    public static CompanyScope For(IReadOnlyCollection<string> roles, Guid? ownCompanyId, Func<IReadOnlyCollection<Guid>> assignedCompanies)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(assignedCompanies);
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

        if (roles.Contains(Roles.ClientSuccessManager) || roles.Contains(Roles.DeliveryLead))
        {
            return Only(assignedCompanies());
        }

        return Nothing;
    }
}
