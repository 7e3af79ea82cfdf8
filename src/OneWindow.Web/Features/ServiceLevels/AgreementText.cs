namespace OneWindow.Web.Features.ServiceLevels;

/// <summary>
/// Agreement terms in words for the UI («Решение: 8 рабочих часов, приоритет Высокий», «≥ 99,5 % за месяц»), in the
/// current UI culture. Plural forms come from the resources (Russian needs three).
/// </summary>
public sealed class AgreementText(IStringLocalizer<ServiceLevelResource> s, IStringLocalizer<TicketResource> t)
{
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>The plural category of a whole number in the current UI language: One, Few or Many.</summary>
    public static string PluralForm(long n)
    {
        n = Math.Abs(n);
        if (English)
        {
            return n == 1 ? "One" : "Many";
        }

        var ones = n % 10;
        var tens = n % 100;
        if (ones == 1 && tens != 11)
        {
            return "One";
        }

        return ones is >= 2 and <= 4 && tens is < 12 or > 14 ? "Few" : "Many";
    }

    /// <summary>A resource with a number and the plural form it needs: key_One / key_Few / key_Many.</summary>
    public string Plural(string key, long n) => s[key + "_" + PluralForm(n), n.ToString("N0", CultureInfo.CurrentCulture)];

    /// <summary>Business minutes as hours and minutes: «8 рабочих часов», «1 рабочий час 30 минут», «45 рабочих минут».</summary>
    public string Duration(int minutes)
    {
        var hours = minutes / 60;
        var rest = minutes % 60;
        if (hours == 0)
        {
            return Plural("BusinessMinutes", rest);
        }

        return rest == 0 ? Plural("BusinessHours", hours) : Plural("BusinessHours", hours) + " " + Plural("Minutes", rest);
    }

    public string Percent(decimal value) => value.ToString("0.##", CultureInfo.CurrentCulture) + " %";

    public string Kind(MetricKind kind) => s["Kind_" + kind];

    public string Side(MetricSide side) => s["Side_" + side];

    public string Status(AgreementStatus status) => s["Status_" + status];

    public string Timer(TimerKind timer) => s["Timer_" + timer];

    public string Priority(OneWindow.Core.Tickets.TicketPriority priority) => t["Priority_" + priority];

    public string PeriodUnit(PeriodUnit unit) => s["Unit_" + unit];

    public string Recipient(EscalationRecipient recipient) => s["Recipient_" + recipient];

    /// <summary>The promise of a metric in words, following its kind.</summary>
    public string Target(AgreementMetric m)
    {
        switch (m.Kind)
        {
            case MetricKind.TicketTimer:
                var timer = m.Timer is { } tk ? Timer(tk) : "—";
                var duration = m.TargetMinutes is { } minutes ? Duration(minutes) : "—";
                var text = m.Priority is { } p ? s["TimerTarget", timer, duration, Priority(p)] : s["TimerTargetAll", timer, duration];
                return m.Side == MetricSide.Sla && !m.PauseWhileWaiting ? text + s["NoPauseSuffix"] : text;
            case MetricKind.PeriodicDeadline:
                var due = s["Deadline_" + (m.Period ?? Core.ServiceLevels.PeriodUnit.Month), m.DueWorkingDay ?? 1].Value;
                if (m.DueTime is { } at)
                {
                    due += s["DueTimeSuffix", at.ToString("HH:mm", CultureInfo.InvariantCulture)];
                }

                return m.RequireComplete ? due + s["CompleteSuffix"] : due;
            case MetricKind.MeasuredRatio:
                var sign = m.RatioDirection == RatioDirection.AtMost ? "≤" : "≥";
                return $"{sign} {Percent(m.RatioTarget ?? 0)} {s["Per_" + (m.Period ?? Core.ServiceLevels.PeriodUnit.Month)]}";
            default:
                return "—";
        }
    }

    /// <summary>«с 01.11.2026 по 31.12.2027» or «с 01.11.2026, бессрочно».</summary>
    public string Validity(DateOnly from, DateOnly? to) => to is { } end
        ? s["ValidFromTo", from.ToString("d", CultureInfo.CurrentCulture), end.ToString("d", CultureInfo.CurrentCulture)]
        : s["ValidFromOpen", from.ToString("d", CultureInfo.CurrentCulture)];

    /// <summary>A reporting period for people: «ноябрь 2026», «4 кв. 2026», «2026».</summary>
    public string Period(ReportPeriod period) => period.Unit switch
    {
        Core.ServiceLevels.PeriodUnit.Month => CultureInfo.CurrentCulture.DateTimeFormat.GetMonthName(period.Start.Month) + " " + period.Start.Year.ToString(CultureInfo.InvariantCulture),
        Core.ServiceLevels.PeriodUnit.Quarter => s["QuarterName", ((period.Start.Month - 1) / 3) + 1, period.Start.Year.ToString(CultureInfo.InvariantCulture)],
        _ => period.Start.Year.ToString(CultureInfo.InvariantCulture),
    };
}
