using System.Text.RegularExpressions;

namespace OneWindow.Core.Tickets.Mail;

/// <summary>
/// Removes the quoted history from a plain-text email reply so the ticket stores only what the client wrote.
/// Recognises "&gt;" quoting and the reply headers of common English and Russian clients (Gmail, Outlook,
/// Thunderbird, Apple Mail, Yandex, Mail.ru). Forwarded-message markers are left alone on purpose: in a
/// forward the "history" is the content.
/// </summary>
public static partial class QuotedText
{
    private const int HeaderBlockLookahead = 6;

    /// <summary>
    /// Returns the new text of the reply, trimmed, with lines joined by "\n". Top-posted replies lose everything
    /// from the first reply header on; quoted ("&gt;") lines are dropped anywhere, so bottom-posted and inline
    /// replies keep their own lines. Never returns empty for non-blank input: when nothing new is left, the
    /// original body comes back unchanged.
    /// </summary>
    public static string StripQuotedHistory(string plainTextBody)
    {
        if (string.IsNullOrWhiteSpace(plainTextBody))
        {
            return plainTextBody ?? string.Empty;
        }

        var lines = plainTextBody.ReplaceLineEndings("\n").Split('\n');

        var start = FindHistoryStart(lines);
        var head = Clean(lines[..start]);
        if (head.Length > 0)
        {
            return head;
        }

        // Nothing above an attribution: a bottom-posted reply, so keep the unquoted lines below it. A header block
        // at the very top has no quoting to tell history from new text, so the message is kept whole.
        if (start < lines.Length && IsAttribution(lines, start))
        {
            var unquoted = Clean([.. lines.Where((_, i) => !IsAttribution(lines, i))]);
            if (unquoted.Length > 0)
            {
                return unquoted;
            }
        }

        return plainTextBody;
    }

    private static int FindHistoryStart(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var line = Unbold(lines[i]);
            if (OriginalMessageSeparator().IsMatch(line) || IsAttribution(lines, i))
            {
                return i;
            }

            if (OutlookSeparator().IsMatch(line) && NextNonEmpty(lines, i + 1) is { } next && FromLine().IsMatch(Unbold(lines[next])))
            {
                return i;
            }

            if (IsHeaderBlock(lines, i))
            {
                // Outlook puts a rule of underscores or dashes above the block; it belongs to the history.
                return PreviousNonEmpty(lines, i - 1) is { } previous && RuleLine().IsMatch(lines[previous].Trim()) ? previous : i;
            }
        }

        return lines.Length;
    }

    /// <summary>"From: … / Sent: … / To: … / Subject: …" or "От: … / Отправлено: … / Кому: … / Тема: …".</summary>
    private static bool IsHeaderBlock(string[] lines, int i)
    {
        if (!FromLine().IsMatch(Unbold(lines[i])))
        {
            return false;
        }

        var found = 0;
        for (var j = i + 1; j < lines.Length && j <= i + HeaderBlockLookahead; j++)
        {
            if (HeaderField().IsMatch(Unbold(lines[j])))
            {
                found++;
            }
        }

        return found >= 2;
    }

    /// <summary>
    /// A one-line attribution such as "On Mon, 3 Nov 2026 at 10:00, Ivan &lt;a@b.ru&gt; wrote:" or
    /// "3 ноября 2026 г., в 10:00, Иван Петров написал(а):"; clients wrap long ones, so the next line may finish it.
    /// </summary>
    private static bool IsAttribution(string[] lines, int i)
    {
        var line = lines[i].Trim();
        if (line.Length == 0 || line.StartsWith('>'))
        {
            return false;
        }

        if (LooksLikeAttribution(line))
        {
            return true;
        }

        var startsLikeOne = line.StartsWith("On ", StringComparison.OrdinalIgnoreCase) || Year().IsMatch(line) || NumericDate().IsMatch(line);
        return startsLikeOne && !line.EndsWith(':') && i + 1 < lines.Length && LooksLikeAttribution(line + " " + lines[i + 1].Trim());
    }

    private static bool LooksLikeAttribution(string text)
    {
        if (!text.EndsWith(':') || text.Length > 300)
        {
            return false;
        }

        var dated = Year().IsMatch(text) || NumericDate().IsMatch(text);
        if (!dated)
        {
            return false;
        }

        var byline = WroteVerb().IsMatch(text) || EmailAddress().IsMatch(text);
        return byline && (Time().IsMatch(text) || text.StartsWith("On ", StringComparison.OrdinalIgnoreCase));
    }

    private static string Clean(string[] lines)
    {
        var kept = new List<string>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith('>'))
            {
                continue;
            }

            // "Иван написал:" right above a quote block introduces the quote, whatever its form.
            if (i + 1 < lines.Length && lines[i + 1].TrimStart().StartsWith('>') && WroteVerb().IsMatch(lines[i].Trim()))
            {
                continue;
            }

            kept.Add(lines[i].TrimEnd());
        }

        return ExtraBlankLines().Replace(string.Join('\n', kept), "\n\n").Trim();
    }

    private static int? NextNonEmpty(string[] lines, int from)
    {
        for (var j = from; j < lines.Length && j <= from + 1; j++)
        {
            if (!string.IsNullOrWhiteSpace(lines[j]))
            {
                return j;
            }
        }

        return null;
    }

    private static int? PreviousNonEmpty(string[] lines, int from)
    {
        for (var j = from; j >= 0 && j >= from - 1; j--)
        {
            if (!string.IsNullOrWhiteSpace(lines[j]))
            {
                return j;
            }
        }

        return null;
    }

    // Text converted from HTML Outlook mail marks header names bold: "*From:* Ivan".
    private static string Unbold(string line) => line.Trim().Replace("*", string.Empty, StringComparison.Ordinal);

    [GeneratedRegex(@"^-{2,}\s*(original message|исходное сообщение|исходное письмо|оригинальное сообщение)\s*-{2,}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OriginalMessageSeparator();

    [GeneratedRegex("^_{10,}$")]
    private static partial Regex OutlookSeparator();

    [GeneratedRegex("^(_{10,}|-{10,})$")]
    private static partial Regex RuleLine();

    [GeneratedRegex(@"^(from|от|отправитель)\s*:\s*\S", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"^(sent|date|to|cc|subject|отправлено|дата|кому|копия|тема)\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderField();

    [GeneratedRegex(@"(wrote|написал\(а\)|написала|написал|пишет)\s*:$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WroteVerb();

    [GeneratedRegex(@"[^\s<>""]+@[^\s<>""]+\.[^\s<>"":]+")]
    private static partial Regex EmailAddress();

    [GeneratedRegex(@"(?<![0-9])(19|20)[0-9]{2}(?![0-9])")]
    private static partial Regex Year();

    [GeneratedRegex(@"(?<![0-9])[0-9]{1,2}[./][0-9]{1,2}[./][0-9]{2,4}(?![0-9])")]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"(?<![0-9])[0-9]{1,2}:[0-9]{2}(?![0-9])")]
    private static partial Regex Time();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex ExtraBlankLines();
}
