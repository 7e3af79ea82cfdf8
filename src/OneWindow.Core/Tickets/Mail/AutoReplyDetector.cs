namespace OneWindow.Core.Tickets.Mail;

/// <summary>
/// Recognises machine-sent mail (auto-replies, bounces, mailing lists) from its headers and sender, so that the
/// intake never answers it and no mail loop starts. Subjects are deliberately not inspected.
/// </summary>
public static class AutoReplyDetector
{
    private static readonly string[] AutomaticPrecedence = ["bulk", "junk", "list", "auto_reply"];
    private static readonly string[] SuppressTokens = ["all", "autoreply", "oof"];
    private static readonly string[] PresenceHeaders = ["X-Autoreply", "X-Autorespond", "List-Id", "List-Unsubscribe"];
    private static readonly string[] SystemMailboxes = ["mailer-daemon", "postmaster"];
    private static readonly string[] NoReplyMarkers = ["noreply", "no-reply", "no_reply", "donotreply", "do-not-reply"];

    /// <param name="headers">Message headers; names are compared case-insensitively whatever the dictionary's comparer.</param>
    /// <param name="fromAddress">The sender, either a bare address or "Name &lt;address&gt;".</param>
    public static bool IsAutomatic(IReadOnlyDictionary<string, string> headers, string? fromAddress)
    {
        ArgumentNullException.ThrowIfNull(headers);

        if (Header(headers, "Auto-Submitted") is { } autoSubmitted
            && !string.Equals(FirstToken(autoSubmitted), "no", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (Header(headers, "Precedence") is { } precedence
            && AutomaticPrecedence.Contains(FirstToken(precedence), StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        if (Header(headers, "X-Auto-Response-Suppress") is { } suppress
            && suppress.Split(',', StringSplitOptions.TrimEntries).Any(t => SuppressTokens.Contains(t, StringComparer.OrdinalIgnoreCase)))
        {
            return true;
        }

        if (PresenceHeaders.Any(name => Header(headers, name) is not null))
        {
            return true;
        }

        if (Header(headers, "Content-Type") is { } contentType
            && string.Equals(FirstToken(contentType), "multipart/report", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IsSystemSender(fromAddress);
    }

    private static bool IsSystemSender(string? from)
    {
        if (string.IsNullOrWhiteSpace(from))
        {
            return false;
        }

        var open = from.LastIndexOf('<');
        var close = from.LastIndexOf('>');
        var address = open >= 0 && close > open ? from[(open + 1)..close] : from;
        var at = address.LastIndexOf('@');
        var local = (at >= 0 ? address[..at] : address).Trim().Trim('"');

        return SystemMailboxes.Contains(local, StringComparer.OrdinalIgnoreCase)
            || NoReplyMarkers.Any(m => local.Contains(m, StringComparison.OrdinalIgnoreCase));
    }

    private static string? Header(IReadOnlyDictionary<string, string> headers, string name)
    {
        if (headers.TryGetValue(name, out var direct))
        {
            return direct ?? string.Empty;
        }

        foreach (var (key, value) in headers)
        {
            if (string.Equals(key?.Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return value ?? string.Empty;
            }
        }

        return null;
    }

    // Header values may carry parameters or comments: "auto-replied; owner=...", "multipart/report; report-type=...".
    private static string FirstToken(string value)
    {
        var end = value.IndexOfAny([';', '(']);
        return (end >= 0 ? value[..end] : value).Trim();
    }
}
