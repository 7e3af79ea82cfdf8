using System.Net;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Feedback;

public class FeedbackPageTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    [Fact]
    public async Task The_feedback_pages_render_for_the_ssc_and_the_client_sees_only_their_own_case()
    {
        var (employee, _, _) = await app.WithDbAsync(FeedbackFixtures.EmployeeWithLeadAsync);
        var rating = await FeedbackFixtures.RateAsync(app, Demo.ClientA, employee, 1, "Страница обращения");
        var c = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Set<OneWindow.Web.Features.Feedback.FeedbackCase>(), x => x.RatingId == rating.Id));
        var month = rating.RatedAt.ToOffset(TimeSpan.FromHours(3)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        var quality = await app.CookieClientForAsync(Demo.Quality);
        Assert.Contains(c.Number, WebUtility.HtmlDecode(await quality.GetStringAsync("/feedback/cases")));
        Assert.Contains("Страница обращения", WebUtility.HtmlDecode(await quality.GetStringAsync($"/feedback/cases/{c.Id}")));
        Assert.Contains("Страница обращения", WebUtility.HtmlDecode(await quality.GetStringAsync($"/feedback/ratings?period={month}&grade=1")));
        Assert.Contains("CSAT", await quality.GetStringAsync("/feedback"));
        Assert.Equal(HttpStatusCode.OK, (await quality.GetAsync("/feedback/reviews")).StatusCode);

        var clientA = await app.CookieClientForAsync(Demo.ClientA);
        Assert.Contains("Страница обращения", WebUtility.HtmlDecode(await clientA.GetStringAsync($"/feedback/cases/{c.Id}")));
        Assert.Equal(HttpStatusCode.OK, (await clientA.GetAsync("/feedback/reviews/new")).StatusCode);
        var clientB = await app.CookieClientForAsync(Demo.ClientB);
        Assert.DoesNotContain("Страница обращения", WebUtility.HtmlDecode(await clientB.GetStringAsync($"/feedback/cases/{c.Id}")));
        Assert.NotEqual(HttpStatusCode.OK, (await clientB.GetAsync("/feedback")).StatusCode);
    }
}
