using Microsoft.AspNetCore.Http.Features;
using OneWindow.Web.Features.Attachments;

namespace OneWindow.Web.Features.Tickets;

[FeatureSeam]
public sealed record AttachmentDto(Guid Id, Guid TicketId, Guid? MessageId, string FileName, string ContentType, long Size, string? Sha256,
    string? RefusedReason, AttachmentSource Source, bool IsPublic, string? UploadedByName, DateTimeOffset CreatedAt, string? DownloadUrl);

/// <summary>
/// Uploading files to a ticket, listing them, and downloading them as whoever may see the ticket. The files themselves
/// are the Attachments feature's business (checking, storing, sweeping orphans); who may see them is the ticket's.
/// </summary>
public static class TicketAttachmentEndpoints
{
    public static RouteGroupBuilder MapTicketAttachmentEndpoints(this RouteGroupBuilder api)
    {
        var group = api.WithTags("Attachments");
        // Antiforgery is off for this multipart endpoint as for the JSON ones: callers use a bearer token, or the
        // SameSite=Lax sign-in cookie, which browsers do not send on cross-site POSTs.
        group.MapPost("/tickets/{id:guid}/attachments", UploadAsync).WithName("UploadTicketAttachments").DisableAntiforgery();
        group.MapGet("/tickets/{id:guid}/attachments", ListAsync).WithName("ListTicketAttachments");
        group.MapGet("/attachments/{id:guid}", DownloadAsync).WithName("DownloadAttachment");
        return api;
    }

    /// <summary>Attachments of a ticket as the actor may see them (clients: not those of internal notes); null when the ticket is not visible.</summary>
    public static async Task<List<AttachmentDto>?> LoadAsync(AppDbContext db, CurrentActor actor, Guid ticketId, CancellationToken ct)
    {
        if (!await db.Tickets.AsNoTracking().VisibleTo(actor).AnyAsync(t => t.Id == ticketId, ct))
        {
            return null;
        }

        var query = db.Set<TicketAttachment>().AsNoTracking().Where(a => a.TicketId == ticketId);
        if (actor.IsClient)
        {
            query = query.Where(a => a.IsPublic);
        }

        return [.. (await query.OrderBy(a => a.CreatedAt).ToListAsync(ct)).Select(ToDto)];
    }

    public static AttachmentDto ToDto(TicketAttachment a) => new(a.Id, a.TicketId, a.MessageId, a.FileName, a.ContentType, a.Size, a.Sha256,
        a.RefusedReason, a.Source, a.IsPublic, a.UploadedByName, a.CreatedAt, a.StorageKey is null ? null : $"/api/v1/attachments/{a.Id}");

    private static async Task<Results<Ok<List<AttachmentDto>>, ProblemHttpResult>> ListAsync(Guid id, AppDbContext db, CurrentActor actor, CancellationToken ct) =>
        await LoadAsync(db, actor, id, ct) is { } list ? TypedResults.Ok(list) : Api.NotFound("ticket");

    private static async Task<Results<Created<List<AttachmentDto>>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        Guid id, HttpRequest request, AppDbContext db, CurrentActor actor, AttachmentService attachments, CancellationToken ct)
    {
        // The ticket is checked before a byte of the body is read: nothing is buffered for a ticket the caller cannot see.
        var ticket = await db.Tickets.AsNoTracking().VisibleTo(actor).Where(t => t.Id == id).Select(t => new { t.Id, t.CompanyId, t.Status }).FirstOrDefaultAsync(ct);
        if (ticket is null)
        {
            return Api.NotFound("ticket");
        }

        if (!request.HasFormContentType)
        {
            return Api.Invalid("files", "Send the files as multipart/form-data.");
        }

        if (ticket.Status == Core.Tickets.TicketStatus.Closed)
        {
            return Api.Invalid("ticket", "The ticket is closed; file a new request and mention its number.");
        }

        var limits = attachments.Limits;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            // Room for every file at its limit plus the form's own bytes; a bigger file is then refused by name, not by a reset connection.
            bodyLimit.MaxRequestBodySize = (limits.MaxBytes * limits.MaxFilesPerMessage) + (1024 * 1024);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return Api.Invalid("files", "The upload could not be read: " + e.Message);
        }

        Guid? messageId = null;
        var isPublic = true;
        if (form.TryGetValue("messageId", out var rawMessage) && !string.IsNullOrWhiteSpace(rawMessage))
        {
            if (!Guid.TryParse(rawMessage, out var mid))
            {
                return Api.Invalid("messageId", "messageId must be the id of a message of this ticket.");
            }

            var message = await db.TicketMessages.AsNoTracking().Where(m => m.Id == mid && m.TicketId == id).Select(m => new { m.Kind, m.AuthorId }).FirstOrDefaultAsync(ct);
            if (message is null || (actor.IsClient && (message.Kind == MessageKind.InternalNote || message.AuthorId != actor.UserId)))
            {
                return Api.Invalid("messageId", "messageId must be the id of a message of this ticket that you wrote.");
            }

            messageId = mid;
            isPublic = message.Kind != MessageKind.InternalNote;
        }

        if (form.Files.Count == 0)
        {
            return Api.Invalid("files", "Attach at least one file.");
        }

        if (form.Files.Count > limits.MaxFilesPerMessage)
        {
            return Api.Invalid("files", attachments.TooMany);
        }

        var target = new AttachmentTarget(ticket.Id, ticket.CompanyId, messageId, isPublic, AttachmentSource.Upload, actor.UserId, actor.Name);
        var stored = new List<TicketAttachment>();
        var errors = new Dictionary<string, List<string>>();
        foreach (var file in form.Files)
        {
            var field = string.IsNullOrEmpty(file.Name) ? "files" : file.Name;
            if (file.Length > limits.MaxBytes)
            {
                Add(errors, field, $"{Core.Files.FileNames.Safe(file.FileName)}: {attachments.TooLarge}");
                continue;
            }

            await using var content = file.OpenReadStream();
            var (attachment, refusal) = await attachments.StoreAsync(target, file.FileName, content, ct);
            if (attachment is null)
            {
                Add(errors, field, refusal!);
                continue;
            }

            stored.Add(attachment);
        }

        if (errors.Count > 0)
        {
            // All or nothing: a refused file fails the request, and what was stored of the others is removed.
            await attachments.DiscardAsync(stored, ct);
            return Api.Invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }

        db.Set<TicketAttachment>().AddRange(stored);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/tickets/{id}/attachments", stored.Select(ToDto).ToList());
    }

    private static void Add(Dictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }

    private static async Task<IResult> DownloadAsync(Guid id, AppDbContext db, CurrentActor actor, IAttachmentStore store, HttpContext http, CancellationToken ct)
    {
        var attachment = await db.Set<TicketAttachment>().AsNoTracking()
            .Where(a => a.Id == id && a.StorageKey != null && db.Tickets.VisibleTo(actor).Any(t => t.Id == a.TicketId))
            .FirstOrDefaultAsync(ct);
        if (attachment is null || (actor.IsClient && !attachment.IsPublic))
        {
            return Api.NotFound("attachment");
        }

        var content = await store.OpenReadAsync(attachment.StorageKey!, ct);
        if (content is null)
        {
            return Api.NotFound("attachment");
        }

        // Served as a download of the sniffed type only; never rendered in the app's origin.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(content, attachment.ContentType, attachment.FileName);
    }
}
