namespace OneWindow.Web.Features.Mail;

public sealed record MailTemplateDto(string Key, string Culture, string Subject, string Text, string Html, bool Edited);
public sealed record MailTemplateInput(
    [property: Required, MaxLength(500)] string Subject,
    [property: Required, MaxLength(20000)] string Text,
    [property: Required, MaxLength(40000)] string Html);

/// <summary>Admin editing of the email templates: read the one in force, save an edited version, or go back to the default.</summary>
public static class MailTemplateEndpoints
{
    public static RouteGroupBuilder MapMailTemplateEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/mail/templates/{key}/{culture}").WithTags("Mail").RequireAuthorization(Policies.Admin);
        group.MapGet("/", GetAsync).WithName("GetMailTemplate");
        group.MapPut("/", SaveAsync).WithName("SaveMailTemplate");
        group.MapDelete("/", ResetAsync).WithName("ResetMailTemplate");
        return api;
    }

    public static async Task<MailTemplateDto> LoadAsync(AppDbContext db, string key, string culture, CancellationToken ct)
    {
        var edited = await db.MailTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Key == key && t.Culture == culture, ct);
        if (edited is not null)
        {
            return new MailTemplateDto(key, culture, edited.Subject, edited.Text, edited.Html, true);
        }

        var d = MailTemplates.Default(key, culture);
        return new MailTemplateDto(key, culture, d.Subject, d.Text, d.Html, false);
    }

    private static async Task<Results<Ok<MailTemplateDto>, ProblemHttpResult>> GetAsync(string key, string culture, AppDbContext db, CancellationToken ct) =>
        MailTemplates.IsKnown(key, culture) ? TypedResults.Ok(await LoadAsync(db, key, culture, ct)) : Api.NotFound("mail template");

    private static async Task<Results<Ok<MailTemplateDto>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        string key, string culture, MailTemplateInput input, MailTemplateDesk desk, AppDbContext db, CancellationToken ct)
    {
        var result = await desk.SaveAsync(key, culture, new MailTemplateSource(input.Subject, input.Text, input.Html), ct);
        return result.Outcome switch
        {
            DeskOutcome.Done => TypedResults.Ok(await LoadAsync(db, key, culture, ct)),
            DeskOutcome.Invalid => Api.Invalid(result.Errors!),
            _ => Api.Problem(result, "mail template"),
        };
    }

    private static async Task<Results<Ok<MailTemplateDto>, ProblemHttpResult>> ResetAsync(string key, string culture, MailTemplateDesk desk, AppDbContext db, CancellationToken ct)
    {
        var result = await desk.ResetAsync(key, culture, ct);
        return result.IsDone ? TypedResults.Ok(await LoadAsync(db, key, culture, ct)) : Api.Problem(result, "mail template");
    }
}

/// <summary>An administrator's edits of the email templates: one write path for the API and the templates page.</summary>
public sealed class MailTemplateDesk(AppDbContext db, MailTemplates templates)
{
    /// <summary>Saves an edited template after checking it parses and keeps what its email needs (see MailTemplates.Check); the errors are keyed by part.</summary>
    public async Task<DeskResult> SaveAsync(string key, string culture, MailTemplateSource source, CancellationToken ct)
    {
        if (!MailTemplates.IsKnown(key, culture))
        {
            return DeskResult.Missing;
        }

        if (DeskResult.Invalid(templates.Check(key, source)) is { } invalid)
        {
            return invalid;
        }

        var edited = await db.MailTemplates.FirstOrDefaultAsync(t => t.Key == key && t.Culture == culture, ct);
        if (edited is null)
        {
            edited = new MailTemplateOverride { Key = key, Culture = culture, Subject = source.Subject, Text = source.Text, Html = source.Html };
            db.MailTemplates.Add(edited);
        }
        else
        {
            edited.Subject = source.Subject;
            edited.Text = source.Text;
            edited.Html = source.Html;
        }

        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(edited.Id);
    }

    /// <summary>Goes back to the built-in default by removing the edit (if any).</summary>
    public async Task<DeskResult> ResetAsync(string key, string culture, CancellationToken ct)
    {
        if (!MailTemplates.IsKnown(key, culture))
        {
            return DeskResult.Missing;
        }

        var edited = await db.MailTemplates.FirstOrDefaultAsync(t => t.Key == key && t.Culture == culture, ct);
        if (edited is not null)
        {
            db.MailTemplates.Remove(edited);
            await db.SaveChangesAsync(ct);
        }

        return DeskResult.Ok();
    }
}
