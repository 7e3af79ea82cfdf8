namespace OneWindow.Web.Features.People;

/// <summary>A person: an SSC employee (no company) or an employee of one client company.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public AppUser() => Id = Guid.CreateVersion7();

    public required string FullName { get; set; }
    /// <summary>Set for business-side people; null for SSC staff. Never changes the tenant of existing data.</summary>
    public Guid? CompanyId { get; set; }
    public Clients.ClientCompany? Company { get; set; }
    public Guid? DepartmentId { get; set; }
    public Guid? TeamId { get; set; }
    public string? JobTitle { get; set; }
    /// <summary>
    /// A client person's department in their own company («Бухгалтерия», «Казначейство»), as free text: client companies'
    /// structures are not modelled. Null for SSC staff, whose department is <see cref="DepartmentId"/>.
    /// </summary>
    public string? ClientDepartment { get; set; }
    public string? TimeZoneId { get; set; }
    /// <summary>Preferred UI and email language: "ru" or "en".</summary>
    public string Culture { get; set; } = "ru";
    public bool IsActive { get; set; } = true;
    /// <summary>Skills an agent brings to skills-based assignment, space-separated (e.g. "vat ifrs 1c").</summary>
    public string Skills { get; set; } = "";
    /// <summary>False while the agent is away: automatic assignment skips them.</summary>
    public bool AcceptsTickets { get; set; } = true;
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class AppRole : IdentityRole<Guid>
{
    public AppRole() => Id = Guid.CreateVersion7();
}
