using OneWindow.Core.Calendars;
using OneWindow.Core.Interaction;

namespace OneWindow.Web.Features.Interaction;

public sealed record FormatDto(Guid Id, string Key, InteractionKind Kind, string Name, string NameRu, string NameEn, string? DescriptionRu, string? DescriptionEn,
    IReadOnlyList<InteractionFrequency> AllowedFrequencies, IReadOnlyList<InteractionChannel> AllowedChannels, bool IsActive, int SortOrder, int Version);

/// <summary>A chosen or proposed item of a company's menu, with its next date (in the company's zone) while in force.</summary>
[FeatureSeam]
public sealed record InteractionItemDto(Guid Id, Guid CompanyId, Guid FormatId, string FormatKey, string FormatName, InteractionKind Kind,
    InteractionFrequency Frequency, InteractionChannel Channel, int? WorkingDay, DateOnly? FirstDate, int? IntervalWeeks, TimeOnly? MeetingTime, int? MeetingMinutes,
    IReadOnlyList<string> Recipients, string Culture, InteractionStatus Status, string? ProposedByName, string? ChosenByName, DateTimeOffset? ChosenAt, string? Note,
    DateOnly? NextOn, int Version);

/// <summary>A date something is due: a report to send or a meeting to hold.</summary>
[FeatureSeam]
public sealed record UpcomingInteraction(Guid ItemId, string Name, InteractionKind Kind, InteractionChannel Channel, DateOnly On);

/// <summary>A company's menu: its items and what comes next.</summary>
[FeatureSeam]
public sealed record CompanyMenu(Guid CompanyId, string CompanyName, string TimeZoneId, IReadOnlyList<InteractionItemDto> Items, IReadOnlyList<UpcomingInteraction> Upcoming);

public sealed record DeliveryDto(Guid Id, Guid CompanyId, Guid ItemId, string FormatName, DateOnly DueOn, string? Period, InteractionChannel Channel,
    DeliveryOutcome Outcome, string? Reason, string? Detail, IReadOnlyList<string> Recipients, string? FileName, DateTimeOffset At);

/// <summary>
/// Reading the interaction menu. <see cref="ForCompanyAsync"/> is the seam other features (the client 360 card) call:
/// the chosen items and the next deliveries and meetings, as the caller's tenancy lets them see.
/// </summary>
[FeatureSeam]
public static class InteractionQueries
{
    private static bool English(string culture) => culture.StartsWith("en", StringComparison.OrdinalIgnoreCase);

    public static async Task<List<FormatDto>> FormatsAsync(AppDbContext db, bool activeOnly, string culture, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Set<InteractionFormat>().AsNoTracking().Where(f => !activeOnly || f.IsActive).OrderBy(f => f.SortOrder).ThenBy(f => f.Key).ToListAsync(ct);
        return [.. rows.Select(f => ToDto(f, culture))];
    }

    public static FormatDto ToDto(InteractionFormat f, string culture)
    {
        ArgumentNullException.ThrowIfNull(f);
        return new(f.Id, f.Key, f.Kind, English(culture) ? f.NameEn : f.NameRu, f.NameRu, f.NameEn, f.DescriptionRu, f.DescriptionEn,
            InteractionSets.Frequencies(f.AllowedFrequencies), InteractionSets.Channels(f.AllowedChannels), f.IsActive, f.SortOrder, f.Version);
    }

    /// <summary>
    /// The company's menu (every item, ended ones included, newest first) and the next dates of the items in force, or
    /// null when the company is not visible to the caller.
    /// </summary>
    public static async Task<CompanyMenu?> ForCompanyAsync(AppDbContext db, Guid companyId, string culture, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var company = await db.Companies.AsNoTracking().Where(c => c.Id == companyId).Select(c => new { c.Id, c.Name, c.NameEn, c.TimeZoneId }).FirstOrDefaultAsync(ct);
        if (company is null)
        {
            return null;
        }

        var items = await ItemsAsync(db, companyId, null, culture, now, company.TimeZoneId, ct);
        var upcoming = items.Where(i => i.Status == InteractionStatus.Active && i.NextOn is not null)
            .Select(i => new UpcomingInteraction(i.Id, i.FormatName, i.Kind, i.Channel, i.NextOn!.Value)).OrderBy(u => u.On).ToList();
        return new CompanyMenu(company.Id, English(culture) && company.NameEn is { Length: > 0 } en ? en : company.Name, company.TimeZoneId, items, upcoming);
    }

