namespace OneWindow.Web.Features.Catalogue;

/// <summary>A service (process) the SSC provides: accounts payable, payroll, treasury payments, reporting…</summary>
public sealed class Service : Entity
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public string? Description { get; set; }
    /// <summary>The SSC department that owns the process.</summary>
    public Guid DepartmentId { get; set; }
    public Organisation.Department? Department { get; set; }
    public bool IsActive { get; set; } = true;
}
