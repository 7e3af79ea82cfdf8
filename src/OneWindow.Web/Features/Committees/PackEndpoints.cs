namespace OneWindow.Web.Features.Committees;

/// <summary>
/// /api/v1/committees/meetings/{id}/pack (JSON, .pdf, .xlsx) and /start (freeze); the issues of a committee and their
/// settlement or escalation; /api/v1/planned-changes. A meeting, committee or company out of the caller's scope is 404.
/// </summary>
public static class PackEndpoints
{
    public static RouteGroupBuilder MapCommitteePackEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/committees").WithTags("Committees").RequireAuthorization();
        g.MapGet("/meetings/{id:guid}/pack", PackAsync).WithName("GetCommitteePack")
            .WithSummary("The meeting's agenda pack: live figures for the committee's companies and period, frozen once the meeting started.");
        g.MapGet("/meetings/{id:guid}/pack.pdf", PdfAsync).WithName("PrintCommitteePack").Produces(200, contentType: "application/pdf").ProducesProblem(503)
            .WithSummary("The pack printed to PDF; 503 when the PDF printer (Chromium) is unavailable.");
        g.MapGet("/meetings/{id:guid}/pack.xlsx", WorkbookAsync).WithName("ExportCommitteePack").Produces(200, contentType: XlsxRows.ContentType)
            .WithSummary("The pack as an Excel workbook, a sheet per section.");
        g.MapPost("/meetings/{id:guid}/start", StartAsync).WithName("StartCommitteeMeeting").RequireAuthorization(Policies.ServiceLevelManagers).ProducesProblem(409)
            .WithSummary("Starts the meeting and freezes its agenda pack.");
        g.MapIssueRoutes();
        api.MapPlannedChangeRoutes();
        return api;
    }

    private static async Task<Results<Ok<CommitteePackDto>, ProblemHttpResult>> PackAsync(Guid id, PackBuilder packs, AppDbContext db, CurrentActor actor,
        HttpContext http, CancellationToken ct)
    {
        await ViewerCulture.UseAsync(http, db, actor, ct);
        return await packs.LoadAsync(id, ct) is { } pack ? TypedResults.Ok(pack) : Api.NotFound("meeting");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PdfAsync(Guid id, PackBuilder packs, PackFiles files, AppDbContext db,
        CurrentActor actor, HttpContext http, CancellationToken ct)
    {
        await ViewerCulture.UseAsync(http, db, actor, ct);
        if (await packs.LoadAsync(id, ct) is not { } pack)
        {
            return Api.NotFound("meeting");
        }

        var printed = await files.PdfAsync(pack, ct);
        return printed.Pdf is { } pdf
            ? TypedResults.File(pdf, "application/pdf", $"committee-pack-{pack.Period}.pdf")
            : TypedResults.Problem(title: "The PDF printer is unavailable.", detail: printed.HeldReason, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> WorkbookAsync(Guid id, PackBuilder packs, PackFiles files, AppDbContext db,
        CurrentActor actor, HttpContext http, CancellationToken ct)
    {
        await ViewerCulture.UseAsync(http, db, actor, ct);
        return await packs.LoadAsync(id, ct) is { } pack
            ? TypedResults.File(await files.WorkbookAsync(pack, ct), XlsxRows.ContentType, $"committee-pack-{pack.Period}.xlsx")
            : Api.NotFound("meeting");
    }

    private static async Task<Results<Ok<CommitteePackDto>, ProblemHttpResult>> StartAsync(Guid id, PackBuilder packs, AppDbContext db, CurrentActor actor,
        HttpContext http, CancellationToken ct)
    {
        await ViewerCulture.UseAsync(http, db, actor, ct);
        var result = await packs.StartAsync(id, ct);
        if (!result.IsDone)
        {
            return Api.Problem(result, "meeting");
        }

        return TypedResults.Ok((await packs.LoadAsync(id, ct))!);
    }
}
