using OneWindow.Web.Features.People;

namespace OneWindow.Web.Features.Clients;

[FeatureSeam]
public sealed record ClientServiceInput(
    [property: Required] Guid? CompanyId,
    [property: Required] Guid? ServiceId,
    [property: Required] DateOnly? StartsOn,
    DateOnly? EndsOn,
    ServiceStage Stage = ServiceStage.Stable,
    [property: MaxLength(2000)] string? Notes = null);

public sealed record AssignmentInput(
    [property: Required] Guid? CompanyId,
    Guid? ServiceId,
    [property: Required] Guid? UserId,
    [property: Required] AssignmentRole? Role,
    [property: Required] DateOnly? StartsOn,
    DateOnly? EndsOn);

/// <summary>
/// Which company receives which service, and which SSC people serve it (client success managers, delivery leads, service
/// managers): the one write path of the API and the admin pages.
/// </summary>
[FeatureSeam]
public sealed class ClientServiceDesk(AppDbContext db, UserManager<AppUser> users)
{
    public const string NoCompany = "No company with this id.";
    public const string NoService = "No service with this id.";
    public const string AlreadyReceived = "The company already receives this service.";
    public const string LinkInUse = "People are still assigned to this company for this service; remove the assignments first, or set endsOn instead.";
    public const string AlreadyAssigned = "The person already has this assignment.";

    public async Task<DeskResult> CreateClientServiceAsync(ClientServiceInput input, CancellationToken ct) =>
        await db.SaveAsync(new ClientService(), await CheckAsync(input, null, ct), s => Apply(s, input), ct);

    public async Task<DeskResult> UpdateClientServiceAsync(ClientService link, ClientServiceInput input, CancellationToken ct) =>
        await db.SaveAsync(link, await CheckAsync(input, link.Id, ct), s => Apply(s, input), ct);

    public async Task<DeskResult> DeleteClientServiceAsync(ClientService link, CancellationToken ct) =>
        await db.RemoveAsync(link, await db.ClientAssignments.AnyAsync(a => a.CompanyId == link.CompanyId && a.ServiceId == link.ServiceId, ct) ? LinkInUse : null, ct);

    public async Task<DeskResult> CreateAssignmentAsync(AssignmentInput input, CancellationToken ct) =>
        await db.SaveAsync(new ClientAssignment(), await CheckAsync(input, null, ct), a => Apply(a, input), ct);

    public async Task<DeskResult> UpdateAssignmentAsync(ClientAssignment assignment, AssignmentInput input, CancellationToken ct) =>
        await db.SaveAsync(assignment, await CheckAsync(input, assignment.Id, ct), a => Apply(a, input), ct);

    public Task<DeskResult> DeleteAssignmentAsync(ClientAssignment assignment, CancellationToken ct) => db.RemoveAsync(assignment, null, ct);

    /// <summary>The refusal of an assignment whose person lacks the role it needs.</summary>
    public static string RoleMissing(string requiredRole, AssignmentRole role) => $"The person does not hold the {requiredRole} role needed for a {role} assignment.";

    private async Task<DeskResult?> CheckAsync(ClientServiceInput input, Guid? self, CancellationToken ct)
    {
        var errors = DeskSteps.AnnotationErrors(input);
        var companyId = input.CompanyId.GetValueOrDefault();
        var serviceId = input.ServiceId.GetValueOrDefault();
        if (!await db.Companies.AnyAsync(c => c.Id == companyId, ct))
        {
            errors["companyId"] = [NoCompany];
        }

        if (!await db.Services.AnyAsync(s => s.Id == serviceId, ct))
        {
            errors["serviceId"] = [NoService];
        }
        else if (await db.ClientServices.IgnoreQueryFilters().AnyAsync(s => s.CompanyId == companyId && s.ServiceId == serviceId && s.Id != self, ct))
        {
            errors["serviceId"] = [AlreadyReceived];
        }

        Api.CheckPeriod(errors, input.StartsOn, input.EndsOn);
        return DeskResult.Invalid(errors);
    }

    private async Task<DeskResult?> CheckAsync(AssignmentInput input, Guid? self, CancellationToken ct)
    {
        var errors = DeskSteps.AnnotationErrors(input);
        var companyId = input.CompanyId.GetValueOrDefault();
        var userId = input.UserId.GetValueOrDefault();
        var role = input.Role.GetValueOrDefault();
        if (!await db.Companies.AnyAsync(c => c.Id == companyId, ct))
        {
            errors["companyId"] = [NoCompany];
        }

        if (input.ServiceId is { } serviceId && !await db.Services.AnyAsync(s => s.Id == serviceId, ct))
        {
            errors["serviceId"] = [NoService];
        }

        if (await Api.SscStaffProblemAsync(db, userId, ct) is { } userProblem)
        {
            errors["userId"] = [userProblem];
        }
        else if (RequiredRole(role) is { } required && await users.FindByIdAsync(userId.ToString()) is { } user && !await users.IsInRoleAsync(user, required))
        {
            errors["userId"] = [RoleMissing(required, role)];
        }

        if (errors.Count == 0 && await db.ClientAssignments.IgnoreQueryFilters()
                .AnyAsync(a => a.CompanyId == companyId && a.ServiceId == input.ServiceId && a.UserId == userId && a.Role == role && a.Id != self, ct))
        {
            errors["userId"] = [AlreadyAssigned];
        }

        Api.CheckPeriod(errors, input.StartsOn, input.EndsOn);
        return DeskResult.Invalid(errors);
    }

    /// <summary>Client success managers and delivery leads must hold that role; service managers are any SSC person.</summary>
    private static string? RequiredRole(AssignmentRole role) => role switch
    {
        AssignmentRole.ClientSuccessManager => Roles.ClientSuccessManager,
        AssignmentRole.DeliveryLead => Roles.DeliveryLead,
        _ => null,
    };

    private static void Apply(ClientService s, ClientServiceInput input)
    {
        s.CompanyId = input.CompanyId.GetValueOrDefault();
        s.ServiceId = input.ServiceId.GetValueOrDefault();
        s.StartsOn = input.StartsOn.GetValueOrDefault();
        s.EndsOn = input.EndsOn;
        s.Stage = input.Stage;
        s.Notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim();
    }

    private static void Apply(ClientAssignment a, AssignmentInput input)
    {
        a.CompanyId = input.CompanyId.GetValueOrDefault();
        a.ServiceId = input.ServiceId;
        a.UserId = input.UserId.GetValueOrDefault();
        a.Role = input.Role.GetValueOrDefault();
        a.StartsOn = input.StartsOn.GetValueOrDefault();
        a.EndsOn = input.EndsOn;
    }
}
