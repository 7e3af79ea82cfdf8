using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Data;
using OneWindow.Web.Features.ServiceLevels;

namespace OneWindow.Web.Tests;

/// <summary>Arranges agreements straight in the database (as the application itself) for tests about who may see them.</summary>
public static class AgreementFixtures
{
    /// <summary>The company's secret agreement: its name appears nowhere else, so a page showing it leaks it.</summary>
    public static async Task<Agreement> AgreementOfAsync(AppDbContext db, Guid companyId)
    {
        var name = "Тайное соглашение " + companyId.ToString("N")[^8..];
        var existing = await db.Agreements.FirstOrDefaultAsync(a => a.CompanyId == companyId && a.Name == name);
        if (existing is not null)
        {
            return existing;
        }

        var agreement = new Agreement { CompanyId = companyId, Name = name, Reference = "SLA-" + companyId.ToString("N")[^6..] };
        agreement.Versions.Add(new AgreementVersion { CompanyId = companyId, Number = 1, ValidFrom = new DateOnly(2026, 1, 1), Notes = "Условия для " + name });
        db.Agreements.Add(agreement);
        await db.SaveChangesAsync();
        return agreement;
    }
}
