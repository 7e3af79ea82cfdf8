using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Core.Tickets;
using OneWindow.Web.Data;
using OneWindow.Web.Features.People;
using OneWindow.Web.Infrastructure.Tenancy;

namespace OneWindow.Web.Features.Tickets;

/// <summary>What every intake channel hands to the desk: the same ticket model whatever the channel.</summary>
public sealed record NewTicket(
    Guid RequestTypeId,
    string Subject,
    string Description,
    IReadOnlyDictionary<string, JsonElement>? Fields,
    TicketPriority? Priority,
    TicketChannel Channel,
    Guid? RequesterId);

/// <summary>
/// Registers tickets: checks that the requester's company may use the request type, validates its custom fields,
/// numbers the ticket, applies the request type's team and priority, and writes the first timeline entries.
/// </summary>
public sealed class TicketDesk(AppDbContext db, CurrentActor actor, TimeProvider clock)
{
    public const string NumberPrefix = "OW";

    public async Task<(Ticket? Ticket, Dictionary<string, string[]> Errors)> CreateAsync(NewTicket input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var type = await db.RequestTypes.AsNoTracking().Include(t => t.Fields).FirstOrDefaultAsync(t => t.Id == input.RequestTypeId && t.IsActive, ct);
        if (type is null)
        {
            errors["requestTypeId"] = ["No active request type with this id."];
            return (null, errors);
        }

        // The requester: a client person files for themselves; SSC staff file on a client person's behalf.
        AppUser? requester;
        if (actor.CompanyId is not null)
        {
            if (input.RequesterId is { } other && other != actor.UserId)
            {
                errors["requesterId"] = ["Client users file tickets for themselves."];
                return (null, errors);
            }

            requester = await db.Users.FirstOrDefaultAsync(u => u.Id == actor.UserId, ct);
            if (input.Channel is not (TicketChannel.Portal or TicketChannel.Api))
            {
                errors["channel"] = ["Client users file through the portal or the API."];
            }
        }
        else
        {
            requester = input.RequesterId is { } rid ? await db.Users.FirstOrDefaultAsync(u => u.Id == rid && u.CompanyId != null && u.IsActive, ct) : null;
            if (requester is null)
            {
                errors["requesterId"] = ["Name the client contact (an active person of a client company) the ticket is for."];
                return (null, errors);
            }
        }

        if (requester?.CompanyId is not { } companyId)
        {
            errors["requesterId"] = ["The requester does not belong to a client company."];
            return (null, errors);
        }

        var receives = await db.ClientServices.AnyAsync(s => s.CompanyId == companyId && s.ServiceId == type.ServiceId && s.Stage != Clients.ServiceStage.Suspended, ct);
        if (!receives)
        {
            errors["requestTypeId"] = ["The requester's company does not receive the service of this request type."];
        }

        var values = ValidateFields(type, input.Fields, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var now = clock.GetUtcNow();
        var number = await NextNumberAsync(now.Year, ct);
        var ticket = new Ticket
        {
            Number = number,
            CompanyId = companyId,
            ServiceId = type.ServiceId,
            RequestTypeId = type.Id,
            Subject = input.Subject.Trim(),
            Description = input.Description.Trim(),
            Channel = input.Channel,
            Priority = input.Priority ?? type.DefaultPriority,
            Status = TicketStatus.New,
            TeamId = type.TeamId,
            RequesterId = requester.Id,
            CreatedById = actor.UserId,
            FieldValues = values.ToJsonString(),
            TrackingToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
            LastActivityAt = now,
        };
        ticket.Events.Add(Event(ticket, now, TicketEventKind.Created, isPublic: true, data: new JsonObject { ["channel"] = input.Channel.ToString() }));
        if (type.TeamId is { } team)
        {
            ticket.Events.Add(Event(ticket, now, TicketEventKind.Routed, isPublic: false, data: new JsonObject { ["teamId"] = team.ToString(), ["by"] = "requestType" }));
        }

        db.Tickets.Add(ticket);
        await db.SaveChangesAsync(ct);
        return (ticket, errors);
    }

    private TicketEvent Event(Ticket ticket, DateTimeOffset at, TicketEventKind kind, bool isPublic, JsonObject? data = null, TicketStatus? from = null, TicketStatus? to = null) => new()
    {
        TicketId = ticket.Id,
        CompanyId = ticket.CompanyId,
        At = at,
        ActorId = actor.UserId,
        ActorName = actor.Name,
        Kind = kind,
        FromStatus = from,
        ToStatus = to,
        IsPublic = isPublic,
        Data = (data ?? []).ToJsonString(),
    };

    /// <summary>Checks each custom field against its kind and required flag; unknown keys are refused.</summary>
    private static JsonObject ValidateFields(RequestType type, IReadOnlyDictionary<string, JsonElement>? fields, Dictionary<string, string[]> errors)
    {
        var result = new JsonObject();
        fields ??= new Dictionary<string, JsonElement>();
        foreach (var key in fields.Keys.Where(k => type.Fields.All(f => f.Key != k)))
        {
            errors[$"fields.{key}"] = ["This request type has no such field."];
        }

        foreach (var field in type.Fields.Where(f => f.Kind != FieldKind.File).OrderBy(f => f.Order))
        {
            var name = $"fields.{field.Key}";
            if (!fields.TryGetValue(field.Key, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
                || (value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetString())))
            {
                if (field.Required)
                {
                    errors[name] = [$"'{field.Label}' is required."];
                }

                continue;
            }

            switch (field.Kind)
            {
                case FieldKind.Text when value.ValueKind == JsonValueKind.String && value.GetString()!.Length <= 4000:
                    result[field.Key] = value.GetString()!.Trim();
                    break;
                case FieldKind.Number when value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number):
                    result[field.Key] = number;
                    break;
                case FieldKind.Date when value.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", out var date):
                    result[field.Key] = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case FieldKind.Choice when value.ValueKind == JsonValueKind.String && Choices(field).Contains(value.GetString()!):
                    result[field.Key] = value.GetString();
                    break;
                default:
                    errors[name] = [field.Kind switch
                    {
                        FieldKind.Number => $"'{field.Label}' must be a number.",
                        FieldKind.Date => $"'{field.Label}' must be a date as yyyy-MM-dd.",
                        FieldKind.Choice => $"'{field.Label}' must be one of: {string.Join(", ", Choices(field))}.",
                        _ => $"'{field.Label}' must be text of at most 4000 characters.",
                    }];
                    break;
            }
        }

        return result;
    }

    public static IReadOnlyList<string> Choices(RequestTypeField field) =>
        (field.Options ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Allocates the next number of the year; concurrent allocations retry on the sequence's row version.</summary>
    private async Task<string> NextNumberAsync(int year, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var sequence = await db.TicketSequences.FirstOrDefaultAsync(s => s.Year == year, ct);
            if (sequence is null)
            {
                sequence = new TicketSequence { Year = year, Next = 1 };
                db.TicketSequences.Add(sequence);
            }

            var value = sequence.Next;
            sequence.Next++;
            sequence.Version++;
            try
            {
                await db.SaveChangesAsync(ct);
                return $"{NumberPrefix}-{year}-{value:D6}";
            }
            catch (DbUpdateException) when (attempt < 20)
            {
                db.Entry(sequence).State = EntityState.Detached;
            }
        }
    }
}
