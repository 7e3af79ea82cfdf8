using OneWindow.Core.Api;
using OneWindow.Web.Features.ServiceLevels;

namespace OneWindow.Web.Features.Tickets;

[FeatureSeam]
public sealed record TicketSummaryDto(Guid Id, string Number, string Subject, TicketStatus Status, TicketPriority Priority, TicketChannel Channel,
    Guid CompanyId, string CompanyName, Guid? ServiceId, Guid? RequestTypeId, string? RequestTypeName, Guid? TeamId, string? TeamName,
    Guid? AssigneeId, string? AssigneeName, Guid? RequesterId, string? RequesterName, DateTimeOffset CreatedAt, DateTimeOffset LastActivityAt, int Version,
    DateTimeOffset? SlaDueAt, bool SlaBreached);

[FeatureSeam]
public sealed record TicketEventDto(long Id, DateTimeOffset At, TicketEventKind Kind, string? ActorName, TicketStatus? FromStatus, TicketStatus? ToStatus, JsonElement Data, bool IsPublic);
[FeatureSeam]
public sealed record TicketMessageDto(Guid Id, MessageKind Kind, string? AuthorName, string Body, DateTimeOffset CreatedAt, DateTimeOffset? CallAt, string? CallWith);

/// <summary>One ticket as the caller may see it: its summary, details, timeline, conversation, files and SLA/OLA clocks.</summary>
[FeatureSeam]
public sealed record TicketDto(TicketSummaryDto Summary, string Description, JsonElement Fields, string[] Tags, string TrackingUrl,
    IReadOnlyList<TicketEventDto> Timeline, IReadOnlyList<TicketMessageDto> Messages, IReadOnlyList<AttachmentDto> Attachments)
{
    /// <summary>The ticket's SLA and OLA clocks as last computed (on every change of the ticket and by the alert sweep).</summary>
    public IReadOnlyList<TicketClockDto> Clocks { get; init; } = [];
}

/// <summary>
/// One SLA/OLA clock of a ticket as stored: which promise, its state now (a projected breach that has come to pass
/// counts), when it is due, when it was breached or stopped. The live replay with elapsed and remaining time is
/// GET /api/v1/tickets/{id}/clocks.
/// </summary>
[FeatureSeam]
public sealed record TicketClockDto(Guid MetricId, string Metric, MetricSide Side, TimerKind Timer, int Episode, ClockState State, int TargetMinutes,
    DateTimeOffset StartedAt, DateTimeOffset? DueAt, DateTimeOffset? BreachedAt, DateTimeOffset? StoppedAt, DateTimeOffset ComputedAt);

public sealed record TicketActionRequest(TicketAction Action, Guid? AssigneeId, Guid? TeamId, [property: MaxLength(20000)] string? Message);

public sealed record TicketMessageRequest(
    MessageKind Kind,
    [property: Required, MaxLength(100000)] string Body,
    DateTimeOffset? CallAt,
    [property: MaxLength(200)] string? CallWith);

public sealed record CreateTicketRequest(
    Guid RequestTypeId,
    [property: Required, MaxLength(300)] string Subject,
    [property: Required, MaxLength(20000)] string Description,
    Dictionary<string, JsonElement>? Fields,
    TicketPriority? Priority,
    TicketChannel? Channel,
    Guid? RequesterId);

