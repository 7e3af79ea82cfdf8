using Fluid;
using OneWindow.Web.Features.Auth;

namespace OneWindow.Web.Features.Tickets;

public sealed record TicketLinkDto(Guid TicketId, string Number, string Subject, TicketStatus Status, TicketLinkKind Kind);
public sealed record LinkRequest([property: Required] Guid? LinkedTicketId);
public sealed record MergeRequest([property: Required] Guid? IntoTicketId);

public sealed record CannedResponseDto(Guid Id, string Title, string Body, Guid? TeamId, string Culture, int Version);
public sealed record CannedResponseInput(
    [property: Required, MaxLength(200)] string Title,
    [property: Required, MaxLength(20000)] string Body,
    Guid? TeamId,
    [property: RegularExpression("^(ru|en)$", ErrorMessage = "culture must be ru or en.")] string Culture = "ru");
public sealed record RenderedResponse(string Text);

/// <summary>Links and merges between tickets of one company, and canned responses with placeholders.</summary>
public static class TicketLinking
{
    private static readonly FluidParser Parser = new();

    public static RouteGroupBuilder MapTicketLinkingEndpoints(this RouteGroupBuilder api)
    {
        var tickets = api.MapGroup("/tickets/{id:guid}").WithTags("Tickets");
        tickets.MapGet("/links", ListLinksAsync).WithName("ListTicketLinks");
        tickets.MapPost("/links", LinkAsync).WithName("LinkTicket").RequireAuthorization(Policies.Ssc);
        tickets.MapPost("/merge", MergeAsync).WithName("MergeTicket").RequireAuthorization(Policies.Ssc);
        tickets.MapGet("/canned-responses/{responseId:guid}", RenderCannedAsync).WithName("RenderCannedResponse").RequireAuthorization(Policies.Ssc);

        var canned = api.MapGroup("/canned-responses").WithTags("Canned responses").RequireAuthorization(Policies.Ssc);
        canned.MapGet("/", ListCannedAsync).WithName("ListCannedResponses");
        canned.MapPost("/", CreateCannedAsync).WithName("CreateCannedResponse").AddEndpointFilter<IdempotencyFilter>()
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.TeamLead, Roles.QualityManager));
        canned.MapDelete("/{responseId:guid}", DeleteCannedAsync).WithName("DeleteCannedResponse")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.TeamLead, Roles.QualityManager));
        return api;
    }

    public static async Task<List<TicketLinkDto>?> LinksAsync(AppDbContext db, CurrentActor actor, Guid id, CancellationToken ct) =>
        await db.Tickets.VisibleTo(actor).AnyAsync(t => t.Id == id, ct) ? await LinksOfAsync(db, actor, id, ct) : null;

    /// <summary>The links of a ticket already known to be visible (the ticket page's projection checked it), to tickets the actor may see.</summary>
    public static Task<List<TicketLinkDto>> LinksOfAsync(AppDbContext db, CurrentActor actor, Guid id, CancellationToken ct) =>
        (from l in db.TicketLinks.AsNoTracking()
                      join t in db.Tickets.VisibleTo(actor) on l.LinkedTicketId equals t.Id
                      where l.TicketId == id
                      orderby t.Number
                      select new TicketLinkDto(t.Id, t.Number, t.Subject, t.Status, l.Kind)).ToListAsync(ct);

    private static async Task<Results<Ok<List<TicketLinkDto>>, ProblemHttpResult>> ListLinksAsync(Guid id, AppDbContext db, CurrentActor actor, CancellationToken ct) =>
        await LinksAsync(db, actor, id, ct) is { } links ? TypedResults.Ok(links) : Api.NotFound("ticket");

    private static async Task<Results<Ok<List<TicketLinkDto>>, ValidationProblem, ProblemHttpResult>> LinkAsync(
        Guid id, LinkRequest request, AppDbContext db, CurrentActor actor, TimeProvider clock, CancellationToken ct)
    {
        var (found, error) = await LinkCoreAsync(db, actor, clock, id, request.LinkedTicketId!.Value, ct);
        if (!found)
        {
            return Api.NotFound("ticket");
        }

        return error is not null ? Api.Invalid("linkedTicketId", error) : TypedResults.Ok((await LinksAsync(db, actor, id, ct))!);
    }

    /// <summary>Links two tickets of one company; returns whether the first exists and, if refused, why.</summary>
    public static async Task<(bool Found, string? Error)> LinkCoreAsync(AppDbContext db, CurrentActor actor, TimeProvider clock, Guid id, Guid otherId, CancellationToken ct)
    {
        var (ticket, other, error) = await PairAsync(db, id, otherId, ct);
        if (ticket is null || error is not null)
        {
            return (ticket is not null, error);
        }

        var now = clock.GetUtcNow();
        AddLinkPair(db, ticket, other!, TicketLinkKind.Related, TicketLinkKind.Related, actor, now);
        ticket.Events.Add(TicketEvents.New(ticket, now, actor, TicketEventKind.Linked, isPublic: false, new JsonObject { ["ticket"] = other!.Number }));
        await db.SaveChangesAsync(ct);
        return (true, null);
    }

    /// <summary>
    /// Merges this ticket into another of the same company: its conversation and watchers move over, it is closed
    /// with a public "merged into" entry, and both keep a link, so the client follows one request.
    /// </summary>
    private static async Task<Results<Ok<TicketDto>, ValidationProblem, ProblemHttpResult>> MergeAsync(
        Guid id, MergeRequest request, AppDbContext db, CurrentActor actor, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var (found, error) = await MergeCoreAsync(db, actor, clock, id, request.IntoTicketId!.Value, ct);
        if (!found)
        {
            return Api.NotFound("ticket");
        }

        return error is not null
            ? Api.Invalid("intoTicketId", error)
            : TypedResults.Ok((await TicketQueries.LoadAsync(db, actor, request.IntoTicketId!.Value, $"{http.Request.Scheme}://{http.Request.Host}/", ct))!);
    }

    public static async Task<(bool Found, string? Error)> MergeCoreAsync(AppDbContext db, CurrentActor actor, TimeProvider clock, Guid id, Guid intoId, CancellationToken ct)
    {
        var (source, target, error) = await PairAsync(db, id, intoId, ct);
        if (source is null || error is not null)
        {
            return (source is not null, error);
        }

        if (source.Status == TicketStatus.Closed || target!.Status == TicketStatus.Closed)
        {
            return (true, "Closed tickets are not merged.");
        }

        var now = clock.GetUtcNow();
        // The set-based moves run before the save: one unit, so a save that fails (a concurrent merge of the same ticket)
        // leaves the conversation where it was.
        await using var unit = await db.Database.BeginUnitOfWorkAsync(ct);
        await db.TicketMessages.Where(m => m.TicketId == source.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.TicketId, target.Id), ct);
        var targetWatchers = await db.TicketWatchers.Where(w => w.TicketId == target.Id).Select(w => w.UserId).ToListAsync(ct);
        await db.TicketWatchers.Where(w => w.TicketId == source.Id && !targetWatchers.Contains(w.UserId)).ExecuteUpdateAsync(s => s.SetProperty(w => w.TicketId, target.Id), ct);

        AddLinkPair(db, source, target, TicketLinkKind.MergedInto, TicketLinkKind.MergedFrom, actor, now);
        source.Events.Add(TicketEvents.New(source, now, actor, TicketEventKind.Merged, isPublic: true, new JsonObject { ["into"] = target.Number }));
        target.Events.Add(TicketEvents.New(target, now, actor, TicketEventKind.Merged, isPublic: true, new JsonObject { ["from"] = source.Number }));
        source.Events.Add(TicketEvents.StatusChange(source, now, actor, source.Status, TicketStatus.Closed));
        source.Status = TicketStatus.Closed;
        source.ClosedAt = now;
        source.MergedIntoId = target.Id;
        source.LastActivityAt = now;
        target.LastActivityAt = now;
        await db.SaveChangesAsync(ct);
        await unit.CommitAsync(ct);
        return (true, null);
    }

    private static async Task<(Ticket? Ticket, Ticket? Other, string? Error)> PairAsync(AppDbContext db, Guid id, Guid otherId, CancellationToken ct)
    {
        var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (ticket is null)
        {
            return (null, null, null);
        }

        var other = await db.Tickets.FirstOrDefaultAsync(t => t.Id == otherId, ct);
        if (other is null || other.Id == ticket.Id || other.CompanyId != ticket.CompanyId)
        {
            return (ticket, null, "Name another ticket of the same company.");
        }

        if (await db.TicketLinks.AnyAsync(l => l.TicketId == ticket.Id && l.LinkedTicketId == other.Id, ct))
        {
            return (ticket, null, "The tickets are already linked.");
        }

        return (ticket, other, null);
    }

    private static void AddLinkPair(AppDbContext db, Ticket a, Ticket b, TicketLinkKind aToB, TicketLinkKind bToA, CurrentActor actor, DateTimeOffset now)
    {
        db.TicketLinks.Add(new TicketLink { TicketId = a.Id, LinkedTicketId = b.Id, CompanyId = a.CompanyId, Kind = aToB, CreatedAt = now, CreatedById = actor.UserId });
        db.TicketLinks.Add(new TicketLink { TicketId = b.Id, LinkedTicketId = a.Id, CompanyId = b.CompanyId, Kind = bToA, CreatedAt = now, CreatedById = actor.UserId });
    }

    /// <summary>The responses an agent may use: shared ones and their own team's.</summary>
    public static async Task<List<CannedResponseDto>> AvailableAsync(AppDbContext db, CurrentActor actor, CancellationToken ct)
    {
        var team = await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.TeamId).FirstOrDefaultAsync(ct);
        return await db.CannedResponses.AsNoTracking().Where(c => c.TeamId == null || c.TeamId == team).OrderBy(c => c.Title)
            .Select(c => new CannedResponseDto(c.Id, c.Title, c.Body, c.TeamId, c.Culture, c.Version)).ToListAsync(ct);
    }

    /// <summary>Fills {{ ticket.number }}, {{ ticket.subject }}, {{ requester.name }} and {{ agent.name }}; a broken template is returned as written.</summary>
    public static async Task<string?> RenderAsync(AppDbContext db, CurrentActor actor, Guid ticketId, Guid responseId, CancellationToken ct)
    {
        var ticket = await db.Tickets.AsNoTracking().Where(t => t.Id == ticketId)
            .Select(t => new { t.Number, t.Subject, Requester = t.Requester != null ? t.Requester.FullName : "" }).FirstOrDefaultAsync(ct);
        var available = await AvailableAsync(db, actor, ct);
        var response = available.FirstOrDefault(c => c.Id == responseId);
        if (ticket is null || response is null)
        {
            return null;
        }

        if (!Parser.TryParse(response.Body, out var template, out _))
        {
            return response.Body;
        }

        var context = new TemplateContext(new
        {
            ticket = new { number = ticket.Number, subject = ticket.Subject },
            requester = new { name = ticket.Requester },
            agent = new { name = actor.Name },
        }, new TemplateOptions { MemberAccessStrategy = new UnsafeMemberAccessStrategy() });
        return await template.RenderAsync(context);
    }

    private static async Task<Results<Ok<RenderedResponse>, ProblemHttpResult>> RenderCannedAsync(Guid id, Guid responseId, AppDbContext db, CurrentActor actor, CancellationToken ct) =>
        await RenderAsync(db, actor, id, responseId, ct) is { } text ? TypedResults.Ok(new RenderedResponse(text)) : Api.NotFound("ticket or canned response");

    private static async Task<Ok<List<CannedResponseDto>>> ListCannedAsync(AppDbContext db, CurrentActor actor, CancellationToken ct) =>
        TypedResults.Ok(await AvailableAsync(db, actor, ct));

    private static async Task<Results<Created<CannedResponseDto>, ValidationProblem>> CreateCannedAsync(CannedResponseInput input, AppDbContext db, CancellationToken ct)
    {
        if (input.TeamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team, ct))
        {
            return Api.Invalid("teamId", "No team with this id.");
        }

        if (!Parser.TryParse(input.Body, out _, out var error))
        {
            return Api.Invalid("body", "The template does not parse: " + error);
        }

        // An explicit null reaches a non-nullable member from JSON: it means the default language, not a failed save.
        var response = new CannedResponse { Title = input.Title.Trim(), Body = input.Body, TeamId = input.TeamId, Culture = input.Culture ?? "ru" };
        db.CannedResponses.Add(response);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/canned-responses/{response.Id}", new CannedResponseDto(response.Id, response.Title, response.Body, response.TeamId, response.Culture, response.Version));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteCannedAsync(Guid responseId, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.CannedResponses.FindForChangeAsync(responseId, http, "canned response", ct);
        if (found.Failed)
        {
            return found.Problem;
        }

        db.CannedResponses.Remove(found.Entity);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
