namespace OneWindow.Web.Features.Documents;

public sealed record DocumentInput(
    [property: Required] DocumentKind? Kind,
    [property: Required, MaxLength(300)] string? TitleRu,
    [property: Required, MaxLength(300)] string? TitleEn,
    IReadOnlyList<string>? ClientRoles,
    string? Text,
    [property: MaxLength(1000)] string? ChangeNote);

public sealed record DraftInput(string? Text, [property: MaxLength(1000)] string? ChangeNote);

public sealed record ReviewInput([property: Required] IReadOnlyList<Guid>? ReviewerIds);

public sealed record CommentInput([property: Required] string? Text);

public sealed record NamedPerson(Guid Id, string Name);

public sealed record DocumentCommentDto(Guid Id, Guid AuthorId, string Author, string Text, DateTimeOffset CreatedAt);

public sealed record VersionSummary(Guid Id, int Number, DocumentVersionStatus Status, string? ChangeNote, DateTimeOffset? PublishedAt);

public sealed record DocumentVersionDto(Guid Id, Guid DocumentId, int Number, DocumentVersionStatus Status, string Text, string? ChangeNote,
    DateTimeOffset? PublishedAt, string? PublishedBy, List<NamedPerson> Reviewers, List<DocumentCommentDto> Comments, int Version);

public sealed record DocumentDto(Guid Id, DocumentKind Kind, string TitleRu, string TitleEn, IReadOnlyList<string> ClientRoles,
    Guid? PublishedVersionId, int? PublishedNumber, DateTimeOffset? PublishedAt, List<VersionSummary> Versions, int Version);

public sealed record PendingDocument(Guid DocumentId, Guid VersionId, int Number, string TitleRu, string TitleEn, DateTimeOffset? PublishedAt);

/// <summary>
/// The SSC's codes and regulations: editors (Admin, QualityManager) write drafts, send them to chosen reviewers (SSC
/// staff or client executives), who comment, and publish; a published version is frozen and the one before it is
/// superseded. The audience acknowledges the current published version. One write path for the API and the pages.
/// </summary>
public sealed class DocumentDesk(AppDbContext db, CurrentActor actor, TimeProvider clock)
{
    public const string EditorsOnly = "Only the SSC's administrators and quality managers edit codes and regulations.";
    public const string Frozen = "A published version is frozen: start a new draft to change it.";

    public static bool IsEditor(CurrentActor actor) =>
        actor.Kind == ActorKind.Person && !actor.IsClient && (actor.Principal.IsInRole(Roles.Admin) || actor.Principal.IsInRole(Roles.QualityManager));

    /// <summary>SSC staff (any SSC role, no company) and client people holding one of the document's client roles.</summary>
    public static bool InAudience(CurrentActor actor, Document document) =>
        actor.Kind == ActorKind.Person && (actor.IsClient
            ? document.AudienceRoles().Any(actor.Principal.IsInRole)
            : Roles.Ssc.Any(actor.Principal.IsInRole));

    /// <summary>The audience as people: active SSC staff with an SSC role, and active client people with one of the document's client roles.</summary>
    public static IQueryable<People.AppUser> Audience(AppDbContext db, Document document)
    {
        string[] ssc = [.. Roles.Ssc];
        string[] client = [.. document.AudienceRoles().Where(Roles.IsClientRole)];
        var sscRoles = db.Roles.Where(r => ssc.Contains(r.Name!)).Select(r => r.Id);
        var clientRoles = db.Roles.Where(r => client.Contains(r.Name!)).Select(r => r.Id);
        return db.Users.Where(u => u.IsActive && (u.CompanyId == null
            ? db.UserRoles.Any(ur => ur.UserId == u.Id && sscRoles.Contains(ur.RoleId))
            : db.UserRoles.Any(ur => ur.UserId == u.Id && clientRoles.Contains(ur.RoleId))));
    }

