namespace OneWindow.Web.Features.Clients;

public sealed record HoldingInput([property: Required, MaxLength(200)] string Name, [property: MaxLength(200)] string? NameEn);

public sealed record CompanyInput(
    [property: Required, MaxLength(200)] string Name,
    [property: MaxLength(100)] string? ShortName,
    [property: MaxLength(200)] string? NameEn,
    [property: RegularExpression(@"^(\d{10}|\d{12})$", ErrorMessage = CompanyDesk.InnInvalid)] string? Inn,
    Guid? HoldingId,
    [property: Required, MaxLength(64)] string TimeZoneId,
    [property: MaxLength(500)] string? EmailDomains,
    bool IsActive = true,
    Guid? CalendarId = null);

/// <summary>Client companies and the holdings that group them: the one write path of the companies API and the admin page.</summary>
public sealed class CompanyDesk(AppDbContext db)
{
    public const string InnInvalid = "INN must be 10 or 12 digits.";
    public const string NameTaken = "A company with this name already exists.";
    public const string NoHolding = "No holding with this id.";
    public const string NoCalendar = "No calendar with this id.";
    public const string InUse = "The company still has services, assignments or people; deactivate it instead (isActive: false).";
    public const string HoldingNameTaken = "A holding with this name already exists.";
    public const string HoldingInUse = "The holding still groups companies; move them first.";

    public async Task<DeskResult> CreateCompanyAsync(CompanyInput input, CancellationToken ct) =>
        await db.SaveAsync(new ClientCompany { Name = input.Name, TimeZoneId = input.TimeZoneId }, await CheckAsync(input, null, ct), c => Apply(c, input), ct);

    public async Task<DeskResult> UpdateCompanyAsync(ClientCompany company, CompanyInput input, CancellationToken ct) =>
        await db.SaveAsync(company, await CheckAsync(input, company.Id, ct), c => Apply(c, input), ct);

    /// <summary>Only a company nothing refers to is deleted; one with history is deactivated instead.</summary>
    public async Task<DeskResult> DeleteCompanyAsync(ClientCompany company, CancellationToken ct)
    {
        var inUse = await db.ClientServices.AnyAsync(s => s.CompanyId == company.Id, ct) || await db.ClientAssignments.AnyAsync(a => a.CompanyId == company.Id, ct)
            || await db.Users.AnyAsync(u => u.CompanyId == company.Id, ct);
        return await db.RemoveAsync(company, inUse ? InUse : null, ct);
    }

    public async Task<DeskResult> CreateHoldingAsync(HoldingInput input, CancellationToken ct) =>
        await db.SaveAsync(new Holding { Name = input.Name }, await CheckAsync(input, null, ct), h => Apply(h, input), ct);

    public async Task<DeskResult> UpdateHoldingAsync(Holding holding, HoldingInput input, CancellationToken ct) =>
        await db.SaveAsync(holding, await CheckAsync(input, holding.Id, ct), h => Apply(h, input), ct);

    public async Task<DeskResult> DeleteHoldingAsync(Holding holding, CancellationToken ct) =>
        await db.RemoveAsync(holding, await db.Companies.IgnoreQueryFilters().AnyAsync(c => c.HoldingId == holding.Id, ct) ? HoldingInUse : null, ct);

    private async Task<DeskResult?> CheckAsync(CompanyInput input, Guid? self, CancellationToken ct)
    {
        var errors = DeskSteps.AnnotationErrors(input);
        if (TimeZones.Refusal(input.TimeZoneId) is { } zone)
        {
            errors["timeZoneId"] = [zone];
        }

        if (input.HoldingId is { } h && !await db.Holdings.AnyAsync(x => x.Id == h, ct))
        {
            errors["holdingId"] = [NoHolding];
        }

        if (input.CalendarId is { } calendar && !await db.Calendars.AnyAsync(x => x.Id == calendar, ct))
        {
            errors["calendarId"] = [NoCalendar];
        }

        // Across every tenant: names are unique in the whole service center.
        var name = input.Name.Trim();
        if (await db.Companies.IgnoreQueryFilters().AnyAsync(c => c.Name == name && c.Id != self, ct))
        {
            errors["name"] = [NameTaken];
        }

        return DeskResult.Invalid(errors);
    }

    private async Task<DeskResult?> CheckAsync(HoldingInput input, Guid? self, CancellationToken ct)
    {
        var errors = DeskSteps.AnnotationErrors(input);
        var name = input.Name.Trim();
        if (await db.Holdings.AnyAsync(h => h.Name == name && h.Id != self, ct))
        {
            errors["name"] = [HoldingNameTaken];
        }

        return DeskResult.Invalid(errors);
    }

    private static void Apply(ClientCompany c, CompanyInput input)
    {
        c.Name = input.Name.Trim();
        c.ShortName = input.ShortName?.Trim();
        c.NameEn = input.NameEn?.Trim();
        c.Inn = input.Inn;
        c.HoldingId = input.HoldingId;
        c.TimeZoneId = input.TimeZoneId;
        c.EmailDomains = input.EmailDomains?.Trim().ToLowerInvariant();
        c.IsActive = input.IsActive;
        c.CalendarId = input.CalendarId;
    }

    private static void Apply(Holding h, HoldingInput input)
    {
        h.Name = input.Name.Trim();
        h.NameEn = input.NameEn?.Trim();
    }
}
