using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneWindow.Core.Identity;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Auth;
using OneWindow.Web.Infrastructure.Api;
using OneWindow.Web.Infrastructure.Security;
using OneWindow.Web.Data.Tenancy;

namespace OneWindow.Web.Features.People;

public sealed record PersonDto(Guid Id, string? Email, string FullName, Guid? CompanyId, string? CompanyName, Guid? DepartmentId, Guid? TeamId,
    string? JobTitle, string? TimeZoneId, string Culture, bool IsActive, IReadOnlyList<string> Roles, bool TwoFactorEnabled,
    DateTimeOffset? LockedOutUntil, int Version);

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
    [property: MaxLength(128)] string? Password = null) : IPersonFields;

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
    bool IsActive = true) : IPersonFields;

public sealed record PasswordInput([property: Required, MaxLength(128)] string Password);

public static class PeopleEndpoints
{
    /// <summary>Deactivated people stay locked out until then; a deactivation is undone only by reactivating.</summary>
    private static readonly DateTimeOffset FarFuture = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, Expression<Func<AppUser, object?>>> PersonSort = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fullName"] = u => u.FullName,
        ["email"] = u => u.Email,
        ["createdAt"] = u => u.CreatedAt,
    };

    private static Expression<Func<AppUser, PersonDto>> ToPersonDto(AppDbContext db) => u =>
        new PersonDto(u.Id, u.Email, u.FullName, u.CompanyId, u.Company != null ? u.Company.Name : null, u.DepartmentId, u.TeamId,
            u.JobTitle, u.TimeZoneId, u.Culture, u.IsActive,
            (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id orderby r.Name select r.Name!).ToList(),
            u.TwoFactorEnabled, u.LockoutEnd, u.Version);

    public static RouteGroupBuilder MapPeopleEndpoints(this RouteGroupBuilder api)
    {
        var people = api.MapGroup("/people").WithTags("People").RequireAuthorization(Policies.Ssc);
        people.MapGet("/", ListPeopleAsync).WithName("ListPeople");
        people.MapGet("/{id:guid}", GetPersonAsync).WithName("GetPerson");
        people.MapPost("/", CreatePersonAsync).WithName("CreatePerson").RequireAuthorization(Policies.Admin).AddEndpointFilter<IdempotencyFilter>();
        people.MapPut("/{id:guid}", UpdatePersonAsync).WithName("UpdatePerson").RequireAuthorization(Policies.Admin);
        people.MapDelete("/{id:guid}", DeactivatePersonAsync).WithName("DeactivatePerson").RequireAuthorization(Policies.Admin);
        people.MapPost("/{id:guid}/unlock", UnlockPersonAsync).WithName("UnlockPerson").RequireAuthorization(Policies.Admin);
        people.MapPut("/{id:guid}/password", SetPasswordAsync).WithName("SetPersonPassword").RequireAuthorization(Policies.Admin);
        return api;
    }

    private static async Task<Results<Ok<Page<PersonDto>>, ValidationProblem>> ListPeopleAsync(
        [AsParameters] ListParameters list, Guid? companyId, Guid? departmentId, Guid? teamId, string? role, bool? active,
        AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!list.TryParse(PersonSort.Keys, out var request, out var problem))
        {
            return problem!;
        }

        if (role is not null && !Roles.IsKnown(role))
        {
            return Api.Invalid("role", $"Unknown role '{role}'. Known roles: {string.Join(", ", Roles.All)}.");
        }

        var query = db.Users.AsNoTracking();
        if (request.Search is { } q)
        {
            var p = Api.Pattern(q);
            query = query.Where(u => u.FullName.ToLower().Contains(p) || (u.Email != null && u.Email.ToLower().Contains(p)) || (u.JobTitle != null && u.JobTitle.ToLower().Contains(p)));
        }

        if (companyId is { } c)
        {
            query = query.Where(u => u.CompanyId == c);
        }

        if (departmentId is { } d)
        {
            query = query.Where(u => u.DepartmentId == d);
        }

        if (teamId is { } t)
        {
            query = query.Where(u => u.TeamId == t);
        }

        if (role is not null)
        {
            query = query.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));
        }

        if (active is { } a)
        {
            query = query.Where(u => u.IsActive == a);
        }

        var page = await query.Sort(request, PersonSort, "fullName").ToPageAsync(request, ToPersonDto(db), ct);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(page with { Items = [.. page.Items.Select(p => Present(p, now))] });
    }

    private static async Task<Results<Ok<PersonDto>, ProblemHttpResult>> GetPersonAsync(Guid id, AppDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var dto = await LoadAsync(id, db, clock, ct);
        if (dto is null)
        {
            return Api.NotFound("person");
        }

        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Created<PersonDto>, ValidationProblem, ProblemHttpResult>> CreatePersonAsync(
        PersonInput input, AppDbContext db, UserManager<AppUser> users, RoleManager<AppRole> roles, TimeProvider clock, CancellationToken ct)
    {
        var user = new AppUser { FullName = input.FullName.Trim() };
        Apply(user, input);
        var errors = await ValidateAsync(input, db, null, ct);
        if (input.Password is { } password)
        {
            await CheckPasswordAsync(errors, users, user, password);
        }

        if (errors.Count > 0)
        {
            return Api.Invalid(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = input.Password is { } p ? await users.CreateAsync(user, p) : await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            return Failed<Created<PersonDto>>(created);
        }

        var desired = DesiredRoles(input);
        if (desired.Length > 0)
        {
            await EnsureRolesExistAsync(roles, desired);
            var added = await users.AddToRolesAsync(user, desired);
            if (!added.Succeeded)
            {
                return Failed<Created<PersonDto>>(added);
            }
        }

        await transaction.CommitAsync(ct);
        var dto = (await LoadAsync(user.Id, db, clock, ct))!;
        return TypedResults.Created($"/api/v1/people/{user.Id}", dto);
    }

    private static async Task<Results<Ok<PersonDto>, ValidationProblem, ProblemHttpResult>> UpdatePersonAsync(
        Guid id, PersonUpdateInput input, AppDbContext db, UserManager<AppUser> users, RoleManager<AppRole> roles, CurrentActor actor,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return Api.NotFound("person");
        }

        if (Api.CheckIfMatch(http, user.Version) is { } precondition)
        {
            return precondition;
        }

        var errors = await ValidateAsync(input, db, id, ct);
        var desired = DesiredRoles(input);
        if (id == actor.UserId && (!input.IsActive || !desired.Contains(Roles.Admin, StringComparer.Ordinal)))
        {
            errors[input.IsActive ? "roles" : "isActive"] = ["You cannot deactivate yourself or remove your own Admin role; ask another administrator."];
        }

        if (errors.Count > 0)
        {
            return Api.Invalid(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var wasActive = user.IsActive;
        Apply(user, input);
        user.IsActive = input.IsActive;
        if (wasActive && !input.IsActive)
        {
            Deactivate(user);
        }
        else if (!wasActive && input.IsActive)
        {
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
        }

        // UpdateAsync normalises the changed email and user name, validates uniqueness and saves once.
        var updated = wasActive && !input.IsActive ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return Failed<Ok<PersonDto>>(updated);
        }

        var current = await users.GetRolesAsync(user);
        var toRemove = current.Except(desired, StringComparer.Ordinal).ToArray();
        var toAdd = desired.Except(current, StringComparer.Ordinal).ToArray();
        if (toRemove.Length > 0)
        {
            var removed = await users.RemoveFromRolesAsync(user, toRemove);
            if (!removed.Succeeded)
            {
                return Failed<Ok<PersonDto>>(removed);
            }
        }

        if (toAdd.Length > 0)
        {
            await EnsureRolesExistAsync(roles, toAdd);
            var added = await users.AddToRolesAsync(user, toAdd);
            if (!added.Succeeded)
            {
                return Failed<Ok<PersonDto>>(added);
            }
        }

        await transaction.CommitAsync(ct);
        var dto = (await LoadAsync(id, db, clock, ct))!;
        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeactivatePersonAsync(
        Guid id, AppDbContext db, UserManager<AppUser> users, CurrentActor actor, HttpContext http, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return Api.NotFound("person");
        }

        if (Api.CheckIfMatch(http, user.Version) is { } precondition)
        {
            return precondition;
        }

        if (id == actor.UserId)
        {
            return Api.Conflict("You cannot deactivate yourself; ask another administrator.");
        }

        if (!user.IsActive)
        {
            return TypedResults.NoContent();
        }

        // People are referenced by history (tickets, audit, assignments): they are deactivated, never deleted.
        Deactivate(user);
        var result = await users.UpdateSecurityStampAsync(user);
        return result.Succeeded ? TypedResults.NoContent() : Api.Conflict(Describe(result));
    }

    private static async Task<Results<Ok<PersonDto>, ProblemHttpResult>> UnlockPersonAsync(
        Guid id, AppDbContext db, UserManager<AppUser> users, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return Api.NotFound("person");
        }

        if (!user.IsActive)
        {
            return Api.Conflict("The person is deactivated; reactivate them with PUT (isActive: true) instead.");
        }

        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            return Api.Conflict(Describe(result));
        }

        var dto = (await LoadAsync(id, db, clock, ct))!;
        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetPasswordAsync(
        Guid id, PasswordInput input, AppDbContext db, UserManager<AppUser> users, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return Api.NotFound("person");
        }

        var errors = new Dictionary<string, string[]>();
        await CheckPasswordAsync(errors, users, user, input.Password);
        if (errors.Count > 0)
        {
            return Api.Invalid(errors);
        }

        // A reset token sets the hash and rotates the security stamp in one save, whether or not a password existed.
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, input.Password);
        return result.Succeeded ? TypedResults.NoContent() : Failed<NoContent>(result);
    }

    private static async Task<PersonDto?> LoadAsync(Guid id, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var dto = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(ToPersonDto(db)).FirstOrDefaultAsync(ct);
        return dto is null ? null : Present(dto, clock.GetUtcNow());
    }

    /// <summary>A lockout that has already ended is not reported.</summary>
    private static PersonDto Present(PersonDto dto, DateTimeOffset now) =>
        dto.LockedOutUntil is { } until && until <= now ? dto with { LockedOutUntil = null } : dto;

    private static string[] DesiredRoles(IPersonFields input) => [.. input.Roles.Select(r => r.Trim()).Distinct(StringComparer.Ordinal)];

    private static void Deactivate(AppUser user)
    {
        user.IsActive = false;
        user.LockoutEnabled = true;
        user.LockoutEnd = FarFuture;
    }

    private static async Task<Dictionary<string, string[]>> ValidateAsync(IPersonFields input, AppDbContext db, Guid? self, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var roles = DesiredRoles(input);
        var unknown = roles.Where(r => !Roles.IsKnown(r)).ToArray();
        if (unknown.Length > 0)
        {
            errors["roles"] = [$"Unknown role(s) {string.Join(", ", unknown)}. Known roles: {string.Join(", ", Roles.All)}."];
        }
        else if (input.CompanyId is null && roles.Any(Roles.IsClientRole))
        {
            errors["roles"] = [$"Client roles ({string.Join(", ", Roles.Client)}) belong to a client company's people: set companyId."];
        }
        else if (input.CompanyId is not null && roles.Any(r => !Roles.IsClientRole(r)))
        {
            errors["roles"] = [$"SSC roles ({string.Join(", ", Roles.Ssc)}) are for SSC staff, who have no companyId."];
        }

        if (input.CompanyId is { } companyId && !await db.Companies.AnyAsync(c => c.Id == companyId, ct))
        {
            errors["companyId"] = ["No company with this id."];
        }

        if (input.DepartmentId is { } departmentId && !await db.Departments.AnyAsync(d => d.Id == departmentId, ct))
        {
            errors["departmentId"] = ["No department with this id."];
        }

        if (input.TeamId is { } teamId)
        {
            var team = await db.Teams.AsNoTracking().Where(t => t.Id == teamId).Select(t => new { t.DepartmentId }).FirstOrDefaultAsync(ct);
            if (team is null)
            {
                errors["teamId"] = ["No team with this id."];
            }
            else if (input.DepartmentId is { } d && team.DepartmentId != d)
            {
                errors["teamId"] = ["The team belongs to another department."];
            }
        }

        if (input.TimeZoneId is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors["timeZoneId"] = [$"'{zone}' is not a known IANA time zone (e.g. Europe/Moscow, Asia/Vladivostok)."];
        }

        var email = input.Email.Trim().ToUpperInvariant();
        if (await db.Users.IgnoreQueryFilters().AnyAsync(u => (u.NormalizedEmail == email || u.NormalizedUserName == email) && u.Id != self, ct))
        {
            errors["email"] = ["A person with this email already exists."];
        }

        return errors;
    }

    private static async Task CheckPasswordAsync(Dictionary<string, string[]> errors, UserManager<AppUser> users, AppUser user, string password)
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

    private static async Task EnsureRolesExistAsync(RoleManager<AppRole> roles, IEnumerable<string> names)
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
        user.TimeZoneId = input.TimeZoneId;
        user.Culture = input.Culture;
    }

    /// <summary>Identity's refusals as field errors named the way the client spells the fields.</summary>
    private static Results<TSuccess, ValidationProblem, ProblemHttpResult> Failed<TSuccess>(IdentityResult result)
        where TSuccess : IResult
    {
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            return Api.Conflict(Describe(result));
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
        return Api.Invalid(errors);
    }

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}
