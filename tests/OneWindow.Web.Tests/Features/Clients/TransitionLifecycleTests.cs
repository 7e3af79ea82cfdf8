using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneWindow.Core.Time;
using OneWindow.Web.Features.Clients;
using OneWindow.Web.Features.People;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Clients;

/// <summary>The application on a clock the test moves, without its scheduler.</summary>
public sealed class TransitionClockFactory : OneWindowFactory
{
    // Whole seconds, so instants compare equal after any database's rounding.
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()));

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Jobs:Enabled", "false")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>
/// Issue 13, item 1: a company service goes planned → transfer → stabilisation → stable through one desk; leaving a stage
/// needs its checklist and (for transfer and stabilisation) both sides' sign-off; stable ends the delivery lead's
/// assignment, and access follows its dates. A service manager assignment gives access within its scope.
/// </summary>
public class TransitionLifecycleTests(TransitionClockFactory app) : IClassFixture<TransitionClockFactory>
{
    private const string FarEast = "ООО «Дальневосточная логистика»";
    private const string Shipyard = "АО «Северная верфь»";
    private static readonly TimeZoneInfo Vladivostok = TimeZoneInfo.FindSystemTimeZoneById("Asia/Vladivostok");

    private Task<Guid> LinkAsync(string company, string service) =>
        app.WithDbAsync(db => db.ClientServices.Where(s => s.Company!.Name == company && s.Service!.Code == service).Select(s => s.Id).SingleAsync());

