using OneWindow.Core.Committees;

namespace OneWindow.Web.Features.Committees;

/// <summary>
/// /api/v1/committees: quality committees, their members, meetings (with iCalendar invitations) and cadence proposals.
/// Everyone signed in reads the committees that cover their company (the SSC its scope); the SSC's managers write.
/// A committee out of the caller's reach, and its meetings and proposals, are 404.
/// </summary>
public static class CommitteeEndpoints
{
    public static RouteGroupBuilder MapCommitteeEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/committees").WithTags("Committees").RequireAuthorization();
        var manage = CommitteesSetup.ManagePolicy;
        g.MapGet("/", ListAsync).WithName("ListCommittees").WithSummary("The committees the caller may see, with their covered companies and next meeting.");
        g.MapPost("/", CreateAsync).WithName("CreateCommittee").RequireAuthorization(manage).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Creates a committee; its covered companies follow the scope (a company, a holding's companies, or the companies receiving a service).");
        g.MapGet("/{id:guid}", GetAsync).WithName("GetCommittee");
        g.MapPut("/{id:guid}", ChangeAsync).WithName("ChangeCommittee").RequireAuthorization(manage);
        g.MapPost("/{id:guid}/members", AddMemberAsync).WithName("AddCommitteeMember").RequireAuthorization(manage);
        g.MapDelete("/{id:guid}/members", RemoveMemberAsync).WithName("RemoveCommitteeMember").RequireAuthorization(manage);
        g.MapGet("/{id:guid}/meetings", MeetingsAsync).WithName("ListCommitteeMeetings");
        g.MapPost("/{id:guid}/meetings", ScheduleAsync).WithName("ScheduleCommitteeMeetings").RequireAuthorization(manage)
            .WithSummary("Tops the committee up to three planned meetings on its cadence (days off move to the next working day) and invites the members.");
        g.MapPost("/{id:guid}/pre-meetings", PreMeetingAsync).WithName("ScheduleCommitteePreMeeting").RequireAuthorization(manage).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Plans a pre-meeting of the committee's working group, where routine issues are settled before the committee; the members are invited.");
        g.MapPut("/meetings/{id:guid}", RescheduleAsync).WithName("ChangeCommitteeMeeting").RequireAuthorization(manage)
            .WithSummary("Moves or changes a planned meeting; the members get an updated invitation (same UID, higher SEQUENCE).");
        g.MapPost("/meetings/{id:guid}/cancel", CancelAsync).WithName("CancelCommitteeMeeting").RequireAuthorization(manage);
        g.MapGet("/{id:guid}/proposals", ProposalsAsync).WithName("ListCadenceProposals");
        g.MapPost("/proposals/{id:guid}/accept", AcceptAsync).WithName("AcceptCadenceProposal").RequireAuthorization(manage);
        g.MapPost("/proposals/{id:guid}/reject", RejectAsync).WithName("RejectCadenceProposal").RequireAuthorization(manage);
        return api;
    }

    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    private static async Task<Ok<List<CommitteeSummary>>> ListAsync(AppDbContext db, CurrentActor actor, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await CommitteeQueries.ListAsync(db, actor, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), English, ct));

    private static async Task<Results<Created<CommitteeDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(CommitteeInput input, CommitteeDesk desk, AppDbContext db,
        CurrentActor actor, CancellationToken ct)
    {
        var result = await desk.CreateAsync(input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "committee");
        }

        var dto = await CommitteeQueries.GetAsync(db, actor, result.Id!.Value, English, ct);
        return TypedResults.Created($"/api/v1/committees/{result.Id}", dto);
    }

    private static async Task<Results<Ok<CommitteeDto>, ProblemHttpResult>> GetAsync(Guid id, AppDbContext db, CurrentActor actor, CancellationToken ct) =>
        await CommitteeQueries.GetAsync(db, actor, id, English, ct) is { } dto ? TypedResults.Ok(dto) : Api.NotFound("committee");

    private static async Task<Results<Ok<CommitteeDto>, ValidationProblem, ProblemHttpResult>> ChangeAsync(Guid id, CommitteeInput input, CommitteeDesk desk, AppDbContext db,
        CurrentActor actor, CancellationToken ct)
    {
        var result = await desk.ChangeAsync(id, input, ct);
        return !result.IsDone ? Fail<CommitteeDto>(result, "committee") : TypedResults.Ok((await CommitteeQueries.GetAsync(db, actor, id, English, ct))!);
    }

    private static async Task<Results<Ok<CommitteeDto>, ValidationProblem, ProblemHttpResult>> AddMemberAsync(Guid id, MemberInput input, CommitteeDesk desk, AppDbContext db,
        CurrentActor actor, CancellationToken ct)
    {
        var result = await desk.AddMemberAsync(id, input, ct);
        return !result.IsDone ? Fail<CommitteeDto>(result, "committee") : TypedResults.Ok((await CommitteeQueries.GetAsync(db, actor, id, English, ct))!);
    }

    private static async Task<Results<Ok<CommitteeDto>, ValidationProblem, ProblemHttpResult>> RemoveMemberAsync(Guid id, Guid? personId, CommitteeDesk desk, AppDbContext db,
        CurrentActor actor, CancellationToken ct)
    {
        var result = await desk.RemoveMemberAsync(id, personId, ct);
        return !result.IsDone ? Fail<CommitteeDto>(result, "committee") : TypedResults.Ok((await CommitteeQueries.GetAsync(db, actor, id, English, ct))!);
    }

    private static async Task<Results<Ok<List<MeetingDto>>, ProblemHttpResult>> MeetingsAsync(Guid id, AppDbContext db, CurrentActor actor, CancellationToken ct) =>
        await CommitteeQueries.MeetingsAsync(db, actor, id, ct) is { } list ? TypedResults.Ok(list) : Api.NotFound("committee");

    private static async Task<Results<Ok<List<MeetingDto>>, ValidationProblem, ProblemHttpResult>> ScheduleAsync(Guid id, MeetingDesk desk, AppDbContext db, CurrentActor actor,
        CancellationToken ct)
    {
        var result = await desk.ScheduleAsync(id, ct);
        return !result.IsDone ? Fail<List<MeetingDto>>(result, "committee") : TypedResults.Ok((await CommitteeQueries.MeetingsAsync(db, actor, id, ct))!);
    }

    private static async Task<Results<Created<MeetingDto>, ValidationProblem, ProblemHttpResult>> PreMeetingAsync(Guid id, PreMeetingInput input, MeetingDesk desk,
        AppDbContext db, CurrentActor actor, CancellationToken ct)
    {
        var result = await desk.SchedulePreMeetingAsync(id, input, ct);
        if (!result.IsDone)
        {
            return result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, "committee");
        }

        return TypedResults.Created($"/api/v1/committees/meetings/{result.Id}", (await CommitteeQueries.MeetingAsync(db, actor, result.Id!.Value, ct))!);
    }

    private static async Task<Results<Ok<MeetingDto>, ValidationProblem, ProblemHttpResult>> RescheduleAsync(Guid id, MeetingChangeInput input, MeetingDesk desk, AppDbContext db,
        CurrentActor actor, CancellationToken ct)
    {
        var result = await desk.RescheduleAsync(id, input, ct);
        return !result.IsDone ? Fail<MeetingDto>(result, "meeting") : TypedResults.Ok((await CommitteeQueries.MeetingAsync(db, actor, id, ct))!);
    }

    private static async Task<Results<Ok<MeetingDto>, ValidationProblem, ProblemHttpResult>> CancelAsync(Guid id, MeetingDesk desk, AppDbContext db, CurrentActor actor,
        CancellationToken ct)
    {
        var result = await desk.CancelAsync(id, ct);
        return !result.IsDone ? Fail<MeetingDto>(result, "meeting") : TypedResults.Ok((await CommitteeQueries.MeetingAsync(db, actor, id, ct))!);
    }

    private static async Task<Results<Ok<List<CadenceProposalDto>>, ProblemHttpResult>> ProposalsAsync(Guid id, AppDbContext db, CurrentActor actor, CancellationToken ct) =>
        await CommitteeQueries.ProposalsAsync(db, actor, id, ct) is { } list ? TypedResults.Ok(list) : Api.NotFound("committee");

    private static async Task<Results<Ok<CadenceProposalDto>, ValidationProblem, ProblemHttpResult>> AcceptAsync(Guid id, CommitteeDesk desk, AppDbContext db, CancellationToken ct)
    {
        var result = await desk.AcceptProposalAsync(id, ct);
        return !result.IsDone ? Fail<CadenceProposalDto>(result, "cadence proposal") : TypedResults.Ok((await CommitteeQueries.ProposalAsync(db, id, ct))!);
    }

    private static async Task<Results<Ok<CadenceProposalDto>, ValidationProblem, ProblemHttpResult>> RejectAsync(Guid id, CommitteeDesk desk, AppDbContext db, CancellationToken ct)
    {
        var result = await desk.RejectProposalAsync(id, ct);
        return !result.IsDone ? Fail<CadenceProposalDto>(result, "cadence proposal") : TypedResults.Ok((await CommitteeQueries.ProposalAsync(db, id, ct))!);
    }

    private static Results<Ok<T>, ValidationProblem, ProblemHttpResult> Fail<T>(DeskResult result, string what) =>
        result.Outcome == DeskOutcome.Invalid ? Api.Invalid(result.Errors!) : Api.Problem(result, what);
}
