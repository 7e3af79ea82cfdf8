using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Loyalty;
using OneWindow.Web.Features.People;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Loyalty;

/// <summary>The quality manager's manual adjustments and reversals, on the real database (SQLite, or PostgreSQL with OW_TEST_DB=postgres).</summary>
public class LoyaltyAdjustmentTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private static int Sequence;

    private Task<Guid> NewClientPersonAsync() => app.WithDbAsync(async db =>
    {
        var company = await db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync();
        var n = Interlocked.Increment(ref Sequence);
        var email = $"adjusted{n}-{Guid.NewGuid():N}@ural-mining.demo";
        var user = new AppUser { FullName = $"Клиент с поправками {n}", Email = email, UserName = email, CompanyId = company, SecurityStamp = Guid.NewGuid().ToString("N") };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    });

    private Task<Guid> PersonAsync(string email) => app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    /// <summary>Balance from the account row and the sum of the entries, read straight from the database.</summary>
    private Task<(int Balance, int Sum, List<LoyaltyEntry> Entries)> LedgerAsync(Guid person) => app.WithDbAsync(async db =>
    {
        var account = await db.Set<LoyaltyAccount>().Where(a => a.PersonId == person).Select(a => new { a.Earned, a.Spent }).SingleOrDefaultAsync();
        var entries = await db.Set<LoyaltyEntry>().Where(e => e.PersonId == person).ToListAsync();
        return ((account?.Earned ?? 0) - (account?.Spent ?? 0), entries.Sum(e => e.Points), entries);
    });

    private async Task<int> AssertConsistentAsync(Guid person, int expected)
    {
        var (balance, sum, _) = await LedgerAsync(person);
        Assert.Equal(expected, balance);
        Assert.Equal(balance, sum);
        return balance;
    }

    /// <summary>A completed survey credited through the real earning path (10 points by default).</summary>
    private Task<Guid> EarnSurveyAsync(Guid person) => app.WithDbAsync(async db =>
    {
        var company = await db.Users.Where(u => u.Id == person).Select(u => u.CompanyId!.Value).SingleAsync();
        var response = Guid.NewGuid();
        await using (var unit = await db.Database.BeginUnitOfWorkAsync(default))
        {
            await LoyaltyBook.CreditSurveyAsync(db, response, company, person, TimeProvider.System.GetUtcNow(), default);
            await db.SaveChangesAsync();
            await unit.CommitAsync(default);
        }

        return await db.Set<LoyaltyEntry>().Where(e => e.Kind == LoyaltyKind.Survey && e.SourceId == response).Select(e => e.Id).SingleAsync();
    });

    private Task<Guid> RewardAsync(int cost, int stock) => app.WithDbAsync(async db =>
    {
        var reward = new Reward { NameRu = "Плед " + Guid.NewGuid().ToString("N")[..6], NameEn = "Blanket", Cost = cost, Stock = stock };
        db.Set<Reward>().Add(reward);
        await db.SaveChangesAsync();
        return reward.Id;
    });

    /// <summary>The person's points on this month's leaderboard, or null when they are not on it.</summary>
    private static async Task<int?> LeaderboardPointsAsync(HttpClient client, Guid person)
    {
        var board = await client.GetFromJsonAsync<JsonElement>("/api/v1/loyalty/leaderboard?by=person");
        return board.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("id").ValueKind == JsonValueKind.String && r.GetProperty("id").GetGuid() == person)
            .Select(r => (int?)r.GetProperty("points").GetInt32()).SingleOrDefault();
    }

    private static Task<HttpResponseMessage> AdjustAsync(HttpClient client, Guid person, int points, string? reason = "Исправление ошибки") =>
        client.PostAsJsonAsync("/api/v1/loyalty/adjustments", new { personId = person, points, reason });

    private static Task<HttpResponseMessage> ReverseAsync(HttpClient client, Guid entry, string? reason = "Накрутка оценок") =>
        client.PostAsJsonAsync($"/api/v1/loyalty/entries/{entry}/reverse", new { reason });

    [Fact]
    public async Task The_quality_manager_credits_and_debits_by_hand_and_the_balance_stays_the_sum_of_the_entries()
    {
        var person = await NewClientPersonAsync();
        var quality = await app.ClientForAsync(Demo.Quality);

        var credit = await AdjustAsync(quality, person, 30, "  Компенсация за сбой портала ");
        Assert.Equal(HttpStatusCode.Created, credit.StatusCode);
        var body = await credit.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(30, body.GetProperty("balance").GetInt32());
        Assert.Equal("Adjustment", body.GetProperty("entry").GetProperty("kind").GetString());
        await AssertConsistentAsync(person, 30);

        Assert.Equal(HttpStatusCode.Created, (await AdjustAsync(quality, person, -12, "Ошибочное начисление")).StatusCode);
        await AssertConsistentAsync(person, 18);

        // More than the balance: refused whole, nothing recorded.
        var overdraw = await HttpAssert.ProblemAsync(await AdjustAsync(quality, person, -19), 409);
        Assert.Contains("Not enough points", overdraw.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(overdraw.TryGetProperty("errors", out _));
        await AssertConsistentAsync(person, 18);
        Assert.Equal(2, (await LedgerAsync(person)).Entries.Count);

        // Exactly down to zero is allowed.
        Assert.Equal(HttpStatusCode.Created, (await AdjustAsync(quality, person, -18)).StatusCode);
        await AssertConsistentAsync(person, 0);

        var qualityName = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.Quality).Select(u => u.FullName).SingleAsync());
        var ledger = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/loyalty/people/{person}/ledger");
        Assert.Equal(0, ledger.GetProperty("balance").GetInt32());
        Assert.Equal(Demo.CompanyA, ledger.GetProperty("companyName").GetString());
        var rows = ledger.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(qualityName, r.GetProperty("byName").GetString()));
        Assert.Contains(rows, r => r.GetProperty("note").GetString() == "Компенсация за сбой портала" && r.GetProperty("points").GetInt32() == 30);

        // Audited like every other write.
        var ids = (await LedgerAsync(person)).Entries.Select(e => e.Id.ToString()).ToList();
        var audited = await app.WithDbAsync(db => db.AuditEntries.Where(a => ids.Contains(a.EntityId)).Select(a => a.ActorName).ToListAsync());
        Assert.Equal(3, audited.Count);
        Assert.All(audited, name => Assert.Equal(qualityName, name));
    }

    [Fact]
    public async Task Adjustments_are_validated_and_only_client_people_have_points()
    {
        var person = await NewClientPersonAsync();
        var quality = await app.ClientForAsync(Demo.Quality);
        await HttpAssert.FieldErrorAsync(await AdjustAsync(quality, person, 0), "points");
        await HttpAssert.FieldErrorAsync(await AdjustAsync(quality, person, 10001), "points");
        await HttpAssert.FieldErrorAsync(await AdjustAsync(quality, person, -10001), "points");
        await HttpAssert.FieldErrorAsync(await AdjustAsync(quality, person, int.MinValue), "points");
        await HttpAssert.FieldErrorAsync(await AdjustAsync(quality, person, 5, null), "reason");
        await HttpAssert.FieldErrorAsync(await AdjustAsync(quality, person, 5, "   "), "reason");
        await HttpAssert.FieldErrorAsync(await AdjustAsync(quality, person, 5, new string('я', 501)), "reason");
        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync("/api/v1/loyalty/adjustments", new { points = 5, reason = "x" }), "personId");
        await HttpAssert.FieldErrorAsync(await AdjustAsync(quality, Guid.NewGuid(), 5), "personId");
        await HttpAssert.FieldErrorAsync(await AdjustAsync(quality, await PersonAsync(Demo.Agent), 5), "personId");
        await AssertConsistentAsync(person, 0);
        Assert.Equal(HttpStatusCode.Created, (await AdjustAsync(quality, person, 10000, new string('я', 500))).StatusCode);
        await AssertConsistentAsync(person, 10000);
    }

    [Fact]
    public async Task Only_the_quality_manager_and_admins_correct_points_and_read_other_peoples_ledgers()
    {
        var person = await PersonAsync(Demo.ClientA);
        var colleague = await PersonAsync(Demo.ExecutiveA);
        var entry = await EarnSurveyAsync(person);
        var before = (await LedgerAsync(person)).Balance;
        foreach (var who in new[] { Demo.Agent, Demo.TeamLead, Demo.Csm, Demo.DeliveryLead, Demo.ClientA, Demo.ExecutiveA })
        {
            var client = await app.ClientForAsync(who);
            await HttpAssert.ProblemAsync(await AdjustAsync(client, person, 5), 403);
            await HttpAssert.ProblemAsync(await ReverseAsync(client, entry), 403);
        }

        await AssertConsistentAsync(person, before);

        // A client reads their own ledger, never a colleague's; other staff read none.
        var own = await app.ClientForAsync(Demo.ClientA);
        Assert.Equal(before, (await own.GetFromJsonAsync<JsonElement>($"/api/v1/loyalty/people/{person}/ledger")).GetProperty("balance").GetInt32());
        await HttpAssert.ProblemAsync(await own.GetAsync($"/api/v1/loyalty/people/{colleague}/ledger"), 403);
        await HttpAssert.ProblemAsync(await (await app.ClientForAsync(Demo.Agent)).GetAsync($"/api/v1/loyalty/people/{person}/ledger"), 403);
        await HttpAssert.ProblemAsync(await (await app.ClientForAsync(Demo.Quality)).GetAsync($"/api/v1/loyalty/people/{Guid.NewGuid()}/ledger"), 404);

        var admin = await app.ClientForAsync(Demo.Admin);
        Assert.Equal(HttpStatusCode.Created, (await AdjustAsync(admin, person, 7)).StatusCode);
        await AssertConsistentAsync(person, before + 7);
    }

    [Fact]
    public async Task An_earning_is_reversed_once_and_a_second_reversal_is_a_conflict()
    {
        var person = await NewClientPersonAsync();
        var survey = await EarnSurveyAsync(person);
        var quality = await app.ClientForAsync(Demo.Quality);
        var adjustment = (await (await AdjustAsync(quality, person, 4)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entry").GetProperty("id").GetGuid();
        await AssertConsistentAsync(person, 14);

        Assert.Equal(10, await LeaderboardPointsAsync(quality, person));
        await HttpAssert.FieldErrorAsync(await ReverseAsync(quality, survey, " "), "reason");
        var reversed = await ReverseAsync(quality, survey, "Опрос заполнен ботом");
        Assert.Equal(HttpStatusCode.Created, reversed.StatusCode);
        var reversal = (await reversed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entry");
        Assert.Equal("Reversal", reversal.GetProperty("kind").GetString());
        Assert.Equal(-10, reversal.GetProperty("points").GetInt32());
        Assert.Equal(survey, reversal.GetProperty("sourceId").GetGuid());
        Assert.Equal(survey, reversal.GetProperty("reversesEntryId").GetGuid());
        await AssertConsistentAsync(person, 4);

        // The reversed earning no longer ranks the person; the adjustment never did.
        Assert.Null(await LeaderboardPointsAsync(quality, person));

        var again = await HttpAssert.ProblemAsync(await ReverseAsync(quality, survey), 409);
        Assert.Contains("already been reversed", again.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertConsistentAsync(person, 4);

        // A positive adjustment is reversible; a reversal, a negative adjustment and an unknown entry are not.
        Assert.Equal(HttpStatusCode.Created, (await ReverseAsync(quality, adjustment)).StatusCode);
        await AssertConsistentAsync(person, 0);
        await HttpAssert.ProblemAsync(await ReverseAsync(quality, reversal.GetProperty("id").GetGuid()), 409);
        await HttpAssert.ProblemAsync(await ReverseAsync(quality, Guid.NewGuid()), 404);
        await AdjustAsync(quality, person, 3);
        var debit = (await (await AdjustAsync(quality, person, -1)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entry").GetProperty("id").GetGuid();
        await HttpAssert.ProblemAsync(await ReverseAsync(quality, debit), 409);
        await AssertConsistentAsync(person, 2);

        var ledger = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/loyalty/people/{person}/ledger");
        var rows = ledger.GetProperty("entries").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetGuid());
        Assert.Equal(reversal.GetProperty("id").GetGuid(), rows[survey].GetProperty("reversedById").GetGuid());
        Assert.False(rows[survey].GetProperty("reversible").GetBoolean());
        Assert.False(rows[adjustment].GetProperty("reversible").GetBoolean());
        Assert.False(rows[debit].GetProperty("reversible").GetBoolean());
    }

    [Fact]
    public async Task A_redemption_entry_is_not_reversed_this_way_and_a_reversal_that_would_go_negative_is_refused()
    {
        var person = await PersonAsync(Demo.ExecutiveA);
        var quality = await app.ClientForAsync(Demo.Quality);
        // Bring the balance to exactly 10, all of it from one survey.
        var start = (await LedgerAsync(person)).Balance;
        if (start > 0)
        {
            Assert.Equal(HttpStatusCode.Created, (await AdjustAsync(quality, person, -start)).StatusCode);
        }

        var survey = await EarnSurveyAsync(person);
        await AssertConsistentAsync(person, 10);

        var reward = await RewardAsync(cost: 8, stock: 5);
        var client = await app.ClientForAsync(Demo.ExecutiveA);
        var redeemed = await client.PostAsJsonAsync("/api/v1/loyalty/redemptions", new { rewardId = reward });
        Assert.Equal(HttpStatusCode.Created, redeemed.StatusCode);
        await AssertConsistentAsync(person, 2);

        var refused = await HttpAssert.ProblemAsync(await ReverseAsync(quality, survey), 409);
        Assert.Contains("Not enough points", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertConsistentAsync(person, 2);
        Assert.DoesNotContain((await LedgerAsync(person)).Entries, e => e.Kind == LoyaltyKind.Reversal);

        var debit = (await LedgerAsync(person)).Entries.Single(e => e.Kind == LoyaltyKind.Redemption).Id;
        Assert.Contains("rejecting", (await HttpAssert.ProblemAsync(await ReverseAsync(quality, debit), 409)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Rejecting the redemption still gives the points back (its reversal shares the kind, not the source), and then the survey reverses.
        var redemption = (await redeemed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await quality.PostAsJsonAsync($"/api/v1/loyalty/redemptions/{redemption}/reject", new { note = "Нет в наличии" })).StatusCode);
        await AssertConsistentAsync(person, 10);
        Assert.Equal(HttpStatusCode.Created, (await ReverseAsync(quality, survey)).StatusCode);
        await AssertConsistentAsync(person, 0);
        var ledger = await quality.GetFromJsonAsync<JsonElement>($"/api/v1/loyalty/people/{person}/ledger");
        Assert.Equal(2, ledger.GetProperty("entries").EnumerateArray().Count(r => r.TryGetProperty("reversedById", out var by) && by.ValueKind == JsonValueKind.String));
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_reversal_of_the_same_entry()
    {
        var person = await NewClientPersonAsync();
        var survey = await EarnSurveyAsync(person);
        var company = await app.WithDbAsync(db => db.Users.Where(u => u.Id == person).Select(u => u.CompanyId!.Value).SingleAsync());
        LoyaltyEntry Reversal() => new()
        {
            CompanyId = company, PersonId = person, At = TimeProvider.System.GetUtcNow(), Points = -10, Kind = LoyaltyKind.Reversal, SourceId = survey, ReversesEntryId = survey,
        };
        await app.WithDbAsync(db =>
        {
            db.Set<LoyaltyEntry>().Add(Reversal());
            return db.SaveChangesAsync();
        });
        await Assert.ThrowsAsync<DbUpdateException>(() => app.WithDbAsync(db =>
        {
            db.Set<LoyaltyEntry>().Add(Reversal());
            return db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task Concurrent_reversals_of_one_entry_let_exactly_one_through()
    {
        var person = await NewClientPersonAsync();
        var quality = await app.ClientForAsync(Demo.Quality);
        await AdjustAsync(quality, person, 100);
        var survey = await EarnSurveyAsync(person);
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, 8).Select(async _ =>
        {
            await start.WaitAsync();
            return await ReverseAsync(quality, survey);
        }).ToList();
        start.Release(8);
        var statuses = (await Task.WhenAll(tasks)).Select(r => (int)r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == 201));
        Assert.Equal(7, statuses.Count(s => s == 409));
        await AssertConsistentAsync(person, 100);
        Assert.Single((await LedgerAsync(person)).Entries, e => e.Kind == LoyaltyKind.Reversal);
    }

    [Fact]
    public async Task Concurrent_negative_adjustments_and_redemptions_never_overdraw()
    {
        const int cost = 10, balance = 25;
        var person = await PersonAsync(Demo.ClientA);
        var quality = await app.ClientForAsync(Demo.Quality);
        var current = (await LedgerAsync(person)).Balance;
        if (current != balance)
        {
            Assert.Equal(HttpStatusCode.Created, (await AdjustAsync(quality, person, balance - current)).StatusCode);
        }

        await AssertConsistentAsync(person, balance);
        var reward = await RewardAsync(cost, stock: 100);
        var client = await app.ClientForAsync(Demo.ClientA);
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, 12).Select(async i =>
        {
            await start.WaitAsync();
            return i % 2 == 0
                ? await AdjustAsync(quality, person, -cost, "Списание #" + i)
                : await client.PostAsJsonAsync("/api/v1/loyalty/redemptions", new { rewardId = reward });
        }).ToList();
        start.Release(12);
        var responses = await Task.WhenAll(tasks);

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.True(statuses.All(s => s is 201 or 409), string.Join(", ", statuses));
        Assert.Equal(balance / cost, statuses.Count(s => s == 201));
        await AssertConsistentAsync(person, balance % cost);
        var adjusted = (await LedgerAsync(person)).Entries.Count(e => e.Kind == LoyaltyKind.Adjustment && e.Note!.StartsWith("Списание #", StringComparison.Ordinal));
        var redeemed = await app.WithDbAsync(db => db.Set<Redemption>().CountAsync(r => r.RewardId == reward));
        Assert.Equal(balance / cost, adjusted + redeemed);
    }
}
