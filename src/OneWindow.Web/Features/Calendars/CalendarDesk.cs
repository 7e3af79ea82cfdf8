namespace OneWindow.Web.Features.Calendars;

/// <summary>
/// The one write path for business calendars, called by the API and the admin page alike: settings with the one-default
/// rule, what blocks a delete, dated exceptions and imports. Each change moves the calendar's version on, so its ETag
/// changes and every instance's <see cref="CalendarBook"/> recompiles it.
/// </summary>
public sealed class CalendarDesk(AppDbContext db, TimeProvider clock)
{
    public async Task<DeskResult> CreateAsync(CalendarInput input, CancellationToken ct)
    {
        if (DeskResult.Invalid(await ValidateAsync(input, null, ct)) is { } invalid)
        {
            return invalid;
        }

        var calendar = new ServiceCalendar { Name = input.Name.Trim(), TimeZoneId = input.TimeZoneId.Trim(), WeeklyHours = input.WeeklyHours.Trim() };
        await ApplyAsync(calendar, input, ct);
        db.Calendars.Add(calendar);
        await SaveAsync(ct);
        return DeskResult.Ok(calendar.Id);
    }

    /// <summary>Changes the settings of a calendar the caller loaded (the API with If-Match, the page at the version it showed).</summary>
    public async Task<DeskResult> UpdateAsync(ServiceCalendar calendar, CalendarInput input, CancellationToken ct)
    {
        if (DeskResult.Invalid(await ValidateAsync(input, calendar.Id, ct)) is { } invalid)
        {
            return invalid;
        }

        await ApplyAsync(calendar, input, ct);
        await SaveAsync(ct);
        return DeskResult.Ok(calendar.Id);
    }

    /// <summary>Deletes a calendar nothing refers to; the default one and one in use are refused with the reason.</summary>
    public async Task<DeskResult> DeleteAsync(ServiceCalendar calendar, CancellationToken ct)
    {
        if ((await CalendarRules.UsageAsync(db, calendar, ct)).Reason() is { } reason)
        {
            return DeskResult.Clash(reason);
        }

        db.Calendars.Remove(calendar);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(calendar.Id);
    }

    /// <summary>Sets (adds or replaces) the exception on a date given as yyyy-MM-dd; kind as <see cref="CalendarRules.TryParseKind"/> reads it.</summary>
    public async Task<DeskResult> SetDayAsync(ServiceCalendar calendar, string? date, CalendarDayInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!CalendarRules.TryParseDate(date, out var day))
        {
            errors["date"] = [NotADate(date)];
        }

        if (!CalendarRules.TryParseKind(input.Kind, out var kind))
        {
            errors["kind"] = ["kind must be holiday, workingDay or shortDay."];
        }

        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        var exception = await db.CalendarDays.FirstOrDefaultAsync(d => d.CalendarId == calendar.Id && d.Date == day, ct);
        if (exception is null)
        {
            exception = new ServiceCalendarDay { CalendarId = calendar.Id, Date = day };
            db.CalendarDays.Add(exception);
        }

