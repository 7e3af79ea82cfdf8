using OneWindow.Web.Features.Clients;

namespace OneWindow.Web.Features.Documents;

public sealed record MatrixPerson(Guid Id, string FullName, string? JobTitle);

/// <summary>One row of a cell and whom it names today; <see cref="Unresolved"/> says why a role named nobody.</summary>
public sealed record MatrixEntryDto(Guid RowId, MatrixTarget Target, string Label, IReadOnlyList<MatrixPerson> People, string? Unresolved, string? Note, int Version,
    Guid? PersonId, AssignmentRole? AccountRole, string? ClientRole, string? ClientDepartment);

public sealed record MatrixCellDto(MatrixActivity Activity, MatrixSide Side, RaciLetter Letter, IReadOnlyList<MatrixEntryDto> Entries, IReadOnlyList<MatrixPerson> People);

/// <summary>A company's matrix for one service and stage, resolved to named people on <see cref="On"/>.</summary>
public sealed record MatrixDto(Guid CompanyId, string Company, Guid ServiceId, string Service, ServiceStage Stage, ServiceStage? CurrentStage, DateOnly On,
    IReadOnlyList<MatrixCellDto> Cells);

/// <summary>
/// An activity of a service in its current stage with nobody accountable on one side: no A row at all (NoRow), or A rows
/// whose roles, departments or people resolve to nobody today (Unresolved, with the reasons).
/// </summary>
[FeatureSeam]
public sealed record MatrixGapDto(Guid ServiceId, string Service, ServiceStage Stage, MatrixActivity Activity, MatrixSide Side, string Kind, IReadOnlyList<string> Reasons);

/// <summary>The 360 card's line for a service: its stage's accountable people on both sides and its gaps.</summary>
[FeatureSeam]
public sealed record MatrixServiceSummary(Guid ServiceId, string Service, ServiceStage Stage, IReadOnlyList<string> SscAccountable, IReadOnlyList<string> ClientAccountable, int Gaps);

/// <summary>
/// Reading the interaction matrix: a service's resolved matrix, the company's gap report and — for other features (the
/// client 360 card) — a per-service summary. Roles resolve on the company's local today: account-team assignments in
/// force, team leads of the service department's active teams, active client people by role or department.
/// Everything goes through the tenancy-filtered sets, so another company's matrix is not found.
/// </summary>
[FeatureSeam]
public sealed class InteractionMatrixQueries(AppDbContext db, TimeProvider clock)
{
    public async Task<MatrixDto?> ResolveAsync(Guid companyId, Guid serviceId, ServiceStage stage, CancellationToken ct = default)
    {
        if (await CompanyAsync(companyId, ct) is not { } company)
        {
            return null;
        }

        var link = await db.ClientServices.Where(s => s.CompanyId == companyId && s.ServiceId == serviceId)
            .OrderBy(s => s.EndsOn != null).Select(s => new { s.Stage, Name = s.Service!.Name }).FirstOrDefaultAsync(ct);
        if (link is null)
        {
            return null;
        }

        var today = Today(company.TimeZoneId);
        var rows = await db.Set<InteractionMatrixRow>().AsNoTracking().Where(r => r.CompanyId == companyId && r.ServiceId == serviceId && r.Stage == stage).ToListAsync(ct);
        var resolver = await Resolver.LoadAsync(db, companyId, today, rows.Select(r => r.PersonId).OfType<Guid>(), ct);
        var department = await db.Services.Where(s => s.Id == serviceId).Select(s => s.DepartmentId).FirstAsync(ct);
        var cells = new List<MatrixCellDto>();
        foreach (var activity in Enum.GetValues<MatrixActivity>())
        {
            foreach (var side in Enum.GetValues<MatrixSide>())
            {
                foreach (var letter in Enum.GetValues<RaciLetter>())
                {
                    var entries = rows.Where(r => r.Activity == activity && r.Side == side && r.Letter == letter).OrderBy(r => r.Target).ThenBy(r => r.CreatedAt)
                        .Select(r => resolver.Entry(r, serviceId, department)).ToList();
                    var people = entries.SelectMany(e => e.People).DistinctBy(p => p.Id).OrderBy(p => p.FullName, StringComparer.Ordinal).ToList();
                    cells.Add(new MatrixCellDto(activity, side, letter, entries, people));
                }
            }
        }

        return new MatrixDto(companyId, company.Name, serviceId, link.Name, stage, link.Stage, today, cells);
    }

