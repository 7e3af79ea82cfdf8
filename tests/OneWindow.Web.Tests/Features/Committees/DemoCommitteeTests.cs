using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using OneWindow.Web.Features.Committees;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Committees;

/// <summary>
/// Issue 14, Done when 4: the demo has a committee with two past meetings, minutes and action items, so a new user sees
/// a real pack — read through the same API the pages use.
/// </summary>
public class DemoCommitteeTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    [Fact]
    public async Task The_demo_committee_has_two_held_meetings_with_frozen_packs_approved_minutes_and_action_items_and_the_next_one_planned()
    {
        var quality = await app.ClientForAsync(Demo.Quality);
        var committees = await quality.GetFromJsonAsync<JsonElement>("/api/v1/committees");
        var committee = committees.EnumerateArray().Single(c => c.GetProperty("name").GetString() == DemoCommittees.Name);
        var id = committee.GetProperty("id").GetGuid();
        var detail = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/committees/{id}");
        Assert.Equal("Monthly", detail.GetProperty("cadence").GetString());
        Assert.Contains(detail.GetProperty("members").EnumerateArray(), m => m.GetProperty("role").GetString() == "Chair" && m.GetProperty("side").GetString() == "Client");
        Assert.Contains(detail.GetProperty("members").EnumerateArray(), m => m.GetProperty("role").GetString() == "Secretary" && m.GetProperty("side").GetString() == "Ssc");

        var all = (await quality.GetFromJsonAsync<JsonElement>($"/api/v1/committees/{id}/meetings")).EnumerateArray().ToList();
        var meetings = all.Where(m => m.GetProperty("kind").GetString() == "Committee").OrderBy(m => m.GetProperty("number").GetInt32()).ToList();
        // A pre-meeting before each committee meeting, where the routine issues were settled.
        var preMeetings = all.Where(m => m.GetProperty("kind").GetString() == "PreMeeting").Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Equal(3, preMeetings.Count);
        var issues = (await quality.GetFromJsonAsync<JsonElement>($"/api/v1/committees/{id}/issues")).EnumerateArray().ToList();
        Assert.All(issues.Where(i => i.GetProperty("status").GetString() is "Settled" or "Escalated"), i => Assert.Contains(i.GetProperty("preMeetingId").GetString(), preMeetings));
        Assert.Contains(issues, i => i.GetProperty("status").GetString() == "Open");
        Assert.Equal(["Held", "Held", "Planned"], meetings.Select(m => m.GetProperty("status").GetString()));
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(5));
        Assert.All(meetings.Take(2), m => Assert.True(DateOnly.Parse(m.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture) < today));

        foreach (var held in meetings.Take(2))
        {
            var meeting = held.GetProperty("id").GetGuid();
            // The frozen pack: the period before the meeting, the company's processes with figures.
            var pack = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/committees/meetings/{meeting}/pack");
            Assert.True(pack.GetProperty("frozen").GetBoolean());
            Assert.Equal(held.GetProperty("periodKey").GetString(), pack.GetProperty("period").GetString());
            Assert.NotEmpty(pack.GetProperty("serviceLevels").EnumerateArray());
            Assert.Single(pack.GetProperty("feedback").EnumerateArray());
            Assert.NotEmpty(pack.GetProperty("issues").GetProperty("escalated").EnumerateArray());

            // Approved minutes with decisions and their action items; the DOCX reads back.
            var minutes = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/committees/meetings/{meeting}/minutes");
            Assert.NotEqual(JsonValueKind.Null, minutes.GetProperty("approvedAt").ValueKind);
            var decisions = minutes.GetProperty("decisions").EnumerateArray().ToList();
            Assert.True(decisions.Count >= 2);
            Assert.All(decisions, d => Assert.NotEmpty(d.GetProperty("actionItems").EnumerateArray()));
            Assert.Contains(minutes.GetProperty("people").EnumerateArray(), p => p.GetProperty("present").GetBoolean());

            var docx = await quality.GetAsync($"/api/v1/committees/meetings/{meeting}/minutes.docx");
            Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
            using var stream = new MemoryStream(await docx.Content.ReadAsByteArrayAsync());
            using var document = WordprocessingDocument.Open(stream, false);
            var text = document.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains("РЕШИЛИ", text, StringComparison.Ordinal);
            Assert.All(decisions, d => Assert.Contains(d.GetProperty("decided").GetString()!, text, StringComparison.Ordinal));
        }

        // The second meeting's pack counts the issue settled at the pre-meeting since the first, and the business's planned changes.
        var secondPack = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/committees/meetings/{meetings[1].GetProperty("id").GetGuid()}/pack");
        Assert.Equal(1, secondPack.GetProperty("issues").GetProperty("settledBefore").GetInt32());
        Assert.NotEmpty(secondPack.GetProperty("plannedChanges").EnumerateArray());

        // The next meeting's live pack lists the client's overdue item; the executive sees it as theirs, overdue.
        var live = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/committees/meetings/{meetings[2].GetProperty("id").GetGuid()}/pack");
        Assert.False(live.GetProperty("frozen").GetBoolean());
        var overdue = Assert.Single(live.GetProperty("actions").GetProperty("overdueItems").EnumerateArray());
        Assert.Equal("Client", overdue.GetProperty("side").GetString());
        var executive = await app.ClientForAsync(Demo.ExecutiveA);
        var mine = await executive.GetFromJsonAsync<JsonElement>("/api/v1/action-items?mine=true&overdue=true");
        Assert.Contains(mine.EnumerateArray(), a => a.GetProperty("id").GetString() == overdue.GetProperty("id").GetString());
        // Another company's executive sees none of it.
        var other = await app.ClientForAsync("cfo@dv-logistics.demo");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/committees/{id}")).StatusCode);
        Assert.DoesNotContain((await other.GetFromJsonAsync<JsonElement>("/api/v1/action-items")).EnumerateArray(), a => a.GetProperty("committeeId").GetGuid() == id);
    }
}
