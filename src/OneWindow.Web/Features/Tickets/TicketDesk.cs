using OneWindow.Web.Features.People;

namespace OneWindow.Web.Features.Tickets;

/// <summary>What every intake channel hands to the desk: the same ticket model whatever the channel.</summary>
[FeatureSeam]
public sealed record NewTicket(
    Guid RequestTypeId,
    string Subject,
    string Description,
    IReadOnlyDictionary<string, JsonElement>? Fields,
    TicketPriority? Priority,
    TicketChannel Channel,
    Guid? RequesterId,
    IReadOnlyList<Attachments.IncomingFile>? Files = null);

/// <summary>
/// Registers tickets: checks that the requester's company may use the request type, validates its custom fields,
/// numbers the ticket, applies the request type's team and priority, and writes the first timeline entries.
/// </summary>
[FeatureSeam]
public sealed class TicketDesk(AppDbContext db, CurrentActor actor, TimeProvider clock, TicketRouting routingEngine, TicketAssigner assigner,
    Attachments.AttachmentService attachments, TicketNumbers numbers, IEnumerable<ITicketIntakeListener> listeners)
{
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

        var files = input.Files ?? [];
        var values = ValidateFields(type, input.Fields, files, errors);
        if (files.Count > attachments.Limits.MaxFilesPerMessage)
        {
            errors["files"] = [attachments.TooMany];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        // Files are checked and stored before the number is taken, so a refused file leaves no gap in the numbering.
        var ticketId = Guid.CreateVersion7();
        var target = new Attachments.AttachmentTarget(ticketId, companyId, null, true, Attachments.AttachmentSource.Upload, actor.UserId ?? requester.Id,
            actor.UserId is null ? requester.FullName : actor.Name);
        var stored = new List<Attachments.TicketAttachment>();
        var refusals = new Dictionary<string, List<string>>();
        foreach (var file in files)
        {
            var (attachment, refusal) = await attachments.StoreAsync(target, file.FileName, file.Content, ct);
            var key = file.FieldKey is { } k ? $"fields.{k}" : "files";
            if (attachment is null)
            {
                refusals[key] = [.. refusals.GetValueOrDefault(key) ?? [], refusal!];
                continue;
            }

            stored.Add(attachment);
            if (file.FieldKey is { } fieldKey)
            {
                // A File field's value is the id of its attachment.
                values[fieldKey] = attachment.Id.ToString();
            }
        }

        if (refusals.Count > 0)
        {
            await attachments.DiscardAsync(stored, ct);
            return (null, refusals.ToDictionary(r => r.Key, r => r.Value.ToArray()));
        }

        var now = clock.GetUtcNow();
        var routing = await routingEngine.DecideAsync(new RoutingInput(companyId, type.ServiceId, type.Id, input.Channel,
            input.Priority ?? type.DefaultPriority, input.Subject, input.Description), ct);
        var ticket = new Ticket
        {
            Id = ticketId,
            // Numbered last, just before the insert (below).
            Number = "",
            CompanyId = companyId,
            ServiceId = type.ServiceId,
            RequestTypeId = type.Id,
            Subject = input.Subject.Trim(),
            Description = input.Description.Trim(),
            Channel = input.Channel,
            Priority = routing.Priority,
            Status = TicketStatus.New,
            TeamId = routing.TeamId ?? type.TeamId,
            Tags = string.Join(' ', routing.Tags),
            RequesterId = requester.Id,
            CreatedById = actor.UserId,
            FieldValues = values.ToJsonString(),
            TrackingToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
            LastActivityAt = now,
        };
        ticket.Events.Add(Event(ticket, now, TicketEventKind.Created, isPublic: true, data: new JsonObject { ["channel"] = input.Channel.ToString() }));
        foreach (var applied in routing.Applied)
        {
            // Every automatic decision is written on the timeline: which rule, and what it matched and set.
            ticket.Events.Add(Event(ticket, now, TicketEventKind.Routed, isPublic: false, data: new JsonObject
            {
                ["ruleId"] = applied.RuleId.ToString(),
                ["rule"] = applied.RuleName,
                ["explanation"] = applied.Explanation,
                ["teamId"] = routing.TeamRuleId == applied.RuleId ? ticket.TeamId?.ToString() : null,
            }));
        }

        if (routing.TeamRuleId is null && ticket.TeamId is { } defaultTeam)
        {
            ticket.Events.Add(Event(ticket, now, TicketEventKind.Routed, isPublic: false, data: new JsonObject { ["teamId"] = defaultTeam.ToString(), ["by"] = "requestType" }));
        }

        // The client's CSMs follow every ticket of the client.
        var csms = await db.ClientAssignments.Where(a => a.CompanyId == companyId && a.Role == Clients.AssignmentRole.ClientSuccessManager
                && (a.ServiceId == null || a.ServiceId == type.ServiceId) && (a.EndsOn == null || a.EndsOn >= DateOnly.FromDateTime(now.UtcDateTime)))
            .Select(a => a.UserId).Distinct().ToListAsync(ct);
        ticket.Watchers.AddRange(csms.Select(u => new TicketWatcher { TicketId = ticket.Id, CompanyId = companyId, UserId = u, Reason = WatchReason.ClientSuccessManager }));

        if (actor.Kind == ActorKind.System)
        {
            // The mail intake registers a client's email: the client, not "system", is who filed it.
            ticket.CreatedById = requester.Id;
            foreach (var e in ticket.Events.Where(e => e.Kind == TicketEventKind.Created))
            {
                e.ActorId = requester.Id;
                e.ActorName = requester.FullName;
            }
        }

        db.Tickets.Add(ticket);
        db.TicketAttachments.AddRange(stored);
        if (ticket.TeamId is { } teamId)
        {
            await assigner.AssignAutomaticallyAsync(ticket, teamId, now, ct);
        }

        // The number is taken in the ticket's own transaction where that gives it back on failure (SQLite), and with no
        // lock held where it cannot (a PostgreSQL sequence): see TicketNumbers. A caller's transaction (mail intake) is that transaction.
        await using var transaction = numbers.NeedsTransaction && db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        ticket.Number = await numbers.NextAsync(now.Year, ct);
        foreach (var listener in listeners)
        {
            await listener.OnCreatedAsync(ticket, requester, type, ct);
        }

        await db.SaveChangesAsync(ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return (ticket, errors);
    }

    private TicketEvent Event(Ticket ticket, DateTimeOffset at, TicketEventKind kind, bool isPublic, JsonObject? data = null) =>
        TicketEvents.New(ticket, at, actor, kind, isPublic, data);

    /// <summary>Checks each custom field against its kind and required flag; unknown keys are refused. File fields take an uploaded file.</summary>
    private static JsonObject ValidateFields(RequestType type, IReadOnlyDictionary<string, JsonElement>? fields, IReadOnlyList<Attachments.IncomingFile> files,
        Dictionary<string, string[]> errors)
    {
        var result = new JsonObject();
        fields ??= new Dictionary<string, JsonElement>();
        foreach (var key in fields.Keys.Where(k => type.Fields.All(f => f.Key != k)))
        {
            errors[$"fields.{key}"] = ["This request type has no such field."];
        }

        foreach (var key in files.Select(f => f.FieldKey).OfType<string>().Distinct().Where(k => type.Fields.All(f => f.Key != k || f.Kind != FieldKind.File)))
        {
            errors[$"fields.{key}"] = ["This request type has no such file field."];
        }

        foreach (var field in type.Fields.OrderBy(f => f.Order))
        {
            var name = $"fields.{field.Key}";
            if (field.Kind == FieldKind.File)
            {
                var count = files.Count(f => f.FieldKey == field.Key);
                if (fields.ContainsKey(field.Key))
                {
                    errors[name] = [$"'{field.Label}' takes a file: upload it with the request instead of a value."];
                }
                else if (count > 1)
                {
                    errors[name] = [$"'{field.Label}' takes one file."];
                }
                else if (count == 0 && field.Required)
                {
                    errors[name] = [$"'{field.Label}' is required: attach the file."];
                }

                continue;
            }

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
}
