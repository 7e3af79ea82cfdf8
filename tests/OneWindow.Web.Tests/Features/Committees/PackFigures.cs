using System.Net.Http.Json;
using System.Text.Json;
using OneWindow.Web.Features.Committees;

namespace OneWindow.Web.Tests.Features.Committees;

/// <summary>
/// Issue 14, Done when 1: an agenda pack's figures are those of the service-level report and trend, the feedback
/// dashboard and the case list for the same company and period. Shared by the pack tests and the browser's end-to-end test.
/// </summary>
public static class PackFigures
{
    private static double? Number(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDouble();

    private static string? Id(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();

    /// <summary>Compares the pack with the APIs as the given (SSC) client reads them; returns the pack's feedback block of the company.</summary>
    public static async Task<JsonElement> AssertEqualToTheApisAsync(HttpClient ssc, JsonElement pack, Guid company, string period)
    {
        Assert.Equal(period, pack.GetProperty("period").GetString());

        // SLA, OLA and index per client × process: the report's rows, with their breaches and links; the trend: the trend API's points.
        var report = await ssc.GetFromJsonAsync<JsonElement>($"/api/v1/service-levels/report?period={period}&companyId={company}");
        var rows = report.GetProperty("rows").EnumerateArray().ToList();
        var levels = pack.GetProperty("serviceLevels").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.Equal(rows.Count, levels.Count);
        Assert.Contains(levels, l => Number(l, "index") is not null);
        foreach (var row in rows)
        {
            var level = Assert.Single(levels, l => Id(l, "serviceId") == Id(row, "serviceId"));
            Assert.Equal(Number(row, "slaAttainment"), Number(level, "sla"));
            Assert.Equal(Number(row, "olaAttainment"), Number(level, "ola"));
            Assert.Equal(Number(row, "index"), Number(level, "index"));
            var breaches = row.GetProperty("metrics").EnumerateArray().Sum(m => m.GetProperty("breached").GetInt32());
            Assert.Equal(breaches, level.GetProperty("slaBreaches").GetInt32() + level.GetProperty("olaBreaches").GetInt32());
            Assert.Contains($"period={period}", level.GetProperty("link").GetString(), StringComparison.Ordinal);
            Assert.Contains($"companyId={company}", level.GetProperty("link").GetString(), StringComparison.Ordinal);
        }

        var trend = await ssc.GetFromJsonAsync<JsonElement>($"/api/v1/service-levels/trend?to={period}&count={PackBuilder.TrendCount}&companyId={company}");
        foreach (var trendRow in trend.GetProperty("rows").EnumerateArray())
        {
            var level = Assert.Single(levels, l => Id(l, "serviceId") == Id(trendRow, "serviceId"));
            Assert.Equal(trendRow.GetProperty("points").EnumerateArray().Select(p => Number(p, "index")), level.GetProperty("trend").EnumerateArray().Select(p => Number(p, "index")));
        }

        // Ratings and CSAT of the period: the feedback dashboard's company group.
        var feedback = pack.GetProperty("feedback").EnumerateArray().Single(f => Id(f, "companyId") == company.ToString());
        var dashboard = await ssc.GetFromJsonAsync<JsonElement>($"/api/v1/feedback/dashboard?period={period}&by=company");
        var group = dashboard.GetProperty("groups").EnumerateArray().Single(g => Id(g, "id") == company.ToString()).GetProperty("figures");
        var csat = feedback.GetProperty("csat");
        Assert.Equal(group.GetProperty("count").GetInt32(), csat.GetProperty("count").GetInt32());
        Assert.Equal(group.GetProperty("satisfied").GetInt32(), csat.GetProperty("satisfied").GetInt32());
        Assert.Equal(Number(group, "csat"), Number(csat, "csat"));
        Assert.Equal(Number(group, "averageGrade"), Number(csat, "averageGrade"));

        // Complaint cases and claims to the business: the case list's, both ways.
        foreach (var (direction, name) in new[] { ("ClientComplaint", "complaints"), ("ClaimToBusiness", "claims") })
        {
            var cases = await ssc.GetFromJsonAsync<JsonElement>($"/api/v1/feedback/cases?companyId={company}&direction={direction}");
            var open = cases.EnumerateArray().Where(c => c.GetProperty("status").GetString() != "Closed").ToList();
            var counts = feedback.GetProperty(name);
            Assert.Equal(open.Count, counts.GetProperty("open").GetInt32());
            Assert.Equal(open.Count(c => c.GetProperty("overdue").GetBoolean()), counts.GetProperty("overdue").GetInt32());
            Assert.Contains($"company={company}", counts.GetProperty("link").GetString(), StringComparison.Ordinal);
            Assert.All(open, c => Assert.Contains(feedback.GetProperty("cases").EnumerateArray(), x => Id(x, "id") == Id(c, "id")));
        }

        return feedback;
    }
}
