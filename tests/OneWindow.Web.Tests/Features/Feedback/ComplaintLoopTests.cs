using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Core.Feedback;
using OneWindow.Web.Features.Feedback;
using OneWindow.Web.Features.Calendars;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Feedback;

public class ComplaintLoopTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private Task<List<FeedbackCase>> CasesOfAsync(Guid ratingId) =>
        app.WithDbAsync(db => db.Set<FeedbackCase>().Where(c => c.RatingId == ratingId).ToListAsync());

    [Fact]
    public async Task A_low_rating_opens_exactly_one_case_for_the_team_lead_due_in_working_days_and_tells_the_csm()
    {
        var (employee, lead, _) = await app.WithDbAsync(FeedbackFixtures.EmployeeWithLeadAsync);
        var key = "test:" + Guid.NewGuid().ToString("N");
        var rating = await FeedbackFixtures.RateAsync(app, Demo.ClientA, employee, 2, "Долго отвечали", key);

        var c = Assert.Single(await CasesOfAsync(rating.Id));
        Assert.Equal(lead, c.OwnerId);
        Assert.Equal(FeedbackCaseStatus.Open, c.Status);
        Assert.Equal("Долго отвечали", c.ClientComment);
        var expectedDue = await app.WithDbAsync(async db =>
        {
            var calendar = await app.Services.GetRequiredService<CalendarBook>().GetAsync(db, (await CalendarBook.DefaultIdAsync(db, default))!.Value, default);
            var settings = await db.FeedbackSettings.FirstOrDefaultAsync() ?? new FeedbackSettings();
            return FeedbackMath.DueAt(calendar, c.OpenedAt, settings.CaseDueWorkingDays);
        });
        Assert.Equal(expectedDue, c.DueAt);
        Assert.True(c.DueAt > c.OpenedAt.AddDays(2));

        // The CSM of company A hears of it, with a link to the case; so does the owner.
        var csm = await app.ClientForAsync(Demo.Csm);
        var items = (await csm.GetFromJsonAsync<JsonElement>("/api/v1/notifications")).GetProperty("items").EnumerateArray().ToList();
        var notice = Assert.Single(items, n => n.GetProperty("link").GetString() == $"/feedback/cases/{c.Id}");
        Assert.Equal("FeedbackCase", notice.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, notice.GetProperty("ticketId").ValueKind);
        var leadNotices = (await (await app.ClientForAsync(Demo.TeamLead)).GetFromJsonAsync<JsonElement>("/api/v1/notifications")).GetProperty("items").EnumerateArray();
        Assert.Contains(leadNotices, n => n.GetProperty("link").GetString() == $"/feedback/cases/{c.Id}");

        // A changed grade updates the case; raised above the threshold it stays open with a note.
        await FeedbackFixtures.RateAsync(app, Demo.ClientA, employee, 1, "Совсем плохо", key);
        var changed = Assert.Single(await CasesOfAsync(rating.Id));
        Assert.Equal(1, changed.Grade);
        Assert.Equal("Совсем плохо", changed.ClientComment);
        await FeedbackFixtures.RateAsync(app, Demo.ClientA, employee, 5, null, key);
        var raised = Assert.Single(await CasesOfAsync(rating.Id));
        Assert.Equal(FeedbackCaseStatus.Open, raised.Status);
        Assert.Equal(5, raised.Grade);
        Assert.Contains("1 → 5", raised.Notes);
        Assert.Contains("stays open", raised.Notes);

        // A good grade opens nothing.
        var good = await FeedbackFixtures.RateAsync(app, Demo.ClientA, employee, 4);
        Assert.Empty(await CasesOfAsync(good.Id));
    }

    [Fact]
    public async Task A_hundred_grade_changes_on_one_link_keep_every_note()
    {
        // Issue 11, item 12: each change appends a line to the case's notes; on PostgreSQL about 50 overflowed a 4,000-character column.
        var (employee, _, _) = await app.WithDbAsync(FeedbackFixtures.EmployeeWithLeadAsync);
        var key = "test:" + Guid.NewGuid().ToString("N");
        var rating = await FeedbackFixtures.RateAsync(app, Demo.ClientA, employee, 2, null, key);
        for (var i = 0; i < 100; i++)
        {
            await FeedbackFixtures.RateAsync(app, Demo.ClientA, employee, i % 2 == 0 ? 5 : 1, null, key);
        }

        var c = Assert.Single(await CasesOfAsync(rating.Id));
        Assert.True(c.Notes!.Length > 4000, $"notes are {c.Notes.Length} characters");
        Assert.Equal(100, c.Notes.Split('\n').Count(l => l.Contains('→', StringComparison.Ordinal)));
    }

    [Fact]
    public async Task What_we_did_is_emailed_to_the_client_and_their_satisfied_answer_closes_the_case()
    {
        var (employee, _, _) = await app.WithDbAsync(FeedbackFixtures.EmployeeWithLeadAsync);
        var rating = await FeedbackFixtures.RateAsync(app, Demo.ClientA, employee, 1, "Ошибка в акте сверки");
        var id = Assert.Single(await CasesOfAsync(rating.Id)).Id;
        var lead = await app.ClientForAsync(Demo.TeamLead);
        var clientA = await app.ClientForAsync(Demo.ClientA);
        var clientB = await app.ClientForAsync(Demo.ClientB);

        var listed = await lead.GetFromJsonAsync<JsonElement>("/api/v1/feedback/cases?status=Open&overdue=false");
        Assert.Contains(listed.EnumerateArray(), x => x.GetProperty("id").GetString() == id.ToString());
        await HttpAssert.ProblemAsync(await clientA.GetAsync("/api/v1/feedback/cases"), 403);

        // Recording the work needs the current version (If-Match).
        var get = await lead.GetAsync($"/api/v1/feedback/cases/{id}");
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/feedback/cases/{id}")
        {
            Content = JsonContent.Create(new { contactedAt = TimeProvider.System.GetUtcNow().AddHours(-1), contactChannel = "Phone", contactNotes = "Позвонили, извинились", rootCause = "Process", actions = "Добавили сверку в чек-лист" }),
        };
        put.Headers.IfMatch.Add(get.Headers.ETag!);
        var worked = await (await lead.SendAsync(put)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Process", worked.GetProperty("rootCause").GetString());
        Assert.Equal("Phone", worked.GetProperty("contactChannel").GetString());

        await HttpAssert.FieldErrorAsync(await lead.PostAsJsonAsync($"/api/v1/feedback/cases/{id}/send-what-we-did", new { message = " " }), "message");
        // The loop cannot end silently: closing needs the "what we did" message first.
        await HttpAssert.FieldErrorAsync(await lead.PostAsync($"/api/v1/feedback/cases/{id}/close", null), "whatWeDid");
        await HttpAssert.ProblemAsync(await clientA.PostAsJsonAsync($"/api/v1/feedback/cases/{id}/client-answer", new { satisfied = true }), 409);
        var sent = await lead.PostAsJsonAsync($"/api/v1/feedback/cases/{id}/send-what-we-did", new { message = "Исправили акт и добавили проверку." });
        Assert.Equal("AwaitingClient", (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var mail = await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.ToAddress == Demo.ClientA && m.TextBody.Contains("Исправили акт и добавили проверку.")).ToListAsync());
        var email = Assert.Single(mail);
        Assert.Contains($"/feedback/cases/{id}", email.TextBody);

        // The client sees their case without the internal notes; another company's client sees nothing.
        var seen = await clientA.GetFromJsonAsync<JsonElement>($"/api/v1/feedback/cases/{id}");
        Assert.Equal("Исправили акт и добавили проверку.", seen.GetProperty("whatWeDid").GetString());
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("actions").ValueKind);
        await HttpAssert.ProblemAsync(await clientB.GetAsync($"/api/v1/feedback/cases/{id}"), 404);
        await HttpAssert.ProblemAsync(await clientB.PostAsJsonAsync($"/api/v1/feedback/cases/{id}/client-answer", new { satisfied = true }), 404);

        // Not satisfied: back to work; then satisfied: closed.
        var again = await (await clientA.PostAsJsonAsync($"/api/v1/feedback/cases/{id}/client-answer", new { satisfied = false, comment = "Акт всё ещё неверный" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Open", again.GetProperty("status").GetString());
        Assert.Equal(1, again.GetProperty("reopened").GetInt32());
        await lead.PostAsJsonAsync($"/api/v1/feedback/cases/{id}/send-what-we-did", new { message = "Переделали акт." });
        var closed = await (await clientA.PostAsJsonAsync($"/api/v1/feedback/cases/{id}/client-answer", new { satisfied = true, comment = "Спасибо" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Closed", closed.GetProperty("status").GetString());
        Assert.True(closed.GetProperty("clientSatisfied").GetBoolean());
        Assert.Equal(JsonValueKind.String, closed.GetProperty("closedAt").ValueKind);
        await HttpAssert.ProblemAsync(await lead.PostAsync($"/api/v1/feedback/cases/{id}/close", null), 409);
    }

    [Fact]
    public async Task A_negative_review_opens_a_case_and_the_feed_filters_and_answers()
    {
        var (serviceA, serviceB, head) = await app.WithDbAsync(async db =>
        {
            var a = await FeedbackFixtures.CompanyIdAsync(db, Demo.CompanyA);
            var b = await FeedbackFixtures.CompanyIdAsync(db, Demo.CompanyB);
            var sa = await db.ClientServices.Where(s => s.CompanyId == a && s.EndsOn == null).Select(s => s.ServiceId).FirstAsync();
            var sb = await db.ClientServices.Where(s => s.CompanyId == b && s.EndsOn == null).Select(s => s.ServiceId).FirstAsync();
            var h = await db.Services.Where(s => s.Id == sa).Select(s => s.Department!.HeadId).FirstAsync();
            return (sa, sb, h);
        });
        var (employee, lead, _) = await app.WithDbAsync(FeedbackFixtures.EmployeeWithLeadAsync);
        var clientA = await app.ClientForAsync(Demo.ClientA);
        var clientB = await app.ClientForAsync(Demo.ClientB);
        var quality = await app.ClientForAsync(Demo.Quality);

        await HttpAssert.FieldErrorAsync(await clientA.PostAsJsonAsync("/api/v1/feedback/reviews", new { target = "Service", targetId = serviceA, grade = 7, title = "x", body = "y" }), "grade");
        await HttpAssert.FieldErrorAsync(await clientA.PostAsJsonAsync("/api/v1/feedback/reviews", new { target = "Employee", targetId = Guid.NewGuid(), grade = 3, title = "x", body = "y" }), "targetId");
        await HttpAssert.ProblemAsync(await quality.PostAsJsonAsync("/api/v1/feedback/reviews", new { target = "Service", targetId = serviceA, grade = 1, title = "x", body = "y" }), 403);

        var bad = await (await clientA.PostAsJsonAsync("/api/v1/feedback/reviews", new { target = "Service", targetId = serviceA, grade = 1, title = "Сроки срываются", body = "Третий месяц подряд поздно." }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var caseId = Guid.Parse(bad.GetProperty("caseId").GetString()!);
        var c = await app.WithDbAsync(db => db.Set<FeedbackCase>().SingleAsync(x => x.Id == caseId));
        Assert.Equal(head, c.OwnerId);
        Assert.Equal(serviceA, c.ServiceId);
        var good = await (await clientA.PostAsJsonAsync("/api/v1/feedback/reviews", new { target = "Employee", targetId = employee, grade = 5, title = "Спасибо", body = "Быстро и точно." }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, good.GetProperty("caseId").ValueKind);
        var team = await (await clientA.PostAsJsonAsync("/api/v1/feedback/reviews", new { target = "Team", targetId = await app.WithDbAsync(db => db.Users.Where(u => u.Id == lead).Select(u => u.TeamId).SingleAsync()), grade = 2, title = "Команда", body = "Не отвечают." }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(lead, await app.WithDbAsync(db => db.Set<FeedbackCase>().Where(x => x.ReviewId == Guid.Parse(team.GetProperty("id").GetString()!)).Select(x => x.OwnerId).SingleAsync()));
        var other = await (await clientB.PostAsJsonAsync("/api/v1/feedback/reviews", new { target = "Service", targetId = serviceB, grade = 4, title = "Сибирь", body = "Нормально." }))
            .Content.ReadFromJsonAsync<JsonElement>();

        var companyA = await app.WithDbAsync(db => FeedbackFixtures.CompanyIdAsync(db, Demo.CompanyA));
        static List<string> Ids(JsonElement list) => [.. list.EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];
        var ofA = Ids(await quality.GetFromJsonAsync<JsonElement>($"/api/v1/feedback/reviews?companyId={companyA}"));
        Assert.Contains(bad.GetProperty("id").GetString(), ofA);
        Assert.DoesNotContain(other.GetProperty("id").GetString(), ofA);
        var ones = Ids(await quality.GetFromJsonAsync<JsonElement>("/api/v1/feedback/reviews?grade=1&target=Service"));
        Assert.Contains(bad.GetProperty("id").GetString(), ones);
        Assert.DoesNotContain(good.GetProperty("id").GetString(), ones);
        var month = TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(3)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(bad.GetProperty("id").GetString(), Ids(await quality.GetFromJsonAsync<JsonElement>($"/api/v1/feedback/reviews?period={month}")));
        Assert.Empty(Ids(await quality.GetFromJsonAsync<JsonElement>("/api/v1/feedback/reviews?period=2020-01")));
        await HttpAssert.FieldErrorAsync(await quality.GetAsync("/api/v1/feedback/reviews?period=soon"), "period");

        // The SSC answers; the client sees the answer among their own reviews, and never company B's.
        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync($"/api/v1/feedback/reviews/{bad.GetProperty("id").GetString()}/answer", new { answer = "" }), "answer");
        await HttpAssert.ProblemAsync(await clientA.PostAsJsonAsync($"/api/v1/feedback/reviews/{bad.GetProperty("id").GetString()}/answer", new { answer = "Сам себе" }), 403);
        Assert.Equal(HttpStatusCode.OK, (await quality.PostAsJsonAsync($"/api/v1/feedback/reviews/{bad.GetProperty("id").GetString()}/answer", new { answer = "Разбираемся, вернёмся к вам." })).StatusCode);
        Assert.DoesNotContain(bad.GetProperty("id").GetString(), Ids(await quality.GetFromJsonAsync<JsonElement>("/api/v1/feedback/reviews?answered=false")));
        var mine = await clientA.GetFromJsonAsync<JsonElement>("/api/v1/feedback/reviews");
        Assert.Equal("Разбираемся, вернёмся к вам.", mine.EnumerateArray().Single(r => r.GetProperty("id").GetString() == bad.GetProperty("id").GetString()).GetProperty("answer").GetString());
        Assert.DoesNotContain(other.GetProperty("id").GetString(), Ids(mine));
        await HttpAssert.ProblemAsync(await clientA.GetAsync($"/api/v1/feedback/reviews/{other.GetProperty("id").GetString()}"), 404);
    }
}
