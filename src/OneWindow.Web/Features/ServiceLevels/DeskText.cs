namespace OneWindow.Web.Features.ServiceLevels;

/// <summary>
/// The desks answer in English for the API; the pages show the same refusals in the person's language. Known sentences
/// map to resources (sentences carrying a value — a line number, a status — through patterns); anything unknown is shown
/// as the desk wrote it rather than hidden.
/// </summary>
public static partial class DeskText
{
    /// <summary>Desk sentence → resource key. Kept next to the desks' wording; a test checks every desk refusal is known.</summary>
    public static readonly IReadOnlyDictionary<string, string> Known = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["No client company with this id is visible to you."] = "Err_Company",
        ["No service with this id."] = "Err_Service",
        ["The agreement already has a version in draft or awaiting approval; finish that one first."] = "Err_OpenVersionExists",
        ["Only a draft version can be changed; start a new version instead."] = "Err_OnlyDraftChanged",
        ["Give the first day the version is valid."] = "Err_ValidFromRequired",
        ["validTo cannot be before validFrom."] = "Err_ValidToBeforeFrom",
        ["No active calendar with this id."] = "Err_Calendar",
        ["The SLA weight must be between 0 and 100."] = "Err_SlaWeight",
        ["The OLA weight must be between 0 and 100."] = "Err_OlaWeight",
        ["At least one of the SLA and OLA weights must be positive."] = "Err_WeightsZero",
        ["An escalation level's percent must be between 1 and 1000."] = "Err_EscalationPercent",
        ["Each escalation percent may appear once."] = "Err_EscalationDuplicate",
        ["At most 4000 characters."] = "Err_Max4000",
        ["At most 2000 characters."] = "Err_Max2000",
        [AgreementDesk.ClientResponsibleInvalid] = "Err_ClientResponsible",
        ["Name the metric (up to 300 characters)."] = "Err_MetricName",
        ["The weight must be between 0 and 100."] = "Err_Weight",
        ["The attainment target is a percentage between 0 and 100."] = "Err_AttainmentTarget",
        ["Say which clock: firstResponse, resolution or clientClarification."] = "Err_TimerRequired",
        ["The client-clarification clock is the business's promise (OLA); first response and resolution are the SSC's (SLA)."] = "Err_TimerSide",
        ["The target is 1 to 525,600 business minutes."] = "Err_TargetMinutes",
        ["Say how often the delivery is due: month, quarter or year."] = "Err_DeadlinePeriod",
        ["The due working day is 1 to 60 (working day N after the period)."] = "Err_DueWorkingDay",
        ["Say which period a figure covers: month, quarter or year."] = "Err_RatioPeriod",
        ["The target is a percentage between 0 and 100."] = "Err_RatioTarget",
        ["Say whether the figure must be atLeast or atMost the target."] = "Err_RatioDirection",
        ["Unknown metric kind."] = "Err_Kind",
        ["Only a draft version's metrics can be changed; start a new version instead."] = "Err_OnlyDraftMetrics",
        ["Only a draft version's metrics can be removed."] = "Err_OnlyDraftMetrics",
        ["The SSC submits agreements for approval."] = "Err_SscSubmits",
        ["Add at least one metric before submitting."] = "Err_NoMetrics",
        ["Only an executive of the client company approves its agreement."] = "Err_ExecutiveApproves",
        ["Only an executive of the client company can send the agreement back."] = "Err_ExecutiveApproves",
        ["Say what should change (up to 2000 characters)."] = "Err_Reason",
        ["The SSC archives agreement versions."] = "Err_SscArchives",
        ["The version is already archived."] = "Err_AlreadyArchived",
        ["This metric is not a periodic deadline."] = "Err_NotDeadline",
        ["This metric is not a measured ratio."] = "Err_NotRatio",
        ["Give the month as YYYY-MM, e.g. 2026-11."] = "Err_MonthFormat",
        ["Give the quarter as YYYY-Qn, e.g. 2026-Q4."] = "Err_QuarterFormat",
        ["Give the year as YYYY, e.g. 2026."] = "Err_YearFormat",
        ["A delivery cannot be recorded in the future."] = "Err_DeliveryInFuture",
        ["Numerator and denominator must satisfy 0 ≤ numerator ≤ denominator, denominator > 0."] = "Err_Fraction",
        ["Give the figure as a percentage between 0 and 100 (or numerator and denominator)."] = "Err_Value",
        ["The file has no figures: expected lines such as 2026-11;99.6."] = "Err_FileEmpty",
        ["Send one CSV file of at most 1 MB as multipart/form-data."] = "Err_FileTooLarge",
    };

    [GeneratedRegex(@"^Line (\d+): (.+)$")]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"^Period ([^:]+): (.+)$")]
    private static partial Regex PeriodPattern();

    [GeneratedRegex(@"^'(.*)' is not a number\.?$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^Escalations must be a JSON array")]
    private static partial Regex EscalationJsonPattern();

    [GeneratedRegex(@"^Only a draft can be submitted; this version is (\w+)\.$")]
    private static partial Regex SubmitPattern();

    [GeneratedRegex(@"^Only a version awaiting approval can be (approved|sent back); this one is (\w+)\.$")]
    private static partial Regex PendingPattern();

    /// <summary>One desk sentence in the current UI language.</summary>
    public static string Translate(IStringLocalizer<ServiceLevelResource> s, string message)
    {
        if (Known.TryGetValue(message, out var key))
        {
            return s[key];
        }

        if (LinePattern().Match(message) is { Success: true } line)
        {
            return s["Err_Line", line.Groups[1].Value, Translate(s, line.Groups[2].Value)];
        }

        if (PeriodPattern().Match(message) is { Success: true } period)
        {
            return s["Err_PeriodLine", period.Groups[1].Value, Translate(s, period.Groups[2].Value)];
        }

        if (NumberPattern().Match(message) is { Success: true } number)
        {
            return s["Err_NotANumber", number.Groups[1].Value];
        }

        if (EscalationJsonPattern().IsMatch(message))
        {
            return s["Err_EscalationFormat"];
        }

        if (SubmitPattern().Match(message) is { Success: true } submit)
        {
            return s["Err_SubmitNotDraft", Status(s, submit.Groups[1].Value)];
        }

        if (PendingPattern().Match(message) is { Success: true } pending)
        {
            return s["Err_NotPending", Status(s, pending.Groups[2].Value)];
        }

        return message;
    }

    private static string Status(IStringLocalizer<ServiceLevelResource> s, string status) =>
        Enum.TryParse<AgreementStatus>(status, out var value) ? s["Status_" + value] : status;

    /// <summary>A refused desk result as field errors in the current UI language (a sentence without a field goes under "").</summary>
    public static Dictionary<string, string[]> Errors(IStringLocalizer<ServiceLevelResource> s, DeskResult result)
    {
        if (result.Errors is { } errors)
        {
            return errors.ToDictionary(e => e.Key, e => e.Value.Select(m => Translate(s, m)).ToArray());
        }

        var detail = result.Outcome == DeskOutcome.NotFound ? s["Err_Gone"].Value : result.Detail is { } d ? Translate(s, d) : s["Err_Failed"].Value;
        return new Dictionary<string, string[]> { [""] = [detail] };
    }
}
