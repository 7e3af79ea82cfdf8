using System.Globalization;
using System.Text;

namespace OneWindow.Core.Tickets;

/// <summary>The channel a ticket came in through.</summary>
public enum TicketChannel
{
    Portal,
    Email,
    Phone,
    WalkIn,
    Api,
}

/// <summary>Ticket priority, lowest first.</summary>
public enum TicketPriority
{
    Low,
    Normal,
    High,
    Critical,
}

/// <summary>What routing rules look at when a ticket is registered.</summary>
public sealed record RoutingInput(
    Guid CompanyId,
    Guid? ServiceId,
    Guid? RequestTypeId,
    TicketChannel Channel,
    TicketPriority Priority,
    string Subject,
    string Body);

/// <summary>
/// The conditions of a rule; all given conditions must hold, and a null or empty collection means "any".
/// Keywords: any one suffices; each is searched as a substring of the subject or the body, case-insensitively
/// (invariant culture, so Cyrillic too) and with ё read as е. Substring rather than whole-word matching is
/// deliberate: Russian inflects, so the stem "счет" should catch "счета", "счетов" and "счёт-фактура".
/// Blank keywords are ignored.
/// </summary>
public sealed record RoutingConditions(
    IReadOnlyCollection<Guid>? CompanyIds = null,
    IReadOnlyCollection<Guid>? ServiceIds = null,
    IReadOnlyCollection<Guid>? RequestTypeIds = null,
    IReadOnlyCollection<TicketChannel>? Channels = null,
    IReadOnlyCollection<TicketPriority>? Priorities = null,
    IReadOnlyCollection<string>? Keywords = null);

/// <summary>What a matching rule does: a null value leaves that part of the decision alone.</summary>
public sealed record RoutingActions(Guid? TeamId = null, TicketPriority? Priority = null, IReadOnlyCollection<string>? Tags = null);

/// <summary>An ordered routing rule maintained by the administrator.</summary>
public sealed record RoutingRule(
    Guid Id,
    string Name,
    int Order,
    bool IsActive,
    RoutingConditions When,
    RoutingActions Then,
    bool StopProcessing = true);

/// <summary>
/// A rule that matched, for the ticket's timeline. <see cref="Explanation"/> is language-neutral data, e.g.
/// <c>when company,channel=Email,keyword=счет; then team,priority=High,tags=vat</c>: the conditions that were
/// constrained (all matched; "any" when none were) and the parts of the decision this rule actually set.
/// </summary>
public sealed record AppliedRule(Guid RuleId, string RuleName, string Explanation);

/// <summary>
/// The outcome of routing. <see cref="TeamRuleId"/> names the rule that chose the team, so the timeline can say
/// "routed to Treasury by rule 'Payments'".
/// </summary>
public sealed record RoutingDecision(Guid? TeamId, TicketPriority Priority, IReadOnlyList<string> Tags, IReadOnlyList<AppliedRule> Applied)
{
    public Guid? TeamRuleId { get; init; }
}

/// <summary>
/// Evaluates routing rules: active rules in <see cref="RoutingRule.Order"/> (ties by name, then id). Among the
/// matching rules the first one that sets a team decides the team and the first one that sets a priority decides
/// the priority (the input's priority otherwise); tags from every matching rule are collected, each once in the
/// order first seen (case-insensitively). A matching rule with <see cref="RoutingRule.StopProcessing"/> ends
/// the evaluation.
/// </summary>
public static class RoutingEngine
{
    public static RoutingDecision Route(IEnumerable<RoutingRule> rules, RoutingInput input)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(input);

        var subject = Normalize(input.Subject);
        var body = Normalize(input.Body);
        Guid? teamId = null;
        Guid? teamRuleId = null;
        TicketPriority? priority = null;
        var tags = new List<string>();
        var seenTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var applied = new List<AppliedRule>();

        var ordered = rules
            .Where(r => r.IsActive)
            .OrderBy(r => r.Order)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .ThenBy(r => r.Id);

        foreach (var rule in ordered)
        {
            var matched = Match(rule.When, input, subject, body);
            if (matched is null)
            {
                continue;
            }

            var effects = new List<string>();
            if (teamId is null && rule.Then.TeamId is { } team)
            {
                teamId = team;
                teamRuleId = rule.Id;
                effects.Add("team");
            }

            if (priority is null && rule.Then.Priority is { } p)
            {
                priority = p;
                effects.Add("priority=" + p);
            }

            var added = new List<string>();
            foreach (var tag in rule.Then.Tags ?? [])
            {
                var trimmed = tag?.Trim();
                if (!string.IsNullOrEmpty(trimmed) && seenTags.Add(trimmed))
                {
                    tags.Add(trimmed);
                    added.Add(trimmed);
                }
            }

            if (added.Count > 0)
            {
                effects.Add("tags=" + string.Join('|', added));
            }

            var explanation = "when " + (matched.Count == 0 ? "any" : string.Join(',', matched))
                + "; then " + (effects.Count == 0 ? "nothing" : string.Join(',', effects));
            applied.Add(new AppliedRule(rule.Id, rule.Name, explanation));

            if (rule.StopProcessing)
            {
                break;
            }
        }

        return new RoutingDecision(teamId, priority ?? input.Priority, tags, applied) { TeamRuleId = teamRuleId };
    }

    /// <summary>The names of the constrained conditions when all of them hold; null when the rule does not match.</summary>
    private static List<string>? Match(RoutingConditions when, RoutingInput input, string subject, string body)
    {
        var matched = new List<string>();

        if (when.CompanyIds is { Count: > 0 } companies)
        {
            if (!companies.Contains(input.CompanyId))
            {
                return null;
            }

            matched.Add("company");
        }

        if (when.ServiceIds is { Count: > 0 } services)
        {
            if (input.ServiceId is not { } service || !services.Contains(service))
            {
                return null;
            }

            matched.Add("service");
        }

        if (when.RequestTypeIds is { Count: > 0 } requestTypes)
        {
            if (input.RequestTypeId is not { } requestType || !requestTypes.Contains(requestType))
            {
                return null;
            }

            matched.Add("requestType");
        }

        if (when.Channels is { Count: > 0 } channels)
        {
            if (!channels.Contains(input.Channel))
            {
                return null;
            }

            matched.Add("channel=" + input.Channel);
        }

        if (when.Priorities is { Count: > 0 } priorities)
        {
            if (!priorities.Contains(input.Priority))
            {
                return null;
            }

            matched.Add("priority=" + input.Priority);
        }

        var keywords = (when.Keywords ?? []).Where(k => !string.IsNullOrWhiteSpace(k)).ToList();
        if (keywords.Count > 0)
        {
            var hit = keywords.FirstOrDefault(k =>
            {
                var needle = Normalize(k.Trim());
                return subject.Contains(needle, StringComparison.Ordinal) || body.Contains(needle, StringComparison.Ordinal);
            });
            if (hit is null)
            {
                return null;
            }

            matched.Add("keyword=" + hit.Trim());
        }

        return matched;
    }

    private static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        // Compose first so that "е" + combining diaeresis becomes "ё" and is then folded like the precomposed letter.
        var lower = text.Normalize(NormalizationForm.FormC).ToLower(CultureInfo.InvariantCulture);
        return lower.Replace('ё', 'е');
    }
}
