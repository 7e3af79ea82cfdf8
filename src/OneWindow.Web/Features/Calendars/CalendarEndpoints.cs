using OneWindow.Web.Features.Auth;

namespace OneWindow.Web.Features.Calendars;

/// <summary>Business calendars: settings and exceptions (admin), import from CSV or iCalendar, the day view and the due-date calculator (SSC).</summary>
public static class CalendarEndpoints
{
    private static readonly Dictionary<string, Expression<Func<ServiceCalendar, object?>>> Sort = new(StringComparer.OrdinalIgnoreCase)
    {
        ["name"] = c => c.Name,
        ["timeZoneId"] = c => c.TimeZoneId,
        ["createdAt"] = c => c.CreatedAt,
    };

    public static RouteGroupBuilder MapCalendarEndpoints(this RouteGroupBuilder api)
    {
        var calendars = api.MapGroup("/calendars").WithTags("Calendars").RequireAuthorization(Policies.Ssc);
        calendars.MapGet("/", ListAsync).WithName("ListCalendars");
        calendars.MapGet("/{id:guid}", GetAsync).WithName("GetCalendar");
        calendars.MapPost("/", CreateAsync).WithName("CreateCalendar").RequireAuthorization(Policies.Admin).AddEndpointFilter<IdempotencyFilter>();
        calendars.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateCalendar").RequireAuthorization(Policies.Admin);
        calendars.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteCalendar").RequireAuthorization(Policies.Admin);
        calendars.MapPut("/{id:guid}/days/{date}", SetDayAsync).WithName("SetCalendarDay").RequireAuthorization(Policies.Admin);
        calendars.MapDelete("/{id:guid}/days/{date}", RemoveDayAsync).WithName("RemoveCalendarDay").RequireAuthorization(Policies.Admin);
        // Antiforgery is off for this multipart endpoint as for the JSON ones: callers use a bearer token, or the
        // SameSite=Lax sign-in cookie, which browsers do not send on cross-site POSTs.
        calendars.MapPost("/{id:guid}/import", ImportAsync).WithName("ImportCalendarDays").RequireAuthorization(Policies.Admin).DisableAntiforgery();
        calendars.MapGet("/{id:guid}/days", DaysAsync).WithName("ListCalendarDates");
        calendars.MapGet("/{id:guid}/due", DueAsync).WithName("CalculateCalendarDue");
        return api;
    }

    private static async Task<Results<Ok<Page<CalendarDto>>, ValidationProblem>> ListAsync([AsParameters] ListParameters list, bool? active, AppDbContext db,
        CancellationToken ct)
    {
        if (!list.TryParse(Sort.Keys, out var request, out var problem))
        {
            return problem!;
        }

        var query = db.Calendars.AsNoTracking();
        if (request.Search is { } q)
        {
            var p = Api.Pattern(q);
            query = query.Where(c => c.Name.ToLower().Contains(p) || (c.NameEn != null && c.NameEn.ToLower().Contains(p)));
        }

        if (active is { } a)
        {
            query = query.Where(c => c.IsActive == a);
        }

        return TypedResults.Ok(await query.Sort(request, Sort, "name").ToPageAsync(request, CalendarRules.ToDto, ct));
    }

