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
        if (CompanyId is null && (roles.Contains(Core.Identity.Roles.ClientSuccessManager) || roles.Contains(Core.Identity.Roles.DeliveryLead)))
        {
            // Assignments change often; read them per request rather than freezing them into the cookie. Only those in
            // force today count, "today" being the client company's date (an assignment ending on the 31st covers that
            // whole day in Vladivostok, not only until midnight in Moscow).
            var rows = await db.ClientAssignments.IgnoreQueryFilters()
                .Where(a => a.UserId == userId)
                .Select(a => new { a.Id, a.CompanyId, a.ServiceId, a.StartsOn, a.EndsOn, a.Company!.TimeZoneId })
                .ToListAsync(ct);
            var now = db.Clock.GetUtcNow();
            var inForce = rows.Where(a => InForce(a.StartsOn, a.EndsOn, a.TimeZoneId, now)).ToList();
            assigned = [.. inForce.Select(a => new ScopeAssignment(a.CompanyId, a.ServiceId))];
            var whole = inForce.Where(a => a.ServiceId is null).Select(a => a.CompanyId).ToHashSet();
            BoundAssignmentIds = [.. inForce.Where(a => a.ServiceId is not null && !whole.Contains(a.CompanyId)).Select(a => a.Id)];
        }

        Scope = CompanyScope.For(roles, CompanyId, () => assigned);
    }

    private static bool InForce(DateOnly startsOn, DateOnly? endsOn, string timeZoneId, DateTimeOffset now)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var found) ? found : TimeZoneInfo.Utc;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        return startsOn <= today && (endsOn is not { } end || end >= today);
    }
}
