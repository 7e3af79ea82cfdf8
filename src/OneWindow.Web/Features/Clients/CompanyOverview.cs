using OneWindow.Web.Features.Committees;
using OneWindow.Web.Features.Feedback;
using OneWindow.Web.Features.Loyalty;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Features.ServiceLevels.Reports;
using OneWindow.Web.Features.Surveys;
using OneWindow.Web.Features.Tickets;

namespace OneWindow.Web.Features.Clients;

[FeatureSeam]
public sealed record OverviewCompany(Guid Id, string Name, string? ShortName, string? Inn, string? Holding, string TimeZoneId, bool IsActive);

/// <summary>A person of the client company; <see cref="Executive"/> for its executives (the contacts who approve and decide).</summary>
[FeatureSeam]
public sealed record OverviewPerson(Guid Id, string FullName, string? Email, string? JobTitle, bool Executive, bool IsActive, string? ClientDepartment = null);

/// <summary>An SSC person's assignment to the company in force today, for one service or all of them.</summary>
[FeatureSeam]
public sealed record OverviewAssignment(AssignmentRole Role, Guid PersonId, string Person, string? Email, Guid? ServiceId, string? Service, DateOnly StartsOn,
    DateOnly? EndsOn);

[FeatureSeam]
public sealed record OverviewService(Guid ServiceId, string Name, ServiceStage Stage, DateOnly Since);

/// <summary>An agreement with the version in force today.</summary>
[FeatureSeam]
public sealed record OverviewAgreement(Guid AgreementId, string Name, string? Reference, Guid? ServiceId, string? Service, Guid VersionId, int VersionNumber,
    DateOnly ValidFrom, DateOnly? ValidTo, double SlaWeight, double OlaWeight);

[FeatureSeam]
public sealed record OverviewTrendPoint(string Period, double? Sla, double? Ola, double? Index);

/// <summary>One report row of the period (client × process) with its trend: the same figures as GET /api/v1/service-levels/report and /trend.</summary>
[FeatureSeam]
public sealed record OverviewServiceLevel(Guid? ServiceId, string? Service, bool AllProcesses, double? Sla, double? Ola, double? Index, double? SlaTarget,
    double? OlaTarget, double? IndexTarget, IReadOnlyList<OverviewTrendPoint> Trend);

[FeatureSeam]
public sealed record OverviewSurvey(Guid CampaignId, string Campaign, int Wave, DateOnly Closes, int Responses, bool Hidden, decimal? Nps, decimal? Csi);

[FeatureSeam]
public sealed record OverviewCase(Guid Id, string Number, FeedbackCaseStatus Status, DateTimeOffset OpenedAt, DateTimeOffset DueAt, int AgeDays, bool Overdue,
    int Grade, int Scale);

/// <summary>Open complaint cases: how many, how many past their due date, the oldest's age in days, and the cases.</summary>
[FeatureSeam]
public sealed record OverviewCases(int Open, int Overdue, int? OldestAgeDays, IReadOnlyList<OverviewCase> Items);

[FeatureSeam]
public sealed record OverviewLoyalty(Guid PersonId, string Person, int Earned, int Balance);

/// <summary>An open action item; <see cref="ClientSide"/> when a person of the company carries it out, else the SSC.</summary>
[FeatureSeam]
public sealed record OverviewAction(Guid Id, string Kind, string Title, DateOnly DueOn, bool Overdue, string Status, string? Owner, bool ClientSide);

/// <summary>
/// The client 360 card. <see cref="Period"/> is the month (or quarter, year) the figures are for. The parts only the SSC
/// sees — the company's people beyond its executives, complaint cases, detractor follow-ups and account notes — are
/// null or left out for a client person.
/// </summary>
[FeatureSeam]
public sealed record CompanyOverviewDto(
    OverviewCompany Company,
    string Period,
    DateTimeOffset ComputedAt,
    bool SscView,
    IReadOnlyList<OverviewPerson> People,
    IReadOnlyList<OverviewAssignment> Team,
    IReadOnlyList<OverviewService> Services,
    IReadOnlyList<OverviewAgreement> Agreements,
    IReadOnlyList<OverviewServiceLevel> ServiceLevels,
    TicketCounts Tickets,
    GradeFigures Csat,
    OverviewSurvey? Survey,
    OverviewCases? Cases,
    IReadOnlyList<OverviewLoyalty> Loyalty,
    IReadOnlyList<OverviewAction> Actions,
    IReadOnlyList<AccountNoteDto>? Notes,
    int? OpenClaimsToBusiness = null,
    Interaction.CompanyMenu? Menu = null);

/// <summary>
/// The one query behind the client 360 card (the /companies/{id} page and GET /api/v1/companies/{id}/overview). It
/// composes the other features' seams so its figures are theirs: the SLA/OLA report and trend, the ticket list's
/// counts, the feedback dashboard's CSAT, the survey results' company cut. Tenancy decides which company is visible: one
/// outside the actor's scope is null (not found).
/// </summary>
[FeatureSeam]
public sealed class CompanyOverview(AppDbContext db, CurrentActor actor, ServiceLevelReports reports, SurveyResults surveys, ActionItemQueries committeeItems, TimeProvider clock)
{
    /// <summary>How many periods the card's trend shows.</summary>
    public const int TrendCount = 6;

