namespace OneWindow.Web.Features.ServiceLevels;

/// <summary>
/// Who an escalation level tells. The SSC's people hear of it on the bell; the client side — the ticket's requester and
/// the company's executives — on the bell and by email in their own language: a reminder that the SSC waits for them,
/// meant for OLA clocks (a clarification the client owes).
/// </summary>
public enum EscalationRecipient
{
    Assignee = 0,
    TeamLead = 1,
    ClientSuccessManager = 2,
    DeliveryLead = 3,
    ServiceManager = 4,
    Requester = 5,
    ClientExecutive = 6,
}

/// <summary>One escalation level: at <see cref="Percent"/> % of a clock's target (100 = the breach) tell these people.</summary>
public sealed record EscalationLevel(int Percent, IReadOnlyList<EscalationRecipient> Notify);

/// <summary>An agreement version's escalation levels, kept as JSON on the version.</summary>
public static class EscalationPolicy
{
    public static readonly IReadOnlyList<EscalationLevel> Default =
    [
        new(75, [EscalationRecipient.Assignee]),
        new(90, [EscalationRecipient.Assignee, EscalationRecipient.TeamLead]),
        new(100, [EscalationRecipient.Assignee, EscalationRecipient.TeamLead, EscalationRecipient.ClientSuccessManager]),
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static readonly string DefaultJson = JsonSerializer.Serialize(Default, Json);

    public static string ToJson(IReadOnlyList<EscalationLevel> levels) => JsonSerializer.Serialize(levels, Json);

    /// <summary>Reads stored or submitted levels; null with a readable error when they make no sense.</summary>
    public static IReadOnlyList<EscalationLevel>? Parse(string? json, out string? error)
    {
        error = null;
        List<EscalationLevel>? levels;
        try
        {
            levels = JsonSerializer.Deserialize<List<EscalationLevel>>(string.IsNullOrWhiteSpace(json) ? "[]" : json, Json);
        }
        catch (JsonException e)
        {
            error = "Escalations must be a JSON array of {percent, notify[]}: " + e.Message;
            return null;
        }

        levels ??= [];
        if (levels.Any(l => l.Percent is < 1 or > 1000))
        {
            error = "An escalation level's percent must be between 1 and 1000.";
            return null;
        }

        if (levels.Select(l => l.Percent).Distinct().Count() != levels.Count)
        {
            error = "Each escalation percent may appear once.";
            return null;
        }

        return [.. levels.Where(l => l.Notify is { Count: > 0 }).OrderBy(l => l.Percent)];
    }
}
