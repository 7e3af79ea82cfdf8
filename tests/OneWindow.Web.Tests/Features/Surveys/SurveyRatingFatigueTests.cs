using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Features.Feedback;
using OneWindow.Web.Features.Surveys;
using OneWindow.Web.Tests.Features.Feedback;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Surveys;

/// <summary>One-click rating invitations count toward survey fatigue only in a campaign whose admin said so.</summary>
public sealed class SurveyRatingFatigueTests(RatingFactory app) : IClassFixture<RatingFactory>
{
    [Fact]
    public async Task A_client_just_asked_to_rate_a_reply_is_skipped_only_by_a_campaign_that_counts_rating_invitations()
    {
        // The agent's emailed reply carries rating links to the requester: that is recorded as a rating invitation.
        var (ticketId, _, _, _) = await app.RepliedTicketAsync();
        var client = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.ClientA).Select(u => u.Id).SingleAsync());
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<RatingInvitation>().CountAsync(i => i.PersonId == client && i.TicketId == ticketId)));

        var quality = await app.ClientForAsync(Demo.Quality);
        var questionnaires = await quality.GetFromJsonAsync<JsonElement>("/api/v1/surveys/questionnaires");
        var pulse = questionnaires.EnumerateArray().Single(q => q.GetProperty("key").GetString() == QuestionnaireLibrary.Pulse).GetProperty("id").GetGuid();

        async Task<string?> ReasonAsync(bool count)
        {
            var created = await quality.PostAsJsonAsync("/api/v1/surveys", new
            {
                name = count ? "Пульс с учётом оценок" : "Пульс без учёта оценок", questionnaireId = pulse, countRatingInvitations = count,
                audience = new { people = new[] { client } },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var body = await created.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(count, body.GetProperty("countRatingInvitations").GetBoolean());
            var preview = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/surveys/{body.GetProperty("id").GetGuid()}/audience");
            return preview.EnumerateArray().Single(p => p.GetProperty("personId").GetGuid() == client).GetProperty("skippedReason").GetString();
        }

        Assert.Null(await ReasonAsync(count: false));
        Assert.Equal(SkipReasons.RatingFatigue, await ReasonAsync(count: true));
    }
}