    public ReportPeriod DefaultPeriod() => reports.CurrentPeriod(PeriodUnit.Month);

    public async Task<CompanyOverviewDto?> LoadAsync(Guid companyId, ReportPeriod? period, CancellationToken ct)
    {
        var company = await db.Companies.AsNoTracking().Where(c => c.Id == companyId)
            .Select(c => new OverviewCompany(c.Id, c.Name, c.ShortName, c.Inn, c.Holding != null ? c.Holding.Name : null, c.TimeZoneId, c.IsActive))
            .FirstOrDefaultAsync(ct);
        if (company is null)
        {
            return null;
        }

        var ssc = !actor.IsClient;
        var executive = actor.IsClient && actor.Principal.IsInRole(Roles.ClientExecutive);
        var p = period ?? DefaultPeriod();
        var now = clock.GetUtcNow();
        var today = LocalDates.Of(now, ViewerTime.Zone(company.TimeZoneId));

        return new CompanyOverviewDto(company, p.Key, now, ssc,
            await PeopleAsync(companyId, ssc, ct),
            await TeamAsync(companyId, today, ct),
            await ServicesAsync(companyId, ct),
            await AgreementsAsync(companyId, today, ct),
            await ServiceLevelsAsync(companyId, p, ct),
            await TicketQueries.CountAsync(db, actor, companyId, ct),
            await FeedbackFigures.CompanyGradesAsync(db, companyId, p, ct),
            await SurveyAsync(companyId, ct),
            ssc ? await CasesAsync(companyId, now, ct) : null,
            await LoyaltyAsync(companyId, ct),
            await ActionsAsync(companyId, ssc, today, ct),
            ssc ? await AccountNoteDesk.ListAsync(db, actor, companyId, ct) : null,
            // Claims to the business and the interaction menu are the SSC's and the company executives' (a client user
            // reads neither through their own APIs either).
            ssc || executive ? await BusinessClaimCounts.OpenAsync(db, companyId, ct) : null,
            ssc || executive ? await Interaction.InteractionQueries.ForCompanyAsync(db, companyId, System.Globalization.CultureInfo.CurrentUICulture.Name, now, ct) : null);
    }

