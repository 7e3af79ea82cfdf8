using OneWindow.Web.Components;
using OneWindow.Web.Infrastructure.Pdf;
using OneWindow.Web.Features.Attachments;
using OneWindow.Web.Features.Audit;
using OneWindow.Web.Features.Auth;
using OneWindow.Web.Features.Calendars;
using OneWindow.Web.Features.Catalogue;
using OneWindow.Web.Features.Feedback;
using OneWindow.Web.Features.Committees;
using OneWindow.Web.Features.Documents;
using OneWindow.Web.Features.Interaction;
using OneWindow.Web.Features.JourneyMaps;
using OneWindow.Web.Features.Loyalty;
using OneWindow.Web.Features.Clients;
using OneWindow.Web.Features.Mail;
using OneWindow.Web.Features.Notifications;
using OneWindow.Web.Features.Organisation;
using OneWindow.Web.Features.People;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Features.Shell;
using OneWindow.Web.Features.Surveys;
using OneWindow.Web.Features.Tickets;
using OneWindow.Web.Infrastructure.Tenancy;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

// Serves MudBlazor's and the app's assets from the build output in every environment; a no-op once published.
builder.WebHost.UseStaticWebAssets();

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddOneWindowData(builder.Configuration, builder.Environment);
builder.Services.AddOneWindowLive();
builder.Services.AddOneWindowPolicies();
builder.Services.AddOneWindowCookieSecurity();
builder.Services.AddOneWindowAuth(builder.Configuration);
builder.Services.AddOneWindowPeople();
builder.Services.AddOneWindowOrganisation();
builder.Services.AddOneWindowCatalogue();
builder.Services.AddOneWindowClients();
builder.Services.AddOneWindowApi();
builder.Services.AddOneWindowOperations(builder.Configuration);
builder.Services.AddOneWindowUi();
builder.Services.AddOneWindowDemoData();
builder.Services.AddOneWindowAudit();
builder.Services.AddOneWindowNotifications();
builder.Services.AddOneWindowTickets(builder.Configuration);
builder.Services.AddOneWindowMail(builder.Configuration);
builder.Services.AddOneWindowAttachments(builder.Configuration);
builder.Services.AddOneWindowCalendars();
builder.Services.AddOneWindowServiceLevels(builder.Configuration);
builder.Services.AddOneWindowFeedback(builder.Configuration);
builder.Services.AddOneWindowLoyalty();
builder.Services.AddOneWindowSurveys(builder.Configuration);
builder.Services.AddOneWindowPdf(builder.Configuration);
builder.Services.AddOneWindowInteraction(builder.Configuration);
builder.Services.AddOneWindowActionItems(builder.Configuration);
builder.Services.AddOneWindowCommittees(builder.Configuration);
builder.Services.AddOneWindowCommitteePacks();
builder.Services.AddOneWindowInteractionMatrix();
builder.Services.AddOneWindowDocuments(builder.Configuration);
builder.Services.AddOneWindowJourneyMaps();
builder.Services.AddOneWindowJobs(builder.Configuration);

var app = builder.Build();

if (args is ["migrate", ..])
{
    // The production path: `dotnet OneWindow.Web.dll migrate` applies migrations (and demo data only when
    // Database:SeedDemoData says so) and exits.
    await app.MigrateDatabaseAsync(app.Services.GetRequiredService<DatabaseOptions>().ShouldSeedDemoData);
    return;
}

if (args is ["create-admin", ..])
{
    // `dotnet OneWindow.Web.dll create-admin --email … --name …` (password on standard input): migrates, creates an
    // administrator and exits — the first admin of an installation without demo data.
    await app.MigrateDatabaseAsync(seedDemoData: false);
    Environment.ExitCode = await PeopleCommands.CreateAdminAsync(app.Services, args, Console.In, Console.IsInputRedirected, Console.Out);
    return;
}

if (args is ["deactivate-demo", ..])
{
    // `dotnet OneWindow.Web.dll deactivate-demo`: migrates, deactivates every demo login and exits.
    await app.MigrateDatabaseAsync(seedDemoData: false);
    Environment.ExitCode = await PeopleCommands.DeactivateDemoAsync(app.Services, Console.Out);
    return;
}

await app.PrepareDatabaseAsync();

if (args is ["seed", ..])
{
    // `dotnet run --project src/OneWindow.Web -- seed --tickets 1000000`: bulk data for benchmarks, then exit.
    await BulkSeed.RunCommandAsync(app, args);
    return;
}

// Outside Development, demo logins (a published password) are served only when Database:SeedDemoData=true says so.
await app.RefuseDemoAccountsOutsideDevelopmentAsync();

app.UseOneWindowForwardedHeaders();
app.UseCookiePolicy();
app.UseExceptionHandler();
app.UseOneWindowInputHygiene();
app.UseStatusCodePages();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseOneWindowLocalization();
app.UseRateLimiter();
app.UseAuthentication();
app.UseMiddleware<CurrentActorMiddleware>();
app.UseOneWindowCrossSiteGuard();
app.UseAuthorization();
app.UseAntiforgery();

app.MapOneWindowOperations();
app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous().RequireRateLimiting("ui");
app.MapScalarApiReference("/api/docs", o => o.WithTitle("OneWindow API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous().RequireRateLimiting("ui");

app.MapApiV1()
    .MapAuthEndpoints()
    .MapCompanyEndpoints()
    .MapOrganisationEndpoints()
    .MapCatalogueEndpoints()
    .MapClientServiceEndpoints()
    .MapPeopleEndpoints()
    .MapAuditEndpoints()
    .MapRequestTypeEndpoints()
    .MapTicketEndpoints()
    .MapTicketWatcherEndpoints()
    .MapTicketLinkingEndpoints()
    .MapNotificationEndpoints()
    .MapTicketAttachmentEndpoints()
    .MapRoutingRuleEndpoints()
    .MapMailEndpoints()
    .MapMailTemplateEndpoints()
    .MapCalendarEndpoints()
    .MapServiceLevelEndpoints()
    .MapFeedbackEndpoints()
    .MapLoyaltyEndpoints()
    .MapSurveyEndpoints()
    .MapInteractionEndpoints()
    .MapActionItemsAndMinutes()
    .MapCommitteeEndpoints()
    .MapCommitteePackEndpoints()
    .MapInteractionMatrixEndpoints()
    .MapDocumentEndpoints()
    .MapJourneyMapEndpoints();

app.MapAccountEndpoints();
app.MapFeedbackLinks();
app.MapSurveyLinks();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireRateLimiting("ui");

app.Lifetime.ApplicationStarted.Register(() => app.PrintWelcome());

await app.RunAsync();

/// <summary>The entry point, public so WebApplicationFactory can host it in tests.</summary>
public partial class Program;
