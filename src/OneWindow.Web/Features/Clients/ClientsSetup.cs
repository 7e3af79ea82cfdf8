using Microsoft.AspNetCore.Authorization;

namespace OneWindow.Web.Features.Clients;

public static class ClientsSetup
{
    /// <summary>Writing account notes: an administrator or a CSM, never a person of a client company.</summary>
    public const string NoteWritePolicy = "account-notes-write";

    public static IServiceCollection AddOneWindowClients(this IServiceCollection services)
    {
        services.AddScoped<CompanyDesk>();
        services.AddScoped<ClientServiceDesk>();
        services.AddScoped<TransitionDesk>();
        services.AddScoped<IDemoDataSeeder, DemoTransitions>();
        services.AddScoped<AccountNoteDesk>();
        services.AddScoped<CompanyOverview>();
        services.AddScoped<IDemoDataSeeder, DemoClientSuccess>();
        services.AddAuthorizationBuilder()
            .AddPolicy(NoteWritePolicy, p => p.RequireRole(Roles.Admin, Roles.ClientSuccessManager).RequireAssertion(NoCompany));
        return services;
    }

    private static bool NoCompany(AuthorizationHandlerContext c) => c.User.FindFirst(CurrentActor.CompanyClaim) is null;
}
