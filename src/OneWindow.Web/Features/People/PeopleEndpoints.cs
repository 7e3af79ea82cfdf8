namespace OneWindow.Web.Features.People;

public sealed record PersonDto(Guid Id, string? Email, string FullName, Guid? CompanyId, string? CompanyName, Guid? DepartmentId, Guid? TeamId,
    string? JobTitle, string? TimeZoneId, string Culture, bool IsActive, IReadOnlyList<string> Roles, bool TwoFactorEnabled,
    DateTimeOffset? LockedOutUntil, int Version, string? ClientDepartment = null);

/// <summary>People (read by SSC people within their tenancy); written by administrators through <see cref="PeopleDesk"/>.</summary>
public static class PeopleEndpoints
{
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
            u.TwoFactorEnabled, u.LockoutEnd, u.Version, u.ClientDepartment);

    public static RouteGroupBuilder MapPeopleEndpoints(this RouteGroupBuilder api)
    {
        var people = api.MapGroup("/people").WithTags("People").RequireAuthorization(Policies.Ssc);
        people.MapGet("/", ListPeopleAsync).WithName("ListPeople");
        people.MapGet("/{id:guid}", GetPersonAsync).WithName("GetPerson");
        people.MapPost("/", CreatePersonAsync).ForAdminsOnce("CreatePerson");
        people.MapPut("/{id:guid}", UpdatePersonAsync).ForAdmins("UpdatePerson");
        people.MapDelete("/{id:guid}", DeactivatePersonAsync).ForAdmins("DeactivatePerson");
        people.MapPost("/{id:guid}/unlock", UnlockPersonAsync).ForAdmins("UnlockPerson");
        people.MapPut("/{id:guid}/password", SetPasswordAsync).ForAdmins("SetPersonPassword");
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

        var query = db.Users.AsNoTracking().WhereGiven(companyId, c => u => u.CompanyId == c).WhereGiven(departmentId, d => u => u.DepartmentId == d)
            .WhereGiven(teamId, t => u => u.TeamId == t).WhereGiven(active, a => u => u.IsActive == a);
        if (request.Search is { } q)
        {
            var p = Api.Pattern(q);
            query = query.Where(u => u.FullName.ToLower().Contains(p) || (u.Email != null && u.Email.ToLower().Contains(p)) || (u.JobTitle != null && u.JobTitle.ToLower().Contains(p))
                || (u.ClientDepartment != null && u.ClientDepartment.ToLower().Contains(p)));
        }

        if (role is not null)
        {
            query = query.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));
        }

        var page = await query.Sort(request, PersonSort, "fullName").ToPageAsync(request, ToPersonDto(db), ct);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(page with { Items = [.. page.Items.Select(p => Present(p, now))] });
    }

    private static async Task<Results<Ok<PersonDto>, ProblemHttpResult>> GetPersonAsync(Guid id, AppDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        await LoadAsync(id, db, clock, ct) is { } dto ? Tagged(http, dto) : Api.NotFound("person");

    private static async Task<Results<Created<PersonDto>, ValidationProblem, ProblemHttpResult>> CreatePersonAsync(
        PersonInput input, PeopleDesk desk, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var result = await desk.CreatePersonAsync(input, ct);
        return result.IsDone
            ? TypedResults.Created($"/api/v1/people/{result.Id}", (await LoadAsync(result.Id!.Value, db, clock, ct))!)
            : Refused<Created<PersonDto>>(result);
    }

    private static async Task<Results<Ok<PersonDto>, ValidationProblem, ProblemHttpResult>> UpdatePersonAsync(
        Guid id, PersonUpdateInput input, PeopleDesk desk, AppDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var found = await FindForChangeAsync(db, id, http, ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var result = await desk.UpdatePersonAsync(found.Entity, input, ct);
        return result.IsDone ? Tagged(http, (await LoadAsync(id, db, clock, ct))!) : Refused<Ok<PersonDto>>(result);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeactivatePersonAsync(Guid id, PeopleDesk desk, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await FindForChangeAsync(db, id, http, ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var result = await desk.DeactivatePersonAsync(found.Entity);
        return result.IsDone ? TypedResults.NoContent() : Api.Problem(result, "person");
    }

    private static async Task<Results<Ok<PersonDto>, ProblemHttpResult>> UnlockPersonAsync(
        Guid id, PeopleDesk desk, AppDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var found = await FindForChangeAsync(db, id, null, ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var result = await desk.UnlockPersonAsync(found.Entity);
        return result.IsDone ? Tagged(http, (await LoadAsync(id, db, clock, ct))!) : Api.Problem(result, "person");
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetPasswordAsync(
        Guid id, PasswordInput input, PeopleDesk desk, AppDbContext db, CancellationToken ct)
    {
        var found = await FindForChangeAsync(db, id, null, ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var result = await desk.SetPasswordAsync(found.Entity, input);
        return result.IsDone ? TypedResults.NoContent() : Refused<NoContent>(result);
    }

    /// <summary>The person to change, or 404; with <paramref name="ifMatch"/>, also 428 or 412 unless its If-Match names the current version.</summary>
    private static async Task<Change<AppUser>> FindForChangeAsync(AppDbContext db, Guid id, HttpContext? ifMatch, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return new Change<AppUser>(null, Api.NotFound("person"));
        }

        return ifMatch is not null && Api.CheckIfMatch(ifMatch, user.Version) is { } precondition
            ? new Change<AppUser>(null, precondition)
            : new Change<AppUser>(user, null);
    }

    private static async Task<PersonDto?> LoadAsync(Guid id, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var dto = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(ToPersonDto(db)).FirstOrDefaultAsync(ct);
        return dto is null ? null : Present(dto, clock.GetUtcNow());
    }

    /// <summary>A lockout that has already ended is not reported.</summary>
    private static PersonDto Present(PersonDto dto, DateTimeOffset now) =>
        dto.LockedOutUntil is { } until && until <= now ? dto with { LockedOutUntil = null } : dto;

    private static Ok<PersonDto> Tagged(HttpContext http, PersonDto dto)
    {
        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    /// <summary>The desk's refusal: field errors as a validation problem, a clash as 409.</summary>
    private static Results<TDone, ValidationProblem, ProblemHttpResult> Refused<TDone>(DeskResult result)
        where TDone : IResult =>
        result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "person");
}