    /// <summary>Whether the actor may read this version: SSC staff any; others the current published one of their audience, or one they review.</summary>
    public static async Task<bool> CanReadAsync(AppDbContext db, CurrentActor actor, Document document, DocumentVersion version, CancellationToken ct)
    {
        if (actor.Kind != ActorKind.Person)
        {
            return false;
        }

        if (!actor.IsClient)
        {
            return true;
        }

        return (version.Status == DocumentVersionStatus.Published && InAudience(actor, document))
            || await db.Set<DocumentReviewer>().AnyAsync(r => r.VersionId == version.Id && r.UserId == actor.UserId, ct);
    }

    /// <summary>Whether the actor may see the document at all (its audience, SSC staff, or a reviewer of one of its versions).</summary>
    public static async Task<bool> CanSeeAsync(AppDbContext db, CurrentActor actor, Document document, CancellationToken ct) =>
        actor.Kind == ActorKind.Person && (!actor.IsClient || InAudience(actor, document)
            || await db.Set<DocumentReviewer>().AnyAsync(r => r.UserId == actor.UserId && db.Set<DocumentVersion>().Any(v => v.Id == r.VersionId && v.DocumentId == document.Id), ct));

    public static async Task<List<DocumentDto>> ListAsync(AppDbContext db, CurrentActor actor, CancellationToken ct)
    {
        var documents = await db.Set<Document>().AsNoTracking().Include(d => d.Versions).OrderBy(d => d.TitleRu).Take(500).ToListAsync(ct);
        var result = new List<DocumentDto>();
        foreach (var d in documents)
        {
            if (await CanSeeAsync(db, actor, d, ct))
            {
                result.Add(await ToDtoAsync(db, actor, d, ct));
            }
        }

        return result;
    }

    public static async Task<DocumentDto?> GetAsync(AppDbContext db, CurrentActor actor, Guid id, CancellationToken ct)
    {
        var document = await db.Set<Document>().AsNoTracking().Include(d => d.Versions).FirstOrDefaultAsync(d => d.Id == id, ct);
        return document is null || !await CanSeeAsync(db, actor, document, ct) ? null : await ToDtoAsync(db, actor, document, ct);
    }

    private static async Task<DocumentDto> ToDtoAsync(AppDbContext db, CurrentActor actor, Document d, CancellationToken ct)
    {
        var published = d.Versions.FirstOrDefault(v => v.Status == DocumentVersionStatus.Published);
        var reviewing = actor.IsClient
            ? await db.Set<DocumentReviewer>().Where(r => r.UserId == actor.UserId).Select(r => r.VersionId).ToListAsync(ct)
            : [];
        var versions = d.Versions.Where(v => !actor.IsClient || v.Status == DocumentVersionStatus.Published || reviewing.Contains(v.Id))
            .OrderByDescending(v => v.Number).Select(v => new VersionSummary(v.Id, v.Number, v.Status, v.ChangeNote, v.PublishedAt)).ToList();
        return new DocumentDto(d.Id, d.Kind, d.TitleRu, d.TitleEn, d.AudienceRoles(), published?.Id, published?.Number, published?.PublishedAt, versions, d.Version);
    }

    /// <summary>A version with its reviewers and comments, or null when the actor may not read it.</summary>
    public static async Task<DocumentVersionDto?> GetVersionAsync(AppDbContext db, CurrentActor actor, Guid versionId, CancellationToken ct)
    {
        var version = await db.Set<DocumentVersion>().AsNoTracking().Include(v => v.Reviewers).FirstOrDefaultAsync(v => v.Id == versionId, ct);
        if (version is null)
        {
            return null;
        }

        var document = await db.Set<Document>().AsNoTracking().FirstAsync(d => d.Id == version.DocumentId, ct);
        if (!await CanReadAsync(db, actor, document, version, ct))
        {
            return null;
        }

        var ids = version.Reviewers.Select(r => r.UserId).ToList();
        var reviewers = await db.Users.IgnoreQueryFilters().Where(u => ids.Contains(u.Id)).Select(u => new NamedPerson(u.Id, u.FullName)).ToListAsync(ct);
        var comments = await db.Set<DocumentComment>().AsNoTracking().Where(c => c.VersionId == versionId)
            .Select(c => new DocumentCommentDto(c.Id, c.AuthorId, db.Users.IgnoreQueryFilters().Where(u => u.Id == c.AuthorId).Select(u => u.FullName).FirstOrDefault() ?? "",
                c.Text, c.CreatedAt))
            .ToListAsync(ct);
        var publishedBy = version.PublishedById is { } by ? await db.Users.IgnoreQueryFilters().Where(u => u.Id == by).Select(u => u.FullName).FirstOrDefaultAsync(ct) : null;
        return new DocumentVersionDto(version.Id, version.DocumentId, version.Number, version.Status, version.Text, version.ChangeNote, version.PublishedAt,
            publishedBy, [.. reviewers.OrderBy(r => r.Name, StringComparer.CurrentCulture)], [.. comments.OrderBy(c => c.CreatedAt)], version.Version);
    }

