using OneWindow.Web.Features.Clients;
using OneWindow.Web.Features.People;

namespace OneWindow.Web.Features.Documents;

/// <summary>
/// A matrix row as the SSC writes it. The letter is text so that a wrong one is a field error, not a binding failure.
/// </summary>
public sealed record MatrixRowInput(
    Guid? CompanyId,
    Guid? ServiceId,
    ServiceStage? Stage,
    MatrixActivity? Activity,
    MatrixSide? Side,
    string? Letter,
    MatrixTarget? Target,
    Guid? PersonId = null,
    AssignmentRole? AccountRole = null,
    string? ClientRole = null,
    string? ClientDepartment = null,
    string? Note = null);

/// <summary>Copies the built-in template into a company's matrix; replace=true drops the company's rows first.</summary>
public sealed record MatrixTemplateInput(Guid? CompanyId, bool Replace = false);

/// <summary>
/// The interaction matrix's one write path (API and page): the SSC's managers set and remove rows and copy the built-in
/// template into a company's matrix. A company out of the actor's tenancy scope is not found.
/// </summary>
public sealed class MatrixDesk(AppDbContext db, CurrentActor actor)
{
    public const int NoteMax = 500;
    public const int DepartmentMax = 200;

    /// <summary>The SSC roles that keep the matrix (the committees' managers).</summary>
    public static readonly IReadOnlyList<string> ManagerRoles = [Roles.Admin, Roles.QualityManager, Roles.ClientSuccessManager, Roles.DeliveryLead];

    public const string NotManager = "Only the SSC's managers keep the interaction matrix.";
    public const string Stale = "The row changed meanwhile: reload the page.";

    /// <summary>The stages a matrix is kept for (planned and suspended services have none).</summary>
    public static readonly IReadOnlyList<ServiceStage> Stages = [ServiceStage.Transition, ServiceStage.Stabilisation, ServiceStage.Stable];

    public static bool CanManage(CurrentActor actor) =>
        actor is { Kind: ActorKind.Person, IsClient: false } && ManagerRoles.Any(actor.Principal.IsInRole);

    public async Task<DeskResult> AddAsync(MatrixRowInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!CanManage(actor))
        {
            return DeskResult.Refused(NotManager);
        }

        var row = new InteractionMatrixRow();
        if (await CheckAsync(input, null, ct) is { } problem)
        {
            return problem;
        }