/// <summary>Tickets through the API: the API intake channel, the agent workspace's lists, and the client's view.</summary>
public static class TicketEndpoints
{
    public static RouteGroupBuilder MapTicketEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tickets").WithTags("Tickets");
        group.MapGet("/", ListAsync).WithName("ListTickets");
        group.MapGet("/export.xlsx", TicketListExport.ExportAsync).WithName("ExportTickets").Produces(200, contentType: TicketListExport.XlsxContentType);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetTicket");
        group.MapPost("/", CreateAsync).WithName("CreateTicket").AddEndpointFilter<IdempotencyFilter>();
        group.MapPost("/{id:guid}/actions", ActAsync).WithName("ApplyTicketAction");
        group.MapPost("/{id:guid}/messages", AddMessageAsync).WithName("AddTicketMessage").AddEndpointFilter<IdempotencyFilter>();
        return api;
    }

    private static async Task<Results<Ok<Page<TicketSummaryDto>>, ValidationProblem>> ListAsync(
        [AsParameters] ListParameters list, [AsParameters] TicketListParameters filters, AppDbContext db, CurrentActor actor, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var (parsed, listErrors) = ListRequest.Parse(list.Page, list.PageSize, list.Sort, list.Q, TicketList.SortKeys);
        foreach (var (key, value) in listErrors)
        {
            errors[key] = value;
        }

        if (!TicketList.TryParse(filters, errors, out var filter) || parsed is null)
        {
            return Api.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var zone = await ViewerTime.ForUserAsync(db, actor.UserId, ct);
        var query = await TicketList.QueryAsync(db, actor, filter, parsed.Search, now, zone, personalViewsHideClosed: false, ct);
        return TypedResults.Ok(await query.ToPageAsync(q => q.Sort(db, parsed.Sort), parsed, TicketList.ToSummary(now), TicketList.CountCapFor(parsed.Search), ct));
    }

    private static async Task<Results<Ok<TicketDto>, ProblemHttpResult>> GetAsync(Guid id, AppDbContext db, CurrentActor actor, HttpContext http, CancellationToken ct)
    {
        var dto = await TicketQueries.LoadAsync(db, actor, id, BaseUrl(http), ct);
        if (dto is null)
        {
            return Api.NotFound("ticket");
        }

        Api.SetETag(http, dto.Summary.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Created<TicketDto>, ValidationProblem>> CreateAsync(
        CreateTicketRequest request, TicketDesk desk, AppDbContext db, CurrentActor actor, HttpContext http, CancellationToken ct)
    {
        var channel = request.Channel ?? (actor.IsClient ? TicketChannel.Portal : TicketChannel.Api);
        if (http.User.HasClaim(c => c.Type == "ow:pat"))
        {
            // Integrations are the API channel whatever they claim.
            channel = TicketChannel.Api;
        }

        var (ticket, errors) = await desk.CreateAsync(
            new NewTicket(request.RequestTypeId, request.Subject, request.Description, request.Fields, request.Priority, channel, request.RequesterId), ct);
        if (ticket is null)
        {
            return Api.Invalid(errors);
        }

        return TypedResults.Created($"/api/v1/tickets/{ticket.Id}", (await TicketQueries.LoadCreatedAsync(db, actor, ticket.Id, BaseUrl(http), ct))!);
    }

    private static async Task<Results<Ok<TicketDto>, ValidationProblem, ProblemHttpResult>> ActAsync(
        Guid id, TicketActionRequest request, TicketWorkflow workflow, AppDbContext db, CurrentActor actor, HttpContext http, CancellationToken ct)
    {
        var current = await db.Tickets.AsNoTracking().VisibleTo(actor).Where(t => t.Id == id).Select(t => (int?)t.Version).FirstOrDefaultAsync(ct);
        if (current is null)
        {
            return Api.NotFound("ticket");
        }

        // If-Match is optional here: actions are checked against the current status, but a caller may still pin a version.
        if (http.Request.Headers.IfMatch.Count > 0 && Api.CheckIfMatch(http, current.Value) is { } precondition)
        {
            return precondition;
        }

        var (outcome, error, field) = await workflow.ApplyAsync(id, new TicketCommand(request.Action, request.AssigneeId, request.TeamId, request.Message), ct);
        return outcome switch
        {
            TicketOutcome.Done => TypedResults.Ok((await TicketQueries.LoadAsync(db, actor, id, BaseUrl(http), ct))!),
            TicketOutcome.NotFound => Api.NotFound("ticket"),
            TicketOutcome.Forbidden => TypedResults.Problem(statusCode: 403, type: ProblemTypes.Forbidden, title: "Forbidden.", detail: error),
            _ => Api.Invalid(field ?? "action", error ?? "Not possible."),
        };
    }

    private static async Task<Results<Created<TicketMessageDto>, ValidationProblem, ProblemHttpResult>> AddMessageAsync(
        Guid id, TicketMessageRequest request, TicketWorkflow workflow, AppDbContext db, CancellationToken ct)
    {
        var (outcome, error, field, messageId) = await workflow.AddMessageAsync(id, new TicketWorkflow.NewMessage(request.Kind, request.Body, request.CallAt, request.CallWith), ct);
        if (outcome == TicketOutcome.NotFound)
        {
            return Api.NotFound("ticket");
        }

        if (outcome != TicketOutcome.Done)
        {
            return Api.Invalid(field ?? "kind", error ?? "Not possible.");
        }

        var m = await db.TicketMessages.AsNoTracking().FirstAsync(x => x.Id == messageId, ct);
        return TypedResults.Created($"/api/v1/tickets/{id}", new TicketMessageDto(m.Id, m.Kind, m.AuthorName, m.Body, m.CreatedAt, m.CallAt, m.CallWith));
    }

    private static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}/";
}

public static class TicketSetup
{
    public static IServiceCollection AddOneWindowTickets(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TicketOptions>(configuration.GetSection("Tickets"));
        services.AddSingleton<AutoCloser>().AddHostedService<AutoCloseWorker>();
        services.AddSingleton<ISaveChangesReaction, TicketLiveReaction>();
        return services.AddScoped<TicketDesk>().AddScoped<TicketNumbers>().AddScoped<TicketRouting>().AddScoped<TicketAssigner>().AddScoped<TicketWorkflow>().AddScoped<TicketWatchDesk>().AddScoped<RequestTypeDesk>().AddScoped<RoutingRuleDesk>()
            .AddScoped<IDemoDataSeeder, DemoTickets>()
            .AddScoped<IDemoDataSeeder, DemoTicketHistory>();
    }
}
