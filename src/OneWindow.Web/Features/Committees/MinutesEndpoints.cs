using OneWindow.Web.Infrastructure.Pdf;

namespace OneWindow.Web.Features.Committees;

/// <summary>
/// /api/v1/committees/meetings/{id}: a meeting's minutes — decisions, attendance, the chair's approval, and the minutes
/// as DOCX and PDF. Read by everyone who may read the meeting (a meeting out of scope is 404); the desk decides who writes.
/// </summary>
public static class MinutesEndpoints
{
    public static RouteGroupBuilder MapMinutesEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/committees/meetings/{id:guid}").WithTags("Committee minutes").RequireAuthorization(ActionItemEndpoints.ReadPolicy);
        g.MapGet("/minutes", ViewAsync).WithName("GetMeetingMinutes")
            .WithSummary("The minutes: chair and secretary, attendance, decisions («СЛУШАЛИ» / «РЕШИЛИ») with their action items, the approval.");
        g.MapPost("/decisions", AddAsync).WithName("AddMeetingDecision").AddEndpointFilter<IdempotencyFilter>();
        g.MapPut("/decisions/{decisionId:guid}", ChangeAsync).WithName("ChangeMeetingDecision");
        g.MapDelete("/decisions/{decisionId:guid}", DeleteAsync).WithName("DeleteMeetingDecision");
        g.MapPut("/attendance", AttendanceAsync).WithName("SetMeetingAttendance").WithSummary("Marks each person given present or absent.");
        g.MapPost("/minutes/approve", ApproveAsync).WithName("ApproveMeetingMinutes")
            .WithSummary("The chair (or an administrator) approves the minutes: decisions become read-only and the minutes are emailed to the members.");
        g.MapGet("/minutes.docx", DocxAsync).WithName("GetMeetingMinutesDocx")
            .Produces(200, contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document").WithSummary("The minutes as DOCX in the GOST R 7.0.97 layout.");
        g.MapGet("/minutes.pdf", PdfAsync).WithName("GetMeetingMinutesPdf")
            .Produces(200, contentType: "application/pdf").ProducesProblem(503).WithSummary("The minutes as PDF; 503 while the PDF printer is unavailable.");
        return api;
    }

    private static async Task<Results<Ok<MinutesView>, ProblemHttpResult>> ViewAsync(Guid id, MinutesDesk desk, CancellationToken ct) =>
        await desk.ViewAsync(id, ct) is { } view ? TypedResults.Ok(view) : Api.NotFound("meeting");

    private static async Task<Results<Created<MinutesView>, ValidationProblem, ProblemHttpResult>> AddAsync(Guid id, DecisionInput input, MinutesDesk desk, CancellationToken ct)
    {
        var result = await desk.AddDecisionAsync(id, input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "meeting");
        }

        return TypedResults.Created($"/api/v1/committees/meetings/{id}/decisions/{result.Id}", (await desk.ViewAsync(id, ct))!);
    }

    private static async Task<Results<Ok<MinutesView>, ValidationProblem, ProblemHttpResult>> ChangeAsync(Guid id, Guid decisionId, DecisionInput input, MinutesDesk desk,
        AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.Set<MeetingDecision>().Where(d => d.MeetingId == id).FindForChangeAsync(decisionId, http, "decision", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        return await AfterAsync(await desk.ChangeDecisionAsync(found.Entity, input, ct), id, desk, ct);
    }

    private static async Task<Results<Ok<MinutesView>, ValidationProblem, ProblemHttpResult>> DeleteAsync(Guid id, Guid decisionId, MinutesDesk desk, AppDbContext db,
        HttpContext http, CancellationToken ct)
    {
        var found = await db.Set<MeetingDecision>().Where(d => d.MeetingId == id).FindForChangeAsync(decisionId, http, "decision", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        return await AfterAsync(await desk.DeleteDecisionAsync(found.Entity, ct), id, desk, ct);
    }

    private static async Task<Results<Ok<MinutesView>, ValidationProblem, ProblemHttpResult>> AttendanceAsync(Guid id, List<AttendanceInput?>? input, MinutesDesk desk,
        CancellationToken ct) =>
        await AfterAsync(await desk.SetAttendanceAsync(id, input, ct), id, desk, ct);

    private static async Task<Results<Ok<MinutesView>, ValidationProblem, ProblemHttpResult>> ApproveAsync(Guid id, MinutesDesk desk, CancellationToken ct) =>
        await AfterAsync(await desk.ApproveAsync(id, ct), id, desk, ct);

    private static async Task<Results<Ok<MinutesView>, ValidationProblem, ProblemHttpResult>> AfterAsync(DeskResult result, Guid id, MinutesDesk desk, CancellationToken ct)
    {
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "meeting");
        }

        return TypedResults.Ok((await desk.ViewAsync(id, ct))!);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DocxAsync(Guid id, MinutesDesk desk, CancellationToken ct) =>
        await desk.ViewAsync(id, ct) is { } view
            ? TypedResults.File(MinutesDocuments.Docx(view), MinutesDocuments.DocxType, MinutesDocuments.FileName(view, "docx"))
            : Api.NotFound("meeting");

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PdfAsync(Guid id, MinutesDesk desk, PdfPrinter printer, CancellationToken ct)
    {
        if (await desk.ViewAsync(id, ct) is not { } view)
        {
            return Api.NotFound("meeting");
        }

        var printed = await printer.PrintAsync(MinutesDocuments.Html(view), ct);
        return printed.Printed
            ? TypedResults.File(printed.Pdf!, "application/pdf", MinutesDocuments.FileName(view, "pdf"))
            : TypedResults.Problem(statusCode: 503, title: "The PDF printer is unavailable.", detail: printed.HeldReason);
    }
}
