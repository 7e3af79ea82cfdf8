using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Feedback;
using OneWindow.Web.Data.Tenancy;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Feedback;

/// <summary>Ratings recorded the way the rating links do: added, every listener told, one save.</summary>
public static class FeedbackFixtures
{
    /// <summary>An SSC employee of the team lead's team (not the lead, when there is one), and the lead.</summary>
    public static async Task<(Guid Employee, Guid Lead, Guid Team)> EmployeeWithLeadAsync(AppDbContext db)
    {
        var lead = await db.Users.Where(u => u.Email == Demo.TeamLead).Select(u => new { u.Id, u.TeamId }).SingleAsync();
        var employee = await db.Users.Where(u => u.TeamId == lead.TeamId && u.Id != lead.Id && u.CompanyId == null && u.IsActive).Select(u => (Guid?)u.Id).FirstOrDefaultAsync();
        return (employee ?? lead.Id, lead.Id, lead.TeamId!.Value);
    }

    public static async Task<Rating> RateAsync(OneWindowFactory app, string raterEmail, Guid employee, int grade, string? comment = null, string? dedupe = null,
        DateTimeOffset? at = null, Guid? teamId = null, Guid? serviceId = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rater = await db.Users.Where(u => u.Email == raterEmail).Select(u => new { u.Id, u.CompanyId }).SingleAsync();
        var key = dedupe ?? Guid.NewGuid().ToString("N");
        var rating = await db.Ratings.FirstOrDefaultAsync(r => r.DedupeKey == key);
        var isNew = rating is null;
        if (rating is null)
        {
            rating = new Rating
            {
                CompanyId = rater.CompanyId!.Value,
                RaterId = rater.Id,
                EmployeeId = employee,
                TeamId = teamId ?? await db.Users.Where(u => u.Id == employee).Select(u => u.TeamId).SingleAsync(),
                ServiceId = serviceId,
                Source = RatingSource.Signature,
                Scale = 5,
                DedupeKey = key,
            };
            db.Ratings.Add(rating);
        }
        else
        {
            rating.Changes++;
        }

        rating.Grade = grade;
        rating.Comment = comment;
        rating.RatedAt = at ?? app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await FeedbackListeners.SaveRatingAsync(db, rating, isNew, scope.ServiceProvider.GetServices<IRatingListener>(), CancellationToken.None);
        return rating;
    }

    public static async Task<Guid> CompanyIdAsync(AppDbContext db, string name) => await db.Companies.Where(c => c.Name == name).Select(c => c.Id).SingleAsync();
}

public static class FeedbackCaseFixtures
{
    /// <summary>A feedback case of the company (made once): a low rating by one of its people of an SSC agent.</summary>
    public static async Task<FeedbackCase> CaseOfAsync(AppDbContext db, Guid companyId)
    {
        var existing = await db.Set<FeedbackCase>().FirstOrDefaultAsync(c => c.CompanyId == companyId);
        if (existing is not null)
        {
            return existing;
        }

        var rater = await db.Users.Where(u => u.CompanyId == companyId).Select(u => u.Id).FirstAsync();
        var employee = await db.Users.Where(u => u.Email == Demo.Agent).Select(u => u.Id).SingleAsync();
        var rating = new Rating { CompanyId = companyId, RaterId = rater, EmployeeId = employee, Scale = 5, Grade = 1, Comment = "Плохо", DedupeKey = "fixture:" + Guid.NewGuid().ToString("N") };
        var feedbackCase = new FeedbackCase
        {
            Number = "FB-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(), CompanyId = companyId, RatingId = rating.Id, ClientId = rater, EmployeeId = employee,
            Grade = 1, Scale = 5, ClientComment = rating.Comment,
        };
        db.Ratings.Add(rating);
        db.Set<FeedbackCase>().Add(feedbackCase);
        await db.SaveChangesAsync();
        return feedbackCase;
    }
}
