using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Data;
using OneWindow.Web.Features.JourneyMaps;

namespace OneWindow.Web.Tests.Features.JourneyMaps;

public static class JourneyMapFixtures
{
    /// <summary>A journey map of the company only (one stage, one step), made once per database.</summary>
    public static async Task<JourneyMap> MapOfAsync(AppDbContext db, Guid company)
    {
        const string title = "Карта только для тенантности";
        if (await db.Set<JourneyMap>().FirstOrDefaultAsync(m => m.CompanyId == company && m.Title == title) is { } existing)
        {
            return existing;
        }

        var service = await db.Services.Where(s => s.Code == "AP").Select(s => s.Id).SingleAsync();
        var map = new JourneyMap { Title = title, Persona = "Бухгалтер", ServiceId = service, CompanyId = company };
        var stage = new JourneyStage { MapId = map.Id, Title = "Этап" };
        stage.Steps.Add(new JourneyStep { MapId = map.Id, StageId = stage.Id, Title = "Шаг" });
        map.Stages.Add(stage);
        db.Add(map);
        await db.SaveChangesAsync();
        return map;
    }
}
