using OneWindow.Core.Tenancy;

namespace OneWindow.Web.Data.Tenancy;

public enum ActorKind
{
    /// <summary>Not established yet: identity infrastructure running before the request's user is known.</summary>
    Unknown = 0,
    /// <summary>The application itself: start-up, seeding, background jobs.</summary>
    System = 1,
    Anonymous = 2,
    Person = 3,
}

/// <summary>
/// Who is acting in this request or Blazor circuit, and the <see cref="CompanyScope"/> that follows from it.
/// Established once per request or Blazor circuit (by the middleware and circuit handler in Infrastructure/Tenancy);
/// the data layer reads it for every query and save.
/// </summary>
public sealed class CurrentActor
{
    public const string CompanyClaim = "ow:company";
    public const string NameClaim = "ow:name";
    public const string ScopeClaim = "ow:scope";

    public ActorKind Kind { get; private set; }
    public ClaimsPrincipal Principal { get; private set; } = new(new ClaimsIdentity());
    public CompanyScope Scope { get; private set; } = CompanyScope.Nothing;
    public Guid? UserId { get; private set; }
    public Guid? CompanyId { get; private set; }
    public string? Name { get; private set; }

    public bool IsClient => CompanyId is not null;

    /// <summary>
    /// The service-bound assignments in force at companies the actor has no whole-company assignment to: the query
    /// filters of service-scoped rows match a row's company and service against them.
    /// </summary>
    public IReadOnlyList<Guid> BoundAssignmentIds { get; private set; } = [];

    public void EstablishSystem()
    {
        Kind = ActorKind.System;
        Scope = CompanyScope.System;
        Name = "system";
    }

    public async Task EstablishAsync(ClaimsPrincipal principal, AppDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(db);
        Principal = principal;
        if (principal.Identity?.IsAuthenticated != true || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            Kind = ActorKind.Anonymous;
            Scope = CompanyScope.Nothing;
            BoundAssignmentIds = [];
            UserId = null;
            CompanyId = null;
            Name = null;
            return;
        }

        Kind = ActorKind.Person;
        UserId = userId;
        Name = principal.FindFirstValue(NameClaim) ?? principal.Identity?.Name;
        CompanyId = Guid.TryParse(principal.FindFirstValue(CompanyClaim), out var company) ? company : null;
        var roles = principal.FindAll(principal.Identities.First().RoleClaimType).Select(c => c.Value).ToArray();
        IReadOnlyCollection<ScopeAssignment> assigned = [];
        BoundAssignmentIds = [];
        if (CompanyId is null && !roles.Any(r => Core.Identity.Roles.SeeAllCompanies.Contains(r, StringComparer.Ordinal)))
        {
            // Assignments change often; read them per request rather than freezing them into the cookie. Only those in
            // force today count, "today" being the client company's date (an assignment ending on the 31st covers that
            // whole day in Vladivostok, not only until midnight in Moscow). Any SSC person may be a service manager beside
            // their main job, so everyone who does not already see every company is looked up.
            var rows = await db.ClientAssignments.IgnoreQueryFilters()
                .Where(a => a.UserId == userId)
                .Select(a => new { a.Id, a.CompanyId, a.ServiceId, a.Role, a.StartsOn, a.EndsOn, a.Company!.TimeZoneId })
                .ToListAsync(ct);
            var now = db.Clock.GetUtcNow();
            var inForce = rows.Where(a => InForce(a.StartsOn, a.EndsOn, a.TimeZoneId, now))
                .Select(a => (a.Id, Scope: new ScopeAssignment(a.CompanyId, a.ServiceId, NeedsRole(a.Role))))
                .Where(a => a.Scope.Counts(roles))
                .ToList();
            assigned = [.. inForce.Select(a => a.Scope)];
            var whole = inForce.Where(a => a.Scope.ServiceId is null).Select(a => a.Scope.CompanyId).ToHashSet();
            BoundAssignmentIds = [.. inForce.Where(a => a.Scope.ServiceId is not null && !whole.Contains(a.Scope.CompanyId)).Select(a => a.Id)];
        }

        Scope = CompanyScope.For(roles, CompanyId, () => assigned);
    }

    /// <summary>A CSM's or DL's assignment counts only while its holder has that role; a service manager's always does.</summary>
    private static string? NeedsRole(Features.Clients.AssignmentRole role) => role switch
    {
        Features.Clients.AssignmentRole.ClientSuccessManager => Core.Identity.Roles.ClientSuccessManager,
        Features.Clients.AssignmentRole.DeliveryLead => Core.Identity.Roles.DeliveryLead,
        _ => null,
    };

    private static bool InForce(DateOnly startsOn, DateOnly? endsOn, string timeZoneId, DateTimeOffset now)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var found) ? found : TimeZoneInfo.Utc;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        return startsOn <= today && (endsOn is not { } end || end >= today);
    }
}
