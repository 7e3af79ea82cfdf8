namespace OneWindow.Web.Features.ServiceLevels;

public sealed record VersionInput(DateOnly? ValidFrom, DateOnly? ValidTo, Guid? CalendarId, double SlaWeight = 0.5, double OlaWeight = 0.5,
    IReadOnlyList<EscalationLevel>? Escalations = null, string? Notes = null);

public sealed record MetricInput(
    MetricSide Side,
    MetricKind Kind,
    string? Name,
    string? Description = null,
    double Weight = 1,
    decimal AttainmentTarget = 95,
    TimerKind? Timer = null,
    TicketPriority? Priority = null,
    int? TargetMinutes = null,
    bool PauseWhileWaiting = true,
    PeriodUnit? Period = null,
    int? DueWorkingDay = null,
    TimeOnly? DueTime = null,
    bool RequireComplete = false,
    decimal? RatioTarget = null,
    RatioDirection? RatioDirection = null,
    Guid? ClientResponsibleId = null);

/// <summary>
/// Agreement versions and their lifecycle: draft (editable) → pending approval → agreed by the client executive in the
/// app → archived when superseded. Every change is audited by the DbContext; the approval records who and when.
/// Used by the API and the Blazor pages alike.
/// </summary>
public sealed class AgreementDesk(AppDbContext db, CurrentActor actor, TimeProvider clock, ClockKeeper keeper)
{
    public const string ClientResponsibleInvalid = "The client responsible must be a person of the agreement's company, on an OLA deadline.";

    public async Task<DeskResult> CreateAgreementAsync(Guid companyId, Guid? serviceId, string name, string? reference, CancellationToken ct)
    {
        if (!await db.Companies.AnyAsync(c => c.Id == companyId, ct))
        {
            return DeskResult.Field("companyId", "No client company with this id is visible to you.");
        }

        if (serviceId is { } s && !await db.Services.AnyAsync(x => x.Id == s, ct))
        {
            return DeskResult.Field("serviceId", "No service with this id.");
        }

        var agreement = new Agreement { CompanyId = companyId, ServiceId = serviceId, Name = name.Trim(), Reference = reference?.Trim() };
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        agreement.Versions.Add(new AgreementVersion { CompanyId = companyId, Number = 1, ValidFrom = new DateOnly(today.Year, today.Month, 1) });
        db.Agreements.Add(agreement);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(agreement.Id);
    }

    /// <summary>A new draft version copying the latest version's terms and metrics, valid from the first of next month.</summary>
    public async Task<DeskResult> NewVersionAsync(Guid agreementId, CancellationToken ct)
    {
        var agreement = await db.Agreements.Include(a => a.Versions).ThenInclude(v => v.Metrics).FirstOrDefaultAsync(a => a.Id == agreementId, ct);
        if (agreement is null)
        {
            return DeskResult.Missing;
        }

        if (agreement.Versions.Any(v => v.Status is AgreementStatus.Draft or AgreementStatus.PendingApproval))
        {
            return DeskResult.Clash("The agreement already has a version in draft or awaiting approval; finish that one first.");
        }

        var latest = agreement.Versions.OrderByDescending(v => v.Number).First();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var version = new AgreementVersion
        {
            AgreementId = agreement.Id,
            CompanyId = agreement.CompanyId,
            Number = latest.Number + 1,
            ValidFrom = new DateOnly(today.Year, today.Month, 1).AddMonths(1),
            CalendarId = latest.CalendarId,
            SlaWeight = latest.SlaWeight,
            OlaWeight = latest.OlaWeight,
            Escalations = latest.Escalations,
            Notes = latest.Notes,
            Metrics = [.. latest.Metrics.Select(Copy)],
        };
        db.AgreementVersions.Add(version);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(version.Id);
    }

    private static AgreementMetric Copy(AgreementMetric m) => new()
    {
        CompanyId = m.CompanyId, Side = m.Side, Kind = m.Kind, Name = m.Name, Description = m.Description, Weight = m.Weight, AttainmentTarget = m.AttainmentTarget,
        Timer = m.Timer, Priority = m.Priority, TargetMinutes = m.TargetMinutes, PauseWhileWaiting = m.PauseWhileWaiting, Period = m.Period,
        DueWorkingDay = m.DueWorkingDay, DueTime = m.DueTime, RequireComplete = m.RequireComplete, RatioTarget = m.RatioTarget, RatioDirection = m.RatioDirection,
    };