    private async Task<List<OverviewPerson>> PeopleAsync(Guid companyId, bool ssc, CancellationToken ct)
    {
        var executives = db.UserRoles.Where(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.ClientExecutive)).Select(ur => ur.UserId);
        var people = await db.Users.AsNoTracking().Where(u => u.CompanyId == companyId)
            .Select(u => new OverviewPerson(u.Id, u.FullName, u.Email, u.JobTitle, executives.Contains(u.Id), u.IsActive, u.ClientDepartment))
            .ToListAsync(ct);
        // A client sees the company's executives as its contacts; the whole list of people is the SSC's.
        return [.. people.Where(x => ssc || (x.Executive && x.IsActive))
            .OrderByDescending(x => x.Executive).ThenBy(x => x.FullName, StringComparer.CurrentCulture)];
    }

    private async Task<List<OverviewAssignment>> TeamAsync(Guid companyId, DateOnly today, CancellationToken ct) =>
        [.. (await db.ClientAssignments.AsNoTracking()
                .Where(a => a.CompanyId == companyId && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today))
                .Select(a => new OverviewAssignment(a.Role, a.UserId, a.User!.FullName, a.User.Email, a.ServiceId, a.Service != null ? a.Service.Name : null,
                    a.StartsOn, a.EndsOn))
                .ToListAsync(ct))
            .OrderBy(a => a.Role).ThenBy(a => a.Service is not null).ThenBy(a => a.Service, StringComparer.CurrentCulture).ThenBy(a => a.Person, StringComparer.CurrentCulture)];

    private async Task<List<OverviewService>> ServicesAsync(Guid companyId, CancellationToken ct) =>
        [.. (await db.ClientServices.AsNoTracking().Where(s => s.CompanyId == companyId)
                .Select(s => new OverviewService(s.ServiceId, s.Service!.Name, s.Stage, s.StartsOn)).ToListAsync(ct))
            .OrderBy(s => s.Name, StringComparer.CurrentCulture)];

    private async Task<List<OverviewAgreement>> AgreementsAsync(Guid companyId, DateOnly today, CancellationToken ct)
    {
        var versions = await db.AgreementVersions.AsNoTracking()
            .Where(v => v.CompanyId == companyId && v.ApprovedAt != null && (v.Status == AgreementStatus.Agreed || v.Status == AgreementStatus.Archived)
                && v.ValidFrom <= today && (v.ValidTo == null || v.ValidTo >= today))
            .Select(v => new OverviewAgreement(v.AgreementId, v.Agreement!.Name, v.Agreement.Reference, v.Agreement.ServiceId,
                v.Agreement.Service != null ? v.Agreement.Service.Name : null, v.Id, v.Number, v.ValidFrom, v.ValidTo, v.SlaWeight, v.OlaWeight))
            .ToListAsync(ct);
        return [.. versions.GroupBy(v => v.AgreementId).Select(g => g.MaxBy(v => v.VersionNumber)!)
            .OrderBy(a => a.ServiceId is not null).ThenBy(a => a.Service, StringComparer.CurrentCulture)];
    }

    private async Task<List<OverviewServiceLevel>> ServiceLevelsAsync(Guid companyId, ReportPeriod period, CancellationToken ct)
    {
        var report = await reports.ReportAsync(period, companyId, ProcessFilter.Anything, ct);
        var trend = await reports.TrendAsync(period.Unit, TrendCount, period, companyId, ProcessFilter.Anything, ct);
        return [.. report.Rows.Select(r =>
        {
            var points = trend.Rows.FirstOrDefault(t => t.ServiceId == r.ServiceId)?.Points ?? [];
            return new OverviewServiceLevel(r.ServiceId, r.ServiceName, r.AllProcesses, r.SlaAttainment, r.OlaAttainment, r.Index, r.SlaTarget, r.OlaTarget,
                r.IndexTarget, [.. points.Select(x => new OverviewTrendPoint(x.Period, x.SlaAttainment, x.OlaAttainment, x.Index))]);
        })];
    }

    private async Task<OverviewSurvey?> SurveyAsync(Guid companyId, CancellationToken ct)
    {
        var latest = await surveys.LatestForCompanyAsync(companyId, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, ct);
        return latest is null
            ? null
            : new OverviewSurvey(latest.CampaignId, latest.Campaign, latest.Wave, latest.Closes, latest.Figures.Responses, latest.Figures.Hidden,
                latest.Figures.Nps?.Score, latest.Figures.Csi?.Index);
    }

    private async Task<OverviewCases> CasesAsync(Guid companyId, DateTimeOffset now, CancellationToken ct)
    {
        var open = await db.Set<FeedbackCase>().AsNoTracking().Where(c => c.CompanyId == companyId && c.Direction == FeedbackCaseDirection.ClientComplaint && c.Status != FeedbackCaseStatus.Closed)
            .OrderBy(c => c.OpenedAt)
            .Select(c => new { c.Id, c.Number, c.Status, c.OpenedAt, c.DueAt, c.Grade, c.Scale })
            .ToListAsync(ct);
        var items = open.Select(c => new OverviewCase(c.Id, c.Number, c.Status, c.OpenedAt, c.DueAt, (int)(now - c.OpenedAt).TotalDays, c.DueAt < now, c.Grade, c.Scale))
            .ToList();
        return new OverviewCases(items.Count, items.Count(c => c.Overdue), items.Count == 0 ? null : items.Max(c => c.AgeDays), items);
    }

    private async Task<List<OverviewLoyalty>> LoyaltyAsync(Guid companyId, CancellationToken ct)
    {
        var accounts = await db.Set<LoyaltyAccount>().AsNoTracking().Where(a => a.CompanyId == companyId)
            .Join(db.Users, a => a.PersonId, u => u.Id, (a, u) => new { a.PersonId, u.FullName, a.Earned, a.Spent })
            .ToListAsync(ct);
        return [.. accounts.Select(a => new OverviewLoyalty(a.PersonId, a.FullName, a.Earned, a.Earned - a.Spent))
            .OrderByDescending(a => a.Earned).ThenBy(a => a.Person, StringComparer.CurrentCulture).Take(10)];
    }

    private async Task<List<OverviewAction>> ActionsAsync(Guid companyId, bool ssc, DateOnly today, CancellationToken ct)
    {
        var actions = db.Set<SurveyAction>().AsNoTracking()
            .Where(a => a.CompanyId == companyId && (a.Status == SurveyActionStatus.Open || a.Status == SurveyActionStatus.InProgress));
        if (!ssc)
        {
            // A detractor follow-up names the respondent: it stays with the SSC, as on the actions page.
            actions = actions.Where(a => a.FollowUpOfResponseId == null);
        }

        var rows = await actions.OrderBy(a => a.DueOn)
            .Select(a => new { a.Id, a.Title, a.DueOn, a.Status, Owner = a.Owner != null ? a.Owner.FullName : null, OwnerCompany = a.Owner != null ? a.Owner.CompanyId : null })
            .ToListAsync(ct);
        var committee = await committeeItems.OpenForCompanyAsync(companyId, today, ct);
        return [.. rows.Select(a => new OverviewAction(a.Id, "survey", a.Title, a.DueOn, a.DueOn < today, a.Status.ToString(), a.Owner, a.OwnerCompany != null))
            .Concat(committee.Select(a => new OverviewAction(a.Id, "committee", a.Title, a.DueOn, a.Overdue, a.Status.ToString(), a.Owner, a.ClientSide)))
            .OrderBy(a => a.DueOn)];
    }
}
