namespace OneWindow.Web.Features.Tickets;

public sealed record TicketWatcherDto(Guid UserId, string FullName, string? Email, WatchReason Reason, bool IsClient);
public sealed record AddWatcherRequest([property: Required] Guid? UserId);

/// <summary>
/// Watchers and CC: SSC people who follow a ticket, and colleagues of the requester copied on it. The client's CSM
/// is added automatically at intake; SSC staff manage the list.
/// </summary>
public static class TicketWatcherEndpoints
{
    public static RouteGroupBuilder MapTicketWatcherEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tickets/{id:guid}/watchers").WithTags("Tickets");
        group.MapGet("/", ListAsync).WithName("ListTicketWatchers");
        group.MapPost("/", AddAsync).WithName("AddTicketWatcher").RequireAuthorization(Policies.Ssc);
        group.MapDelete("/{userId:guid}", RemoveAsync).WithName("RemoveTicketWatcher").RequireAuthorization(Policies.Ssc);
        return api;
    }

    public static async Task<List<TicketWatcherDto>?> LoadAsync(AppDbContext db, CurrentActor actor, Guid ticketId, CancellationToken ct) =>
        await db.Tickets.VisibleTo(actor).AnyAsync(t => t.Id == ticketId, ct) ? await WatchersAsync(db, ticketId, ct) : null;

    /// <summary>The watchers of a ticket already known to be visible (the ticket page's projection checked it).</summary>
    public static Task<List<TicketWatcherDto>> WatchersAsync(AppDbContext db, Guid ticketId, CancellationToken ct) =>
        (from w in db.TicketWatchers.AsNoTracking()
         join u in db.Users on w.UserId equals u.Id
         where w.TicketId == ticketId
         orderby u.FullName
         select new TicketWatcherDto(u.Id, u.FullName, u.Email, w.Reason, u.CompanyId != null)).ToListAsync(ct);

    private static async Task<Results<Ok<List<TicketWatcherDto>>, ProblemHttpResult>> ListAsync(Guid id, AppDbContext db, CurrentActor actor, CancellationToken ct) =>
        await LoadAsync(db, actor, id, ct) is { } list ? TypedResults.Ok(list) : Api.NotFound("ticket");

    private static async Task<Results<Ok<List<TicketWatcherDto>>, ValidationProblem, ProblemHttpResult>> AddAsync(
        Guid id, AddWatcherRequest request, TicketWatchDesk desk, AppDbContext db, CurrentActor actor, CancellationToken ct)
    {
        var result = await desk.AddAsync(id, request.UserId, ct);
        return result.Outcome switch
        {
            DeskOutcome.Done => TypedResults.Ok((await LoadAsync(db, actor, id, ct))!),
            DeskOutcome.Invalid => Api.Invalid(result.Errors!),
            _ => Api.NotFound("ticket"),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(Guid id, Guid userId, TicketWatchDesk desk, CancellationToken ct) =>
        (await desk.RemoveAsync(id, userId, ct)).IsDone ? TypedResults.NoContent() : Api.NotFound("ticket");
}

/// <summary>Who follows a ticket: the one write path of the API and the ticket page.</summary>
public sealed class TicketWatchDesk(AppDbContext db)
{
    public async Task<DeskResult> AddAsync(Guid ticketId, Guid? userId, CancellationToken ct)
    {
        var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == ticketId, ct);
        if (ticket is null)
        {
            return DeskResult.Missing;
        }

        // SSC staff may follow any ticket; a client person may be copied only on their own company's tickets.
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.IsActive && (u.CompanyId == null || u.CompanyId == ticket.CompanyId), ct);
        if (user is null)
        {
            return DeskResult.Field("userId", "Name an active SSC person or a person of the ticket's company.");
        }

        if (!await db.TicketWatchers.AnyAsync(w => w.TicketId == ticketId && w.UserId == user.Id, ct))
        {
            db.TicketWatchers.Add(new TicketWatcher { TicketId = ticketId, CompanyId = ticket.CompanyId, UserId = user.Id, Reason = WatchReason.Added });
            await db.SaveChangesAsync(ct);
        }

        return DeskResult.Ok();
    }

    public async Task<DeskResult> RemoveAsync(Guid ticketId, Guid userId, CancellationToken ct)
    {
        if (!await db.Tickets.AnyAsync(t => t.Id == ticketId, ct))
        {
            return DeskResult.Missing;
        }

        await db.TicketWatchers.Where(w => w.TicketId == ticketId && w.UserId == userId).ExecuteDeleteAsync(ct);
        return DeskResult.Ok();
    }
}
