using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Auth;
using OneWindow.Web.Infrastructure.Api;
using OneWindow.Web.Infrastructure.Security;

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

    private static bool Known(string key, string culture) => MailTemplates.Keys.Contains(key) && MailTemplates.Cultures.Contains(culture);

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

    /// <summary>Saves an edited template after checking it parses and keeps what its email needs (see Check); the errors are keyed by part.</summary>
    public static async Task<Dictionary<string, string[]>> SaveCoreAsync(AppDbContext db, MailTemplates templates, string key, string culture, MailTemplateSource source, CancellationToken ct)
    {
        var errors = templates.Check(key, source);
        if (errors.Count > 0)
        {
            return errors;
        }

        var edited = await db.MailTemplates.FirstOrDefaultAsync(t => t.Key == key && t.Culture == culture, ct);
        if (edited is null)
        {
            db.MailTemplates.Add(new MailTemplateOverride { Key = key, Culture = culture, Subject = source.Subject, Text = source.Text, Html = source.Html });
        }
        else
        {
            edited.Subject = source.Subject;
            edited.Text = source.Text;
            edited.Html = source.Html;
        }

        await db.SaveChangesAsync(ct);
        return errors;
    }

    private static async Task<Results<Ok<MailTemplateDto>, ProblemHttpResult>> GetAsync(string key, string culture, AppDbContext db, CancellationToken ct) =>
        Known(key, culture) ? TypedResults.Ok(await LoadAsync(db, key, culture, ct)) : Api.NotFound("mail template");

    private static async Task<Results<Ok<MailTemplateDto>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        string key, string culture, MailTemplateInput input, AppDbContext db, MailTemplates templates, CancellationToken ct)
    {
        if (!Known(key, culture))
        {
            return Api.NotFound("mail template");
        }

        var errors = await SaveCoreAsync(db, templates, key, culture, new MailTemplateSource(input.Subject, input.Text, input.Html), ct);
        return errors.Count > 0 ? Api.Invalid(errors) : TypedResults.Ok(await LoadAsync(db, key, culture, ct));
    }

    private static async Task<Results<Ok<MailTemplateDto>, ProblemHttpResult>> ResetAsync(string key, string culture, AppDbContext db, CancellationToken ct)
    {
        if (!Known(key, culture))
        {
            return Api.NotFound("mail template");
        }

        var edited = await db.MailTemplates.FirstOrDefaultAsync(t => t.Key == key && t.Culture == culture, ct);
        if (edited is not null)
        {
            db.MailTemplates.Remove(edited);
            await db.SaveChangesAsync(ct);
        }

        return TypedResults.Ok(await LoadAsync(db, key, culture, ct));
    }
}
