using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneWindow.Core.Tickets;
using OneWindow.Web.Data;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Features.Tickets;
using OneWindow.Web.Infrastructure.Api;
using OneWindow.Web.Data.Tenancy;

namespace OneWindow.Web.Features.Notifications;

/// <summary>One notification; <see cref="Clock"/> is set for SLA/OLA escalations (which clock, which level).</summary>
public sealed record NotificationDto(long Id, Guid? TicketId, string TicketNumber, string Subject, TicketEventKind Kind, TicketStatus? Status, string? ActorName,
    DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, ClockNotice? Clock = null, string? Link = null);
public sealed record NotificationList(int Unread, IReadOnlyList<NotificationDto> Items);

/// <summary>The signed-in person's own notifications: latest first, with the unread count.</summary>
public static class NotificationEndpoints
{
    public static RouteGroupBuilder MapNotificationEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/notifications").WithTags("Notifications");
        group.MapGet("/", async (bool? unread, AppDbContext db, CurrentActor actor, CancellationToken ct) => TypedResults.Ok(await ListAsync(db, actor, unread == true, 50, ct)))
            .WithName("ListNotifications");
        group.MapPost("/{id:long}/read", ReadAsync).WithName("ReadNotification");
        group.MapPost("/read-all", async (AppDbContext db, CurrentActor actor, TimeProvider clock, CancellationToken ct) =>
        {
            await MarkAllReadAsync(db, actor, clock, ct);
            return TypedResults.NoContent();
        }).WithName("ReadAllNotifications");
        return api;
    }

    public static IQueryable<Notification> Mine(AppDbContext db, CurrentActor actor) =>
        db.Notifications.Where(n => n.UserId == actor.UserId);

    public static async Task<NotificationList> ListAsync(AppDbContext db, CurrentActor actor, bool unreadOnly, int take, CancellationToken ct)
    {
        var mine = Mine(db, actor).AsNoTracking();
        var unread = await mine.CountAsync(n => n.ReadAt == null, ct);
        var query = unreadOnly ? mine.Where(n => n.ReadAt == null) : mine;
        var items = await query.OrderByDescending(n => n.Id).Take(take)
            .Select(n => new NotificationDto(n.Id, n.TicketId, n.TicketNumber, n.Subject, n.Kind, n.Status, n.ActorName, n.CreatedAt, n.ReadAt, ClockAlerts.ReadNotice(n.Data), n.Link))
            .ToListAsync(ct);
        return new NotificationList(unread, items);
    }

    public static Task MarkAllReadAsync(AppDbContext db, CurrentActor actor, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return Mine(db, actor).Where(n => n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ReadAsync(long id, AppDbContext db, CurrentActor actor, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var changed = await Mine(db, actor).Where(n => n.Id == id).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, n => n.ReadAt ?? now), ct);
        return changed == 0 ? Api.NotFound("notification") : TypedResults.NoContent();
    }
}
