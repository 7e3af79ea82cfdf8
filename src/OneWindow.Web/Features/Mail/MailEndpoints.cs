using OneWindow.Web.Features.Tickets;

namespace OneWindow.Web.Features.Mail;

public sealed record TriageItemDto(Guid Id, DateTimeOffset ReceivedAt, string FromAddress, string? FromName, string Subject, string Body, string? Reason,
    Guid? CompanyId, Guid? TicketId, JsonElement Attachments, DateTimeOffset? ResolvedAt, int Version)
{
    /// <summary>Triage (could not be matched) or Failed (processing failed at every attempt; see the reason).</summary>
    public InboundOutcome Outcome { get; init; } = InboundOutcome.Triage;

    /// <summary>The message as received (message/rfc822), when it was kept.</summary>
    public string? RawUrl { get; init; }
}

public sealed record OutboxItemDto(Guid Id, DateTimeOffset CreatedAt, string ToAddress, string Subject, string MessageId, Guid? TicketId, OutboxStatus Status,
    int Attempts, DateTimeOffset NextAttemptAt, string? LastError, DateTimeOffset? SentAt);

/// <summary>Registers a ticket from a triaged email: the agent names the client contact and the request type.</summary>
public sealed record TriageTicketRequest([property: Required] Guid? RequesterId, [property: Required] Guid? RequestTypeId);

/// <summary>The triage queue (SSC) and the outbox (Admin).</summary>
public static class MailEndpoints
{
    private static readonly Dictionary<string, Expression<Func<InboundEmail, object?>>> TriageSortable = new(StringComparer.OrdinalIgnoreCase)
    {
        ["receivedAt"] = e => e.ReceivedAt,
        ["fromAddress"] = e => e.FromAddress,
    };

    private static readonly Dictionary<string, Expression<Func<OutboxMessage, object?>>> OutboxSortable = new(StringComparer.OrdinalIgnoreCase)
    {
        ["createdAt"] = m => m.CreatedAt,
        ["nextAttemptAt"] = m => m.NextAttemptAt,
        ["attempts"] = m => m.Attempts,
    };

