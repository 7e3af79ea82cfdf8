namespace OneWindow.Web.Features.People;

/// <summary>The fields a person's create and replace requests share.</summary>
public interface IPersonFields
{
    string Email { get; }
    string FullName { get; }
    Guid? CompanyId { get; }
    Guid? DepartmentId { get; }
    Guid? TeamId { get; }
    string? JobTitle { get; }
    string? TimeZoneId { get; }
    string[] Roles { get; }
    string Culture { get; }
    string? ClientDepartment { get; }
}

public sealed record PersonInput(
    [property: Required, EmailAddress, MaxLength(256)] string Email,
    [property: Required, MaxLength(200)] string FullName,
    Guid? CompanyId,
    Guid? DepartmentId,
    Guid? TeamId,
    [property: MaxLength(200)] string? JobTitle,
    [property: MaxLength(64)] string? TimeZoneId,
    [property: Required] string[] Roles,
    [property: Required, AllowedValues("ru", "en")] string Culture = "ru",
    [property: MaxLength(128)] string? Password = null,
    [property: MaxLength(PeopleDesk.ClientDepartmentMaxLength)] string? ClientDepartment = null) : IPersonFields;

public sealed record PersonUpdateInput(
    [property: Required, EmailAddress, MaxLength(256)] string Email,
    [property: Required, MaxLength(200)] string FullName,
    Guid? CompanyId,
    Guid? DepartmentId,
    Guid? TeamId,
    [property: MaxLength(200)] string? JobTitle,
    [property: MaxLength(64)] string? TimeZoneId,
    [property: Required] string[] Roles,
    [property: Required, AllowedValues("ru", "en")] string Culture = "ru",
    bool IsActive = true,
    [property: MaxLength(PeopleDesk.ClientDepartmentMaxLength)] string? ClientDepartment = null) : IPersonFields;

public sealed record PasswordInput([property: Required, MaxLength(128)] string Password);

/// <summary>
/// People, their roles, sign-in state and passwords: the one write path of the people API and the admin page. Roles and
/// sign-in go through Identity's UserManager, which saves on the same DbContext inside the desk's transaction.
/// </summary>
public sealed class PeopleDesk(AppDbContext db, UserManager<AppUser> users, RoleManager<AppRole> roles, CurrentActor actor)
{
    public const int ClientDepartmentMaxLength = 200;
    public const string EmailTaken = "A person with this email already exists.";
    public const string NoCompany = "No company with this id.";
    public const string NoDepartment = "No department with this id.";
    public const string NoTeam = "No team with this id.";
    public const string TeamElsewhere = "The team belongs to another department.";
    public const string KeepOwnAdmin = "You cannot deactivate yourself or remove your own Admin role; ask another administrator.";
    public const string KeepSelfActive = "You cannot deactivate yourself; ask another administrator.";
    public const string ClientDepartmentNeedsCompany = "Only a client company's people have a client department; SSC staff have departmentId.";
    public const string UnlockDeactivated = "The person is deactivated; reactivate them with PUT (isActive: true) instead.";

    public static readonly string ClientRolesNeedCompany = $"Client roles ({string.Join(", ", Roles.Client)}) belong to a client company's people: set companyId.";
    public static readonly string SscRolesNeedNoCompany = $"SSC roles ({string.Join(", ", Roles.Ssc)}) are for SSC staff, who have no companyId.";

    /// <summary>Deactivated people stay locked out until then; a deactivation is undone only by reactivating.</summary>
    private static readonly DateTimeOffset FarFuture = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public async Task<DeskResult> CreatePersonAsync(PersonInput input, CancellationToken ct)
    {
        var user = new AppUser { FullName = input.FullName.Trim() };
        Apply(user, input);
        var errors = await CheckAsync(input, null, ct);
        if (input.Password is { } password)
        {
            await CheckPasswordAsync(errors, user, password);
        }

        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        await using var transaction = await db.Database.BeginUnitOfWorkAsync(ct);
        var created = input.Password is { } p ? await users.CreateAsync(user, p) : await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            return Refused(created);
        }

        if (await SetRolesAsync(user, [], DesiredRoles(input)) is { } refused)
        {
            return refused;
        }