        exception.Kind = kind;
        exception.Name = string.IsNullOrWhiteSpace(input.Name) ? null : input.Name.Trim();
        // Touched so the version moves on with the exception.
        calendar.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(calendar.Id);
    }

    /// <summary>Removes the exception on a date; not found (with the date in the detail) when there is none.</summary>
    public async Task<DeskResult> RemoveDayAsync(ServiceCalendar calendar, string? date, CancellationToken ct)
    {
        if (!CalendarRules.TryParseDate(date, out var day))
        {
            return DeskResult.Field("date", NotADate(date));
        }

        var exception = await db.CalendarDays.FirstOrDefaultAsync(d => d.CalendarId == calendar.Id && d.Date == day, ct);
        if (exception is null)
        {
            return new DeskResult(DeskOutcome.NotFound, Detail: $"The calendar has no exception on {day:yyyy-MM-dd}.");
        }

        db.CalendarDays.Remove(exception);
        calendar.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(calendar.Id);
    }

    /// <summary>Merges the dates read from an import file into the calendar's exceptions (see <see cref="CalendarImport.PreviewAsync"/> for a dry run).</summary>
    public async Task<CalendarImportResult> ImportAsync(ServiceCalendar calendar, ImportReading reading, CancellationToken ct)
    {
        var existing = await db.CalendarDays.Where(d => d.CalendarId == calendar.Id).ToDictionaryAsync(d => d.Date, ct);
        var plan = CalendarImport.Plan(existing, reading);
        foreach (var day in plan.Apply)
        {
            if (existing.TryGetValue(day.Date, out var current))
            {
                current.Kind = day.Kind;
                current.Name = day.Name;
            }
            else
            {
                db.CalendarDays.Add(new ServiceCalendarDay { CalendarId = calendar.Id, Date = day.Date, Kind = day.Kind, Name = day.Name });
            }
        }

        if (plan.Apply.Count > 0)
        {
            calendar.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }

        return plan.Result(dryRun: false, reading, calendar.Version);
    }

    private static string NotADate(string? date) => $"'{date}' is not a date; use yyyy-MM-dd.";

    /// <summary>Field errors of a calendar's settings (keys as the API spells them); empty when valid.</summary>
    private async Task<Dictionary<string, string[]>> ValidateAsync(CalendarInput input, Guid? self, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors["name"] = ["The name is required."];
        }
        else if (await db.Calendars.AnyAsync(c => c.Name == name && c.Id != self, ct))
        {
            errors["name"] = ["A calendar with this name already exists."];
        }

        if (string.IsNullOrWhiteSpace(input.TimeZoneId) || !BusinessCalendar.IsKnownTimeZone(input.TimeZoneId.Trim()))
        {
            errors["timeZoneId"] = [$"'{input.TimeZoneId}' is not a known IANA time zone (e.g. Europe/Moscow, Asia/Vladivostok)."];
        }

        if (CalendarRules.WeeklyHoursError(input.WeeklyHours) is { } hours)
        {
            errors["weeklyHours"] = [hours];
        }

        if (input.ShortDayMinutes is < 0 or > CalendarRules.MaxShortDayMinutes)
        {
            errors["shortDayMinutes"] = [$"shortDayMinutes must be between 0 and {CalendarRules.MaxShortDayMinutes}."];
        }

        if (input.IsDefault && !input.IsActive)
        {
            errors["isActive"] = ["The default calendar must be active."];
        }

        if (!input.IsDefault && self is { } id && await db.Calendars.AnyAsync(c => c.Id == id && c.IsDefault, ct))
        {
            errors["isDefault"] = ["Exactly one calendar is the default: make another calendar the default instead of clearing it here."];
        }

        return errors;
    }

    /// <summary>
    /// Copies validated settings onto the calendar. A new default clears the old one in the same save, and the first active
    /// calendar becomes the default when there is none, so exactly one stays marked.
    /// </summary>
    private async Task ApplyAsync(ServiceCalendar calendar, CalendarInput input, CancellationToken ct)
    {
        calendar.Name = input.Name.Trim();
        calendar.NameEn = string.IsNullOrWhiteSpace(input.NameEn) ? null : input.NameEn.Trim();
        calendar.TimeZoneId = input.TimeZoneId.Trim();
        calendar.WeeklyHours = WeeklySchedule.Parse(input.WeeklyHours.Trim()).ToString();
        calendar.UsesProductionCalendar = input.UsesProductionCalendar;
        calendar.ShortDayMinutes = input.ShortDayMinutes;
        calendar.IsActive = input.IsActive;
        var others = await db.Calendars.Where(c => c.IsDefault && c.Id != calendar.Id).ToListAsync(ct);
        calendar.IsDefault = input.IsDefault || (others.Count == 0 && input.IsActive);
        if (calendar.IsDefault)
        {
            others.ForEach(c => c.IsDefault = false);
        }
    }

    /// <summary>
    /// Saves calendar changes. When the default moves, the old one is released first in the same transaction: the
    /// one-default index is checked statement by statement, and EF does not order updates by a filtered index.
    /// </summary>
    private async Task SaveAsync(CancellationToken ct)
    {
        var entries = db.ChangeTracker.Entries<ServiceCalendar>().ToList();
        var released = entries.Where(e => e.State == EntityState.Modified && !e.Entity.IsDefault && (bool)e.OriginalValues[nameof(ServiceCalendar.IsDefault)]!)
            .Select(e => e.Entity.Id).ToList();
        var claimed = entries.Any(e => e.Entity.IsDefault && (e.State == EntityState.Added || (e.State == EntityState.Modified && !(bool)e.OriginalValues[nameof(ServiceCalendar.IsDefault)]!)));
        if (released.Count == 0 || !claimed)
        {
            await db.SaveChangesAsync(ct);
            return;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginUnitOfWorkAsync(ct);
            // Not bumping the version here: the tracked update that follows still checks it, so a rival handover loses cleanly.
            await db.Calendars.Where(c => released.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.IsDefault, false), ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
    }
}
