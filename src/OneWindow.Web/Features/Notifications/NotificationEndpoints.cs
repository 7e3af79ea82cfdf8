using OneWindow.Web.Features.Tickets;

namespace OneWindow.Web.Features.Notifications;

/// <summary>One notification; <see cref="Clock"/> is set for SLA/OLA escalations (which clock, which level).</summary>
public sealed record NotificationDto(long Id, Guid? TicketId, string TicketNumber, string Subject, TicketEventKind Kind, TicketStatus? Status, string? ActorName,
    DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, ClockNotice? Clock = null, string? Link = null);
public sealed record NotificationList(int Unread, IReadOnlyList<NotificationDto> Items);

/// <summary>The signed-in person's own notifications: latest first, with the unread count; reading one marks it read.</summary>
public sealed class NotificationDesk(AppDbContext db, CurrentActor actor, TimeProvider clock)
{
    private IQueryable<Notification> Mine => db.Notifications.Where(n => n.UserId == actor.UserId);

    public async Task<NotificationList> ListAsync(bool unreadOnly, int take, CancellationToken ct)
    {
        var mine = Mine.AsNoTracking();
        var unread = await mine.CountAsync(n => n.ReadAt == null, ct);
        var query = unreadOnly ? mine.Where(n => n.ReadAt == null) : mine;
        var items = await query.OrderByDescending(n => n.Id).Take(take)
            .Select(n => new NotificationDto(n.Id, n.TicketId, n.TicketNumber, n.Subject, n.Kind, n.Status, n.ActorName, n.CreatedAt, n.ReadAt, Notices.ReadClock(n.Data), n.Link))
            .ToListAsync(ct);
        return new NotificationList(unread, items);
    }

    /// <summary>Marks one of the person's notifications read (a second time changes nothing); Missing when it is not theirs.</summary>
    public async Task<DeskResult> MarkReadAsync(long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var changed = await Mine.Where(n => n.Id == id).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, n => n.ReadAt ?? now), ct);
        return changed == 0 ? DeskResult.Missing : DeskResult.Ok();
    }

    public async Task<DeskResult> MarkAllReadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await Mine.Where(n => n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return DeskResult.Ok();
    }
}

public static class NotificationEndpoints
{
    public static RouteGroupBuilder MapNotificationEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/notifications").WithTags("Notifications");
        group.MapGet("/", async (bool? unread, NotificationDesk desk, CancellationToken ct) => TypedResults.Ok(await desk.ListAsync(unread == true, 50, ct)))
            .WithName("ListNotifications");
        group.MapPost("/{id:long}/read", ReadAsync).WithName("ReadNotification");
        group.MapPost("/read-all", async (NotificationDesk desk, CancellationToken ct) =>
        {
            await desk.MarkAllReadAsync(ct);
            return TypedResults.NoContent();
        }).WithName("ReadAllNotifications");
        return api;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ReadAsync(long id, NotificationDesk desk, CancellationToken ct) =>
        (await desk.MarkReadAsync(id, ct)).IsDone ? TypedResults.NoContent() : Api.NotFound("notification");
}
