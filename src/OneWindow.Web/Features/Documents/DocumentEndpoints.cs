namespace OneWindow.Web.Features.Documents;

/// <summary>
/// /api/v1/documents: the SSC's codes and regulations — versions, review, publishing, the rendered and compared texts,
/// and the audience's acknowledgements. SSC-wide documents: client people see what is addressed to them or given them to review.
/// </summary>
public static class DocumentEndpoints
{
    public static RouteGroupBuilder MapDocumentEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/documents").WithTags("Documents").RequireAuthorization();
        var editors = Policies.QualityOrAdmin;
        g.MapGet("/", ListAsync).WithName("ListDocuments").WithSummary("The codes and regulations the caller may see, with their versions.");
        g.MapPost("/", CreateAsync).WithName("CreateDocument").RequireAuthorization(editors).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Creates a document with its first draft (Markdown).");
        g.MapGet("/pending", PendingAsync).WithName("ListPendingDocuments")
            .WithSummary("The published versions the caller must still acknowledge.");
        g.MapGet("/{id:guid}", GetAsync).WithName("GetDocument");
        g.MapGet("/{id:guid}/versions", VersionsAsync).WithName("ListDocumentVersions");
        g.MapPost("/{id:guid}/versions", NewDraftAsync).WithName("StartDocumentDraft").RequireAuthorization(editors).ProducesProblem(409)
            .WithSummary("Starts a new draft copied from the current published version.");
        g.MapGet("/{id:guid}/diff", DiffAsync).WithName("DiffDocumentVersions").WithSummary("A line diff between two versions of the document (from, to).");
        g.MapPost("/{id:guid}/acknowledge", AcknowledgeAsync).WithName("AcknowledgeDocument").ProducesProblem(409)
            .WithSummary("The caller confirms having read the current published version (idempotent).");
        g.MapGet("/{id:guid}/not-read", NotReadAsync).WithName("ListDocumentNotRead").RequireAuthorization(editors)
            .WithSummary("The people of the audience who have not acknowledged the current published version.");
        g.MapGet("/versions/{id:guid}", GetVersionAsync).WithName("GetDocumentVersion");
        g.MapPut("/versions/{id:guid}", EditDraftAsync).WithName("EditDocumentDraft").RequireAuthorization(editors)
            .ProducesProblem(409).ProducesProblem(412).ProducesProblem(428).WithSummary("Changes a draft (or a version under review); a published version is frozen (409).");
        g.MapPost("/versions/{id:guid}/review", ReviewAsync).WithName("SendDocumentToReview").RequireAuthorization(editors).ProducesProblem(409);
        g.MapPost("/versions/{id:guid}/comments", CommentAsync).WithName("CommentDocumentVersion").ProducesProblem(409)
            .WithSummary("A comment on a version under review, by its reviewers or the SSC's editors.");
        g.MapPost("/versions/{id:guid}/publish", PublishAsync).WithName("PublishDocumentVersion").RequireAuthorization(editors).ProducesProblem(409)
            .WithSummary("Publishes the version; the previously published one is superseded and everyone acknowledges afresh.");
        g.MapGet("/versions/{id:guid}/pdf", PdfAsync).WithName("PrintDocumentVersion").Produces(200, contentType: "application/pdf").ProducesProblem(503)
            .WithSummary("The version printed to PDF under a title block; 503 when the PDF printer (Chromium) is unavailable.");
        g.MapGet("/versions/{id:guid}/docx", DocxAsync).WithName("ExportDocumentVersion").Produces(200, contentType: DocumentFiles.DocxType)
            .WithSummary("The version as a Word document: headings, lists and tables from its Markdown.");
        g.MapPost("/{id:guid}/remind", RemindAsync).WithName("RemindDocumentNotRead").RequireAuthorization(editors).ProducesProblem(409)
            .WithSummary("Emails everyone who has not acknowledged the current published version, now; returns how many were reminded.");
        g.MapGet("/versions/{id:guid}/html", HtmlAsync).WithName("GetDocumentVersionHtml").WithSummary("The version's Markdown rendered as sanitised HTML.")
            .Produces(200, contentType: "text/html");
        return api;
    }

    private static async Task<Ok<List<DocumentDto>>> ListAsync(AppDbContext db, CurrentActor actor, CancellationToken ct) =>
        TypedResults.Ok(await DocumentDesk.ListAsync(db, actor, ct));

    private static async Task<Ok<List<PendingDocument>>> PendingAsync(AppDbContext db, CurrentActor actor, CancellationToken ct) =>
        TypedResults.Ok(await DocumentDesk.PendingAsync(db, actor, ct));

    private static async Task<Results<Ok<DocumentDto>, ProblemHttpResult>> GetAsync(Guid id, AppDbContext db, CurrentActor actor, HttpContext http, CancellationToken ct)
    {
        if (await DocumentDesk.GetAsync(db, actor, id, ct) is not { } dto)
        {
            return Api.NotFound("document");
        }

        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Ok<List<VersionSummary>>, ProblemHttpResult>> VersionsAsync(Guid id, AppDbContext db, CurrentActor actor, CancellationToken ct) =>
        await DocumentDesk.GetAsync(db, actor, id, ct) is { } dto ? TypedResults.Ok(dto.Versions) : Api.NotFound("document");

    private static async Task<Results<Created<DocumentDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(DocumentInput input, DocumentDesk desk,
        AppDbContext db, CurrentActor actor, CancellationToken ct)
    {
        var result = await desk.CreateAsync(input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "document");
        }

        return TypedResults.Created($"/api/v1/documents/{result.Id}", (await DocumentDesk.GetAsync(db, actor, result.Id!.Value, ct))!);
    }

    private static async Task<Results<Created<DocumentVersionDto>, ValidationProblem, ProblemHttpResult>> NewDraftAsync(Guid id, DocumentDesk desk,
        AppDbContext db, CurrentActor actor, CancellationToken ct)
    {
        var result = await desk.NewDraftAsync(id, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "document");
        }

        return TypedResults.Created($"/api/v1/documents/versions/{result.Id}", (await DocumentDesk.GetVersionAsync(db, actor, result.Id!.Value, ct))!);
    }

    private static async Task<Results<Ok<DocumentVersionDto>, ProblemHttpResult>> GetVersionAsync(Guid id, AppDbContext db, CurrentActor actor, HttpContext http,
        CancellationToken ct)
    {
        if (await DocumentDesk.GetVersionAsync(db, actor, id, ct) is not { } dto)
        {
            return Api.NotFound("document version");
        }

        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Ok<DocumentVersionDto>, ValidationProblem, ProblemHttpResult>> EditDraftAsync(Guid id, DraftInput input, DocumentDesk desk,
        AppDbContext db, CurrentActor actor, HttpContext http, CancellationToken ct)
    {
        var found = await db.Set<DocumentVersion>().FindForChangeAsync(id, http, "document version", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        return await AnswerAsync(await desk.EditDraftAsync(found.Entity, input, ct), db, actor, http, ct);
    }

    private static async Task<Results<Ok<DocumentVersionDto>, ValidationProblem, ProblemHttpResult>> ReviewAsync(Guid id, ReviewInput input, DocumentDesk desk,
        AppDbContext db, CurrentActor actor, HttpContext http, CancellationToken ct) =>
        await db.Set<DocumentVersion>().FirstOrDefaultAsync(v => v.Id == id, ct) is { } version
            ? await AnswerAsync(await desk.SendToReviewAsync(version, input, ct), db, actor, http, ct)
            : Api.NotFound("document version");

    private static async Task<Results<Ok<DocumentVersionDto>, ValidationProblem, ProblemHttpResult>> CommentAsync(Guid id, CommentInput input, DocumentDesk desk,
        AppDbContext db, CurrentActor actor, HttpContext http, CancellationToken ct)
    {
        var version = await db.Set<DocumentVersion>().FirstOrDefaultAsync(v => v.Id == id, ct);
        var document = version is null ? null : await db.Set<Document>().FirstAsync(d => d.Id == version.DocumentId, ct);
        if (version is null || !await DocumentDesk.CanReadAsync(db, actor, document!, version, ct))
        {
            return Api.NotFound("document version");
        }

        return await AnswerAsync(await desk.CommentAsync(version, input, ct), db, actor, http, ct);
    }

    private static async Task<Results<Ok<DocumentVersionDto>, ValidationProblem, ProblemHttpResult>> PublishAsync(Guid id, DocumentDesk desk,
        AppDbContext db, CurrentActor actor, HttpContext http, CancellationToken ct) =>
        await db.Set<DocumentVersion>().FirstOrDefaultAsync(v => v.Id == id, ct) is { } version
            ? await AnswerAsync(await desk.PublishAsync(version, ct), db, actor, http, ct)
            : Api.NotFound("document version");

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> HtmlAsync(Guid id, AppDbContext db, CurrentActor actor, CancellationToken ct) =>
        await DocumentDesk.GetVersionAsync(db, actor, id, ct) is { } dto
            ? TypedResults.Text(DocumentText.Html(dto.Text), "text/html; charset=utf-8")
            : Api.NotFound("document version");

    private static async Task<Results<Ok<List<DiffLine>>, ValidationProblem, ProblemHttpResult>> DiffAsync(Guid id, Guid? from, Guid? to, AppDbContext db,
        CurrentActor actor, CancellationToken ct)
    {
        // A document the caller may not see is 404 before any question about the query.
        if (await DocumentDesk.GetAsync(db, actor, id, ct) is null)
        {
            return Api.NotFound("document");
        }

        if (from is null || to is null)
        {
            return Api.Invalid(from is null ? "from" : "to", "Name both versions: from and to.");
        }

        var older = await DocumentDesk.GetVersionAsync(db, actor, from.Value, ct);
        var newer = await DocumentDesk.GetVersionAsync(db, actor, to.Value, ct);
        if (older is null || newer is null || older.DocumentId != id || newer.DocumentId != id)
        {
            return Api.NotFound("document version");
        }

        return TypedResults.Ok(DocumentText.Diff(older.Text, newer.Text));
    }

    private static async Task<Results<Ok<PendingDocument[]>, ProblemHttpResult>> AcknowledgeAsync(Guid id, DocumentDesk desk, AppDbContext db, CurrentActor actor,
        CancellationToken ct)
    {
        var result = await desk.AcknowledgeAsync(id, ct);
        if (!result.IsDone)
        {
            return Api.Problem(result, "document");
        }

        // What is still to acknowledge after this one, so a client can close its prompt or show the next.
        return TypedResults.Ok((await DocumentDesk.PendingAsync(db, actor, ct)).ToArray());
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PdfAsync(Guid id, DocumentFiles files, AppDbContext db, CurrentActor actor,
        HttpContext http, CancellationToken ct)
    {
        await ViewerCulture.UseAsync(http, db, actor, ct);
        if (await DocumentFiles.LoadAsync(db, actor, id, ct) is not { } export)
        {
            return Api.NotFound("document version");
        }

        var printed = await files.PdfAsync(export, ct);
        return printed.Pdf is { } pdf
            ? TypedResults.File(pdf, "application/pdf", export.FileName("pdf"))
            : TypedResults.Problem(title: "The PDF printer is unavailable.", detail: printed.HeldReason, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DocxAsync(Guid id, DocumentFiles files, AppDbContext db, CurrentActor actor,
        HttpContext http, CancellationToken ct)
    {
        await ViewerCulture.UseAsync(http, db, actor, ct);
        return await DocumentFiles.LoadAsync(db, actor, id, ct) is { } export
            ? TypedResults.File(files.Docx(export), DocumentFiles.DocxType, export.FileName("docx"))
            : Api.NotFound("document version");
    }

    private static async Task<Results<Ok<RemindResult>, ProblemHttpResult>> RemindAsync(Guid id, DocumentReminders reminders, CancellationToken ct)
    {
        var (result, reminded) = await reminders.RemindNowAsync(id, ct);
        return result.IsDone ? TypedResults.Ok(new RemindResult(reminded)) : Api.Problem(result, "document");
    }

    private static async Task<Results<Ok<List<NamedPerson>>, ProblemHttpResult>> NotReadAsync(Guid id, AppDbContext db, CancellationToken ct) =>
        await db.Set<Document>().AnyAsync(d => d.Id == id, ct) ? TypedResults.Ok(await DocumentDesk.NotReadAsync(db, id, ct)) : Api.NotFound("document");

    private static async Task<Results<Ok<DocumentVersionDto>, ValidationProblem, ProblemHttpResult>> AnswerAsync(DeskResult result, AppDbContext db, CurrentActor actor,
        HttpContext http, CancellationToken ct)
    {
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "document version");
        }

        var version = await db.Set<DocumentVersion>().Where(v => v.Id == result.Id || db.Set<DocumentComment>().Any(c => c.Id == result.Id && c.VersionId == v.Id))
            .Select(v => v.Id).FirstAsync(ct);
        var dto = (await DocumentDesk.GetVersionAsync(db, actor, version, ct))!;
        Api.SetETag(http, dto.Version);
        return TypedResults.Ok(dto);
    }
}