    public async Task<DeskResult> UpdateVersionAsync(AgreementVersion version, VersionInput input, CancellationToken ct)
    {
        if (version.Status != AgreementStatus.Draft)
        {
            return DeskResult.Clash("Only a draft version can be changed; start a new version instead.");
        }

        var errors = new Dictionary<string, string[]>();
        if (input.ValidFrom is null)
        {
            errors["validFrom"] = ["Give the first day the version is valid."];
        }
        else if (input.ValidTo is { } to && to < input.ValidFrom)
        {
            errors["validTo"] = ["validTo cannot be before validFrom."];
        }

        if (input.CalendarId is { } c && !await db.Calendars.AnyAsync(x => x.Id == c && x.IsActive, ct))
        {
            errors["calendarId"] = ["No active calendar with this id."];
        }

        if (input.SlaWeight is < 0 or > 100 || double.IsNaN(input.SlaWeight))
        {
            errors["slaWeight"] = ["The SLA weight must be between 0 and 100."];
        }

        if (input.OlaWeight is < 0 or > 100 || double.IsNaN(input.OlaWeight))
        {
            errors["olaWeight"] = ["The OLA weight must be between 0 and 100."];
        }
        else if (input.SlaWeight + input.OlaWeight <= 0)
        {
            errors["olaWeight"] = ["At least one of the SLA and OLA weights must be positive."];
        }

        string? escalations = null;
        if (input.Escalations is { } levels)
        {
            escalations = EscalationPolicy.ToJson(levels);
            if (EscalationPolicy.Parse(escalations, out var error) is null)
            {
                errors["escalations"] = [error!];
            }
        }

        if (input.Notes is { Length: > 4000 })
        {
            errors["notes"] = ["At most 4000 characters."];
        }

        if (errors.Count > 0)
        {
            return new DeskResult(DeskOutcome.Invalid, errors);
        }

        version.ValidFrom = input.ValidFrom!.Value;
        version.ValidTo = input.ValidTo;
        version.CalendarId = input.CalendarId;
        version.SlaWeight = input.SlaWeight;
        version.OlaWeight = input.OlaWeight;
        version.Escalations = escalations ?? version.Escalations;
        version.Notes = input.Notes;
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(version.Id);
    }

    public static Dictionary<string, string[]> Validate(MetricInput m)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = [message];
        if (string.IsNullOrWhiteSpace(m.Name) || m.Name.Length > 300)
        {
            Error("name", "Name the metric (up to 300 characters).");
        }

        if (m.Description is { Length: > 2000 })
        {
            Error("description", "At most 2000 characters.");
        }

        if (m.Weight is < 0 or > 100 || double.IsNaN(m.Weight))
        {
            Error("weight", "The weight must be between 0 and 100.");
        }

        if (m.AttainmentTarget is < 0 or > 100)
        {
            Error("attainmentTarget", "The attainment target is a percentage between 0 and 100.");
        }

        switch (m.Kind)
        {
            case MetricKind.TicketTimer:
                if (m.Timer is null)
                {
                    Error("timer", "Say which clock: firstResponse, resolution or clientClarification.");
                }
                else if ((m.Timer == TimerKind.ClientClarification) != (m.Side == MetricSide.Ola))
                {
                    Error("timer", "The client-clarification clock is the business's promise (OLA); first response and resolution are the SSC's (SLA).");
                }

                if (m.TargetMinutes is not (>= 1 and <= 525_600))
                {
                    Error("targetMinutes", "The target is 1 to 525,600 business minutes.");
                }

                break;
            case MetricKind.PeriodicDeadline:
                if (m.Period is null)
                {
                    Error("period", "Say how often the delivery is due: month, quarter or year.");
                }

                if (m.DueWorkingDay is not (>= 1 and <= 60))
                {
                    Error("dueWorkingDay", "The due working day is 1 to 60 (working day N after the period).");
                }

                break;
            case MetricKind.MeasuredRatio:
                if (m.Period is null)
                {
                    Error("period", "Say which period a figure covers: month, quarter or year.");
                }

                if (m.RatioTarget is not (>= 0 and <= 100))
                {
                    Error("ratioTarget", "The target is a percentage between 0 and 100.");
                }

                if (m.RatioDirection is null)
                {
                    Error("ratioDirection", "Say whether the figure must be atLeast or atMost the target.");
                }

                break;
            default:
                Error("kind", "Unknown metric kind.");
                break;
        }

