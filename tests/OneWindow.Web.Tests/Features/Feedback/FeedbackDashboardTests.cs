using System.Net.Http.Json;
using System.Text.Json;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Feedback;

public class FeedbackDashboardTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    [Fact]
    public async Task Dashboard_figures_open_to_the_ratings_behind_them_within_the_viewers_scope()
    {
        var (employee, _, team) = await app.WithDbAsync(FeedbackFixtures.EmployeeWithLeadAsync);
        var march = new DateTimeOffset(2025, 3, 10, 9, 0, 0, TimeSpan.FromHours(3));
        await FeedbackFixtures.RateAsync(app, Demo.ClientA, employee, 5, "Отлично", at: march);
        await FeedbackFixtures.RateAsync(app, Demo.ClientA, employee, 4, at: march.AddDays(1));
        await FeedbackFixtures.RateAsync(app, Demo.ClientA, employee, 2, "Долго", at: march.AddDays(2));
        await FeedbackFixtures.RateAsync(app, Demo.ClientB, employee, 1, "Ошибка", at: march.AddDays(3));
        await FeedbackFixtures.RateAsync(app, Demo.ClientB, employee, 5, at: new DateTimeOffset(2025, 2, 10, 9, 0, 0, TimeSpan.FromHours(3)));

        var quality = await app.ClientForAsync(Demo.Quality);
        var dash = await quality.GetFromJsonAsync<JsonElement>("/api/v1/feedback/dashboard?period=2025-03&by=employee");
        var overall = dash.GetProperty("overall");
        Assert.Equal(4, overall.GetProperty("count").GetInt32());
        Assert.Equal(50.0m, overall.GetProperty("csat").GetDecimal());
        Assert.Equal(3.0, overall.GetProperty("averageGrade").GetDouble());
        Assert.Equal([1, 1, 0, 1, 1], overall.GetProperty("distribution").EnumerateArray().Select(x => x.GetInt32()));
        var group = Assert.Single(dash.GetProperty("groups").EnumerateArray());
        Assert.Equal(employee.ToString(), group.GetProperty("id").GetString());
        var trend = dash.GetProperty("trend").EnumerateArray().ToList();
        Assert.Equal(6, trend.Count);
        Assert.Equal("2025-03", trend[^1].GetProperty("period").GetString());
        Assert.Equal(1, trend[^2].GetProperty("count").GetInt32());
        Assert.Equal(3, dash.GetProperty("latestComments").GetArrayLength());
        // Two low grades opened two cases, still open.
        Assert.True(dash.GetProperty("cases").GetProperty("open").GetInt32() >= 2);

        var byTeam = await quality.GetFromJsonAsync<JsonElement>("/api/v1/feedback/dashboard?period=2025-Q1&by=team");
        Assert.Equal(team.ToString(), Assert.Single(byTeam.GetProperty("groups").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(5, byTeam.GetProperty("overall").GetProperty("count").GetInt32());
        Assert.Equal(2, (await quality.GetFromJsonAsync<JsonElement>("/api/v1/feedback/dashboard?period=2025&by=company")).GetProperty("groups").GetArrayLength());

        // The figure opens to its ratings.
        var satisfied = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/feedback/ratings?period=2025-03&employeeId={employee}&satisfied=true");
        Assert.Equal(2, satisfied.GetArrayLength());
        Assert.All(satisfied.EnumerateArray(), r => Assert.True(r.GetProperty("satisfied").GetBoolean()));
        Assert.Single((await quality.GetFromJsonAsync<JsonElement>("/api/v1/feedback/ratings?period=2025-03&grade=1")).EnumerateArray());
        await HttpAssert.FieldErrorAsync(await quality.GetAsync("/api/v1/feedback/dashboard?period=March"), "period");
        await HttpAssert.FieldErrorAsync(await quality.GetAsync("/api/v1/feedback/dashboard?by=planet"), "by");

        // Tenancy: a CSM of other companies sees none of them; clients get no dashboard.
        var csm2 = await app.ClientForAsync("csm2@onewindow.demo");
        Assert.Equal(0, (await csm2.GetFromJsonAsync<JsonElement>("/api/v1/feedback/dashboard?period=2025-03")).GetProperty("overall").GetProperty("count").GetInt32());
        Assert.Equal(0, (await csm2.GetFromJsonAsync<JsonElement>("/api/v1/feedback/ratings?period=2025-03")).GetArrayLength());
        Assert.Equal(4, (await (await app.ClientForAsync(Demo.Csm)).GetFromJsonAsync<JsonElement>("/api/v1/feedback/ratings?period=2025-03")).GetArrayLength());
        await HttpAssert.ProblemAsync(await (await app.ClientForAsync(Demo.ClientA)).GetAsync("/api/v1/feedback/dashboard"), 403);
        await HttpAssert.ProblemAsync(await (await app.ClientForAsync(Demo.ClientA)).GetAsync("/api/v1/feedback/ratings"), 403);
    }
}