    private Task<Guid> TicketAsync(string company, string service) =>
        app.WithDbAsync(db => db.Tickets.Where(t => t.Company!.Name == company && t.Service!.Code == service).OrderBy(t => t.CreatedAt).Select(t => t.Id).FirstAsync());

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static JsonElement Stage(JsonElement lifecycle, string stage) =>
        lifecycle.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == stage);

    private async Task TickAllAsync(HttpClient who, Guid link, string stage)
    {
        var lifecycle = await who.GetFromJsonAsync<JsonElement>($"/api/v1/company-services/{link}/lifecycle");
        foreach (var item in Stage(lifecycle, stage).GetProperty("checklist").EnumerateArray().Where(i => !i.GetProperty("done").GetBoolean()))
        {
            await OkAsync(await who.PutAsJsonAsync($"/api/v1/company-services/{link}/checklist/{item.GetProperty("templateId").GetGuid()}", new { done = true }));
        }
    }

    [Fact]
    public async Task A_service_moves_to_stable_only_with_its_checklists_and_sign_offs_and_the_delivery_lead_loses_access_the_next_day()
    {
        var link = await LinkAsync(FarEast, "TRS");
        var treasuryTicket = await TicketAsync(FarEast, "TRS");
        var shipyardTicket = await TicketAsync(Shipyard, "REP");
        // The delivery lead also carries the shipyard's reporting, which stays his after treasury becomes stable.
        await app.WithDbAsync(async db =>
        {
            var dl = await db.Users.Where(u => u.Email == Demo.DeliveryLead).Select(u => u.Id).SingleAsync();
            var shipyard = await db.ClientServices.Where(s => s.Company!.Name == Shipyard && s.Service!.Code == "REP").SingleAsync();
            db.ClientAssignments.Add(new ClientAssignment
            {
                CompanyId = shipyard.CompanyId, ServiceId = shipyard.ServiceId, UserId = dl, Role = AssignmentRole.DeliveryLead, StartsOn = new DateOnly(2024, 1, 1),
            });
            return await db.SaveChangesAsync();
        });
        var admin = await app.ClientForAsync(Demo.Admin);
        var dlApi = await app.ClientForAsync(Demo.DeliveryLead);

        // The demo: treasury in transfer, the planned stage's history kept, three of five transfer items ticked.
        var lifecycle = await OkAsync(await admin.GetAsync($"/api/v1/company-services/{link}/lifecycle"));
        Assert.Equal("Transition", lifecycle.GetProperty("stage").GetString());
        Assert.Equal(["Planned", "Transition"], lifecycle.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("to").GetString()));
        Assert.Equal(3, Stage(lifecycle, "Transition").GetProperty("checklist").EnumerateArray().Count(i => i.GetProperty("done").GetBoolean()));

        // Refused with the reasons as fields: open checklist items, missing sign-offs; a stage skipped is refused too.
        var refused = await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync($"/api/v1/company-services/{link}/stage", new { to = "Stabilisation" }), 400);
        Assert.Equal(["checklist", "signOffs"], refused.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        await HttpAssert.FieldErrorAsync(await admin.PostAsJsonAsync($"/api/v1/company-services/{link}/stage", new { to = "Stable" }), "to");

        // The delivery lead ticks and signs the SSC side; a client user may not sign, the client's executive does.
        await TickAllAsync(dlApi, link, "Transition");
        await OkAsync(await dlApi.PostAsJsonAsync($"/api/v1/company-services/{link}/sign-offs", new { side = "Ssc" }));
        var stillRefused = await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync($"/api/v1/company-services/{link}/stage", new { to = "Stabilisation" }), 400);
        Assert.Equal(["signOffs"], stillRefused.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        var clientUser = await app.ClientForAsync("user@dv-logistics.demo");
        await HttpAssert.ProblemAsync(await clientUser.PostAsJsonAsync($"/api/v1/company-services/{link}/sign-offs", new { side = "Client" }), 403);
        var otherExecutive = await app.ClientForAsync(Demo.ExecutiveA);
        await HttpAssert.ProblemAsync(await otherExecutive.PostAsJsonAsync($"/api/v1/company-services/{link}/sign-offs", new { side = "Client" }), 404);
        var executive = await app.ClientForAsync("cfo@dv-logistics.demo");
        var signed = await OkAsync(await executive.PostAsJsonAsync($"/api/v1/company-services/{link}/sign-offs", new { side = "Client" }));
        Assert.Contains(Stage(signed, "Transition").GetProperty("signOffs").EnumerateArray(), s => s.GetProperty("signerName").GetString() == "Андрей Ким");
        await HttpAssert.ProblemAsync(await executive.PostAsJsonAsync($"/api/v1/company-services/{link}/sign-offs", new { side = "Client" }), 409);

        var stabilising = await OkAsync(await admin.PostAsJsonAsync($"/api/v1/company-services/{link}/stage", new { to = "Stabilisation" }));
        Assert.Equal("Stabilisation", stabilising.GetProperty("stage").GetString());
        var today = LocalDates.Of(app.Clock.GetUtcNow(), Vladivostok);
        Assert.Equal(today.ToString("yyyy-MM-dd"), Stage(stabilising, "Stabilisation").GetProperty("startedOn").GetString());

        // Stabilisation: the proposal to end the delivery lead's assignment is shown before the move, and confirmed with it.
        await TickAllAsync(admin, link, "Stabilisation");
        await OkAsync(await admin.PostAsJsonAsync($"/api/v1/company-services/{link}/sign-offs", new { side = "Ssc" }));
        var ceo = await app.WithDbAsync(db => db.Users.Where(u => u.Email == "cfo@dv-logistics.demo").Select(u => u.Id).SingleAsync());
        await HttpAssert.FieldErrorAsync(await admin.PostAsJsonAsync($"/api/v1/company-services/{link}/sign-offs", new { side = "Client" }), "signerId");
        await OkAsync(await admin.PostAsJsonAsync($"/api/v1/company-services/{link}/sign-offs", new { side = "Client", signerId = ceo }));
        var ready = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/company-services/{link}/lifecycle");
        Assert.True(ready.GetProperty("canAdvance").GetBoolean());
        var proposal = ready.GetProperty("deliveryLeadsToEnd").EnumerateArray().ToList();
        Assert.Equal(["Дмитрий Орлов"], proposal.Select(p => p.GetProperty("userName").GetString()));
        await HttpAssert.FieldErrorAsync(await admin.PostAsJsonAsync($"/api/v1/company-services/{link}/stage", new { to = "Stable", endAssignmentIds = new[] { Guid.NewGuid() } }),
            "endAssignmentIds");
        var stable = await OkAsync(await admin.PostAsJsonAsync($"/api/v1/company-services/{link}/stage",
            new { to = "Stable", endAssignmentIds = proposal.Select(p => p.GetProperty("assignmentId").GetGuid()) }));
        Assert.Equal("Stable", stable.GetProperty("stage").GetString());
        Assert.Equal(["Planned", "Transition", "Stabilisation", "Stable"], stable.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("to").GetString()));
        Assert.Empty(stable.GetProperty("deliveryLeadsToEnd").EnumerateArray());
        var ended = await app.WithDbAsync(db => db.ClientAssignments.Where(a => a.Id == proposal[0].GetProperty("assignmentId").GetGuid()).SingleAsync());
        Assert.Equal(today, ended.EndsOn);

        // On the stable day the delivery lead still sees treasury's tickets.
        var dl = await app.CookieClientForAsync(Demo.DeliveryLead);
        Assert.Equal(HttpStatusCode.OK, (await dl.GetAsync($"/api/v1/tickets/{treasuryTicket}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dl.GetAsync($"/api/v1/tickets/{shipyardTicket}")).StatusCode);

        // The next day in Vladivostok he no longer does, and keeps the service he is still assigned to.
        app.Clock.SetUtcNow(LocalDates.StartOf(today.AddDays(1), Vladivostok).AddMinutes(5));
        dl = await app.CookieClientForAsync(Demo.DeliveryLead);
        await HttpAssert.ProblemAsync(await dl.GetAsync($"/api/v1/tickets/{treasuryTicket}"), 404);
        Assert.Equal(HttpStatusCode.OK, (await dl.GetAsync($"/api/v1/tickets/{shipyardTicket}")).StatusCode);
    }

    [Fact]
    public async Task A_service_manager_assignment_grants_an_ssc_person_access_within_its_scope_only()
    {
        var email = $"sm-{Guid.NewGuid():N}@onewindow.demo";
        await app.WithDbAsync(async db =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            // An SSC person with no CSM or DL role (a payroll specialist's main job is not client-facing here).
            var person = new AppUser { UserName = email, Email = email, FullName = "Сервис-менеджер по совместительству", IsActive = true, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(person, OneWindow.Web.Features.Shell.DemoData.Password)).Succeeded);
            var ap = await db.ClientServices.Where(s => s.Company!.Name == Demo.CompanyA && s.Service!.Code == "AP").SingleAsync();
            db.ClientAssignments.Add(new ClientAssignment
            {
                CompanyId = ap.CompanyId, ServiceId = ap.ServiceId, UserId = person.Id, Role = AssignmentRole.ServiceManager, StartsOn = new DateOnly(2024, 1, 1),
            });
            return await db.SaveChangesAsync();
        });

        var sm = await app.CookieClientForAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await sm.GetAsync($"/api/v1/tickets/{await TicketAsync(Demo.CompanyA, "AP")}")).StatusCode);
        await HttpAssert.ProblemAsync(await sm.GetAsync($"/api/v1/tickets/{await TicketAsync(Demo.CompanyA, "PAY")}"), 404);
        await HttpAssert.ProblemAsync(await sm.GetAsync($"/api/v1/tickets/{await TicketAsync(Demo.CompanyB, "PRC")}"), 404);
    }

    [Fact]
    public async Task Administrators_keep_the_checklist_templates_and_others_may_not()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var created = await OkAsync(await admin.PostAsJsonAsync("/api/v1/transition-checklist", new { stage = "Planned", text = "Согласован бюджет перехода", order = 99 }));
        var id = created.GetProperty("id").GetGuid();
        await HttpAssert.FieldErrorAsync(await admin.PostAsJsonAsync("/api/v1/transition-checklist", new { stage = "Suspended", text = "x" }), "stage");
        await HttpAssert.FieldErrorAsync(await admin.PostAsJsonAsync("/api/v1/transition-checklist", new { stage = "Planned", text = "" }), "text");
        var csm = await app.ClientForAsync(Demo.Csm);
        Assert.Equal(HttpStatusCode.Forbidden, (await csm.PostAsJsonAsync("/api/v1/transition-checklist", new { stage = "Planned", text = "x" })).StatusCode);
        var list = await csm.GetFromJsonAsync<JsonElement>("/api/v1/transition-checklist");
        Assert.Contains(list.EnumerateArray(), t => t.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/transition-checklist/{id}")).StatusCode);
    }
}
