using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Web.Features.Committees;
using OneWindow.Web.Features.Mail;
using OneWindow.Web.Tests.Features.Mail;
using OneWindow.Web.Tests.Features.ServiceLevels;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Committees;

/// <summary>
/// Issue 14, minutes and action items: an action item for a client executive reaches their portal list and their
/// inbox before the due date and once overdue, the 360 card lists it; the minutes read back from the DOCX, only the
/// chair approves them, and the approved minutes go to the members with the DOCX attached.
/// </summary>
public class MinutesTests(ClientReminderFactory app) : IClassFixture<ClientReminderFactory>
{
    private async Task<int> RemindAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ActionItemReminderSweeper>().SweepAsync(CancellationToken.None);
    }

    private Task<Guid> CompanyAAsync() => app.WithDbAsync(db => db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync());

    private Task<Guid> PersonAsync(string email) => app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    [Fact]
    public async Task An_action_item_for_a_client_executive_reaches_their_portal_and_inbox_and_overdue_is_listed()
    {
        var start = app.Clock.GetUtcNow();
        var companyA = await CompanyAAsync();
        var made = await app.WithDbAsync(db => MinutesFixtures.CommitteeOfAsync(db, companyA, start));
        var executive = await PersonAsync(Demo.ExecutiveA);
        var today = ActionItemDesk.LocalToday(start, made.TimeZoneId);
        var due = today.AddDays(14);
        var title = "Согласовать график закрытия " + Guid.NewGuid().ToString("N")[..8];

        // The quality manager gives the executive an item; the company is the executive's, the side the client's.
        var quality = await app.ClientForAsync(Demo.Quality);
        var created = await quality.PostAsJsonAsync("/api/v1/action-items", new { committeeId = made.Committee.Id, title, ownerId = executive, dueOn = due });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var item = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = item.GetProperty("id").GetGuid();
        Assert.Equal("Client", item.GetProperty("side").GetString());
        Assert.Equal(companyA, item.GetProperty("companyId").GetGuid());

        // Working days from the meeting date go by the production calendar; a due date far off or an outsider as owner are field errors.
        var byDays = await (await quality.PostAsJsonAsync("/api/v1/action-items",
            new { committeeId = made.Committee.Id, meetingId = made.Meeting.Id, title = "По рабочим дням", ownerId = executive, dueWorkingDays = 5 })).Content.ReadFromJsonAsync<JsonElement>();
        var dueByDays = DateOnly.Parse(byDays.GetProperty("dueOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(dueByDays >= made.Meeting.Date.AddDays(5), $"5 working days after {made.Meeting.Date} came to {dueByDays}");
        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync("/api/v1/action-items", new { committeeId = made.Committee.Id, title, ownerId = executive, dueOn = "9999-12-31" }), "dueOn");
        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync("/api/v1/action-items",
            new { committeeId = made.Committee.Id, title, ownerId = await PersonAsync("cfo@sib-agro.demo"), dueOn = due }), "ownerId");

        // The executive's own list has it; another company's executive does not reach it.
        var cfo = await app.ClientForAsync(Demo.ExecutiveA);
        var mine = await cfo.GetFromJsonAsync<JsonElement>("/api/v1/action-items?mine=true");
        Assert.Contains(mine.EnumerateArray(), a => a.GetProperty("id").GetGuid() == id);
        var other = await app.ClientForAsync("cfo@sib-agro.demo");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/action-items/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/v1/action-items/{id}/status", new { status = "Done" })).StatusCode);

        // A client may not change the item itself (closing it in the portal is the browser test's).
        Assert.Equal(HttpStatusCode.Forbidden, (await cfo.PutAsJsonAsync($"/api/v1/action-items/{id}", new { title = "Другое" })).StatusCode);

        // Two weeks ahead nothing is due yet; the day before the due date the reminder goes once, even with two sweeps at once.
        await RemindAsync();
        Assert.Empty(MailServers.Received(title));
        app.Clock.SetUtcNow(start.AddDays(13));
        // (Other items of this class's database may be reminded in the same sweeps: the count is checked per title below.)
        Assert.True((await Task.WhenAll(RemindAsync(), RemindAsync())).Sum() >= 1);
        Assert.Equal(0, await RemindAsync());
        await app.DeliverAsync();
        var before = Assert.Single(MailServers.Received(title));
        Assert.Equal("Скоро срок поручения: " + title, before.Subject);
        Assert.Contains("/action-items", before.TextBody, StringComparison.Ordinal);

        // The day after the due date (in the company's zone) the overdue reminder goes, once.
        app.Clock.SetUtcNow(start.AddDays(15));
        Assert.True(await RemindAsync() >= 1);
        Assert.Equal(0, await RemindAsync());
        await app.DeliverAsync();
        var received = MailServers.Received(title);
        Assert.Equal(2, received.Count);
        Assert.Single(received, m => m.Subject == "Просрочено поручение: " + title);
        var stamped = await app.WithDbAsync(db => db.Set<ActionItem>().IgnoreQueryFilters().SingleAsync(a => a.Id == id));
        Assert.NotNull(stamped.ReminderBeforeSentAt);
        Assert.NotNull(stamped.ReminderOverdueSentAt);

        // The seam marks it overdue, and the 360 card lists it as a committee item.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<OneWindow.Web.Data.Tenancy.CurrentActor>().EstablishSystem();
            var open = await scope.ServiceProvider.GetRequiredService<ActionItemQueries>().OpenForCompanyAsync(companyA, ActionItemDesk.LocalToday(app.Clock.GetUtcNow(), made.TimeZoneId));
            Assert.True(Assert.Single(open, a => a.Id == id).Overdue);
        }

        // Fifteen days on, the bearer tokens of the start have expired: these reads sign in afresh.
        var qualityNow = await app.CookieClientForAsync(Demo.Quality);
        var cfoNow = await app.CookieClientForAsync(Demo.ExecutiveA);
        var overview = await qualityNow.GetFromJsonAsync<JsonElement>($"/api/v1/companies/{companyA}/overview");
        var listed = Assert.Single(overview.GetProperty("actions").EnumerateArray(), a => a.GetProperty("id").GetGuid() == id);
        Assert.Equal("committee", listed.GetProperty("kind").GetString());
        Assert.True(listed.GetProperty("overdue").GetBoolean());
        var overdueList = await cfoNow.GetFromJsonAsync<JsonElement>("/api/v1/action-items?mine=true&overdue=true");
        Assert.Contains(overdueList.EnumerateArray(), a => a.GetProperty("id").GetGuid() == id && a.GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task The_minutes_read_back_from_the_docx_only_the_chair_approves_them_and_the_members_get_them_by_email()
    {
        var now = app.Clock.GetUtcNow();
        var companyA = await CompanyAAsync();
        var made = await app.WithDbAsync(db => MinutesFixtures.CommitteeOfAsync(db, companyA, now));
        var meeting = made.Meeting.Id;
        var executive = await PersonAsync(Demo.ExecutiveA);
        var csm = await app.ClientForAsync(Demo.Csm);
        var quality = await app.ClientForAsync(Demo.Quality);
        var cfo = await app.ClientForAsync(Demo.ExecutiveA);

        // The secretary writes two items of the minutes and the attendance; a client member may not write them.
        var first = await csm.PostAsJsonAsync($"/api/v1/committees/meetings/{meeting}/decisions",
            new { heard = "О выполнении SLA за месяц. Докладчик — менеджер по качеству.", decided = "Принять к сведению; подготовить план по срокам закрытия." });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var view = await (await csm.PostAsJsonAsync($"/api/v1/committees/meetings/{meeting}/decisions",
            new { heard = "О передаче первичных документов", decided = "Передавать документы до 5-го рабочего дня." })).Content.ReadFromJsonAsync<JsonElement>();
        var decisions = view.GetProperty("decisions").EnumerateArray().ToList();
        Assert.Equal(2, decisions.Count);
        Assert.Equal(HttpStatusCode.Forbidden, (await cfo.PostAsJsonAsync($"/api/v1/committees/meetings/{meeting}/decisions", new { heard = "X", decided = "Y" })).StatusCode);
        await HttpAssert.FieldErrorAsync(await csm.PostAsJsonAsync($"/api/v1/committees/meetings/{meeting}/decisions", new { heard = " ", decided = "Y" }), "heard");
        var attendance = await csm.PutAsJsonAsync($"/api/v1/committees/meetings/{meeting}/attendance", new[] { new { personId = executive, present = true } });
        Assert.Equal(HttpStatusCode.OK, attendance.StatusCode);

        // An action item under the second decision.
        var decision = decisions[1].GetProperty("id").GetGuid();
        var item = await quality.PostAsJsonAsync("/api/v1/action-items",
            new { committeeId = made.Committee.Id, meetingId = meeting, decisionId = decision, title = "Утвердить график передачи документов", ownerId = executive, dueWorkingDays = 5 });
        Assert.Equal(HttpStatusCode.Created, item.StatusCode);

        // The DOCX, read back: «ПРОТОКОЛ», «СЛУШАЛИ», «РЕШИЛИ», each decision, the present executive and the item.
        var docx = await quality.GetAsync($"/api/v1/committees/meetings/{meeting}/minutes.docx");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        using (var stream = new MemoryStream(await docx.Content.ReadAsByteArrayAsync()))
        using (var document = WordprocessingDocument.Open(stream, false))
        {
            var text = document.MainDocumentPart!.Document!.Body!.InnerText;
            foreach (var part in new[] { "ПРОТОКОЛ", "СЛУШАЛИ", "РЕШИЛИ", "Председатель", "Секретарь", "Присутствовали", "Повестка дня",
                         "О выполнении SLA за месяц", "Передавать документы до 5-го рабочего дня.", "Утвердить график передачи документов", "Лебедева" })
            {
                Assert.Contains(part, text, StringComparison.Ordinal);
            }
        }

        // Only the chair approves: the executive (a member) is refused, the quality manager (the chair) approves.
        await HttpAssert.ProblemAsync(await cfo.PostAsync($"/api/v1/committees/meetings/{meeting}/minutes/approve", null), 403);
        await HttpAssert.ProblemAsync(await csm.PostAsync($"/api/v1/committees/meetings/{meeting}/minutes/approve", null), 403);
        var approved = await quality.PostAsync($"/api/v1/committees/meetings/{meeting}/minutes/approve", null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.NotNull((await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("approvedAt").GetString());
        await HttpAssert.ProblemAsync(await quality.PostAsync($"/api/v1/committees/meetings/{meeting}/minutes/approve", null), 409);
        await HttpAssert.ProblemAsync(await csm.PostAsJsonAsync($"/api/v1/committees/meetings/{meeting}/decisions", new { heard = "X", decided = "Y" }), 409);

        // The members' emails are in the outbox with the DOCX attached, and the meeting is stamped as sent.
        var mails = await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.Subject.Contains(made.Committee.Name))
            .Select(m => new { m.Id, m.ToAddress, m.Subject }).ToListAsync());
        Assert.Equal(new[] { Demo.Csm, Demo.Quality, Demo.ExecutiveA }.Order(), mails.Select(m => m.ToAddress).Order());
        Assert.All(mails, m => Assert.StartsWith("Протокол № 1 от ", m.Subject, StringComparison.Ordinal));
        var ids = mails.Select(m => m.Id).ToList();
        var files = await app.WithDbAsync(db => db.Set<OutboxAttachment>().Where(a => ids.Contains(a.MessageId)).Select(a => a.FileName).ToListAsync());
        Assert.Equal(3, files.Count);
        Assert.All(files, f => Assert.EndsWith(".docx", f, StringComparison.Ordinal));
        Assert.NotNull(await app.WithDbAsync(db => db.Set<CommitteeMeeting>().Where(m => m.Id == meeting).Select(m => m.MinutesSentAt).SingleAsync()));

        // Another company's executive does not reach the meeting.
        var other = await app.ClientForAsync("cfo@sib-agro.demo");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/committees/meetings/{meeting}/minutes.docx")).StatusCode);
    }
}
