namespace OneWindow.Web.Features.Clients;

/// <summary>A holding or business unit that groups client companies.</summary>
public sealed class Holding : Entity
{
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public List<ClientCompany> Companies { get; set; } = [];
}

/// <summary>A client company (business unit) served by the SSC: the tenant boundary for business-side users.</summary>
public sealed class ClientCompany : Entity
{
    public required string Name { get; set; }
    public string? ShortName { get; set; }
    public string? NameEn { get; set; }
    /// <summary>Russian taxpayer number (ИНН): 10 digits for organisations.</summary>
    public string? Inn { get; set; }
    public Guid? HoldingId { get; set; }
    public Holding? Holding { get; set; }
    /// <summary>IANA time zone of the company's head office, e.g. Asia/Vladivostok.</summary>
    public required string TimeZoneId { get; set; }
    /// <summary>Mail domains of the company's people, used later to match incoming mail to the company.</summary>
    public string? EmailDomains { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>The business calendar the company's clocks run on unless its agreement names one.</summary>
    public Guid? CalendarId { get; set; }
    public List<ClientService> Services { get; set; } = [];
}

/// <summary>
/// Lifecycle of a service for a client: planned, transferred into the SSC (<see cref="Transition"/> is the transfer stage),
/// stabilising, then stable. Values keep their numbers; <see cref="Planned"/> came later. The order of the lifecycle is
/// <see cref="TransitionRules.Next"/>'s, not the numbers'.
/// </summary>
public enum ServiceStage
{
    Transition = 0,
    Stabilisation = 1,
    Stable = 2,
    Suspended = 3,
    Planned = 4,
}

/// <summary>Which client company receives which service (process), and since when.</summary>
public sealed class ClientService : Entity, ICompanyOwned
{
    public Guid CompanyId { get; set; }
    public ClientCompany? Company { get; set; }
    public Guid ServiceId { get; set; }
    public Catalogue.Service? Service { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public ServiceStage Stage { get; set; } = ServiceStage.Stable;
    public string? Notes { get; set; }
}

public enum AssignmentRole
{
    ClientSuccessManager = 0,
    DeliveryLead = 1,
    ServiceManager = 2,
}

/// <summary>An SSC person assigned to a client company for a service (or for all its services when ServiceId is null).</summary>
public sealed class ClientAssignment : Entity, ICompanyOwned
{
    public Guid CompanyId { get; set; }
    public ClientCompany? Company { get; set; }
    public Guid? ServiceId { get; set; }
    public Catalogue.Service? Service { get; set; }
    public Guid UserId { get; set; }
    public People.AppUser? User { get; set; }
    public AssignmentRole Role { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
}
