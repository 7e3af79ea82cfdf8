namespace OneWindow.Web.Features.Loyalty;

/// <summary>Demo reward catalogue, so the loyalty page has something to spend points on. Balances start at zero.</summary>
internal sealed class DemoLoyalty(AppDbContext db) : IDemoDataSeeder
{
    public int Order => 200;

    public async Task SeedAsync(CancellationToken ct)
    {
        db.Set<Reward>().AddRange(
            new Reward { NameRu = "Фирменная кружка ЦОБ", NameEn = "SSC branded mug", Description = "Керамическая кружка с логотипом центра", Cost = 30, Stock = 25 },
            new Reward { NameRu = "Приоритетная обработка одной заявки", NameEn = "Priority handling of one request", Description = "Одна заявка обрабатывается вне очереди", Cost = 60, Stock = 100 },
            new Reward { NameRu = "Участие в вебинаре по изменениям НК РФ", NameEn = "Tax code update webinar seat", Cost = 100, Stock = 20 });
        await db.SaveChangesAsync(ct);
    }
}
