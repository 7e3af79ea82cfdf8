using OneWindow.Core.Committees;

namespace OneWindow.Core.Tests.Committees;

public class CadenceAdvisorTests
{
    private static readonly IndexPeriod[] OnTarget = [new("2026-10", 0.97, 0.95), new("2026-11", 0.96, 0.95)];
    private static readonly IndexPeriod[] BelowTwice = [new("2026-10", 0.90, 0.95), new("2026-11", 0.91, 0.95)];

    [Fact]
    public void A_service_in_stabilisation_proposes_weekly()
    {
        Assert.Equal(new CadenceAdvice(CommitteeCadence.Weekly, CadenceReason.Stabilisation),
            CadenceAdvisor.Propose(CommitteeCadence.Monthly, [CoveredStage.Stable, CoveredStage.Stabilisation], OnTarget));
        Assert.Equal(new CadenceAdvice(CommitteeCadence.Weekly, CadenceReason.Stabilisation),
            CadenceAdvisor.Propose(CommitteeCadence.Biweekly, [CoveredStage.Transfer], []));
    }

    [Theory]
    [InlineData(CommitteeCadence.Weekly)]
    [InlineData(CommitteeCadence.Daily)]
    public void Stabilisation_proposes_nothing_when_already_weekly_or_tighter(CommitteeCadence current) =>
        Assert.Null(CadenceAdvisor.Propose(current, [CoveredStage.Stabilisation], BelowTwice));

    [Theory]
    [InlineData(CommitteeCadence.Quarterly, CommitteeCadence.Monthly)]
    [InlineData(CommitteeCadence.Monthly, CommitteeCadence.Biweekly)]
    [InlineData(CommitteeCadence.Weekly, CommitteeCadence.Daily)]
    public void An_index_below_target_two_periods_running_tightens_one_step(CommitteeCadence current, CommitteeCadence expected) =>
        Assert.Equal(new CadenceAdvice(expected, CadenceReason.IndexBelowTarget), CadenceAdvisor.Propose(current, [CoveredStage.Stable], BelowTwice));

    [Fact]
    public void One_period_below_is_not_enough_and_daily_cannot_tighten()
    {
        Assert.Null(CadenceAdvisor.Propose(CommitteeCadence.Monthly, [CoveredStage.Stable], [new("2026-10", 0.97, 0.95), new("2026-11", 0.90, 0.95)]));
        Assert.Null(CadenceAdvisor.Propose(CommitteeCadence.Daily, [CoveredStage.Stable], BelowTwice));
    }

    [Theory]
    [InlineData(CommitteeCadence.Weekly)]
    [InlineData(CommitteeCadence.Biweekly)]
    [InlineData(CommitteeCadence.Daily)]
    public void Stable_and_on_target_loosens_to_monthly(CommitteeCadence current)
    {
        Assert.Equal(new CadenceAdvice(CommitteeCadence.Monthly, CadenceReason.Stable), CadenceAdvisor.Propose(current, [CoveredStage.Stable], OnTarget));
        Assert.Equal(new CadenceAdvice(CommitteeCadence.Monthly, CadenceReason.Stable), CadenceAdvisor.Propose(current, [CoveredStage.Stable, CoveredStage.Other], []));
    }

    [Fact]
    public void Monthly_or_quarterly_stable_committees_are_left_alone()
    {
        Assert.Null(CadenceAdvisor.Propose(CommitteeCadence.Monthly, [CoveredStage.Stable], OnTarget));
        Assert.Null(CadenceAdvisor.Propose(CommitteeCadence.Quarterly, [CoveredStage.Stable], OnTarget));
    }

    [Fact]
    public void A_missed_target_holds_back_loosening()
    {
        Assert.Null(CadenceAdvisor.Propose(CommitteeCadence.Weekly, [CoveredStage.Stable], [new("2026-10", 0.97, 0.95), new("2026-11", 0.90, 0.95)]));
    }
}