    private static async Task<Results<Ok<CalendarDetailsDto>, ProblemHttpResult>> GetAsync(Guid id, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        if (await CalendarRules.DetailsAsync(db, id, ct) is not { } dto)
        {
            return Api.NotFound("calendar");
        }

        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Created<CalendarDetailsDto>, ValidationProblem>> CreateAsync(CalendarInput input, CalendarDesk desk, AppDbContext db,
        HttpContext http, CancellationToken ct)
    {
        var result = await desk.CreateAsync(input, ct);
        if (!result.IsDone)
        {
            return Api.Invalid(result.Errors!);
        }

        // Still tracked by the desk's save: found without a query.
        var calendar = (await db.Calendars.FindAsync([result.Id!.Value], ct))!;
        Api.SetETag(http, calendar.Version);
        return TypedResults.Created($"/api/v1/calendars/{calendar.Id}", CalendarRules.ToDetails(calendar));
    }

    private static async Task<Results<Ok<CalendarDetailsDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(Guid id, CalendarInput input, CalendarDesk desk,
        AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.Calendars.Include(c => c.Days).FindForChangeAsync(id, http, "calendar", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var result = await desk.UpdateAsync(found.Entity, input, ct);
        if (!result.IsDone)
        {
            return Api.Invalid(result.Errors!);
        }

        Api.SetETag(http, found.Entity.Version);
        return TypedResults.Ok(CalendarRules.ToDetails(found.Entity));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, CalendarDesk desk, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.Calendars.FindForChangeAsync(id, http, "calendar", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var result = await desk.DeleteAsync(found.Entity, ct);
        return result.IsDone ? TypedResults.NoContent() : Api.Problem(result, "calendar");
    }

    /// <summary>
    /// Loads a calendar for a change of its exceptions. If-Match is optional here (an exception is set or removed as a whole,
    /// by date); when sent it must name the calendar's current version.
    /// </summary>
    private static async Task<Change<ServiceCalendar>> FindForDayChangeAsync(AppDbContext db, Guid id, HttpContext http, CancellationToken ct)
    {
        var calendar = await db.Calendars.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (calendar is null)
        {
            return new Change<ServiceCalendar>(null, Api.NotFound("calendar"));
        }

        return http.Request.Headers.IfMatch.Count > 0 && Api.CheckIfMatch(http, calendar.Version) is { } precondition
            ? new Change<ServiceCalendar>(null, precondition)
            : new Change<ServiceCalendar>(calendar, null);
    }

    private static async Task<Results<Ok<CalendarExceptionDto>, ValidationProblem, ProblemHttpResult>> SetDayAsync(Guid id, string date, CalendarDayInput input,
        CalendarDesk desk, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await FindForDayChangeAsync(db, id, http, ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var result = await desk.SetDayAsync(found.Entity, date, input, ct);
        if (!result.IsDone)
        {
            return Api.Invalid(result.Errors!);
        }

        // The desk accepted the date and still tracks the exception it saved.
        _ = CalendarRules.TryParseDate(date, out var day);
        var saved = db.CalendarDays.Local.Single(d => d.CalendarId == id && d.Date == day);
        Api.SetETag(http, found.Entity.Version);
        return TypedResults.Ok(CalendarRules.ToExceptionDto(saved));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RemoveDayAsync(Guid id, string date, CalendarDesk desk, AppDbContext db,
        HttpContext http, CancellationToken ct)
    {
        var found = await FindForDayChangeAsync(db, id, http, ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        var result = await desk.RemoveDayAsync(found.Entity, date, ct);
        if (result.Errors is { } errors)
        {
            return Api.Invalid(errors);
        }

        if (!result.IsDone)
        {
            // No exception on that date: a 404 that says so.
            return TypedResults.Problem(statusCode: 404, type: ProblemTypes.NotFound, title: "Not found.", detail: result.Detail);
        }

        Api.SetETag(http, found.Entity.Version);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<CalendarImportResult>, ValidationProblem, ProblemHttpResult>> ImportAsync(Guid id, bool? dryRun, int? fromYear, int? toYear,
        HttpRequest request, CalendarDesk desk, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var calendar = await db.Calendars.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (calendar is null)
        {
            return Api.NotFound("calendar");
        }

        var now = clock.GetUtcNow();
        var from = fromYear ?? now.Year;
        var to = toYear ?? Math.Max(from, now.Year + 1);
        var errors = CalendarImport.YearErrors(from, to);
        if (!request.HasFormContentType)
        {
            errors["file"] = ["Send the file as multipart/form-data in a field named 'file'."];
        }

        if (errors.Count > 0)
        {
            return Api.Invalid(errors);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return Api.Invalid("file", "The upload could not be read: " + e.Message);
        }

        var file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null);
        if (file is null || file.Length == 0)
        {
            return Api.Invalid("file", "Attach a CSV or iCalendar (.ics) file in a field named 'file'.");
        }

        if (file.Length > CalendarImport.MaxFileBytes)
        {
            return Api.Invalid("file", $"The file is larger than {CalendarImport.MaxFileBytes / 1024} KiB.");
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var reading = CalendarImport.Read(file.FileName, buffer.ToArray(), from, to);
        if (reading.Error is { } error)
        {
            return Api.Invalid("file", error);
        }

        var result = dryRun == true ? await CalendarImport.PreviewAsync(db, calendar, reading, ct) : await desk.ImportAsync(calendar, reading, ct);
        request.HttpContext.Response.Headers.ETag = OneWindow.Core.Api.ETags.From(result.Version);
        return TypedResults.Ok(result);
    }

    private static async Task<Results<Ok<List<CalendarDateDto>>, ValidationProblem, ProblemHttpResult>> DaysAsync(Guid id, string? from, string? to,
        AppDbContext db, CalendarBook book, CancellationToken ct)
    {
        var calendar = await db.Calendars.AsNoTracking().Include(c => c.Days).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (calendar is null)
        {
            return Api.NotFound("calendar");
        }

        var errors = new Dictionary<string, string[]>();
        if (!CalendarRules.TryParseDate(from, out var first))
        {
            errors["from"] = ["from must be a date, yyyy-MM-dd."];
        }

        if (!CalendarRules.TryParseDate(to, out var last))
        {
            errors["to"] = ["to must be a date, yyyy-MM-dd."];
        }
        else if (errors.Count == 0 && (last < first || last.DayNumber - first.DayNumber + 1 > CalendarRules.MaxDaysInView))
        {
            errors["to"] = [$"to must be on or after from, and the range at most {CalendarRules.MaxDaysInView} days."];
        }

        if (errors.Count > 0)
        {
            return Api.Invalid(errors);
        }

        return TypedResults.Ok(CalendarRules.Days(calendar, book.Get(calendar), first, last));
    }

    private static async Task<Results<Ok<CalendarDueDto>, ValidationProblem, ProblemHttpResult>> DueAsync(Guid id, string? start, string? minutes, AppDbContext db,
        CalendarBook book, CancellationToken ct)
    {
        var calendar = await db.Calendars.AsNoTracking().Include(c => c.Days).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (calendar is null)
        {
            return Api.NotFound("calendar");
        }

        var errors = new Dictionary<string, string[]>();
        // An instant needs its offset: "2026-12-30T14:30:00Z" or "2026-12-30T17:30:00+03:00".
        if (string.IsNullOrWhiteSpace(start) || !System.Text.RegularExpressions.Regex.IsMatch(start.Trim(), @"(Z|[+-]\d{2}:?\d{2})$")
            || !DateTimeOffset.TryParse(start.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            errors["start"] = ["start must be an ISO 8601 instant with an offset, e.g. 2026-12-30T14:30:00Z."];
            at = default;
        }

        if (!int.TryParse(minutes, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > CalendarRules.MaxDueMinutes)
        {
            errors["minutes"] = [$"minutes must be a whole number from 0 to {CalendarRules.MaxDueMinutes}."];
        }

        if (errors.Count > 0)
        {
            return Api.Invalid(errors);
        }

        try
        {
            return TypedResults.Ok(CalendarRules.Due(book.Get(calendar), at, amount));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return Api.Invalid("minutes", "The calendar has no working time to count them in: " + e.Message);
        }
    }
}
