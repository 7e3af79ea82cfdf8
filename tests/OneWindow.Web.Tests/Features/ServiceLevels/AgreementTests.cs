using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.ServiceLevels;

/// <summary>Agreements through the API: versions, metrics, approval by the client executive, deliveries and figures.</summary>
public sealed class AgreementTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private async Task<Guid> CompanyAsync(string name) => await app.WithDbAsync(db => db.Companies.Where(c => c.Name == name).Select(c => c.Id).SingleAsync());

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    private static HttpRequestMessage Put(string url, object body, int version)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return request;
    }

    private static async Task<bool> HasNotificationAsync(HttpClient client, string kind, string link)
    {
        var list = await OkAsync(await client.GetAsync("/api/v1/notifications?unread=true"));
        return list.GetProperty("items").EnumerateArray().Any(n => n.GetProperty("kind").GetString() == kind && n.TryGetProperty("link", out var l) && l.GetString() == link);
    }

    [Fact]
    public async Task An_agreement_is_drafted_by_the_ssc_approved_by_the_client_executive_and_then_measures_new_tickets()
    {
        var quality = await app.ClientForAsync(Demo.Quality);
        var company = await CompanyAsync(Demo.CompanyA);
        var service = await app.WithDbAsync(db => db.Services.Where(s => s.Code == "AP").Select(s => s.Id).SingleAsync());
        var agreement = await OkAsync(await quality.PostAsJsonAsync("/api/v1/agreements", new { companyId = company, serviceId = service, name = "SLA по расчётам с поставщиками", reference = "AP-1" }), HttpStatusCode.Created);
        var versionId = agreement.GetProperty("versions")[0].GetProperty("id").GetString();

        // Field errors name the field; a timer on the wrong side is refused.
        var bad = await quality.PostAsJsonAsync($"/api/v1/agreement-versions/{versionId}/metrics", new { side = "Sla", kind = "TicketTimer", name = "x", timer = "ClientClarification", targetMinutes = 0 });
        var problem = await HttpAssert.FieldErrorAsync(bad, "timer");
        Assert.True(problem.GetProperty("errors").TryGetProperty("targetMinutes", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await quality.PostAsync($"/api/v1/agreement-versions/{versionId}/submit", null)).StatusCode);

        await OkAsync(await quality.PostAsJsonAsync($"/api/v1/agreement-versions/{versionId}/metrics",
            new { side = "Sla", kind = "TicketTimer", name = "Решение за 2 часа", timer = "Resolution", targetMinutes = 120 }), HttpStatusCode.Created);
        await OkAsync(await quality.PostAsJsonAsync($"/api/v1/agreement-versions/{versionId}/metrics",
            new { side = "Ola", kind = "PeriodicDeadline", name = "Реестр счетов к 2-му рабочему дню", period = "Month", dueWorkingDay = 2, requireComplete = true }), HttpStatusCode.Created);
        var version = await OkAsync(await quality.GetAsync($"/api/v1/agreement-versions/{versionId}"));
        await OkAsync(await quality.SendAsync(Put($"/api/v1/agreement-versions/{versionId}", new { validFrom = "2026-01-01", slaWeight = 0.7, olaWeight = 0.3,
            escalations = new[] { new { percent = 50, notify = new[] { "Assignee" } }, new { percent = 100, notify = new[] { "TeamLead", "ClientSuccessManager" } } } }, version.GetProperty("version").GetInt32())));

        // The client user may not approve; the executive of another company cannot even see it.
        await OkAsync(await quality.PostAsync($"/api/v1/agreement-versions/{versionId}/submit", null));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientForAsync(Demo.ClientA)).PostAsync($"/api/v1/agreement-versions/{versionId}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.ClientForAsync("cfo@dv-logistics.demo")).PostAsync($"/api/v1/agreement-versions/{versionId}/approve", null)).StatusCode);
        // Submitted terms are frozen.
        Assert.Equal(HttpStatusCode.Conflict, (await quality.PostAsJsonAsync($"/api/v1/agreement-versions/{versionId}/metrics",
            new { side = "Sla", kind = "TicketTimer", name = "Первый ответ", timer = "FirstResponse", targetMinutes = 30 })).StatusCode);

        // The request to approve reaches the executive's bell (not the ordinary client user's), opening the agreement.
        var link = $"/agreements/{agreement.GetProperty("id").GetString()}";
        var executive = await app.ClientForAsync(Demo.ExecutiveA);
        Assert.True(await HasNotificationAsync(executive, "AgreementSubmitted", link), "the executive is asked in the bell");
        Assert.False(await HasNotificationAsync(await app.ClientForAsync(Demo.ClientA), "AgreementSubmitted", link), "a client user is not asked");
        var approved = await OkAsync(await executive.PostAsync($"/api/v1/agreement-versions/{versionId}/approve", null));
        Assert.True(await HasNotificationAsync(await app.ClientForAsync(Demo.Csm), "AgreementApproved", link), "the company's CSM hears of the approval");
        Assert.Equal("Agreed", approved.GetProperty("status").GetString());
        Assert.Equal("Наталья Лебедева", approved.GetProperty("approvedByName").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await executive.PostAsync($"/api/v1/agreement-versions/{versionId}/approve", null)).StatusCode);
        var audited = await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityId == versionId && a.ActorName == "Наталья Лебедева"));
        Assert.True(audited, "the approval is in the audit log");

        // A new AP ticket is measured by this service-specific agreement rather than the company-wide one.
        var type = await app.WithDbAsync(db => db.RequestTypes.Where(t => t.Code == "RECON").Select(t => t.Id).SingleAsync());
        var created = await OkAsync(await (await app.ClientForAsync(Demo.ClientA)).PostAsJsonAsync("/api/v1/tickets",
            new { requestTypeId = type, subject = "Акт сверки", description = "Нужен акт", fields = new { counterparty = "ООО Ромашка", periodEnd = "2026-10-31" } }), HttpStatusCode.Created);
        var clocks = await OkAsync(await quality.GetAsync($"/api/v1/tickets/{created.GetProperty("summary").GetProperty("id").GetString()}/clocks"));
        var only = Assert.Single(clocks.EnumerateArray());
        Assert.Equal("Решение за 2 часа", only.GetProperty("metric").GetString());

        // A new version copies the terms as a draft; the agreed one stays in force until the new one is approved.
        var draft = await OkAsync(await quality.PostAsync($"/api/v1/agreements/{agreement.GetProperty("id").GetString()}/versions", null), HttpStatusCode.Created);
        Assert.Equal(2, draft.GetProperty("number").GetInt32());
        Assert.Equal("Draft", draft.GetProperty("status").GetString());
        Assert.Equal(2, draft.GetProperty("metrics").GetArrayLength());
        var reject = await executive.PostAsJsonAsync($"/api/v1/agreement-versions/{draft.GetProperty("id").GetString()}/reject", new { reason = "Не отправлено" });
        Assert.Equal(HttpStatusCode.Conflict, reject.StatusCode);

        // Sent back with a reason once submitted: the account team hears of it.
        await OkAsync(await quality.PostAsync($"/api/v1/agreement-versions/{draft.GetProperty("id").GetString()}/submit", null));
        await OkAsync(await executive.PostAsJsonAsync($"/api/v1/agreement-versions/{draft.GetProperty("id").GetString()}/reject", new { reason = "Уточните целевые сроки" }));
        Assert.True(await HasNotificationAsync(await app.ClientForAsync(Demo.Csm), "AgreementReturned", link), "the company's CSM hears it was sent back");
    }

    [Fact]
    public async Task Deliveries_are_judged_against_the_working_day_deadline_and_figures_import_from_csv()
    {
        var agent = await app.ClientForAsync(Demo.Agent);
        var company = await CompanyAsync(Demo.CompanyA);
        var (deadline, ratio) = await app.WithDbAsync(async db =>
        {
            var metrics = await db.AgreementMetrics.Where(m => m.CompanyId == company && m.AgreementVersion!.Agreement!.ServiceId == null).ToListAsync();
            // The demo's primary-documents deadline (the demo also keeps a reconciliation-acts deadline due soon for the client home).
            return (metrics.Single(m => m.Kind == OneWindow.Web.Features.ServiceLevels.MetricKind.PeriodicDeadline && m.Side == OneWindow.Web.Features.ServiceLevels.MetricSide.Ola
                    && m.Name != OneWindow.Web.Features.Clients.DemoClientSuccess.ReconciliationMetric).Id,
                metrics.Single(m => m.Kind == OneWindow.Web.Features.ServiceLevels.MetricKind.MeasuredRatio && m.Side == OneWindow.Web.Features.ServiceLevels.MetricSide.Sla).Id);
        });

        // Primary documents for September 2025 were due at the end of working day 3 of October 2025 (Friday the 3rd, 18:00 Moscow).
        var onTime = await OkAsync(await agent.PutAsJsonAsync($"/api/v1/agreement-metrics/{deadline}/deliveries/2025-09", new { deliveredAt = "2025-10-03T14:00:00Z", complete = true }));
        Assert.Equal(new DateTimeOffset(2025, 10, 3, 15, 0, 0, TimeSpan.Zero), onTime.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("OnTime", onTime.GetProperty("verdict").GetString());
        var incomplete = await OkAsync(await agent.PutAsJsonAsync($"/api/v1/agreement-metrics/{deadline}/deliveries/2025-09", new { deliveredAt = "2025-10-03T14:00:00Z", complete = false }));
        Assert.Equal("Incomplete", incomplete.GetProperty("verdict").GetString());
        var late = await OkAsync(await agent.PutAsJsonAsync($"/api/v1/agreement-metrics/{deadline}/deliveries/2025-08", new { deliveredAt = "2025-09-10T08:00:00Z", complete = true }));
        Assert.Equal("Late", late.GetProperty("verdict").GetString());
        await HttpAssert.FieldErrorAsync(await agent.PutAsJsonAsync($"/api/v1/agreement-metrics/{deadline}/deliveries/2025-13", new { deliveredAt = "2025-09-10T08:00:00Z" }), "period");
        await HttpAssert.FieldErrorAsync(await agent.PutAsJsonAsync($"/api/v1/agreement-metrics/{ratio}/deliveries/2025-09", new { deliveredAt = "2025-09-10T08:00:00Z" }), "metricId");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientForAsync(Demo.ClientA)).PutAsJsonAsync($"/api/v1/agreement-metrics/{deadline}/deliveries/2025-07", new { })).StatusCode);

        // Figures: semicolons with decimal commas, a header, numerator/denominator only.
        var csv = "period;value;numerator;denominator\n2025-01;99,7\n2025-02;;995;1000\n";
        var imported = await OkAsync(await agent.PostAsync($"/api/v1/agreement-metrics/{ratio}/figures/import", new StringContent(csv, Encoding.UTF8, "text/csv")));
        Assert.Equal(2, imported.GetProperty("added").GetInt32());
        var figures = await OkAsync(await agent.GetAsync($"/api/v1/agreement-metrics/{ratio}/figures"));
        var february = figures.EnumerateArray().Single(f => f.GetProperty("period").GetString() == "2025-02");
        Assert.Equal(99.5m, february.GetProperty("value").GetDecimal());
        Assert.True(february.GetProperty("met").GetBoolean());
        Assert.True(figures.EnumerateArray().Single(f => f.GetProperty("period").GetString() == "2025-01").GetProperty("met").GetBoolean());

        // A bad line refuses the whole file and says which.
        var refused = await agent.PostAsync($"/api/v1/agreement-metrics/{ratio}/figures/import", new StringContent("2025-03;99.9\n2025-04;abc\n", Encoding.UTF8, "text/csv"));
        var error = await HttpAssert.FieldErrorAsync(refused, "file");
        Assert.Contains("Line 2", error.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.DoesNotContain((await OkAsync(await agent.GetAsync($"/api/v1/agreement-metrics/{ratio}/figures"))).EnumerateArray(), f => f.GetProperty("period").GetString() == "2025-03");
        await HttpAssert.FieldErrorAsync(await agent.PutAsJsonAsync($"/api/v1/agreement-metrics/{ratio}/figures/2025-05", new { value = 101 }), "value");
        var huge = await agent.PostAsync($"/api/v1/agreement-metrics/{ratio}/figures/import", new StringContent("2025-06;;99999999999999999999999;99999999999999999999999\n", Encoding.UTF8, "text/csv"));
        await HttpAssert.FieldErrorAsync(huge, "file");
        var fractional = await agent.PostAsync($"/api/v1/agreement-metrics/{ratio}/figures/import", new StringContent("2025-06;;99.5;100\n", Encoding.UTF8, "text/csv"));
        await HttpAssert.FieldErrorAsync(fractional, "file");
    }
}
