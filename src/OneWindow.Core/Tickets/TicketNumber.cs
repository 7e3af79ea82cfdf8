using System.Globalization;
using System.Text.RegularExpressions;

namespace OneWindow.Core.Tickets;

/// <summary>A parsed ticket number such as OW-2026-000123.</summary>
public readonly record struct TicketNumberValue(string Prefix, int Year, long Sequence)
{
    public override string ToString() => TicketNumber.Format(Prefix, Year, Sequence);
}

/// <summary>
/// Human-friendly ticket numbers: PREFIX-YYYY-NNNNNN (at least six digits, more when the sequence needs them),
/// and finding one inside free text such as an email subject.
/// </summary>
public static partial class TicketNumber
{
    public const string DefaultPrefix = "OW";
    public const int MinYear = 1000;
    public const int MaxYear = 9999;

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
    private static readonly Regex DefaultPattern = BuildPattern(DefaultPrefix);

    public static string Format(string prefix, int year, long sequence)
    {
        ValidatePrefix(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(year, MinYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, MaxYear);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}-{year:D4}-{sequence:D6}");
    }

    /// <summary>Finds the first ticket number with the default prefix anywhere in <paramref name="text"/>.</summary>
    public static bool TryParse(string? text, out TicketNumberValue value) => TryParse(text, DefaultPrefix, out value);

    /// <summary>
    /// Finds the first ticket number with <paramref name="prefix"/> (matched case-insensitively) anywhere in
    /// <paramref name="text"/>. The number must stand as a word: "XOW-2026-000001" or "OW-2026-0000012a" do not count.
    /// The returned prefix is the configured one, so numbers compare equal however the subject spelled them.
    /// </summary>
    public static bool TryParse(string? text, string prefix, out TicketNumberValue value)
    {
        ValidatePrefix(prefix);
        value = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var pattern = string.Equals(prefix, DefaultPrefix, StringComparison.Ordinal) ? DefaultPattern : BuildPattern(prefix);
        for (var match = pattern.Match(text); match.Success; match = match.NextMatch())
        {
            // Sequences longer than a long are not ours; keep looking for a later, valid number.
            if (long.TryParse(match.Groups["seq"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && sequence >= 1)
            {
                var year = int.Parse(match.Groups["year"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
                if (year >= MinYear)
                {
                    value = new TicketNumberValue(prefix, year, sequence);
                    return true;
                }
            }
        }

        return false;
    }

    private static Regex BuildPattern(string prefix) => new(
        $@"(?<![\p{{L}}\p{{N}}_]){Regex.Escape(prefix)}-(?<year>[0-9]{{4}})-(?<seq>[0-9]{{6,}})(?![\p{{L}}\p{{N}}_])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture,
        MatchTimeout);

    private static void ValidatePrefix(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (!PrefixShape().IsMatch(prefix))
        {
            throw new ArgumentException("A ticket number prefix is 1 to 10 Latin letters or digits, starting with a letter.", nameof(prefix));
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,9}$")]
    private static partial Regex PrefixShape();
}
