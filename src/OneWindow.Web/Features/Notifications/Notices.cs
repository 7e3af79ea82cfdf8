using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Features.Tickets;

namespace OneWindow.Web.Features.Notifications;

/// <summary>What a person's notification about a clock shows: "SLA: 75 % of the resolution time used".</summary>
[FeatureSeam]
public sealed record ClockNotice(MetricSide Side, TimerKind Timer, int Percent, string Metric);

/// <summary>
/// How a feature tells people something in the app. Ticket events become notifications by themselves (the save
/// reaction); a feature that chose its own recipients — an SLA/OLA escalation level names them — adds them here, in
/// the same save as its event. The payload types (<see cref="ClockNotice"/>) are this feature's.
/// </summary>
[FeatureSeam]
public static class Notices
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Notifies <paramref name="recipients"/> of an event on a ticket; the person who acted is never told of their own change.</summary>
    public static void AboutTicket(AppDbContext db, Ticket ticket, TicketEventKind kind, IEnumerable<Guid> recipients, DateTimeOffset now,
        string? actorName = null, TicketStatus? status = null, ClockNotice? clock = null)
    {
        var data = clock is null ? null : JsonSerializer.Serialize(clock, Json);
        foreach (var user in recipients.Distinct().Where(u => u != (db.Actor.UserId ?? Guid.Empty)))
        {
            db.Set<Notification>().Add(new Notification
            {
                UserId = user,
                CompanyId = ticket.CompanyId,
                TicketId = ticket.Id,
                TicketNumber = ticket.Number,
                Subject = ticket.Subject.Length > 300 ? ticket.Subject[..300] : ticket.Subject,
                Kind = kind,
                Status = status,
                ActorName = actorName,
                CreatedAt = now,
                Data = data,
            });
        }
    }

    /// <summary>The clock details of a notification's Data; null for every other notification.</summary>
    public static ClockNotice? ReadClock(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ClockNotice>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
