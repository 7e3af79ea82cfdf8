namespace OneWindow.Web.Features.Committees;

/// <summary>Quality committees: desks, the cadence sweep and its job, and the policies of the API and pages.</summary>
public static class CommitteesSetup
{
    /// <summary>Running committees (create, members, meetings, proposals): the SSC's managers.</summary>
    public const string ManagePolicy = "committees-manage";

    public static IServiceCollection AddOneWindowCommittees(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<CommitteeDesk>().AddScoped<MeetingDesk>().AddScoped<CadenceSweep>();
        services.AddScoped<IDemoDataSeeder, DemoCommittees>();
        var every = TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Committees:SweepMinutes", 60)));
        services.AddOneWindowJob(q => CadenceSweepJob.Schedule(q, every));
        services.AddAuthorizationBuilder().AddPolicy(ManagePolicy, p => p.RequireRole([.. CommitteeDesk.ManagerRoles]));
        return services;
    }
}
