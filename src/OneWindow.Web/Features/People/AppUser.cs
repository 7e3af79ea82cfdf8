using Microsoft.AspNetCore.Identity;

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
    public string? TimeZoneId { get; set; }
    /// <summary>Preferred UI and email language: "ru" or "en".</summary>
    public string Culture { get; set; } = "ru";
    public bool IsActive { get; set; } = true;
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class AppRole : IdentityRole<Guid>
{
    public AppRole() => Id = Guid.CreateVersion7();
}