    /// <summary>Whether the company is in the caller's tenancy scope.</summary>
    public async Task<bool> CanSeeAsync(Guid companyId, CancellationToken ct = default) => await CompanyAsync(companyId, ct) is not null;

    /// <summary>For each service of the company in its current stage, the activities with nobody accountable on one side.</summary>
    public async Task<IReadOnlyList<MatrixGapDto>?> GapsAsync(Guid companyId, CancellationToken ct = default)
    {
        var summary = await SummaryAsync(companyId, ct);
        return summary?.Gaps;
    }

    /// <summary>The 360 card's per-service lines (current stage), or null when the company is not visible.</summary>
    public async Task<IReadOnlyList<MatrixServiceSummary>?> ForCompanyCardAsync(Guid companyId, CancellationToken ct = default) =>
        (await SummaryAsync(companyId, ct))?.Services;

    /// <summary>The services the matrix is kept for: the company's current ones in a matrix stage.</summary>
    public async Task<IReadOnlyList<(Guid ServiceId, string Name, ServiceStage Stage)>> ServicesAsync(Guid companyId, CancellationToken ct = default)
    {
        var company = await CompanyAsync(companyId, ct);
        if (company is null)
        {
            return [];
        }

        var today = Today(company.TimeZoneId);
        var rows = await db.ClientServices.Where(s => s.CompanyId == companyId && (s.EndsOn == null || s.EndsOn >= today))
            .Select(s => new { s.ServiceId, s.Service!.Name, s.Stage }).ToListAsync(ct);
        return [.. rows.Where(r => MatrixDesk.Stages.Contains(r.Stage)).DistinctBy(r => r.ServiceId).OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => (r.ServiceId, r.Name, r.Stage))];
    }

    private async Task<(IReadOnlyList<MatrixGapDto> Gaps, IReadOnlyList<MatrixServiceSummary> Services)?> SummaryAsync(Guid companyId, CancellationToken ct)
    {
        if (await CompanyAsync(companyId, ct) is null)
        {
            return null;
        }

        var gaps = new List<MatrixGapDto>();
        var lines = new List<MatrixServiceSummary>();
        foreach (var (serviceId, name, stage) in await ServicesAsync(companyId, ct))
        {
            var matrix = (await ResolveAsync(companyId, serviceId, stage, ct))!;
            var serviceGaps = new List<MatrixGapDto>();
            foreach (var activity in Enum.GetValues<MatrixActivity>())
            {
                foreach (var side in Enum.GetValues<MatrixSide>())
                {
                    var cell = matrix.Cells.Single(c => c.Activity == activity && c.Side == side && c.Letter == RaciLetter.A);
                    if (cell.People.Count > 0)
                    {
                        continue;
                    }

                    serviceGaps.Add(cell.Entries.Count == 0
                        ? new MatrixGapDto(serviceId, name, stage, activity, side, "NoRow", [])
                        : new MatrixGapDto(serviceId, name, stage, activity, side, "Unresolved", [.. cell.Entries.Select(e => e.Unresolved ?? e.Label)]));
                }
            }

            gaps.AddRange(serviceGaps);
            string[] Accountable(MatrixSide side) => [.. matrix.Cells.Where(c => c.Side == side && c.Letter == RaciLetter.A).SelectMany(c => c.People)
                .DistinctBy(p => p.Id).Select(p => p.FullName).Order(StringComparer.Ordinal)];
            lines.Add(new MatrixServiceSummary(serviceId, name, stage, Accountable(MatrixSide.Ssc), Accountable(MatrixSide.Client), serviceGaps.Count));
        }

        return (gaps, lines);
    }

    private Task<ClientCompany?> CompanyAsync(Guid companyId, CancellationToken ct) => db.Companies.AsNoTracking().FirstOrDefaultAsync(c => c.Id == companyId, ct);

    private DateOnly Today(string zoneId)
    {
        var now = clock.GetUtcNow();
        try
        {
            return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(zoneId)).DateTime);
        }
        catch (TimeZoneNotFoundException)
        {
            return DateOnly.FromDateTime(now.UtcDateTime);
        }
    }

    /// <summary>What a company's roles resolve to on one day, loaded once per read.</summary>
    private sealed class Resolver
    {
        private readonly Dictionary<Guid, (string Name, string? Title, bool Active)> people = [];
        private List<(Guid UserId, AssignmentRole Role, Guid? ServiceId)> assignments = [];
        private List<(Guid DepartmentId, Guid LeadId)> leads = [];
        private List<(Guid Id, string? Department, bool Executive)> clients = [];

        public static async Task<Resolver> LoadAsync(AppDbContext db, Guid companyId, DateOnly today, IEnumerable<Guid> named, CancellationToken ct)
        {
            var r = new Resolver();
            var assigned = await db.ClientAssignments.Where(a => a.CompanyId == companyId && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today))
                .Select(a => new { a.UserId, a.Role, a.ServiceId }).ToListAsync(ct);
            r.assignments = [.. assigned.Select(a => (a.UserId, a.Role, a.ServiceId))];
            var teamLeads = await db.Teams.Where(t => t.IsActive && t.LeadId != null).Select(t => new { t.DepartmentId, LeadId = t.LeadId!.Value }).ToListAsync(ct);
            r.leads = [.. teamLeads.Select(t => (t.DepartmentId, t.LeadId))];
            var executives = db.UserRoles.Where(ur => db.Roles.Any(x => x.Id == ur.RoleId && x.Name == Roles.ClientExecutive)).Select(ur => ur.UserId);
            var ids = r.assignments.Select(a => a.UserId).Concat(r.leads.Select(l => l.LeadId)).Concat(named).Distinct().ToList();
            var users = await db.Users.Where(u => ids.Contains(u.Id) || u.CompanyId == companyId)
                .Select(u => new { u.Id, u.FullName, u.JobTitle, u.IsActive, u.CompanyId, u.ClientDepartment, Executive = executives.Contains(u.Id) }).ToListAsync(ct);
            foreach (var u in users)
            {
                r.people[u.Id] = (u.FullName, u.JobTitle, u.IsActive);
            }

            r.clients = [.. users.Where(u => u.CompanyId == companyId && u.IsActive).Select(u => (u.Id, u.ClientDepartment, u.Executive))];
            return r;
        }

        /// <summary>An active person by id; inactive people name nobody.</summary>
        private MatrixPerson? Person(Guid id) => people.TryGetValue(id, out var p) && p.Active ? new MatrixPerson(id, p.Name, p.Title) : null;

        public MatrixEntryDto Entry(InteractionMatrixRow row, Guid serviceId, Guid departmentId)
        {
            List<MatrixPerson> named;
            string label;
            string? why;
            switch (row.Target)
            {
                case MatrixTarget.Person:
                    named = row.PersonId is { } id && Person(id) is { } person ? [person] : [];
                    label = row.PersonId is { } pid && people.TryGetValue(pid, out var p) ? p.Name : "?";
                    why = named.Count == 0 ? $"{label}: not active" : null;
                    break;
                case MatrixTarget.AccountRole:
                    named = [.. assignments.Where(a => a.Role == row.AccountRole && (a.ServiceId == null || a.ServiceId == serviceId))
                        .Select(a => Person(a.UserId)).OfType<MatrixPerson>()];
                    label = row.AccountRole.ToString()!;
                    why = named.Count == 0 ? $"{label}: nobody in the account team today" : null;
                    break;
                case MatrixTarget.TeamLead:
                    named = [.. leads.Where(l => l.DepartmentId == departmentId).Select(l => Person(l.LeadId)).OfType<MatrixPerson>()];
                    label = "TeamLead";
                    why = named.Count == 0 ? "TeamLead: the service's department has no team lead" : null;
                    break;
                case MatrixTarget.ClientRole:
                    var executive = row.ClientRole == Roles.ClientExecutive;
                    named = [.. clients.Where(c => c.Executive == executive).Select(c => Person(c.Id)).OfType<MatrixPerson>()];
                    label = row.ClientRole ?? "";
                    why = named.Count == 0 ? $"{label}: the company has no active {(executive ? "executive" : "user")}" : null;
                    break;
                default:
                    named = [.. clients.Where(c => string.Equals(c.Department, row.ClientDepartment, StringComparison.OrdinalIgnoreCase)).Select(c => Person(c.Id)).OfType<MatrixPerson>()];
                    label = row.ClientDepartment ?? "";
                    why = named.Count == 0 ? $"{label}: nobody active in this department" : null;
                    break;
            }

            named = [.. named.DistinctBy(n => n.Id).OrderBy(n => n.FullName, StringComparer.Ordinal)];
            return new MatrixEntryDto(row.Id, row.Target, label, named, why, row.Note, row.Version, row.PersonId, row.AccountRole, row.ClientRole, row.ClientDepartment);
        }
    }
}
