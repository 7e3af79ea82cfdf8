using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneWindow.Core.Tickets;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Auth;
using OneWindow.Web.Features.Tickets;
using OneWindow.Web.Infrastructure.Api;
using OneWindow.Web.Infrastructure.Tenancy;

namespace OneWindow.Web.Features.Mail;

public sealed record TriageItemDto(Guid Id, DateTimeOffset ReceivedAt, string FromAddress, string? FromName, string Subject, string Body, string? Reason,
    Guid? CompanyId, Guid? TicketId, JsonElement Attachments, DateTimeOffset? ResolvedAt, int Version);

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
        group.MapPost("/triage/{id:guid}/ticket", TicketFromTriageAsync).WithName("TicketFromMailTriage").RequireAuthorization(Policies.Ssc);
        group.MapPost("/triage/{id:guid}/dismiss", DismissAsync).WithName("DismissMailTriage").RequireAuthorization(Policies.Ssc);
        group.MapGet("/outbox", ListOutboxAsync).WithName("ListMailOutbox").RequireAuthorization(Policies.Admin);
        group.MapPost("/outbox/{id:guid}/retry", RetryAsync).WithName("RetryMailOutbox").RequireAuthorization(Policies.Admin);
        return api;
    }

    /// <summary>Triage items the caller may see: all for company-wide roles; for CSMs and Delivery Leads, their companies' only.</summary>
    private static IQueryable<InboundEmail> Triage(AppDbContext db, CurrentActor actor)
    {
        var query = db.InboundEmails.Where(e => e.Outcome == InboundOutcome.Triage);
        if (!actor.Scope.AllCompanies)
        {
            var scope = actor.Scope.CompanyIds.ToArray();
            query = query.Where(e => e.CompanyId != null && scope.Contains(e.CompanyId.Value));
        }

        return query;
    }

    private static async Task<Results<Ok<Page<TriageItemDto>>, ValidationProblem>> ListTriageAsync(
        [AsParameters] ListParameters list, bool? resolved, AppDbContext db, CurrentActor actor, CancellationToken ct)
    {
        if (!list.TryParse(TriageSortable.Keys, out var request, out var problem))
        {
            return problem!;
        }

        var query = Triage(db, actor).AsNoTracking();
        query = resolved == true ? query.Where(e => e.ResolvedAt != null) : query.Where(e => e.ResolvedAt == null);
        if (request.Search is { } q)
        {
            var p = Api.Pattern(q);
            query = query.Where(e => e.FromAddress.ToLower().Contains(p) || e.Subject.ToLower().Contains(p));
        }

        var page = await query.Sort(request, TriageSortable, "receivedAt", defaultDescending: true).ToPageAsync(request, e => e, ct);
        return TypedResults.Ok(new Page<TriageItemDto>([.. page.Items.Select(ToDto)], page.PageNumber, page.PageSize, page.Total));
    }

    private static TriageItemDto ToDto(InboundEmail e) => new(e.Id, e.ReceivedAt, e.FromAddress, e.FromName, e.Subject, e.Body, e.Reason, e.CompanyId, e.TicketId,
        JsonDocument.Parse(e.Attachments).RootElement, e.ResolvedAt, e.Version);

    private static async Task<Results<Created<TriageItemDto>, ValidationProblem, ProblemHttpResult>> TicketFromTriageAsync(
        Guid id, TriageTicketRequest request, TicketDesk desk, AppDbContext db, CurrentActor actor, TimeProvider clock, CancellationToken ct)
    {
        var item = await Triage(db, actor).FirstOrDefaultAsync(e => e.Id == id && e.ResolvedAt == null, ct);
        if (item is null)
        {
            return Api.NotFound("open triage item");
        }

        var subject = string.IsNullOrWhiteSpace(item.Subject) ? item.FromAddress : item.Subject;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var (ticket, errors) = await desk.CreateAsync(new NewTicket(request.RequestTypeId!.Value, MailText.Truncate(subject, 300),
            MailText.Truncate(string.IsNullOrWhiteSpace(item.Body) ? subject : item.Body, 20000), null, null, TicketChannel.Email, request.RequesterId), ct);
        if (ticket is null)
        {
            return Api.Invalid(errors);
        }

        item.TicketId = ticket.Id;
        item.CompanyId = ticket.CompanyId;
        await ResolveAsync(db, actor, clock, item, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/tickets/{ticket.Id}", ToDto(item));
    }

    private static async Task<Results<Ok<TriageItemDto>, ProblemHttpResult>> DismissAsync(Guid id, AppDbContext db, CurrentActor actor, TimeProvider clock, CancellationToken ct)
    {
        var item = await Triage(db, actor).FirstOrDefaultAsync(e => e.Id == id && e.ResolvedAt == null, ct);
        return item is null ? Api.NotFound("open triage item") : TypedResults.Ok(ToDto(await ResolveAsync(db, actor, clock, item, ct)));
    }

    private static async Task<InboundEmail> ResolveAsync(AppDbContext db, CurrentActor actor, TimeProvider clock, InboundEmail item, CancellationToken ct)
    {
        item.ResolvedAt = clock.GetUtcNow();
        item.ResolvedById = actor.UserId;
        item.Version++;
        await db.SaveChangesAsync(ct);
        return item;
    }

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

    /// <summary>Sends a failed message again at the next delivery run.</summary>
    private static async Task<Results<Ok<OutboxItemDto>, ProblemHttpResult>> RetryAsync(Guid id, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var m = await db.OutboxMessages.FirstOrDefaultAsync(x => x.Id == id && x.Status != OutboxStatus.Sent, ct);
        if (m is null)
        {
            return Api.NotFound("unsent outbox message");
        }

        m.Status = OutboxStatus.Pending;
        m.NextAttemptAt = clock.GetUtcNow();
        m.Version++;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new OutboxItemDto(m.Id, m.CreatedAt, m.ToAddress, m.Subject, m.MessageId, m.TicketId, m.Status, m.Attempts, m.NextAttemptAt, m.LastError, m.SentAt));
    }
}

public static class MailSetup
{
    public static IServiceCollection AddOneWindowMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MailOptions>(configuration.GetSection("Mail"));
        services.AddSingleton<MailTemplates>();
        services.AddScoped<ITicketReplyListener, TicketReplyMailer>();
        services.AddScoped<InboundMailProcessor>();
        services.AddSingleton<MailIntake>();
        services.AddSingleton<MailOutboxSender>();
        services.AddHostedService<MailIntakeWorker>();
        services.AddHostedService<MailOutboxWorker>();
        return services;
    }
}
