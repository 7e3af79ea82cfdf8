using OneWindow.Core.Committees;
using OneWindow.Web.Features.Clients;
using OneWindow.Web.Features.ServiceLevels.Reports;
using Quartz;

namespace OneWindow.Web.Features.Committees;

/// <summary>
/// Proposes cadences: for each active committee without an open proposal, reads the covered services' stages and the
/// unified index against its target for the last two closed months (through the service-level reports), asks
/// <see cref="CadenceAdvisor"/> and records its advice as a proposal a manager accepts or rejects. A proposal rejected
/// within <see cref="QuietDays"/> is not made again.
/// </summary>
public sealed class CadenceSweep(AppDbContext db, ServiceLevelReports reports, TimeProvider clock)
{
    public const int QuietDays = 30;

    /// <summary>One pass over the committees; returns how many proposals it made.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var committees = await db.Set<Committee>().Include(c => c.Companies).Where(c => c.IsActive)
            .Where(c => !db.Set<CadenceProposal>().Any(p => p.CommitteeId == c.Id && p.Status == CadenceProposalStatus.Proposed))
            .OrderBy(c => c.Id).ToListAsync(ct);
        var lastMonth = reports.CurrentPeriod(PeriodUnit.Month).Previous;
        ReportPeriod[] periods = [lastMonth.Previous, lastMonth];
        var made = 0;
        foreach (var committee in committees)
        {
            var companies = committee.Companies.Select(c => c.CompanyId).ToList();
            var services = db.ClientServices.Where(s => companies.Contains(s.CompanyId) && (s.EndsOn == null || s.EndsOn >= today));
            if (committee.ServiceId is { } serviceId)
            {
                services = services.Where(s => s.ServiceId == serviceId);
            }

            var stages = (await services.Select(s => s.Stage).ToListAsync(ct)).Select(Covered).ToList();
            var index = new List<IndexPeriod>();
            foreach (var period in periods)
            {
                index.Add(await IndexAsync(committee, companies, period, ct));
            }

            if (CadenceAdvisor.Propose(committee.Cadence, stages, index) is not { } advice)
            {
                continue;
            }

            var quietSince = now.AddDays(-QuietDays);
            if (await db.Set<CadenceProposal>().AnyAsync(p => p.CommitteeId == committee.Id && p.Status == CadenceProposalStatus.Rejected && p.From == committee.Cadence
                    && p.To == advice.Cadence && p.Reason == advice.Reason && p.DecidedAt != null && p.DecidedAt > quietSince, ct))
            {
                continue;
            }

            db.Set<CadenceProposal>().Add(new CadenceProposal
            {
                CommitteeId = committee.Id, From = committee.Cadence, To = advice.Cadence, Reason = advice.Reason, ProposedAt = now,
                Detail = string.Join("; ", index.Select(p => p.Index is { } i ? FormattableString.Invariant($"{p.Period}: {i:0.###}/{p.Target:0.###}") : $"{p.Period}: —")),
            });
            made++;
        }

        await db.SaveChangesAsync(ct);
        return made;
    }

    /// <summary>The worst unified index against its target among the committee's companies (and service) for one period.</summary>
    private async Task<IndexPeriod> IndexAsync(Committee committee, List<Guid> companies, ReportPeriod period, CancellationToken ct)
    {
        var filter = committee.ServiceId is { } serviceId ? ProcessFilter.Service(serviceId) : ProcessFilter.Anything;
        IndexPeriod? worst = null;
        foreach (var company in companies)
        {
            var report = await reports.ReportAsync(period, company, filter, ct);
            foreach (var row in report.Rows.Where(r => r.Index is not null && r.IndexTarget is not null))
            {
                if (worst is null || row.Index - row.IndexTarget < worst.Index - worst.Target)
                {
                    worst = new IndexPeriod(period.Key, row.Index, row.IndexTarget);
                }
            }
        }

        return worst ?? new IndexPeriod(period.Key, null, null);
    }

    private static CoveredStage Covered(ServiceStage stage) => stage switch
    {
        ServiceStage.Transition => CoveredStage.Transfer,
        ServiceStage.Stabilisation => CoveredStage.Stabilisation,
        ServiceStage.Stable => CoveredStage.Stable,
        _ => CoveredStage.Other,
    };
}

/// <summary>The hourly cadence sweep on the clustered scheduler, as the system.</summary>
[DisallowConcurrentExecution]
public sealed class CadenceSweepJob(IServiceScopeFactory scopes, ILogger<CadenceSweepJob> logger) : IJob
{
    public const string Name = "committee-cadence";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var made = await RunOnceAsync(scopes, cancellationToken);
        if (made > 0)
        {
            logger.LogInformation("Committees: {Made} cadence proposal(s) made", made);
        }
    }

    /// <summary>One run as the system in a scope of its own (tests call it at the fake time they choose).</summary>
    public static async Task<int> RunOnceAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        return await scope.ServiceProvider.GetRequiredService<CadenceSweep>().RunAsync(ct);
    }

    public static void Schedule(IQuartzBuilder q, TimeSpan every) => q.ScheduleJob<CadenceSweepJob>(
        trigger => trigger.WithIdentity(Name).StartAt(TimeProvider.System.GetUtcNow().AddMinutes(3)).WithSimpleSchedule(s => s.WithInterval(every).RepeatForever()
            .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
        job => job.WithIdentity(Name));
}