        Apply(row, input);
        db.Set<InteractionMatrixRow>().Add(row);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(row.Id);
    }

    public async Task<DeskResult> ChangeAsync(InteractionMatrixRow row, MatrixRowInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(input);
        if (!CanManage(actor))
        {
            return DeskResult.Refused(NotManager);
        }

        if (await CheckAsync(input, row.Id, ct) is { } problem)
        {
            return problem;
        }

        Apply(row, input);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(row.Id);
    }

    public async Task<DeskResult> RemoveAsync(InteractionMatrixRow row, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!CanManage(actor))
        {
            return DeskResult.Refused(NotManager);
        }

        db.Set<InteractionMatrixRow>().Remove(row);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(row.Id);
    }

    /// <summary>Adds the template's rows for every current service of the company and every stage, skipping rows already there.</summary>
    public async Task<DeskResult> ApplyTemplateAsync(MatrixTemplateInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!CanManage(actor))
        {
            return DeskResult.Refused(NotManager);
        }

        if (input.CompanyId is not { } companyId)
        {
            return DeskResult.Field("companyId", "The company is required.");
        }

        if (!await db.Companies.AnyAsync(c => c.Id == companyId, ct))
        {
            return DeskResult.Missing;
        }

        var existing = await db.Set<InteractionMatrixRow>().Where(r => r.CompanyId == companyId).ToListAsync(ct);
        if (input.Replace)
        {
            db.Set<InteractionMatrixRow>().RemoveRange(existing);
            existing = [];
        }

        var services = await db.ClientServices.Where(s => s.CompanyId == companyId).Select(s => s.ServiceId).Distinct().ToListAsync(ct);
        var rows = services.SelectMany(s => Stages.SelectMany(stage => MatrixTemplate.RowsFor(companyId, s, stage)))
            .Where(r => !existing.Any(e => MatrixTemplate.SameEntry(e, r)));
        db.Set<InteractionMatrixRow>().AddRange(rows);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(companyId);
    }

    private async Task<DeskResult?> CheckAsync(MatrixRowInput input, Guid? self, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors.TryAdd(field, [message]);

        if (input.CompanyId is not { } companyId)
        {
            Error("companyId", "The company is required.");
            return DeskResult.Invalid(errors);
        }

        if (!await db.Companies.AnyAsync(c => c.Id == companyId, ct))
        {
            return DeskResult.Missing;
        }

        if (input.ServiceId is not { } serviceId)
        {
            Error("serviceId", "The service is required.");
        }
        else if (!await db.ClientServices.AnyAsync(s => s.CompanyId == companyId && s.ServiceId == serviceId, ct))
        {
            Error("serviceId", "The company does not receive this service.");
        }

        if (input.Stage is not { } stage || !Stages.Contains(stage))
        {
            Error("stage", "The stage must be Transition, Stabilisation or Stable.");
        }

        if (input.Activity is not { } activity || !Enum.IsDefined(activity))
        {
            Error("activity", "The activity is required.");
        }

        if (input.Side is not { } side || !Enum.IsDefined(side))
        {
            Error("side", "The side is required.");
            side = MatrixSide.Ssc;
        }

        if (ParseLetter(input.Letter) is null)
        {
            Error("letter", "The letter must be one of R, A, C, I.");
        }

        if (input.Note is { Length: > NoteMax })
        {
            Error("note", $"The note is at most {NoteMax} characters.");
        }

        switch (input.Target)
        {
            case MatrixTarget.Person when input.PersonId is not { } personId:
                Error("personId", "The person is required.");
                break;
            case MatrixTarget.Person:
                var person = await db.Users.Where(u => u.Id == input.PersonId).Select(u => new { u.CompanyId }).FirstOrDefaultAsync(ct);
                if (person is null || (side == MatrixSide.Ssc ? person.CompanyId is not null : person.CompanyId != companyId))
                {
                    Error("personId", side == MatrixSide.Ssc ? "The person must be of the SSC." : "The person must be of the company.");
                }

                break;
            case MatrixTarget.AccountRole when side != MatrixSide.Ssc:
            case MatrixTarget.TeamLead when side != MatrixSide.Ssc:
                Error("target", "Account-team roles and team leads are on the SSC side.");
                break;
            case MatrixTarget.AccountRole when input.AccountRole is not { } role || !Enum.IsDefined(role):
                Error("accountRole", "The account-team role is required.");
                break;
            case MatrixTarget.ClientRole or MatrixTarget.ClientDepartment when side != MatrixSide.Client:
                Error("target", "Client roles and departments are on the client side.");
                break;
            case MatrixTarget.ClientRole when input.ClientRole is not (Roles.ClientExecutive or Roles.ClientUser):
                Error("clientRole", "The client role must be ClientExecutive or ClientUser.");
                break;
            case MatrixTarget.ClientDepartment when string.IsNullOrWhiteSpace(input.ClientDepartment) || input.ClientDepartment.Length > DepartmentMax:
                Error("clientDepartment", $"The client department is required, at most {DepartmentMax} characters.");
                break;
            case MatrixTarget.AccountRole or MatrixTarget.TeamLead or MatrixTarget.ClientRole or MatrixTarget.ClientDepartment:
                break;
            default:
                Error("target", "The target is required.");
                break;
        }

        if (errors.Count > 0)
        {
            return DeskResult.Invalid(errors);
        }

        var probe = new InteractionMatrixRow();
        Apply(probe, input);
        var same = await db.Set<InteractionMatrixRow>().Where(r => r.Id != self && r.CompanyId == probe.CompanyId && r.ServiceId == probe.ServiceId && r.Stage == probe.Stage
            && r.Activity == probe.Activity && r.Side == probe.Side && r.Letter == probe.Letter).ToListAsync(ct);
        return same.Any(r => MatrixTemplate.SameEntry(r, probe)) ? DeskResult.Field("target", "The cell already names this.") : null;
    }

    public static RaciLetter? ParseLetter(string? letter) => letter?.Trim().ToUpperInvariant() switch
    {
        "R" => RaciLetter.R,
        "A" => RaciLetter.A,
        "C" => RaciLetter.C,
        "I" => RaciLetter.I,
        _ => null,
    };

    private static void Apply(InteractionMatrixRow row, MatrixRowInput input)
    {
        row.CompanyId = input.CompanyId!.Value;
        row.ServiceId = input.ServiceId!.Value;
        row.Stage = input.Stage!.Value;
        row.Activity = input.Activity!.Value;
        row.Side = input.Side!.Value;
        row.Letter = ParseLetter(input.Letter)!.Value;
        row.Target = input.Target!.Value;
        // Only the field the target reads is kept, so two rows naming the same thing compare equal.
        row.PersonId = row.Target == MatrixTarget.Person ? input.PersonId : null;
        row.AccountRole = row.Target == MatrixTarget.AccountRole ? input.AccountRole : null;
        row.ClientRole = row.Target == MatrixTarget.ClientRole ? input.ClientRole : null;
        row.ClientDepartment = row.Target == MatrixTarget.ClientDepartment ? input.ClientDepartment!.Trim() : null;
        row.Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
    }
}

