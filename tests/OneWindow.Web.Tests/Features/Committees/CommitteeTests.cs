using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Core.Committees;
using OneWindow.Web.Features.Clients;
using OneWindow.Web.Features.Committees;
using OneWindow.Web.Features.Mail;
using OneWindow.Web.Tests.Features.Interaction;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Committees;

/// <summary>
/// Quality committees (issue 14, part A): covered companies from the scope, tenancy, meetings on the cadence by the
/// production calendar with iCalendar invitations through the outbox, and the cadence proposals' sweep.
/// </summary>
public sealed class CommitteeTests : IClassFixture<InteractionClockFactory>
{
    // Monday 1 February 2027: the last two closed months are December 2026 and January 2027.
    private static readonly DateTimeOffset Start = new(2027, 2, 1, 7, 0, 0, TimeSpan.Zero);
    private readonly InteractionClockFactory app;

    public CommitteeTests(InteractionClockFactory app)
    {
        this.app = app;
        app.Clock.SetUtcNow(Start);
    }

    private Task<Guid> CompanyOfAsync(string email) => app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.CompanyId!.Value).SingleAsync());

    private Task<Guid> PersonAsync(string email) => app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<Guid> CreateAsync(HttpClient admin, Guid companyId, string name, string cadence = "Monthly", string firstDate = "2027-02-15")
    {
        var created = await OkAsync(await admin.PostAsJsonAsync("/api/v1/committees", new
        {
            name, scope = "Company", companyId, cadence, firstDate, level = "Operational", place = "Переговорная 4", onlineLink = "https://meet.example.com/q",
        }), HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }

    /// <summary>A fresh client company receiving one service at the given stage, with no agreement (so no index data).</summary>
    private Task<(Guid Company, Guid ClientService)> CompanyWithServiceAsync(ServiceStage stage) => app.WithDbAsync(async db =>
    {
        var company = new ClientCompany { Name = "Committee test " + Guid.NewGuid().ToString("N")[..8], TimeZoneId = "Asia/Yekaterinburg" };
        var serviceId = await db.Set<OneWindow.Web.Features.Catalogue.Service>().Select(s => s.Id).FirstAsync();
        var service = new ClientService { CompanyId = company.Id, ServiceId = serviceId, StartsOn = new DateOnly(2026, 6, 1), Stage = stage };
        db.Companies.Add(company);
        db.ClientServices.Add(service);
        await db.SaveChangesAsync();
        return (company.Id, service.Id);
    });

    private Task<int> SweepAsync() => CadenceSweepJob.RunOnceAsync(app.Services.GetRequiredService<IServiceScopeFactory>(), default);

    private Task<List<(string ContentType, Ical.Net.Calendar Calendar)>> InvitationsAsync(string to) => app.WithDbAsync(async db =>
        (await db.Set<OutboxAttachment>().Where(a => a.FileName.EndsWith(".ics") && db.OutboxMessages.Any(m => m.Id == a.MessageId && m.ToAddress == to))
            .Select(a => new { a.ContentType, a.Content, a.MessageId }).ToListAsync())
        .OrderBy(a => a.MessageId)
        .Select(a => (a.ContentType, Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(a.Content))!)).ToList());

    [Fact]
    public async Task A_company_committee_covers_its_company_and_another_companys_executive_gets_404()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var companyA = await CompanyOfAsync(Demo.ExecutiveA);
        var id = await CreateAsync(admin, companyA, "Комитет по качеству (A)");
        var covered = await app.WithDbAsync(db => db.Set<CommitteeCompany>().Where(c => c.CommitteeId == id).Select(c => c.CompanyId).ToListAsync());
        Assert.Equal([companyA], covered);

        var executiveA = await app.ClientForAsync(Demo.ExecutiveA);
        var seen = await OkAsync(await executiveA.GetAsync($"/api/v1/committees/{id}"));
        Assert.Equal("Asia/Yekaterinburg", seen.GetProperty("timeZoneId").GetString());
        Assert.Contains((await OkAsync(await executiveA.GetAsync("/api/v1/committees"))).EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);

        var executiveB = await app.ClientForAsync("cfo@sib-agro.demo");
        Assert.Equal(HttpStatusCode.NotFound, (await executiveB.GetAsync($"/api/v1/committees/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await executiveB.GetAsync($"/api/v1/committees/{id}/meetings")).StatusCode);
        Assert.DoesNotContain((await OkAsync(await executiveB.GetAsync("/api/v1/committees"))).EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
        // A client does not run committees.
        Assert.Equal(HttpStatusCode.Forbidden, (await executiveA.PutAsJsonAsync($"/api/v1/committees/{id}", new { name = "x", scope = "Company", companyId = companyA, cadence = "Weekly", firstDate = "2027-02-15" })).StatusCode);
    }

    [Fact]
    public async Task A_holding_committee_covers_the_holdings_companies_and_a_member_from_elsewhere_is_a_field_error()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var (holding, companies) = await app.WithDbAsync(async db =>
        {
            var h = new Holding { Name = "Холдинг " + Guid.NewGuid().ToString("N")[..6] };
            var one = new ClientCompany { Name = "H1 " + Guid.NewGuid().ToString("N")[..6], TimeZoneId = "Europe/Moscow", HoldingId = h.Id };
            var two = new ClientCompany { Name = "H2 " + Guid.NewGuid().ToString("N")[..6], TimeZoneId = "Europe/Moscow", HoldingId = h.Id };
            db.Set<Holding>().Add(h);
            db.Companies.AddRange(one, two);
            await db.SaveChangesAsync();
            return (h.Id, new[] { one.Id, two.Id });
        });
        var created = await OkAsync(await admin.PostAsJsonAsync("/api/v1/committees", new { name = "Холдинговый комитет", scope = "Holding", holdingId = holding, cadence = "Quarterly", firstDate = "2027-03-01" }),
            HttpStatusCode.Created);
        Assert.Equal(companies.Order(), created.GetProperty("companies").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).Order());

        var outsider = await PersonAsync(Demo.ExecutiveA);
        var refused = await admin.PostAsJsonAsync($"/api/v1/committees/{created.GetProperty("id").GetGuid()}/members", new { personId = outsider, role = "Member" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("personId", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var missing = await admin.PostAsJsonAsync("/api/v1/committees", new { name = "", scope = "Company", cadence = "Monthly", firstDate = "2027-03-01" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task A_meeting_invitation_is_an_icalendar_REQUEST_and_a_cancel_sends_CANCEL_with_the_same_uid_and_a_higher_sequence()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var companyA = await CompanyOfAsync(Demo.ExecutiveA);
        var id = await CreateAsync(admin, companyA, "Комитет с приглашениями", firstDate: "2027-02-15");
        await OkAsync(await admin.PostAsJsonAsync($"/api/v1/committees/{id}/members", new { personId = await PersonAsync(Demo.ExecutiveA), role = "Chair" }));
        var member = await OkAsync(await admin.PostAsJsonAsync($"/api/v1/committees/{id}/members", new { personId = await PersonAsync(Demo.Quality), role = "Secretary" }));
        Assert.Contains(member.GetProperty("members").EnumerateArray(), m => m.GetProperty("side").GetString() == "Ssc");
        Assert.Contains(member.GetProperty("members").EnumerateArray(), m => m.GetProperty("side").GetString() == "Client");

        var meetings = await OkAsync(await admin.PostAsync($"/api/v1/committees/{id}/meetings", null));
        Assert.Equal(3, meetings.GetArrayLength());
        var first = meetings[0];
        var meetingId = first.GetProperty("id").GetGuid();
        Assert.Equal("2027-02-15", first.GetProperty("date").GetString());
        Assert.Equal("2027-01", first.GetProperty("periodKey").GetString());
        // Asking again keeps three planned meetings: nothing new.
        Assert.Equal(3, (await OkAsync(await admin.PostAsync($"/api/v1/committees/{id}/meetings", null))).GetArrayLength());

        var invitation = (await InvitationsAsync(Demo.ExecutiveA)).Single(i => i.Calendar.Events.Single().Uid == $"{meetingId:N}@onewindow-committee");
        Assert.StartsWith("text/calendar; method=REQUEST", invitation.ContentType, StringComparison.Ordinal);
        Assert.Equal("REQUEST", invitation.Calendar.Method);
        var meetingEvent = invitation.Calendar.Events.Single();
        Assert.Equal(1, meetingEvent.Sequence);
        Assert.Equal("Asia/Yekaterinburg", meetingEvent.DtStart!.TzId);
        Assert.Equal(new DateTime(2027, 2, 15, 11, 0, 0), meetingEvent.DtStart.Value);
        Assert.Equal("Переговорная 4", meetingEvent.Location);
        Assert.Equal("https://meet.example.com/q", meetingEvent.Url?.ToString().TrimEnd('/'));
        Assert.Contains(meetingEvent.Attendees, a => a.Value!.ToString().Contains(Demo.Quality, StringComparison.OrdinalIgnoreCase));

        // Moved: the same UID with SEQUENCE 2; then cancelled: METHOD:CANCEL, SEQUENCE 3.
        await OkAsync(await admin.PutAsJsonAsync($"/api/v1/committees/meetings/{meetingId}", new { date = "2027-02-16", time = "14:30" }));
        await OkAsync(await admin.PostAsync($"/api/v1/committees/meetings/{meetingId}/cancel", null));
        var sent = (await InvitationsAsync(Demo.ExecutiveA)).Where(i => i.Calendar.Events.Single().Uid == $"{meetingId:N}@onewindow-committee").ToList();
        Assert.Equal(3, sent.Count);
        Assert.Equal(new DateTime(2027, 2, 16, 14, 30, 0), sent[1].Calendar.Events.Single().DtStart!.Value);
        Assert.Equal(2, sent[1].Calendar.Events.Single().Sequence);
        Assert.StartsWith("text/calendar; method=CANCEL", sent[2].ContentType, StringComparison.Ordinal);
        Assert.Equal("CANCEL", sent[2].Calendar.Method);
        Assert.Equal(3, sent[2].Calendar.Events.Single().Sequence);
        Assert.True(sent[2].Calendar.Events.Single().Sequence > sent[0].Calendar.Events.Single().Sequence);
        var subjects = await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.ToAddress == Demo.ExecutiveA && m.Subject.Contains("Комитет с приглашениями")).Select(m => m.Subject).ToListAsync());
        Assert.Contains(subjects, s => s.StartsWith("Отменено:", StringComparison.Ordinal));

        // Attendance is recorded through the minutes' attendance list (and a null row is a field error, not a 500).
        var executive = await PersonAsync(Demo.ExecutiveA);
        var second = meetings[1].GetProperty("id").GetGuid();
        var attended = await OkAsync(await admin.PutAsJsonAsync($"/api/v1/committees/meetings/{second}/attendance", new object?[] { new { personId = executive, present = true } }));
        Assert.Contains(attended.GetProperty("people").EnumerateArray(), p => p.GetProperty("personId").GetGuid() == executive && p.GetProperty("present").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/v1/committees/meetings/{second}/attendance", new object?[] { null })).StatusCode);
    }

    [Fact]
    public async Task A_meeting_on_a_holiday_moves_to_the_next_working_day()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var companyA = await CompanyOfAsync(Demo.ExecutiveA);
        // 23 February 2027 is Defender of the Fatherland Day (a Tuesday off): the meeting is on Wednesday the 24th.
        var id = await CreateAsync(admin, companyA, "Комитет в праздник", firstDate: "2027-02-23");
        var meetings = await OkAsync(await admin.PostAsync($"/api/v1/committees/{id}/meetings", null));
        Assert.Equal(["2027-02-24", "2027-03-23", "2027-04-23"], meetings.EnumerateArray().Select(m => m.GetProperty("date").GetString()));
    }

    [Fact]
    public async Task A_committee_on_a_process_in_stabilisation_is_proposed_weekly_and_monthly_once_stable()
    {
        var admin = await app.ClientForAsync(Demo.Admin);
        var (company, clientService) = await CompanyWithServiceAsync(ServiceStage.Stabilisation);
        var id = await CreateAsync(admin, company, "Комитет стабилизации");
        await SweepAsync();

        var proposals = await OkAsync(await admin.GetAsync($"/api/v1/committees/{id}/proposals"));
        var proposal = Assert.Single(proposals.EnumerateArray());
        Assert.Equal(("Monthly", "Weekly", "Stabilisation", "Proposed"), (proposal.GetProperty("from").GetString(), proposal.GetProperty("to").GetString(),
            proposal.GetProperty("reason").GetString(), proposal.GetProperty("status").GetString()));
        // One open proposal per committee: another sweep adds none.
        await SweepAsync();
        Assert.Single((await OkAsync(await admin.GetAsync($"/api/v1/committees/{id}/proposals"))).EnumerateArray());

        await OkAsync(await admin.PostAsync($"/api/v1/committees/proposals/{proposal.GetProperty("id").GetGuid()}/accept", null));
        Assert.Equal("Weekly", (await OkAsync(await admin.GetAsync($"/api/v1/committees/{id}"))).GetProperty("cadence").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/v1/committees/proposals/{proposal.GetProperty("id").GetGuid()}/reject", null)).StatusCode);

        // The process becomes stable: with no index below target, the committee is proposed monthly again.
        await app.WithDbAsync(async db =>
        {
            var service = await db.ClientServices.SingleAsync(s => s.Id == clientService);
            service.Stage = ServiceStage.Stable;
            return await db.SaveChangesAsync();
        });
        await SweepAsync();
        var open = (await OkAsync(await admin.GetAsync($"/api/v1/committees/{id}/proposals"))).EnumerateArray().Single(p => p.GetProperty("status").GetString() == "Proposed");
        Assert.Equal(("Weekly", "Monthly", "Stable"), (open.GetProperty("from").GetString(), open.GetProperty("to").GetString(), open.GetProperty("reason").GetString()));
    }
}
