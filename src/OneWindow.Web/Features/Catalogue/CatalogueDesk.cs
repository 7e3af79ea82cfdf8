namespace OneWindow.Web.Features.Catalogue;

public sealed record ServiceInput(
    [property: Required, MaxLength(32)] string Code,
    [property: Required, MaxLength(200)] string Name,
    [property: MaxLength(200)] string? NameEn,
    [property: MaxLength(2000)] string? Description,
    [property: Required] Guid? DepartmentId,
    bool IsActive = true);

/// <summary>The catalogue of services the SSC provides: the one write path of the services API and the admin page.</summary>
public sealed class CatalogueDesk(AppDbContext db)
{
    public const string CodeTaken = "A service with this code already exists.";
    public const string NoDepartment = "No department with this id.";
    public const string InUse = "The service is still provided to companies or has assignments; deactivate it instead (isActive: false).";

    public async Task<DeskResult> CreateServiceAsync(ServiceInput input, CancellationToken ct) =>
        await db.SaveAsync(new Service { Code = input.Code, Name = input.Name }, await CheckAsync(input, null, ct), s => Apply(s, input), ct);

    public async Task<DeskResult> UpdateServiceAsync(Service service, ServiceInput input, CancellationToken ct) =>
        await db.SaveAsync(service, await CheckAsync(input, service.Id, ct), s => Apply(s, input), ct);

    public async Task<DeskResult> DeleteServiceAsync(Service service, CancellationToken ct)
    {
        var inUse = await db.ClientServices.IgnoreQueryFilters().AnyAsync(c => c.ServiceId == service.Id, ct)
            || await db.ClientAssignments.IgnoreQueryFilters().AnyAsync(a => a.ServiceId == service.Id, ct);
        return await db.RemoveAsync(service, inUse ? InUse : null, ct);
    }

    private async Task<DeskResult?> CheckAsync(ServiceInput input, Guid? self, CancellationToken ct)
    {
        var errors = DeskSteps.AnnotationErrors(input);
        var code = input.Code.Trim();
        if (await db.Services.AnyAsync(s => s.Code == code && s.Id != self, ct))
        {
            errors["code"] = [CodeTaken];
        }

        var departmentId = input.DepartmentId.GetValueOrDefault();
        if (!await db.Departments.AnyAsync(d => d.Id == departmentId, ct))
        {
            errors["departmentId"] = [NoDepartment];
        }

        return DeskResult.Invalid(errors);
    }

    private static void Apply(Service s, ServiceInput input)
    {
        s.Code = input.Code.Trim();
        s.Name = input.Name.Trim();
        s.NameEn = input.NameEn?.Trim();
        s.Description = input.Description?.Trim();
        s.DepartmentId = input.DepartmentId.GetValueOrDefault();
        s.IsActive = input.IsActive;
    }
}