        return errors;
    }

    public async Task<DeskResult> SaveMetricAsync(AgreementVersion version, AgreementMetric? metric, MetricInput input, CancellationToken ct)
    {
        if (version.Status != AgreementStatus.Draft)
        {
            return DeskResult.Clash("Only a draft version's metrics can be changed; start a new version instead.");
        }

        var errors = Validate(input);
        if (errors.Count > 0)
        {
            return new DeskResult(DeskOutcome.Invalid, errors);
        }

        metric ??= db.AgreementMetrics.Add(new AgreementMetric { VersionId = version.Id, CompanyId = version.CompanyId, Name = "" }).Entity;
        metric.Side = input.Side;
        metric.Kind = input.Kind;
        metric.Name = input.Name!.Trim();
        metric.Description = input.Description?.Trim();
        metric.Weight = input.Weight;
        metric.AttainmentTarget = input.AttainmentTarget;
        var timer = input.Kind == MetricKind.TicketTimer;
        metric.Timer = timer ? input.Timer : null;
        metric.Priority = timer ? input.Priority : null;
        metric.TargetMinutes = timer ? input.TargetMinutes : null;
        metric.PauseWhileWaiting = !timer || input.PauseWhileWaiting;
        metric.Period = timer ? null : input.Period;
        metric.DueWorkingDay = input.Kind == MetricKind.PeriodicDeadline ? input.DueWorkingDay : null;
        metric.DueTime = input.Kind == MetricKind.PeriodicDeadline ? input.DueTime : null;
        metric.RequireComplete = input.Kind == MetricKind.PeriodicDeadline && input.RequireComplete;
        metric.RatioTarget = input.Kind == MetricKind.MeasuredRatio ? input.RatioTarget : null;
        metric.RatioDirection = input.Kind == MetricKind.MeasuredRatio ? input.RatioDirection : null;
        if (input.ClientResponsibleId is { } responsible && (input.Side != MetricSide.Ola || input.Kind != MetricKind.PeriodicDeadline
            || !await db.Users.AnyAsync(u => u.Id == responsible && u.CompanyId == version.CompanyId, ct)))
        {
            return DeskResult.Field("clientResponsibleId", ClientResponsibleInvalid);
        }

        metric.ClientResponsibleId = input.Side == MetricSide.Ola && input.Kind == MetricKind.PeriodicDeadline ? input.ClientResponsibleId : null;
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(metric.Id);
    }

    public async Task<DeskResult> DeleteMetricAsync(AgreementMetric metric, CancellationToken ct)
    {
        var version = await db.AgreementVersions.FirstAsync(v => v.Id == metric.VersionId, ct);
        if (version.Status != AgreementStatus.Draft)
        {
            return DeskResult.Clash("Only a draft version's metrics can be removed.");
        }

        db.AgreementMetrics.Remove(metric);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok();
    }

    /// <summary>Draft → pending approval: the client executive sees it in the app.</summary>
    public async Task<DeskResult> SubmitAsync(AgreementVersion version, CancellationToken ct)
    {
        if (actor.IsClient)
        {
            return DeskResult.Refused("The SSC submits agreements for approval.");
        }

        if (version.Status != AgreementStatus.Draft)
        {
            return DeskResult.Clash($"Only a draft can be submitted; this version is {version.Status}.");
        }

        var metrics = await db.AgreementMetrics.Where(m => m.VersionId == version.Id).CountAsync(ct);
        if (metrics == 0)
        {
            return DeskResult.Field("metrics", "Add at least one metric before submitting.");
        }

        version.Status = AgreementStatus.PendingApproval;
        version.SubmittedAt = clock.GetUtcNow();
        version.RejectionReason = null;
        await NotifyAsync(version, Tickets.TicketEventKind.AgreementSubmitted, await ExecutivesAsync(version.CompanyId, ct), ct);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(version.Id);
    }

    /// <summary>
    /// The client executive agrees: the version comes into force; the agreement's other agreed versions are archived,
    /// ending the day before this one starts where they overlapped; open tickets are measured again (docs: Recalculation).
    /// </summary>
    public async Task<DeskResult> ApproveAsync(AgreementVersion version, CancellationToken ct)
    {
        if (!actor.IsClient || actor.CompanyId != version.CompanyId || !actor.Principal.IsInRole(Roles.ClientExecutive))
        {
            return DeskResult.Refused("Only an executive of the client company approves its agreement.");
        }

        if (version.Status != AgreementStatus.PendingApproval)
        {
            return DeskResult.Clash($"Only a version awaiting approval can be approved; this one is {version.Status}.");
        }

        var now = clock.GetUtcNow();
        version.Status = AgreementStatus.Agreed;
        version.ApprovedAt = now;
        version.ApprovedById = actor.UserId;
        version.ApprovedByName = actor.Name;
        var others = await db.AgreementVersions.Where(v => v.AgreementId == version.AgreementId && v.Id != version.Id && v.Status == AgreementStatus.Agreed).ToListAsync(ct);
        foreach (var other in others)
        {
            other.Status = AgreementStatus.Archived;
            if (other.ValidFrom < version.ValidFrom && (other.ValidTo is null || other.ValidTo >= version.ValidFrom))
            {
                other.ValidTo = version.ValidFrom.AddDays(-1);
            }
        }

        await NotifyAsync(version, Tickets.TicketEventKind.AgreementApproved, await AccountTeamAsync(version.CompanyId, ct), ct);
        await db.SaveChangesAsync(ct);
        await keeper.RecalculateAsync(db, now, version.CompanyId, null, null, includeClosed: false, ct);
        return DeskResult.Ok(version.Id);
    }

    public async Task<DeskResult> RejectAsync(AgreementVersion version, string? reason, CancellationToken ct)
    {
        if (!actor.IsClient || actor.CompanyId != version.CompanyId || !actor.Principal.IsInRole(Roles.ClientExecutive))
        {
            return DeskResult.Refused("Only an executive of the client company can send the agreement back.");
        }

        if (version.Status != AgreementStatus.PendingApproval)
        {
            return DeskResult.Clash($"Only a version awaiting approval can be sent back; this one is {version.Status}.");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 2000)
        {
            return DeskResult.Field("reason", "Say what should change (up to 2000 characters).");
        }

        version.Status = AgreementStatus.Draft;
        version.RejectionReason = reason.Trim();
        await NotifyAsync(version, Tickets.TicketEventKind.AgreementReturned, await AccountTeamAsync(version.CompanyId, ct), ct);
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(version.Id);
    }

    /// <summary>Withdraws a version: it stays the measure of the dates it was in force, if it ever was.</summary>
    public async Task<DeskResult> ArchiveAsync(AgreementVersion version, CancellationToken ct)
    {
        if (actor.IsClient)
        {
            return DeskResult.Refused("The SSC archives agreement versions.");
        }

        if (version.Status == AgreementStatus.Archived)
        {
            return DeskResult.Clash("The version is already archived.");
        }

        var wasInForce = version.Status == AgreementStatus.Agreed;
        version.Status = AgreementStatus.Archived;
        if (wasInForce)
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            version.ValidTo = version.ValidTo is { } to && to < today ? to : today;
        }

        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(version.Id);
    }

    /// <summary>The client company's active executives: they approve its agreements.</summary>
    private Task<List<Guid>> ExecutivesAsync(Guid companyId, CancellationToken ct) =>
        db.Users.IgnoreQueryFilters()
            .Where(u => u.CompanyId == companyId && u.IsActive
                && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.ClientExecutive)))
            .Select(u => u.Id).ToListAsync(ct);

    /// <summary>The SSC people assigned to the company today (client success, delivery, service managers): they prepared the agreement.</summary>
    private Task<List<Guid>> AccountTeamAsync(Guid companyId, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return db.ClientAssignments.IgnoreQueryFilters()
            .Where(a => a.CompanyId == companyId && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today))
            .Select(a => a.UserId).Distinct().ToListAsync(ct);
    }

    /// <summary>A bell notification per person that opens the agreement; saved with the status change it reports.</summary>
    private async Task NotifyAsync(AgreementVersion version, Tickets.TicketEventKind kind, IEnumerable<Guid> people, CancellationToken ct)
    {
        var agreement = version.Agreement ?? await db.Agreements.IgnoreQueryFilters().FirstAsync(a => a.Id == version.AgreementId, ct);
        var now = clock.GetUtcNow();
        foreach (var userId in people.Distinct().Where(id => id != actor.UserId))
        {
            db.Notifications.Add(new Notifications.Notification
            {
                UserId = userId,
                CompanyId = version.CompanyId,
                Link = $"/agreements/{version.AgreementId}",
                TicketNumber = Infrastructure.TextLimit.Truncate($"v{version.Number}", 32),
                Subject = Infrastructure.TextLimit.Truncate(agreement.Name, 300),
                Kind = kind,
                ActorName = Infrastructure.TextLimit.Truncate(actor.Name ?? "", 200),
                CreatedAt = now,
            });
        }
    }
}
