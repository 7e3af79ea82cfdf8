using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Core.ServiceLevels;
using OneWindow.Web.Data;
using OneWindow.Web.Data.Tenancy;
using OneWindow.Web.Features.ServiceLevels;
using OneWindow.Web.Tests.Features.ServiceLevels;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Clients;

/// <summary>
/// The OLA obligations seam and the client home at 15 December 2026 (Tuesday), 09:00 UTC. Company A owes November's
/// primary documents by working day 5 (7 December: late) and, added here, November's test acts by working day 12
/// (16 December: tomorrow) with a named responsible; company B owes its own acts tomorrow too.
/// </summary>
public class ClientHomeTests(ServiceLevelFactory app) : IClassFixture<ServiceLevelFactory>
{
    public const string ActsA = "Тестовые акты сверки УГК";
    public const string ActsB = "Тестовые акты сверки СибАгро";

    /// <summary>Adds an OLA deadline (working day 12, monthly) to each company's agreed version; returns A's responsible person's name.</summary>
    public static async Task<string> ArrangeAsync(ServiceLevelFactory factory)
    {
        var s = await factory.ScenarioAsync();
        return await factory.WithDbAsync(async db =>
        {
            if (await db.AgreementMetrics.AnyAsync(m => m.Name == ActsA))
            {
                return await db.Users.Where(u => u.Email == Demo.ClientA).Select(u => u.FullName).SingleAsync();
            }

            var userA = await db.Users.Where(u => u.Email == Demo.ClientA).Select(u => new { u.Id, u.FullName }).SingleAsync();
            var versionA = await db.AgreementMetrics.Where(m => m.Id == s.PrimaryDocsV2).Select(m => m.VersionId).SingleAsync();
            var versionB = await db.AgreementMetrics.Where(m => m.Id == s.ResolutionB).Select(m => m.VersionId).SingleAsync();
            db.AgreementMetrics.AddRange(
                new AgreementMetric
                {
                    VersionId = versionA, CompanyId = s.CompanyA, Side = MetricSide.Ola, Kind = MetricKind.PeriodicDeadline, Name = ActsA,
                    Period = PeriodUnit.Month, DueWorkingDay = 12, ClientResponsibleId = userA.Id,
                },
                new AgreementMetric
                {
                    VersionId = versionB, CompanyId = s.CompanyB, Side = MetricSide.Ola, Kind = MetricKind.PeriodicDeadline, Name = ActsB,
                    Period = PeriodUnit.Month, DueWorkingDay = 12,
                });
            await db.SaveChangesAsync();
            return userA.FullName;
        });
    }

    [Fact]
    public async Task The_obligations_seam_lists_what_is_due_tomorrow_and_what_is_late_for_the_company_asked_only()
    {
        var s = await app.ScenarioAsync();
        var responsible = await ArrangeAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        var obligations = await scope.ServiceProvider.GetRequiredService<OlaObligations>().OpenAsync(s.CompanyA, TimeSpan.FromDays(14), CancellationToken.None);

        var tomorrow = Assert.Single(obligations, o => o.Metric == ActsA);
        Assert.False(tomorrow.Late);
        Assert.Equal("2026-11", tomorrow.Period);
        Assert.Equal(new DateOnly(2026, 12, 16), DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(tomorrow.DueAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow")).DateTime));
        Assert.Equal(responsible, tomorrow.ResponsibleName);

        // November's primary documents (working day 5 = 7 December) were never delivered: late.
        var late = Assert.Single(obligations, o => o.MetricId == s.PrimaryDocsV2 && o.Period == "2026-11");
        Assert.True(late.Late);
        Assert.True(late.DueAt < ServiceLevelFactory.Now);
        // Delivered periods are not obligations; other companies' are not listed.
        Assert.DoesNotContain(obligations, o => o.MetricId == s.PrimaryDocsV1);
        Assert.DoesNotContain(obligations, o => o.Metric == ActsB || o.CompanyId != s.CompanyA);
        Assert.Equal(obligations.OrderBy(o => o.DueAt).Select(o => o.MetricId), obligations.Select(o => o.MetricId));
    }

    [Fact]
    public async Task A_client_users_home_lists_the_companys_obligation_due_tomorrow_with_its_responsible_and_not_another_companys()
    {
        var responsible = await ArrangeAsync(app);
        var client = await app.CookieClientForAsync(Demo.ClientA);
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(ActsA, html);
        Assert.Contains("16.12.2026", html);
        Assert.Contains(responsible, html);
        Assert.DoesNotContain(ActsB, html);
        Assert.Contains("home-waiting", html);
        Assert.Contains("home-new-request", html);
        // The directory counts are the SSC's home, not a client's.
        Assert.DoesNotContain("stat-companies", html);
    }

    [Fact]
    public async Task An_agents_home_keeps_the_desk_counts()
    {
        var agent = await app.CookieClientForAsync(Demo.Agent);
        var html = await agent.GetStringAsync("/");
        Assert.Contains("stat-open-tickets", html);
        Assert.DoesNotContain("home-obligations", html);
    }
}