/// <summary>
/// The built-in RACI by roles, per stage and activity: while a service moves in, its Delivery Lead answers for the
/// transfer and for changes; once stable, the CSM does. The client's executive is accountable throughout, its users do the work.
/// </summary>
public static class MatrixTemplate
{
    public static IEnumerable<InteractionMatrixRow> RowsFor(Guid companyId, Guid serviceId, ServiceStage stage)
    {
        var moving = stage != ServiceStage.Stable;
        var lead = moving ? AssignmentRole.DeliveryLead : AssignmentRole.ClientSuccessManager;
        InteractionMatrixRow Ssc(MatrixActivity a, RaciLetter l, AssignmentRole? role) => new()
        {
            CompanyId = companyId, ServiceId = serviceId, Stage = stage, Activity = a, Side = MatrixSide.Ssc, Letter = l,
            Target = role is null ? MatrixTarget.TeamLead : MatrixTarget.AccountRole, AccountRole = role,
        };
        InteractionMatrixRow Client(MatrixActivity a, RaciLetter l, string role) => new()
        {
            CompanyId = companyId, ServiceId = serviceId, Stage = stage, Activity = a, Side = MatrixSide.Client, Letter = l, Target = MatrixTarget.ClientRole, ClientRole = role,
        };

        yield return Ssc(MatrixActivity.Transfer, RaciLetter.R, lead);
        yield return Ssc(MatrixActivity.Transfer, RaciLetter.A, lead);
        yield return Ssc(MatrixActivity.DailyWork, RaciLetter.R, null);
        yield return Ssc(MatrixActivity.DailyWork, RaciLetter.A, AssignmentRole.ClientSuccessManager);
        yield return Ssc(MatrixActivity.Escalations, RaciLetter.R, null);
        yield return Ssc(MatrixActivity.Escalations, RaciLetter.A, AssignmentRole.ClientSuccessManager);
        yield return Ssc(MatrixActivity.Committee, RaciLetter.R, AssignmentRole.ClientSuccessManager);
        yield return Ssc(MatrixActivity.Committee, RaciLetter.A, AssignmentRole.ClientSuccessManager);
        yield return Ssc(MatrixActivity.Committee, RaciLetter.I, null);
        yield return Ssc(MatrixActivity.Changes, RaciLetter.R, null);
        yield return Ssc(MatrixActivity.Changes, RaciLetter.A, lead);
        foreach (var activity in Enum.GetValues<MatrixActivity>())
        {
            yield return Client(activity, RaciLetter.R, activity == MatrixActivity.Committee ? Roles.ClientExecutive : Roles.ClientUser);
            yield return Client(activity, RaciLetter.A, Roles.ClientExecutive);
        }

        yield return Client(MatrixActivity.Escalations, RaciLetter.I, Roles.ClientUser);
    }

    /// <summary>Two rows of one cell naming the same thing.</summary>
    public static bool SameEntry(InteractionMatrixRow a, InteractionMatrixRow b) =>
        a.ServiceId == b.ServiceId && a.Stage == b.Stage && a.Activity == b.Activity && a.Side == b.Side && a.Letter == b.Letter && a.Target == b.Target
        && a.PersonId == b.PersonId && a.AccountRole == b.AccountRole && a.ClientRole == b.ClientRole
        && string.Equals(a.ClientDepartment, b.ClientDepartment, StringComparison.Ordinal);
}
