using Microsoft.EntityFrameworkCore;
using OneWindow.Core.Committees;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Committees;

namespace OneWindow.Web.Tests.Features.Committees;

/// <summary>Committees made straight in the database for tenancy checks.</summary>
public static class CommitteeFixtures
{
    /// <summary>A monthly committee covering one company only (named after the company, so a leak shows); made once per company.</summary>
    public static async Task<Committee> CommitteeOfAsync(AppDbContext db, Guid companyId)
    {
        ArgumentNullException.ThrowIfNull(db);
        var company = await db.Companies.IgnoreQueryFilters().SingleAsync(c => c.Id == companyId);
        var name = company.Name + ": комитет";
        if (await db.Set<Committee>().IgnoreQueryFilters().FirstOrDefaultAsync(c => c.CompanyId == companyId && c.Name == name) is { } existing)
        {
            return existing;
        }

        var committee = new Committee
        {
            Name = name, Scope = CommitteeScope.Company, CompanyId = companyId, TimeZoneId = company.TimeZoneId, Cadence = CommitteeCadence.Monthly, FirstDate = new DateOnly(2027, 3, 1),
        };
        committee.Companies.Add(new CommitteeCompany { CommitteeId = committee.Id, CompanyId = companyId });
        db.Set<Committee>().Add(committee);
        await db.SaveChangesAsync();
        return committee;
    }
}
