using OneWindow.Web.Features.Clients;

namespace OneWindow.Web.Features.Documents;

/// <summary>
/// The demo's interaction matrices: the built-in template on every company's services and stages, then what a CSM would
/// fix: where a company has no executive, its accountable client rows name the department its people work in; where a
/// moving service has no Delivery Lead, the CSM answers. One gap is left on purpose: the Northern Shipyard's general
/// ledger, in stabilisation, has nobody accountable for changes on the client side (the role names no executive).
/// </summary>
internal sealed class DemoInteractionMatrix(AppDbContext db) : IDemoDataSeeder
{
    public const string GapCompany = "АО «Северная верфь»";
    public const string GapServiceCode = "GL";
    public const MatrixActivity GapActivity = MatrixActivity.Changes;

    public int Order => 970;

    public async Task SeedAsync(CancellationToken ct)
    {
        var links = await db.ClientServices.Select(s => new { s.CompanyId, s.ServiceId, s.Service!.Code, Company = s.Company!.Name }).Distinct().ToListAsync(ct);
        var executives = await db.UserRoles.Where(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.ClientExecutive)).Select(ur => ur.UserId).ToListAsync(ct);
        var clients = await db.Users.Where(u => u.CompanyId != null && u.IsActive).OrderBy(u => u.Email)
            .Select(u => new { u.Id, CompanyId = u.CompanyId!.Value, u.ClientDepartment }).ToListAsync(ct);
        var leads = await db.ClientAssignments.Where(a => a.EndsOn == null && a.Role == AssignmentRole.DeliveryLead).Select(a => new { a.CompanyId, a.ServiceId }).ToListAsync(ct);
        foreach (var link in links)
        {
            var hasExecutive = clients.Any(c => c.CompanyId == link.CompanyId && executives.Contains(c.Id));
            var department = clients.FirstOrDefault(c => c.CompanyId == link.CompanyId && c.ClientDepartment != null)?.ClientDepartment;
            var hasLead = leads.Any(l => l.CompanyId == link.CompanyId && (l.ServiceId == null || l.ServiceId == link.ServiceId));
            foreach (var stage in MatrixDesk.Stages)
            {
                foreach (var row in MatrixTemplate.RowsFor(link.CompanyId, link.ServiceId, stage))
                {
                    var deliberate = link.Company == GapCompany && link.Code == GapServiceCode && stage == ServiceStage.Stabilisation
                        && row is { Activity: GapActivity, Side: MatrixSide.Client, Letter: RaciLetter.A };
                    if (!deliberate && !hasExecutive && row.ClientRole == Roles.ClientExecutive && department is not null)
                    {
                        row.Target = MatrixTarget.ClientDepartment;
                        row.ClientRole = null;
                        row.ClientDepartment = department;
                    }

                    if (!hasLead && row.AccountRole == AssignmentRole.DeliveryLead)
                    {
                        row.AccountRole = AssignmentRole.ClientSuccessManager;
                    }

                    if (deliberate)
                    {
                        row.Note = "Исполнительный директор верфи ещё не назначен — ответственный за изменения на стороне клиента не определён.";
                    }

                    db.Set<InteractionMatrixRow>().Add(row);
                }
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