    public static RouteGroupBuilder MapMailEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/mail").WithTags("Mail");
        group.MapGet("/triage", ListTriageAsync).WithName("ListMailTriage").RequireAuthorization(Policies.Ssc);
        group.MapGet("/triage/{id:guid}/raw", RawMessageAsync).WithName("GetMailTriageRawMessage").RequireAuthorization(Policies.Ssc);
        group.MapPost("/triage/{id:guid}/ticket", TicketFromTriageAsync).WithName("TicketFromMailTriage").RequireAuthorization(Policies.Ssc);
        group.MapPost("/triage/{id:guid}/dismiss", DismissAsync).WithName("DismissMailTriage").RequireAuthorization(Policies.Ssc);
        group.MapGet("/outbox", ListOutboxAsync).WithName("ListMailOutbox").RequireAuthorization(Policies.Admin);
        group.MapPost("/outbox/{id:guid}/retry", RetryAsync).WithName("RetryMailOutbox").RequireAuthorization(Policies.Admin);
        return api;
    }

    private static async Task<Results<Ok<Page<TriageItemDto>>, ValidationProblem>> ListTriageAsync(
        [AsParameters] ListParameters list, bool? resolved, AppDbContext db, CurrentActor actor, CancellationToken ct)
    {
        if (!list.TryParse(TriageSortable.Keys, out var request, out var problem))
        {
            return problem!;
        }

        var query = MailDesk.Triage(db, actor).AsNoTracking();
        query = resolved == true ? query.Where(e => e.ResolvedAt != null) : query.Where(e => e.ResolvedAt == null);
        if (request.Search is { } q)
        {
            var p = Api.Pattern(q);
            query = query.Where(e => e.FromAddress.ToLower().Contains(p) || e.Subject.ToLower().Contains(p));
        }

        var page = await query.Sort(request, TriageSortable, "receivedAt", defaultDescending: true).ToPageAsync(request, e => e, ct);
        return TypedResults.Ok(new Page<TriageItemDto>([.. page.Items.Select(ToDto)], page.PageNumber, page.PageSize, page.Total));
    }

    internal static TriageItemDto ToDto(InboundEmail e) => new(e.Id, e.ReceivedAt, e.FromAddress, e.FromName, e.Subject, e.Body, e.Reason, e.CompanyId, e.TicketId,
        JsonDocument.Parse(e.Attachments).RootElement, e.ResolvedAt, e.Version)
    {
        Outcome = e.Outcome,
        RawUrl = e.RawKey is null ? null : RawUrlOf(e.Id),
    };

    internal static string RawUrlOf(Guid id) => $"/api/v1/mail/triage/{id}/raw";

    /// <summary>The triaged message as received, for the people who work triage to read in their mail program.</summary>
    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> RawMessageAsync(Guid id, AppDbContext db, CurrentActor actor,
        Attachments.IAttachmentStore store, CancellationToken ct)
    {
        var key = await MailDesk.Triage(db, actor).Where(e => e.Id == id).Select(e => e.RawKey).FirstOrDefaultAsync(ct);
        if (key is null || await store.OpenReadAsync(key, ct) is not { } content)
        {
            return Api.NotFound("kept message");
        }

        return TypedResults.File(content, "message/rfc822", $"message-{id}.eml");
    }

    private static async Task<Results<Created<TriageItemDto>, ValidationProblem, ProblemHttpResult>> TicketFromTriageAsync(
        Guid id, TriageTicketRequest request, MailDesk desk, CancellationToken ct)
    {
        var (item, errors) = await desk.RegisterTicketAsync(id, request.RequesterId!.Value, request.RequestTypeId!.Value, ct);
        if (item is null)
        {
            return Api.NotFound("open triage item");
        }

        return errors.Count > 0 ? Api.Invalid(errors) : TypedResults.Created($"/api/v1/tickets/{item.TicketId}", ToDto(item));
    }

    private static async Task<Results<Ok<TriageItemDto>, ProblemHttpResult>> DismissAsync(Guid id, MailDesk desk, CancellationToken ct) =>
        await desk.DismissAsync(id, ct) is { } item ? TypedResults.Ok(ToDto(item)) : Api.NotFound("open triage item");

    private static async Task<Results<Ok<Page<OutboxItemDto>>, ValidationProblem>> ListOutboxAsync(
        [AsParameters] ListParameters list, string? status, AppDbContext db, CancellationToken ct)
    {
        if (!list.TryParse(OutboxSortable.Keys, out var request, out var problem))
        {
            return problem!;
        }

        var query = db.OutboxMessages.AsNoTracking();
        switch (status)
        {
            case null or "":
                break;
            case var s when Enum.TryParse<OutboxStatus>(s, ignoreCase: true, out var parsed) && !int.TryParse(s, out _):
                query = query.Where(m => m.Status == parsed);
                break;
            default:
                return Api.Invalid("status", "status must be one of: pending, sent, failed.");
        }

        if (request.Search is { } q)
        {
            var p = Api.Pattern(q);
            query = query.Where(m => m.ToAddress.ToLower().Contains(p) || m.Subject.ToLower().Contains(p));
        }

        return TypedResults.Ok(await query.Sort(request, OutboxSortable, "createdAt", defaultDescending: true).ToPageAsync(request, m => new OutboxItemDto(
            m.Id, m.CreatedAt, m.ToAddress, m.Subject, m.MessageId, m.TicketId, m.Status, m.Attempts, m.NextAttemptAt, m.LastError, m.SentAt), ct));
    }

    private static async Task<Results<Ok<OutboxItemDto>, ProblemHttpResult>> RetryAsync(Guid id, MailDesk desk, CancellationToken ct) =>
        await desk.RetryAsync(id, ct) is { } m
            ? TypedResults.Ok(new OutboxItemDto(m.Id, m.CreatedAt, m.ToAddress, m.Subject, m.MessageId, m.TicketId, m.Status, m.Attempts, m.NextAttemptAt, m.LastError, m.SentAt))
            : Api.NotFound("unsent outbox message");
}

public static class MailSetup
{
    public static IServiceCollection AddOneWindowMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MailOptions>(configuration.GetSection("Mail"));
        // A developer's local mail catcher rarely speaks TLS; everywhere else STARTTLS is required unless configured.
        services.AddOptions<MailOptions>().PostConfigure<IHostEnvironment>((o, env) =>
        {
            if (env.IsDevelopment())
            {
                o.Imap.StartTls ??= MailTls.WhenAvailable;
                o.Smtp.StartTls ??= MailTls.WhenAvailable;
            }
        });
        services.AddSingleton<MailTemplates>();
        services.AddScoped<Mailer>();
        services.AddScoped<MailTemplateDesk>();
        services.AddScoped<ITicketReplyListener, TicketReplyMailer>();
        services.AddScoped<ITicketIntakeListener, TicketReceivedMailer>();
        services.AddSingleton<ReplyTokenKey>();
        services.AddHostedService<ReplyTokenKeyWarmUp>();
        services.AddScoped<MailTrust>();
        services.AddScoped<InboundMailProcessor>();
        services.AddScoped<MailDesk>();
        services.AddSingleton<MailIntake>();
        services.AddSingleton<MailOutboxSender>();
        services.AddHostedService<MailIntakeWorker>();
        services.AddHostedService<MailOutboxWorker>();
        return services;
    }
}
