using OneWindow.Core.Identity;
using OneWindow.Core.Tenancy;

namespace OneWindow.Core.Tests.Tenancy;

public class CompanyScopeTests
{
    private static readonly Guid A = Guid.NewGuid();
    private static readonly Guid B = Guid.NewGuid();

    private static IReadOnlyCollection<ScopeAssignment> NoAssignments() => [];
    private static readonly Guid X = Guid.NewGuid();
    private static readonly Guid Y = Guid.NewGuid();

    [Fact]
    public void A_client_user_sees_only_their_company()
    {
        var scope = CompanyScope.For([Roles.ClientUser], A, NoAssignments);
        Assert.False(scope.AllCompanies);
        Assert.True(scope.Allows(A));
        Assert.False(scope.Allows(B));
    }

    [Fact]
    public void A_client_person_is_bound_to_their_company_even_with_an_ssc_role()
    {
        var scope = CompanyScope.For([Roles.ClientExecutive, Roles.Admin], A, NoAssignments);
        Assert.False(scope.AllCompanies);
        Assert.False(scope.Allows(B));
    }

    [Fact]
    public void A_client_role_without_a_company_sees_nothing()
    {
        var scope = CompanyScope.For([Roles.ClientUser], null, NoAssignments);
        Assert.False(scope.Allows(A));
        Assert.False(scope.Allows(B));
    }

    [Theory]
    [InlineData(Roles.Agent)]
    [InlineData(Roles.TeamLead)]
    [InlineData(Roles.QualityManager)]
    [InlineData(Roles.Admin)]
    public void Service_desk_and_quality_roles_see_every_company(string role)
    {
        var scope = CompanyScope.For([role], null, () => throw new InvalidOperationException("assignments must not be needed"));
        Assert.True(scope.AllCompanies);
        Assert.False(scope.IsSystem);
    }

    [Theory]
    [InlineData(Roles.ClientSuccessManager)]
    [InlineData(Roles.DeliveryLead)]
    public void Csm_and_delivery_lead_see_their_assigned_companies(string role)
    {
        var scope = CompanyScope.For([role], null, () => [new(B, null), new(B, null)]);
        Assert.False(scope.AllCompanies);
        Assert.True(scope.Allows(B));
        Assert.False(scope.Allows(A));
        Assert.Single(scope.CompanyIds);
    }

    [Fact]
    public void A_csm_who_is_also_an_agent_sees_everything()
    {
        Assert.True(CompanyScope.For([Roles.ClientSuccessManager, Roles.Agent], null, NoAssignments).AllCompanies);
    }

    [Fact]
    public void Nobody_without_roles_sees_anything() => Assert.False(CompanyScope.For([], null, NoAssignments).Allows(A));

    [Fact]
    public void A_service_bound_assignment_shows_that_service_of_the_company_and_a_whole_one_all_of_them()
    {
        var scope = CompanyScope.For([Roles.DeliveryLead], null, () => [new(A, X), new(B, Y), new(B, null)]);
        Assert.True(scope.Allows(A));
        Assert.True(scope.AllowsService(A, X));
        Assert.False(scope.AllowsService(A, Y));
        Assert.False(scope.AllowsService(A, null));
        Assert.True(scope.AllowsService(A, null, unsetMeansAll: true));
        // B has a whole-company assignment besides the service-bound one: every service there.
        Assert.True(scope.AllowsService(B, X));
        Assert.True(scope.AllowsService(B, null));
        Assert.Equal([B], scope.WholeCompanyIds);
        Assert.Equal([X], scope.ServicesOfBoundCompanies[A]);
        Assert.False(scope.AllowsService(Guid.NewGuid(), X));
    }

    [Fact]
    public void Staff_who_see_everything_see_every_service() =>
        Assert.True(CompanyScope.For([Roles.Agent], null, NoAssignments).AllowsService(A, X));

    [Fact]
    public void A_service_manager_without_a_csm_or_dl_role_sees_the_scope_of_that_assignment_only()
    {
        // Issue 13: service manager is a part-time role any SSC person may hold beside their main job.
        var scope = CompanyScope.For([], null, () => [new(A, X)]);
        Assert.True(scope.AllowsService(A, X));
        Assert.False(scope.AllowsService(A, Y));
        Assert.False(scope.Allows(B));
    }

    [Fact]
    public void A_csm_or_dl_assignment_counts_only_for_a_holder_of_that_role()
    {
        var scope = CompanyScope.For([Roles.DeliveryLead], null,
            () => [new(A, null, Roles.ClientSuccessManager), new(B, X, Roles.DeliveryLead)]);
        Assert.False(scope.Allows(A));
        Assert.True(scope.AllowsService(B, X));
        Assert.False(CompanyScope.For([], null, () => [new(A, null, Roles.ClientSuccessManager)]).Allows(A));
    }
}