    /// <summary>The people of the audience who have not acknowledged the current published version (empty when none is published).</summary>
    public static async Task<List<NamedPerson>> NotReadAsync(AppDbContext db, Guid documentId, CancellationToken ct)
    {
        var document = await db.Set<Document>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId, ct);
        var current = await db.Set<DocumentVersion>().Where(v => v.DocumentId == documentId && v.Status == DocumentVersionStatus.Published)
            .Select(v => (Guid?)v.Id).FirstOrDefaultAsync(ct);
        if (document is null || current is not { } versionId)
        {
            return [];
        }

        var acknowledged = db.Set<DocumentAcknowledgement>().Where(a => a.VersionId == versionId).Select(a => a.UserId);
        var people = await Audience(db, document).Where(u => !acknowledged.Contains(u.Id)).Select(u => new NamedPerson(u.Id, u.FullName)).ToListAsync(ct);
        return [.. people.OrderBy(p => p.Name, StringComparer.CurrentCulture)];
    }

    /// <summary>The current published versions the actor belongs to the audience of and has not acknowledged yet.</summary>
    public static async Task<List<PendingDocument>> PendingAsync(AppDbContext db, CurrentActor actor, CancellationToken ct)
    {
        if (actor.Kind != ActorKind.Person || actor.UserId is not { } me)
        {
            return [];
        }

        var open = await db.Set<DocumentVersion>().AsNoTracking()
            .Where(v => v.Status == DocumentVersionStatus.Published && !db.Set<DocumentAcknowledgement>().Any(a => a.VersionId == v.Id && a.UserId == me))
            .Join(db.Set<Document>(), v => v.DocumentId, d => d.Id, (v, d) => new { Version = v, Document = d })
            .ToListAsync(ct);
        return [.. open.Where(x => InAudience(actor, x.Document)).OrderBy(x => x.Document.TitleRu)
            .Select(x => new PendingDocument(x.Document.Id, x.Version.Id, x.Version.Number, x.Document.TitleRu, x.Document.TitleEn, x.Version.PublishedAt))];
    }

    public async Task<DeskResult> CreateAsync(DocumentInput input, CancellationToken ct)
    {
        if (!IsEditor(actor))
        {
            return DeskResult.Refused(EditorsOnly);
        }

        var errors = Annotations.Check(input);
        if (input.Kind is { } kind && !Enum.IsDefined(kind))
        {
            errors["kind"] = ["kind must be Code or Regulation."];
        }

        if (input.TitleRu is { } ru && string.IsNullOrWhiteSpace(ru))
        {
            errors["titleRu"] = ["The Russian title is required."];
        }

        if (input.TitleEn is { } en && string.IsNullOrWhiteSpace(en))
        {
            errors["titleEn"] = ["The English title is required."];
        }

        if (input.ClientRoles is { } roles && roles.Any(r => r is null || !Roles.IsClientRole(r)))
        {
            errors["clientRoles"] = ["Client roles are ClientUser and ClientExecutive."];
        }

        CheckText(errors, input.Text);
        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        var document = new Document
        {
            Kind = input.Kind!.Value, TitleRu = input.TitleRu!.Trim(), TitleEn = input.TitleEn!.Trim(),
            ClientRoles = string.Join(',', (input.ClientRoles ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
        };
        document.Versions.Add(new DocumentVersion
        {
            DocumentId = document.Id, Number = 1, Text = input.Text ?? "", Status = DocumentVersionStatus.Draft, ChangeNote = Note(input.ChangeNote),
        });
        db.Set<Document>().Add(document);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(document.Id);
    }

    /// <summary>A new draft copied from the current published version (or the latest one); refused while another draft or review is open.</summary>
    public async Task<DeskResult> NewDraftAsync(Guid documentId, CancellationToken ct)
    {
        if (!IsEditor(actor))
        {
            return DeskResult.Refused(EditorsOnly);
        }

        var versions = await db.Set<DocumentVersion>().Where(v => v.DocumentId == documentId).ToListAsync(ct);
        if (versions.Count == 0)
        {
            return DeskResult.Missing;
        }

        if (versions.FirstOrDefault(v => v.Status is DocumentVersionStatus.Draft or DocumentVersionStatus.Review) is { } open)
        {
            return DeskResult.Clash($"Version {open.Number} is still a draft or under review: change it instead.");
        }

        var source = versions.FirstOrDefault(v => v.Status == DocumentVersionStatus.Published) ?? versions.MaxBy(v => v.Number)!;
        var draft = new DocumentVersion
        {
            DocumentId = documentId, Number = versions.Max(v => v.Number) + 1, Text = source.Text, Status = DocumentVersionStatus.Draft,
        };
        db.Set<DocumentVersion>().Add(draft);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(draft.Id);
    }

    public async Task<DeskResult> EditDraftAsync(DocumentVersion version, DraftInput input, CancellationToken ct)
    {
        if (!IsEditor(actor))
        {
            return DeskResult.Refused(EditorsOnly);
        }

        if (version.Status is not (DocumentVersionStatus.Draft or DocumentVersionStatus.Review))
        {
            return DeskResult.Clash(Frozen);
        }

        var errors = Annotations.Check(input);
        CheckText(errors, input.Text);
        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return invalid;
        }

        version.Text = input.Text ?? version.Text;
        version.ChangeNote = input.ChangeNote is null ? version.ChangeNote : Note(input.ChangeNote);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(version.Id);
    }

    /// <summary>Sends a draft to review by the chosen people (replacing the reviewers of a version already under review).</summary>
    public async Task<DeskResult> SendToReviewAsync(DocumentVersion version, ReviewInput input, CancellationToken ct)
    {
        if (!IsEditor(actor))
        {
            return DeskResult.Refused(EditorsOnly);
        }

        if (version.Status is not (DocumentVersionStatus.Draft or DocumentVersionStatus.Review))
        {
            return DeskResult.Clash(Frozen);
        }

        if (input.ReviewerIds is not { Count: > 0 } ids)
        {
            return DeskResult.Field("reviewerIds", "Choose at least one reviewer.");
        }

        if (ids.Count > 100)
        {
            return DeskResult.Field("reviewerIds", "At most 100 reviewers.");
        }

        var chosen = ids.Distinct().ToList();
        var found = await db.Users.IgnoreQueryFilters().Where(u => chosen.Contains(u.Id) && u.IsActive).Select(u => u.Id).ToListAsync(ct);
        if (found.Count != chosen.Count)
        {
            return DeskResult.Field("reviewerIds", "Every reviewer must be an active person.");
        }

        await db.Entry(version).Collection(v => v.Reviewers).LoadAsync(ct);
        version.Reviewers.RemoveAll(r => !chosen.Contains(r.UserId));
        foreach (var id in chosen.Where(id => version.Reviewers.All(r => r.UserId != id)))
        {
            version.Reviewers.Add(new DocumentReviewer { VersionId = version.Id, UserId = id });
        }

        version.Status = DocumentVersionStatus.Review;
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(version.Id);
    }

    /// <summary>A comment on a version under review: by its reviewers and the SSC's editors only.</summary>
    public async Task<DeskResult> CommentAsync(DocumentVersion version, CommentInput input, CancellationToken ct)
    {
        if (actor.Kind != ActorKind.Person || actor.UserId is not { } me)
        {
            return DeskResult.Refused("Only people comment.");
        }

        var reviewer = await db.Set<DocumentReviewer>().AnyAsync(r => r.VersionId == version.Id && r.UserId == me, ct);
        if (!reviewer && !IsEditor(actor))
        {
            return DeskResult.Refused("Only the chosen reviewers and the SSC's editors comment on a version.");
        }

        if (version.Status != DocumentVersionStatus.Review)
        {
            return DeskResult.Clash("Comments are taken while a version is under review.");
        }

        if (string.IsNullOrWhiteSpace(input.Text))
        {
            return DeskResult.Field("text", "The comment is empty.");
        }

        if (input.Text.Length > DocumentComment.MaxText)
        {
            return DeskResult.Field("text", $"At most {DocumentComment.MaxText} characters.");
        }

        var comment = new DocumentComment { VersionId = version.Id, AuthorId = me, Text = input.Text.Trim() };
        db.Set<DocumentComment>().Add(comment);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(comment.Id);
    }

    /// <summary>Publishes a draft or reviewed version; the one published before it is superseded, so everyone must acknowledge afresh.</summary>
    public async Task<DeskResult> PublishAsync(DocumentVersion version, CancellationToken ct)
    {
        if (!IsEditor(actor))
        {
            return DeskResult.Refused(EditorsOnly);
        }

        if (version.Status is not (DocumentVersionStatus.Draft or DocumentVersionStatus.Review))
        {
            return DeskResult.Clash(Frozen);
        }

        if (string.IsNullOrWhiteSpace(version.Text))
        {
            return DeskResult.Field("text", "An empty version cannot be published.");
        }

        var previous = await db.Set<DocumentVersion>()
            .Where(v => v.DocumentId == version.DocumentId && v.Status == DocumentVersionStatus.Published && v.Id != version.Id).ToListAsync(ct);
        foreach (var old in previous)
        {
            old.Status = DocumentVersionStatus.Superseded;
        }

        version.Status = DocumentVersionStatus.Published;
        version.PublishedAt = clock.GetUtcNow();
        version.PublishedById = actor.UserId;
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(version.Id);
    }

    /// <summary>The actor confirms reading the document's current published version; a second confirmation changes nothing.</summary>
    public async Task<DeskResult> AcknowledgeAsync(Guid documentId, CancellationToken ct)
    {
        var document = await db.Set<Document>().FirstOrDefaultAsync(d => d.Id == documentId, ct);
        if (document is null)
        {
            return DeskResult.Missing;
        }

        if (!InAudience(actor, document) || actor.UserId is not { } me)
        {
            return DeskResult.Refused("This document is not addressed to you.");
        }

        var current = await db.Set<DocumentVersion>().Where(v => v.DocumentId == documentId && v.Status == DocumentVersionStatus.Published)
            .Select(v => (Guid?)v.Id).FirstOrDefaultAsync(ct);
        if (current is not { } versionId)
        {
            return DeskResult.Clash("The document has no published version yet.");
        }

        if (!await db.Set<DocumentAcknowledgement>().AnyAsync(a => a.VersionId == versionId && a.UserId == me, ct))
        {
            db.Set<DocumentAcknowledgement>().Add(new DocumentAcknowledgement { VersionId = versionId, UserId = me, At = clock.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (ApiExceptionHandler.IsUniqueViolation(e))
            {
                // The same person confirmed twice at once (two tabs): the other confirmation stands.
            }
        }

        return DeskResult.Ok(versionId);
    }

    private static void CheckText(Dictionary<string, string[]> errors, string? text)
    {
        if (text is { Length: > DocumentVersion.MaxText })
        {
            errors["text"] = [$"At most {DocumentVersion.MaxText} characters."];
        }
    }

    private static string? Note(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();
}