    /// <summary>One item as the caller may see it, or null.</summary>
    public static async Task<InteractionItemDto?> ItemAsync(AppDbContext db, Guid id, string culture, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await db.Set<CompanyInteraction>().AsNoTracking().Where(i => i.Id == id)
            .Select(i => new { i.CompanyId, Zone = db.Companies.Where(c => c.Id == i.CompanyId).Select(c => c.TimeZoneId).FirstOrDefault() }).FirstOrDefaultAsync(ct);
        return row is null ? null : (await ItemsAsync(db, row.CompanyId, id, culture, now, row.Zone ?? "", ct)).FirstOrDefault();
    }

    private static async Task<List<InteractionItemDto>> ItemsAsync(AppDbContext db, Guid companyId, Guid? id, string culture, DateTimeOffset now, string zoneId,
        CancellationToken ct)
    {
        var rows = await db.Set<CompanyInteraction>().AsNoTracking().Where(i => i.CompanyId == companyId && (id == null || i.Id == id))
            .OrderByDescending(i => i.CreatedAt)
            .Select(i => new
            {
                Item = i,
                i.Format!.Key, i.Format.NameRu, i.Format.NameEn, i.Format.Kind,
                Proposer = db.Users.IgnoreQueryFilters().Where(u => u.Id == i.ProposedById).Select(u => u.FullName).FirstOrDefault(),
                Chooser = db.Users.IgnoreQueryFilters().Where(u => u.Id == i.ChosenById).Select(u => u.FullName).FirstOrDefault(),
            }).ToListAsync(ct);
        var today = LocalDates.Of(now, TimeZones.Find(zoneId));
        return [.. rows.Select(r => new InteractionItemDto(r.Item.Id, r.Item.CompanyId, r.Item.FormatId, r.Key, English(culture) ? r.NameEn : r.NameRu, r.Kind,
            r.Item.Frequency, r.Item.Channel, r.Item.WorkingDay, r.Item.FirstDate, r.Item.IntervalWeeks, r.Item.MeetingTime, r.Item.MeetingMinutes,
            Split(r.Item.Recipients), r.Item.Culture, r.Item.Status, r.Proposer, r.Chooser, r.Item.ChosenAt, r.Item.Note,
            NextOn(r.Item, today), r.Item.Version))];
    }

    /// <summary>The item's next date on or after <paramref name="today"/>, or null (continuous items have none).</summary>
    public static DateOnly? NextOn(CompanyInteraction item, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(item);
        return InteractionSchedule.Next(item.Frequency, item.WorkingDay, item.FirstDate, item.IntervalWeeks, today, ProductionCalendar.Russia.IsWorkingDay);
    }

    public static IReadOnlyList<string> Split(string recipients) =>
        (recipients ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The company's delivery log, newest first, or null when the company is not visible to the caller.</summary>
    public static async Task<List<DeliveryDto>?> DeliveriesAsync(AppDbContext db, Guid companyId, string culture, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.Companies.AnyAsync(c => c.Id == companyId, ct))
        {
            return null;
        }

        var rows = await db.Set<InteractionDelivery>().AsNoTracking().Where(d => d.CompanyId == companyId)
            .OrderByDescending(d => d.DueOn).ThenByDescending(d => d.At).Take(Math.Clamp(limit, 1, 1000))
            .Select(d => new { Delivery = d, Format = db.Set<InteractionFormat>().Where(f => f.Id == d.FormatId).Select(f => new { f.NameRu, f.NameEn }).First() })
            .ToListAsync(ct);
        return [.. rows.Select(r => new DeliveryDto(r.Delivery.Id, r.Delivery.CompanyId, r.Delivery.ItemId, English(culture) ? r.Format.NameEn : r.Format.NameRu,
            r.Delivery.DueOn, r.Delivery.Period, r.Delivery.Channel, r.Delivery.Outcome, r.Delivery.Reason, r.Delivery.Detail, Split(r.Delivery.Recipients),
            r.Delivery.FileName, r.Delivery.At))];
    }
}
