using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Core.ServiceLevels;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.ServiceLevels;

/// <summary>
/// Issue 13, item 5: the OLA bottleneck report — time waited for the client, late clarifications by requester, late
/// documents — equals the figures computed by hand from the arranged rows, and a client executive sees their own company only.
/// </summary>
public class BottleneckReportTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    // A month no demo data reaches, so every figure is this test's own.
    private const string Period = "from=2031-03-01&to=2031-03-31";

    private async Task<(Guid A, Guid B)> ArrangeAsync() => await app.WithDbAsync(async db =>
    {
        var people = await ClockFixtures.PeopleAsync(db);
        var b = await db.Companies.Where(c => c.Name == Demo.CompanyB).Select(c => c.Id).SingleAsync();
        var clientB = await db.Users.Where(u => u.Email == Demo.ClientB).Select(u => u.Id).SingleAsync();
        var metric = await ClockFixtures.MetricAsync(db, people, [], targetMinutes: 120);
        void Clarification(ClockPeople who, long seconds, ClockState state, DateTimeOffset at)
        {
            var (_, clock) = ClockFixtures.Clock(who, metric, [], state, TimeSpan.FromSeconds(seconds), at);
            clock.Side = MetricSide.Ola;
            clock.Timer = TimerKind.ClientClarification;
            clock.StartedAt = at;
            clock.NextAlertAt = null;
            db.TicketClocks.Add(clock);
        }

        var mid = new DateTimeOffset(2031, 3, 12, 9, 0, 0, TimeSpan.Zero);
        // Company A's requester: an hour answered in time, two hours answered late → 180 minutes, 2 clarifications, 1 late.
        Clarification(people, 3600, ClockState.Met, mid);
        Clarification(people, 7200, ClockState.Breached, mid.AddDays(2));
        // Outside the period: not counted.
        Clarification(people, 9000, ClockState.Breached, new DateTimeOffset(2031, 4, 2, 9, 0, 0, TimeSpan.Zero));
        // Company B's requester: never in A's figures.
        Clarification(people with { CompanyId = b, RequesterId = clientB }, 5400, ClockState.Breached, mid);

        // Documents of A: one 30 hours late, one on time.
        metric.Kind = MetricKind.PeriodicDeadline;
        metric.Name = "Первичные документы за месяц";
        db.Set<DeadlineDelivery>().AddRange(
            new DeadlineDelivery
            {
                MetricId = metric.Id, CompanyId = people.CompanyId, PeriodStart = new DateOnly(2031, 2, 1),
                DueAt = new DateTimeOffset(2031, 3, 5, 10, 0, 0, TimeSpan.Zero), DeliveredAt = new DateTimeOffset(2031, 3, 6, 16, 0, 0, TimeSpan.Zero),
            },
            new DeadlineDelivery
            {
                MetricId = metric.Id, CompanyId = people.CompanyId, PeriodStart = new DateOnly(2031, 1, 1),
                DueAt = new DateTimeOffset(2031, 3, 7, 10, 0, 0, TimeSpan.Zero), DeliveredAt = new DateTimeOffset(2031, 3, 7, 9, 0, 0, TimeSpan.Zero),
            });
        await db.SaveChangesAsync();
        return (people.CompanyId, b);
    });

    [Fact]
    public async Task The_figures_equal_the_hand_computed_ones_and_an_executive_never_sees_another_company()
    {
        var (a, b) = await ArrangeAsync();

        var csm = await app.ClientForAsync(Demo.Csm);
        var ofA = await csm.GetFromJsonAsync<JsonElement>($"/api/v1/service-levels/bottlenecks?companyId={a}&{Period}");
        Assert.Equal(180, ofA.GetProperty("waitingMinutes").GetInt64());
        Assert.Equal(2, ofA.GetProperty("clarifications").GetInt32());
        Assert.Equal(1, ofA.GetProperty("lateClarifications").GetInt32());
        Assert.Equal(1, ofA.GetProperty("lateDocuments").GetInt32());
        var person = Assert.Single(ofA.GetProperty("people").EnumerateArray());
        Assert.Equal(("Сергей Иванов", "Бухгалтер", 2, 1, 180L), (person.GetProperty("person").GetString(), person.GetProperty("jobTitle").GetString(),
            person.GetProperty("clarifications").GetInt32(), person.GetProperty("lateClarifications").GetInt32(), person.GetProperty("waitingMinutes").GetInt64()));
        var document = Assert.Single(ofA.GetProperty("documents").EnumerateArray());
        Assert.Equal(30.0, document.GetProperty("hoursLate").GetDouble());
        Assert.Equal("Первичные документы за месяц", document.GetProperty("obligation").GetString());

        // The CSM of A and B sees both when no company is named: B adds its 90 minutes.
        var both = await csm.GetFromJsonAsync<JsonElement>($"/api/v1/service-levels/bottlenecks?{Period}");
        Assert.Equal(270, both.GetProperty("waitingMinutes").GetInt64());

        // A's executive: A's figures without naming it, nothing when naming B, and never B's people.
        var executive = await app.ClientForAsync(Demo.ExecutiveA);
        var own = await executive.GetStringAsync($"/api/v1/service-levels/bottlenecks?{Period}");
        var ownJson = JsonDocument.Parse(own).RootElement;
        Assert.Equal(180, ownJson.GetProperty("waitingMinutes").GetInt64());
        Assert.DoesNotContain("Павел Смирнов", own, StringComparison.Ordinal);
        Assert.DoesNotContain(Demo.CompanyB, own, StringComparison.Ordinal);
        var foreign = await executive.GetFromJsonAsync<JsonElement>($"/api/v1/service-levels/bottlenecks?companyId={b}&{Period}");
        Assert.Equal(0, foreign.GetProperty("clarifications").GetInt32());
        Assert.Empty(foreign.GetProperty("people").EnumerateArray());

        // A client user is not offered the report; a reversed period is a field error.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientForAsync(Demo.ClientA)).GetAsync($"/api/v1/service-levels/bottlenecks?{Period}")).StatusCode);
        await HttpAssert.FieldErrorAsync(await csm.GetAsync("/api/v1/service-levels/bottlenecks?from=2031-03-31&to=2031-03-01"), "from");
        // Dates at the calendar's edge are field errors, not a 500 (the fuzz test found to=0001-01-01).
        await HttpAssert.FieldErrorAsync(await csm.GetAsync("/api/v1/service-levels/bottlenecks?to=0001-01-01"), "to");
        await HttpAssert.FieldErrorAsync(await csm.GetAsync("/api/v1/service-levels/bottlenecks?from=9999-12-31"), "from");
    }

    [Fact]
    public async Task The_department_rows_sum_the_person_rows_and_the_documents_by_their_responsible_person()
    {
        // May 2031, apart from the month above: Sergei (Бухгалтерия) waited on 90 minutes, one late; Natalia (Финансовая
        // дирекция, the executive) 20, late; a new person with no department 10. One late document is Natalia's, one has nobody.
        const string may = "from=2031-05-01&to=2031-05-31";
        var admin = await app.ClientForAsync(Demo.Admin);
        var a = await app.WithDbAsync(db => db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync());
        var created = await admin.PostAsJsonAsync("/api/v1/people", new
        {
            email = "no-department@ural-mining.demo", fullName = "Без Отдела", companyId = a, roles = new[] { "ClientUser" }, culture = "ru", password = "No-Department-2026",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var nobody = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await app.WithDbAsync(async db =>
        {
            var people = await ClockFixtures.PeopleAsync(db);
            var executive = await db.Users.Where(u => u.Email == Demo.ExecutiveA).Select(u => u.Id).SingleAsync();
            var metric = await ClockFixtures.MetricAsync(db, people, [], targetMinutes: 120);
            void Clarification(Guid requester, long seconds, ClockState state, DateTimeOffset at)
            {
                var (_, clock) = ClockFixtures.Clock(people with { RequesterId = requester }, metric, [], state, TimeSpan.FromSeconds(seconds), at);
                clock.Side = MetricSide.Ola;
                clock.Timer = TimerKind.ClientClarification;
                clock.StartedAt = at;
                clock.NextAlertAt = null;
                db.TicketClocks.Add(clock);
            }

            var mid = new DateTimeOffset(2031, 5, 14, 9, 0, 0, TimeSpan.Zero);
            Clarification(people.RequesterId, 3600, ClockState.Met, mid);
            Clarification(people.RequesterId, 1800, ClockState.Breached, mid.AddDays(1));
            Clarification(executive, 1200, ClockState.Breached, mid);
            Clarification(nobody, 600, ClockState.Met, mid);

            foreach (var (name, responsible) in new[] { ("Реестр платежей за месяц", (Guid?)executive), ("Авансовые отчёты за месяц", null) })
            {
                var deadline = await ClockFixtures.MetricAsync(db, people, [], targetMinutes: 120);
                deadline.Kind = MetricKind.PeriodicDeadline;
                deadline.Name = name;
                deadline.ClientResponsibleId = responsible;
                db.Set<DeadlineDelivery>().Add(new DeadlineDelivery
                {
                    MetricId = deadline.Id, CompanyId = people.CompanyId, PeriodStart = new DateOnly(2031, 4, 1),
                    DueAt = new DateTimeOffset(2031, 5, 6, 10, 0, 0, TimeSpan.Zero), DeliveredAt = new DateTimeOffset(2031, 5, 7, 10, 0, 0, TimeSpan.Zero),
                });
            }

            return await db.SaveChangesAsync();
        });

        var report = await (await app.ClientForAsync(Demo.Csm)).GetFromJsonAsync<JsonElement>($"/api/v1/service-levels/bottlenecks?companyId={a}&{may}");
        var people = report.GetProperty("people").EnumerateArray().ToList();
        var documents = report.GetProperty("documents").EnumerateArray().ToList();
        var departments = report.GetProperty("departments").EnumerateArray().ToList();
        static string? Text(JsonElement e, string name) => e.GetProperty(name).GetString();

        // The rows as the CSM and the client's executive read them, biggest wait first; no department is a row of its own.
        Assert.Equal(
            [("Бухгалтерия", 90L, 2, 1, 0), ("Финансовая дирекция", 20L, 1, 1, 1), (null, 10L, 1, 0, 1)],
            departments.Select(d => (Text(d, "department"), d.GetProperty("waitingMinutes").GetInt64(), d.GetProperty("clarifications").GetInt32(),
                d.GetProperty("lateClarifications").GetInt32(), d.GetProperty("lateDocuments").GetInt32())).ToList());
        Assert.All(departments, d => Assert.Equal(Demo.CompanyA, Text(d, "company")));
        Assert.Equal("Бухгалтерия", Text(people.Single(p => Text(p, "person") == "Сергей Иванов"), "department"));
        Assert.Null(Text(people.Single(p => Text(p, "person") == "Без Отдела"), "department"));
        var payments = documents.Single(d => Text(d, "obligation") == "Реестр платежей за месяц");
        Assert.Equal(("Наталья Лебедева", "Финансовая дирекция"), (Text(payments, "responsible"), Text(payments, "responsibleDepartment")));
        Assert.Equal(JsonValueKind.Null, documents.Single(d => Text(d, "obligation") == "Авансовые отчёты за месяц").GetProperty("responsibleId").ValueKind);

        // Each department's figures are exactly its people's rows and its people's late documents, and they add up to the totals.
        foreach (var d in departments)
        {
            var mine = people.Where(p => Text(p, "department") == Text(d, "department")).ToList();
            Assert.Equal(mine.Sum(p => p.GetProperty("waitingMinutes").GetInt64()), d.GetProperty("waitingMinutes").GetInt64());
            Assert.Equal(mine.Sum(p => p.GetProperty("clarifications").GetInt32()), d.GetProperty("clarifications").GetInt32());
            Assert.Equal(mine.Sum(p => p.GetProperty("lateClarifications").GetInt32()), d.GetProperty("lateClarifications").GetInt32());
            Assert.Equal(documents.Count(x => Text(x, "responsibleDepartment") == Text(d, "department")), d.GetProperty("lateDocuments").GetInt32());
        }

        Assert.Equal(report.GetProperty("waitingMinutes").GetInt64(), departments.Sum(d => d.GetProperty("waitingMinutes").GetInt64()));
        Assert.Equal(report.GetProperty("lateDocuments").GetInt32(), departments.Sum(d => d.GetProperty("lateDocuments").GetInt32()));

        // The client's executive reads the same rows for their company.
        var own = await (await app.ClientForAsync(Demo.ExecutiveA)).GetFromJsonAsync<JsonElement>($"/api/v1/service-levels/bottlenecks?{may}");
        Assert.Equal(departments.Count, own.GetProperty("departments").GetArrayLength());
    }
}