        await transaction.CommitAsync(ct);
        return DeskResult.Ok(user.Id);
    }

    /// <summary>
    /// Replaces a person's details and roles; deactivating locks them out, reactivating lifts the lockout. A change of
    /// roles, company or active state ends every session the person has. Nobody deactivates themselves or drops their own
    /// Admin role.
    /// </summary>
    public async Task<DeskResult> UpdatePersonAsync(AppUser user, PersonUpdateInput input, CancellationToken ct)
    {
        var errors = await CheckAsync(input, user.Id, ct);
        var desired = DesiredRoles(input);
        if (user.Id == actor.UserId && (!input.IsActive || !desired.Contains(Roles.Admin, StringComparer.Ordinal)))
        {
            errors[input.IsActive ? "roles" : "isActive"] = [KeepOwnAdmin];
        }

        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        await using var transaction = await db.Database.BeginUnitOfWorkAsync(ct);
        var wasActive = user.IsActive;
        var wasCompany = user.CompanyId;
        var current = await users.GetRolesAsync(user);
        Apply(user, input);
        user.IsActive = input.IsActive;
        if (wasActive && !input.IsActive)
        {
            Deactivate(user);
        }
        else if (!wasActive && input.IsActive)
        {
            ClearLockout(user);
        }

        // Sessions carry the roles and company they were issued with: a change of either, or of the active state, moves
        // the security stamp, which ends every session issued before it (OneWindowSignInManager) — cookies and open pages
        // within Identity:RevalidationSeconds, 15-minute tokens on their next request. Both calls normalise the changed
        // email and user name, validate uniqueness and save once.
        var endSessions = wasActive != input.IsActive || wasCompany != user.CompanyId || !current.ToHashSet(StringComparer.Ordinal).SetEquals(desired);
        var updated = endSessions ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return Refused(updated);
        }

        if (await SetRolesAsync(user, current, desired) is { } refused)
        {
            return refused;
        }

        await transaction.CommitAsync(ct);
        return DeskResult.Ok(user.Id);
    }

    /// <summary>People are referenced by history (tickets, audit, assignments): they are deactivated, never deleted.</summary>
    public async Task<DeskResult> DeactivatePersonAsync(AppUser user)
    {
        if (user.Id == actor.UserId)
        {
            return DeskResult.Clash(KeepSelfActive);
        }

        if (!user.IsActive)
        {
            return DeskResult.Ok(user.Id);
        }

        Deactivate(user);
        return Cleared(user, await users.UpdateSecurityStampAsync(user));
    }

    public async Task<DeskResult> ReactivatePersonAsync(AppUser user)
    {
        if (user.IsActive)
        {
            return DeskResult.Ok(user.Id);
        }

        user.IsActive = true;
        ClearLockout(user);
        // A new stamp, as for every change of the active state: nothing issued before the deactivation comes back to life.
        return Cleared(user, await users.UpdateSecurityStampAsync(user));
    }

    public async Task<DeskResult> UnlockPersonAsync(AppUser user)
    {
        if (!user.IsActive)
        {
            return DeskResult.Clash(UnlockDeactivated);
        }

        ClearLockout(user);
        return Cleared(user, await users.UpdateAsync(user));
    }

    public async Task<DeskResult> SetPasswordAsync(AppUser user, PasswordInput input)
    {
        var errors = DeskSteps.AnnotationErrors(input);
        await CheckPasswordAsync(errors, user, input.Password);
        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        // A reset token sets the hash and rotates the security stamp in one save, whether or not a password existed.
        var token = await users.GeneratePasswordResetTokenAsync(user);
        return Done(user, await users.ResetPasswordAsync(user, token, input.Password));
    }

    private static string[] DesiredRoles(IPersonFields input) => [.. input.Roles.Select(r => r.Trim()).Distinct(StringComparer.Ordinal)];

    private static void Deactivate(AppUser user)
    {
        user.IsActive = false;
        user.LockoutEnabled = true;
        user.LockoutEnd = FarFuture;
    }

    private static void ClearLockout(AppUser user)
    {
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
    }

    /// <summary>Gives the person exactly <paramref name="desired"/> in place of <paramref name="current"/>.</summary>
    private async Task<DeskResult?> SetRolesAsync(AppUser user, IList<string> current, string[] desired)
    {
        var toRemove = current.Except(desired, StringComparer.Ordinal).ToArray();
        var toAdd = desired.Except(current, StringComparer.Ordinal).ToArray();
        if (toRemove.Length > 0 && await users.RemoveFromRolesAsync(user, toRemove) is { Succeeded: false } removed)
        {
            return Refused(removed);
        }

        if (toAdd.Length > 0)
        {
            await EnsureRolesExistAsync(toAdd);
            if (await users.AddToRolesAsync(user, toAdd) is { Succeeded: false } added)
            {
                return Refused(added);
            }
        }

        return null;
    }

    private async Task<Dictionary<string, string[]>> CheckAsync(IPersonFields input, Guid? self, CancellationToken ct)
    {
        var errors = DeskSteps.AnnotationErrors(input);
        var desired = DesiredRoles(input);
        var unknown = desired.Where(r => !Roles.IsKnown(r)).ToArray();
        if (unknown.Length > 0)
        {
            errors["roles"] = [$"Unknown role(s) {string.Join(", ", unknown)}. Known roles: {string.Join(", ", Roles.All)}."];
        }
        else if (input.CompanyId is null && desired.Any(Roles.IsClientRole))
        {
            errors["roles"] = [ClientRolesNeedCompany];
        }
        else if (input.CompanyId is not null && desired.Any(r => !Roles.IsClientRole(r)))
        {
            errors["roles"] = [SscRolesNeedNoCompany];
        }

        if (input.CompanyId is { } companyId && !await db.Companies.AnyAsync(c => c.Id == companyId, ct))
        {
            errors["companyId"] = [NoCompany];
        }

        if (input.DepartmentId is { } departmentId && !await db.Departments.AnyAsync(d => d.Id == departmentId, ct))
        {
            errors["departmentId"] = [NoDepartment];
        }

        if (input.TeamId is { } teamId)
        {
            var team = await db.Teams.AsNoTracking().Where(t => t.Id == teamId).Select(t => new { t.DepartmentId }).FirstOrDefaultAsync(ct);
            if (team is null)
            {
                errors["teamId"] = [NoTeam];
            }
            else if (input.DepartmentId is { } d && team.DepartmentId != d)
            {
                errors["teamId"] = [TeamElsewhere];
            }
        }

        // A client department means something only inside a client company (the annotation measured its length already).
        if (input.CompanyId is null && !string.IsNullOrWhiteSpace(input.ClientDepartment) && !errors.ContainsKey("clientDepartment"))
        {
            errors["clientDepartment"] = [ClientDepartmentNeedsCompany];
        }

        if (input.TimeZoneId is { } zone && TimeZones.Refusal(zone) is { } refusal)
        {
            errors["timeZoneId"] = [refusal];
        }

        var email = input.Email.Trim().ToUpperInvariant();
        if (await db.Users.IgnoreQueryFilters().AnyAsync(u => (u.NormalizedEmail == email || u.NormalizedUserName == email) && u.Id != self, ct))
        {
            errors["email"] = [EmailTaken];
        }

        return errors;
    }

    private async Task CheckPasswordAsync(Dictionary<string, string[]> errors, AppUser user, string password)
    {
        var problems = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            problems.AddRange(result.Errors.Select(e => e.Description));
        }

        if (problems.Count > 0)
        {
            errors["password"] = [.. problems];
        }
    }

    private async Task EnsureRolesExistAsync(IEnumerable<string> names)
    {
        // Roles are seeded with the demo data only; a fresh production database gets them on first use.
        foreach (var name in names)
        {
            if (!await roles.RoleExistsAsync(name))
            {
                await roles.CreateAsync(new AppRole { Name = name });
            }
        }
    }

    private static void Apply(AppUser user, IPersonFields input)
    {
        var email = input.Email.Trim();
        user.Email = email;
        user.UserName = email;
        user.FullName = input.FullName.Trim();
        user.CompanyId = input.CompanyId;
        user.DepartmentId = input.DepartmentId;
        user.TeamId = input.TeamId;
        user.JobTitle = string.IsNullOrWhiteSpace(input.JobTitle) ? null : input.JobTitle.Trim();
        user.ClientDepartment = input.CompanyId is null || string.IsNullOrWhiteSpace(input.ClientDepartment) ? null : input.ClientDepartment.Trim();
        user.TimeZoneId = input.TimeZoneId;
        user.Culture = input.Culture;
    }

    private static DeskResult Done(AppUser user, IdentityResult result) => result.Succeeded ? DeskResult.Ok(user.Id) : Refused(result);

    /// <summary>A change of sign-in state: whatever Identity refuses is a clash, there being no field to blame.</summary>
    private static DeskResult Cleared(AppUser user, IdentityResult result) => result.Succeeded ? DeskResult.Ok(user.Id) : DeskResult.Clash(Describe(result));

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));

    /// <summary>Identity's refusals: a concurrency failure as a clash, the rest as field errors named the way the API spells the fields.</summary>
    private static DeskResult Refused(IdentityResult result)
    {
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            return DeskResult.Clash(Describe(result));
        }

        var errors = result.Errors
            .GroupBy(e => e.Code switch
            {
                var c when c.StartsWith("Password", StringComparison.Ordinal) => "password",
                var c when c.Contains("Email", StringComparison.Ordinal) || c.Contains("UserName", StringComparison.Ordinal) => "email",
                var c when c.Contains("Role", StringComparison.Ordinal) => "roles",
                _ => "person",
            })
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
        return new DeskResult(DeskOutcome.Invalid, errors);
    }
}
