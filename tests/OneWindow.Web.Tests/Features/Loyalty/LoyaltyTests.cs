using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Feedback;
using OneWindow.Web.Features.Loyalty;
using OneWindow.Web.Features.People;
using OneWindow.Web.Features.Shell;
using OneWindow.Web.Data.Tenancy;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Loyalty;

/// <summary>The loyalty programme on the real database (SQLite, or PostgreSQL with OW_TEST_DB=postgres).</summary>
public class LoyaltyTests(OneWindowFactory app) : IClassFixture<OneWindowFactory>
{
    private static int Sequence;

    /// <summary>A fresh client person of company A, so each test's caps and balances start at zero.</summary>
    private Task<(Guid Person, Guid Company)> NewClientPersonAsync() => app.WithDbAsync(async db =>
    {
        var company = await db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync();
        var n = Interlocked.Increment(ref Sequence);
        var email = $"loyal{n}-{Guid.NewGuid():N}@ural-mining.demo";
        var user = new AppUser { FullName = $"Лояльный клиент {n}", Email = email, UserName = email, CompanyId = company, SecurityStamp = Guid.NewGuid().ToString("N") };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return (user.Id, company);
    });

    private Task<Guid> EmployeeAsync() => app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.Agent).Select(u => u.Id).SingleAsync());

    /// <summary>Records or changes a rating and tells every listener in the same save, as the rating feature does.</summary>
    private async Task<Rating> RateAsync(Guid rater, Guid company, Guid employee, int grade, string? comment, Rating? existing = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Rating rating;
        if (existing is null)
        {
            rating = new Rating
            {
                CompanyId = company, RaterId = rater, EmployeeId = employee, Source = RatingSource.Signature, Scale = 5, Grade = grade, Comment = comment,
                DedupeKey = "test:" + Guid.NewGuid(), RatedAt = TimeProvider.System.GetUtcNow(),
            };
            db.Ratings.Add(rating);
        }
        else
        {
            rating = await db.Ratings.SingleAsync(r => r.Id == existing.Id);
            rating.Grade = grade;
            rating.Comment = comment;
            rating.Changes++;
        }

        await FeedbackListeners.SaveRatingAsync(db, rating, existing is null, scope.ServiceProvider.GetServices<IRatingListener>(), default);
        return rating;
    }

    private Task<(int Balance, int Sum, List<LoyaltyEntry> Entries)> LedgerAsync(Guid person) => app.WithDbAsync(async db =>
    {
        var balance = await db.Set<LoyaltyAccount>().Where(a => a.PersonId == person).Select(a => a.Earned - a.Spent).SingleOrDefaultAsync();
        var entries = await db.Set<LoyaltyEntry>().Where(e => e.PersonId == person).ToListAsync();
        return (balance, entries.Sum(e => e.Points), entries);
    });

    /// <summary>Gives a person points through the ledger (an adjustment entry and the account in one save).</summary>
    private Task<int> GrantAsync(Guid person, Guid company, int points) => app.WithDbAsync(async db =>
    {
        db.Set<LoyaltyEntry>().Add(new LoyaltyEntry { CompanyId = company, PersonId = person, At = TimeProvider.System.GetUtcNow(), Points = points, Kind = LoyaltyKind.Adjustment, ByName = "test" });
        var account = await db.Set<LoyaltyAccount>().SingleOrDefaultAsync(a => a.PersonId == person);
        if (account is null)
        {
            db.Set<LoyaltyAccount>().Add(new LoyaltyAccount { CompanyId = company, PersonId = person, Earned = points });
        }
        else
        {
            account.Earned += points;
        }

        await db.SaveChangesAsync();
        return 0;
    });

    private Task<Guid> RewardAsync(int cost, int stock) => app.WithDbAsync(async db =>
    {
        var reward = new Reward { NameRu = "Кружка " + Guid.NewGuid().ToString("N")[..6], NameEn = "Mug", Cost = cost, Stock = stock };
        db.Set<Reward>().Add(reward);
        await db.SaveChangesAsync();
        return reward.Id;
    });

    private async Task<(Guid Person, Guid Company)> DemoPersonAsync(string email) =>
        await app.WithDbAsync(async db => await db.Users.Where(u => u.Email == email).Select(u => new ValueTuple<Guid, Guid>(u.Id, u.CompanyId!.Value)).SingleAsync());

    [Fact]
    public async Task A_rating_earns_one_point_a_later_comment_tops_it_up_to_three_once_and_a_changed_grade_earns_nothing()
    {
        var (person, company) = await NewClientPersonAsync();
        var employee = await EmployeeAsync();
        var rating = await RateAsync(person, company, employee, 5, null);
        Assert.Equal(1, (await LedgerAsync(person)).Balance);

        await RateAsync(person, company, employee, 4, null, rating);
        Assert.Equal(1, (await LedgerAsync(person)).Balance);

        await RateAsync(person, company, employee, 4, "Спасибо, быстро", rating);
        await RateAsync(person, company, employee, 3, "Передумал", rating);
        var (balance, sum, entries) = await LedgerAsync(person);
        Assert.Equal(3, balance);
        Assert.Equal(balance, sum);
        Assert.Equal([1, 2], entries.OrderBy(e => e.Kind).Select(e => e.Points));
        Assert.All(entries, e => Assert.Equal(rating.Id, e.SourceId));

        // A rating given with a comment straight away earns the full three.
        await RateAsync(person, company, employee, 5, "Отлично");
        Assert.Equal(6, (await LedgerAsync(person)).Balance);
    }

    [Fact]
    public async Task A_review_earns_five_points_once()
    {
        var (person, company) = await NewClientPersonAsync();
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var review = new Review { CompanyId = company, AuthorId = person, Target = ReviewTarget.Employee, TargetId = await EmployeeAsync(), Grade = 5, Title = "Хорошо", Body = "Всё хорошо" };
        db.Reviews.Add(review);
        await using (var unit = await db.Database.BeginUnitOfWorkAsync(default))
        {
            foreach (var listener in scope.ServiceProvider.GetServices<IReviewListener>())
            {
                await listener.OnReviewAsync(db, review, default);
                await listener.OnReviewAsync(db, review, default);
            }

            await db.SaveChangesAsync();
            await unit.CommitAsync(default);
        }

        var (balance, sum, entries) = await LedgerAsync(person);
        Assert.Equal(5, balance);
        Assert.Equal(5, sum);
        Assert.Equal(LoyaltyKind.Review, Assert.Single(entries).Kind);
    }

    [Fact]
    public async Task Reviews_written_at_the_same_moment_by_one_person_all_save_and_all_earn()
    {
        // Each save credits the same account row: the first ones race to open it, the rest to update it.
        var (person, _) = await NewClientPersonAsync();
        var employee = await EmployeeAsync();
        var principal = await app.WithDbAsync(async db =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var user = await db.Users.SingleAsync(u => u.Id == person);
            return await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
        });
        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(async i =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishAsync(principal, scope.ServiceProvider.GetRequiredService<AppDbContext>());
            var (review, errors) = await scope.ServiceProvider.GetRequiredService<ReviewDesk>()
                .CreateAsync(new ReviewBody(ReviewTarget.Employee, employee, 5, $"Спасибо #{i}", "Быстро и понятно"), default);
            return review is not null && errors.Count == 0;
        }));

        Assert.All(results, Assert.True);
        var (balance, sum, entries) = await LedgerAsync(person);
        Assert.Equal(5, entries.Count);
        Assert.Equal(25, sum);
        Assert.Equal(sum, balance);
        Assert.Equal(5, await app.WithDbAsync(db => db.Reviews.CountAsync(r => r.AuthorId == person)));
    }

    [Fact]
    public async Task Reviews_written_at_once_never_earn_past_the_monthly_cap()
    {
        // Issue 11, item 13: credits for one person are counted one after another (a lock held to the commit), so
        // simultaneous reviews cannot all fit under the same room. Review: 5 points, at most 25 a month. Three people,
        // nine reviews each, all at once.
        var employee = await EmployeeAsync();
        var people = new List<Guid>();
        for (var p = 0; p < 3; p++)
        {
            people.Add((await NewClientPersonAsync()).Person);
        }

        var writes = new List<Task<bool>>();
        foreach (var person in people)
        {
            var principal = await app.WithDbAsync(async db =>
            {
                await using var scope = app.Services.CreateAsyncScope();
                var user = await db.Users.SingleAsync(u => u.Id == person);
                return await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
            });
            writes.AddRange(Enumerable.Range(0, 9).Select(async i =>
            {
                await using var scope = app.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishAsync(principal, scope.ServiceProvider.GetRequiredService<AppDbContext>());
                var (review, errors) = await scope.ServiceProvider.GetRequiredService<ReviewDesk>()
                    .CreateAsync(new ReviewBody(ReviewTarget.Employee, employee, 5, $"Отзыв #{i}", "Всё хорошо"), default);
                return review is not null && errors.Count == 0;
            }));
        }

        Assert.All(await Task.WhenAll(writes), Assert.True);
        foreach (var person in people)
        {
            var (balance, sum, entries) = await LedgerAsync(person);
            Assert.Equal(25, sum);
            Assert.Equal(25, balance);
            Assert.DoesNotContain(entries, e => e.Points <= 0);
            Assert.Equal(9, await app.WithDbAsync(db => db.Reviews.CountAsync(r => r.AuthorId == person)));
        }
    }

    [Fact]
    public async Task Rating_points_are_capped_at_twenty_a_month_comments_included()
    {
        var (person, company) = await NewClientPersonAsync();
        var employee = await EmployeeAsync();
        for (var i = 0; i < 6; i++)
        {
            await RateAsync(person, company, employee, 5, "Комментарий " + i);
        }

        Assert.Equal(18, (await LedgerAsync(person)).Balance);
        await RateAsync(person, company, employee, 5, "Ещё");
        await RateAsync(person, company, employee, 5, null);
        var (balance, sum, entries) = await LedgerAsync(person);
        Assert.Equal(20, balance);
        Assert.Equal(20, sum);
        Assert.DoesNotContain(entries, e => e.Points <= 0);
    }

    [Fact]
    public async Task Ledger_entries_can_be_neither_edited_nor_deleted()
    {
        var (person, company) = await NewClientPersonAsync();
        await GrantAsync(person, company, 7);
        var edit = await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            var entry = await db.Set<LoyaltyEntry>().SingleAsync(e => e.PersonId == person);
            entry.Points = 700;
            return await db.SaveChangesAsync();
        }));
        Assert.Contains("append-only", edit.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            db.Set<LoyaltyEntry>().Remove(await db.Set<LoyaltyEntry>().SingleAsync(e => e.PersonId == person));
            return await db.SaveChangesAsync();
        }));
        var (balance, sum, _) = await LedgerAsync(person);
        Assert.Equal(7, balance);
        Assert.Equal(7, sum);
    }

    [Fact]
    public async Task A_redemption_debits_at_once_holds_stock_and_a_rejection_reverses_both()
    {
        var (person, company) = await DemoPersonAsync(Demo.ExecutiveA);
        await GrantAsync(person, company, 50);
        var reward = await RewardAsync(cost: 20, stock: 1);
        var client = await app.ClientForAsync(Demo.ExecutiveA);

        var catalogue = await client.GetFromJsonAsync<JsonElement>("/api/v1/loyalty/rewards");
        Assert.Contains(catalogue.EnumerateArray(), r => r.GetProperty("id").GetGuid() == reward);

        var created = await client.PostAsJsonAsync("/api/v1/loyalty/redemptions", new { rewardId = reward });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var redemption = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/loyalty/me");
        Assert.Equal(30, me.GetProperty("balance").GetInt32());
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Reward>().Where(r => r.Id == reward).Select(r => r.Stock).SingleAsync()));

        // Out of stock, and (with another reward) not enough points: clear conflicts, nothing debited.
        var again = await client.PostAsJsonAsync("/api/v1/loyalty/redemptions", new { rewardId = reward });
        Assert.Contains("out of stock", (await HttpAssert.ProblemAsync(again, 409)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var dear = await RewardAsync(cost: 500, stock: 5);
        var poor = await client.PostAsJsonAsync("/api/v1/loyalty/redemptions", new { rewardId = dear });
        Assert.Contains("Not enough points", (await HttpAssert.ProblemAsync(poor, 409)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await HttpAssert.FieldErrorAsync(await client.PostAsJsonAsync("/api/v1/loyalty/redemptions", new { }), "rewardId");
        await HttpAssert.ProblemAsync(await client.PostAsJsonAsync($"/api/v1/loyalty/redemptions/{redemption}/reject", new { note = "сам себе" }), 403);

        var quality = await app.ClientForAsync(Demo.Quality);
        var pending = await quality.GetFromJsonAsync<JsonElement>("/api/v1/loyalty/redemptions?status=Pending");
        Assert.Contains(pending.EnumerateArray(), r => r.GetProperty("id").GetGuid() == redemption);
        var reject = await quality.PostAsJsonAsync($"/api/v1/loyalty/redemptions/{redemption}/reject", new { note = "Нет в наличии" });
        Assert.Equal(HttpStatusCode.NoContent, reject.StatusCode);
        await HttpAssert.ProblemAsync(await quality.PostAsJsonAsync($"/api/v1/loyalty/redemptions/{redemption}/reject", new { }), 409);
        await HttpAssert.ProblemAsync(await quality.PostAsync($"/api/v1/loyalty/redemptions/{redemption}/approve", null), 409);

        var (balance, sum, entries) = await LedgerAsync(person);
        Assert.Equal(50, balance);
        Assert.Equal(50, sum);
        var debit = Assert.Single(entries, e => e.Kind == LoyaltyKind.Redemption);
        var reversal = Assert.Single(entries, e => e.Kind == LoyaltyKind.Reversal);
        Assert.Equal(-20, debit.Points);
        Assert.Equal(20, reversal.Points);
        Assert.Equal(debit.Id, reversal.ReversesEntryId);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<Reward>().Where(r => r.Id == reward).Select(r => r.Stock).SingleAsync()));

        // Asked again and handed out: the points stay spent, the unit is gone.
        var second = await client.PostAsJsonAsync("/api/v1/loyalty/redemptions", new { rewardId = reward });
        var secondId = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await quality.PostAsync($"/api/v1/loyalty/redemptions/{secondId}/approve", null)).StatusCode);
        var mine = await client.GetFromJsonAsync<JsonElement>("/api/v1/loyalty/redemptions");
        Assert.Equal("Done", mine.EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == secondId).GetProperty("status").GetString());
        Assert.Equal(30, (await LedgerAsync(person)).Balance);
    }

    [Fact]
    public async Task Concurrent_redemptions_succeed_exactly_as_often_as_the_balance_allows()
    {
        const int cost = 10, affordable = 3, attempts = 20;
        var (person, company) = await DemoPersonAsync(Demo.ClientB);
        // Whatever the person earned in other tests, top them up to enough for exactly K rewards.
        await GrantAsync(person, company, (cost * affordable) + cost - 1 - (await LedgerAsync(person)).Balance);
        var before = await LedgerAsync(person);
        Assert.Equal((cost * affordable) + cost - 1, before.Balance);
        var reward = await RewardAsync(cost, stock: 100);
        var client = await app.ClientForAsync(Demo.ClientB);
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, attempts).Select(async _ =>
        {
            await start.WaitAsync();
            return await client.PostAsJsonAsync("/api/v1/loyalty/redemptions", new { rewardId = reward });
        }).ToList();
        start.Release(attempts);
        var responses = await Task.WhenAll(tasks);

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.Equal(affordable, statuses.Count(s => s == 201));
        Assert.Equal(attempts - affordable, statuses.Count(s => s == 409));
        var (balance, sum, entries) = await LedgerAsync(person);
        Assert.Equal(before.Balance - (cost * affordable), balance);
        Assert.Equal(balance, sum);
        Assert.Equal(affordable, entries.Count(e => e.Kind == LoyaltyKind.Redemption));
        Assert.Equal(100 - affordable, await app.WithDbAsync(db => db.Set<Reward>().Where(r => r.Id == reward).Select(r => r.Stock).SingleAsync()));
        Assert.Equal(affordable, await app.WithDbAsync(db => db.Set<Redemption>().CountAsync(r => r.RewardId == reward)));
    }

    [Fact]
    public async Task Concurrent_redemptions_through_separate_contexts_never_overdraw_a_scarce_stock()
    {
        // Plenty of points, two units: the stock is what runs out, and no request takes a third.
        var (person, company) = await DemoPersonAsync(Demo.ClientA);
        await GrantAsync(person, company, 1000);
        var reward = await RewardAsync(cost: 5, stock: 2);
        var principal = await app.WithDbAsync(async db =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var user = await db.Users.SingleAsync(u => u.Email == Demo.ClientA);
            return await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
        });
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishAsync(principal, scope.ServiceProvider.GetRequiredService<AppDbContext>());
            return (await scope.ServiceProvider.GetRequiredService<LoyaltyBook>().RedeemAsync(reward, default)).Outcome;
        }));
        Assert.Equal(2, results.Count(r => r == LoyaltyOutcome.Done));
        Assert.Equal(10, results.Count(r => r == LoyaltyOutcome.OutOfStock));
        var (balance, sum, _) = await LedgerAsync(person);
        Assert.Equal(balance, sum);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Reward>().Where(r => r.Id == reward).Select(r => r.Stock).SingleAsync()));
    }

    [Fact]
    public async Task A_retried_redemption_with_the_same_idempotency_key_debits_once()
    {
        var (person, company) = await DemoPersonAsync(Demo.ClientA);
        await GrantAsync(person, company, 40);
        var before = (await LedgerAsync(person)).Balance;
        var reward = await RewardAsync(cost: 15, stock: 5);
        var client = await app.ClientForAsync(Demo.ClientA);
        var key = Guid.NewGuid().ToString();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/loyalty/redemptions") { Content = JsonContent.Create(new { rewardId = reward }) };
            request.Headers.Add("Idempotency-Key", key);
            Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(request)).StatusCode);
        }

        var (balance, sum, _) = await LedgerAsync(person);
        Assert.Equal(before - 15, balance);
        Assert.Equal(balance, sum);
    }

    [Fact]
    public async Task A_completed_survey_earns_its_rule_points_once()
    {
        var (person, company) = await NewClientPersonAsync();
        var response = Guid.NewGuid();
        for (var i = 0; i < 2; i++)
        {
            await app.WithDbAsync(async db =>
            {
                await using var unit = await db.Database.BeginUnitOfWorkAsync(default);
                await LoyaltyBook.CreditSurveyAsync(db, response, company, person, TimeProvider.System.GetUtcNow(), default);
                var saved = await db.SaveChangesAsync();
                await unit.CommitAsync(default);
                return saved;
            });
        }

        var (balance, sum, entries) = await LedgerAsync(person);
        Assert.Equal(10, balance);
        Assert.Equal(10, sum);
        Assert.Equal(LoyaltyKind.Survey, Assert.Single(entries).Kind);
    }

    [Fact]
    public async Task A_rating_saved_while_the_rater_redeems_keeps_both_the_credit_and_the_debit()
    {
        const string email = "user@dv-logistics.demo";
        var (person, company) = await DemoPersonAsync(email);
        await GrantAsync(person, company, 20);
        var before = (await LedgerAsync(person)).Balance;
        var reward = await RewardAsync(cost: 10, stock: 5);

        // The rating's save has read the account (the listener ran) but not yet committed when the redemption lands.
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rating = new Rating
        {
            CompanyId = company, RaterId = person, EmployeeId = await EmployeeAsync(), Source = RatingSource.Signature, Scale = 5, Grade = 5, Comment = "Спасибо",
            DedupeKey = "race:" + Guid.NewGuid(), RatedAt = TimeProvider.System.GetUtcNow(),
        };
        db.Ratings.Add(rating);
        var client = await app.ClientForAsync(email);
        await using (var unit = await db.Database.BeginUnitOfWorkAsync(default))
        {
            foreach (var listener in scope.ServiceProvider.GetServices<IRatingListener>())
            {
                await listener.OnRatingAsync(db, rating, true, default);
            }

            // On PostgreSQL the redemption does not wait for the credit's lock (a debit needs no cap check): it lands
            // first, under the pending credit. On SQLite the credit's transaction holds the write lock, so the
            // redemption waits for the commit. Either way both must be kept.
            var redeem = client.PostAsJsonAsync("/api/v1/loyalty/redemptions", new { rewardId = reward });
            if (OneWindowFactory.Provider == "Postgres")
            {
                Assert.Equal(HttpStatusCode.Created, (await redeem).StatusCode);
            }

            await db.SaveChangesAsync();
            await unit.CommitAsync(default);
            Assert.Equal(HttpStatusCode.Created, (await redeem).StatusCode);
        }

        var (balance, sum, _) = await LedgerAsync(person);
        Assert.Equal(before + 3 - 10, balance);
        Assert.Equal(balance, sum);
    }

    [Fact]
    public async Task The_leaderboard_shows_a_client_their_companys_people_and_only_their_own_companys_name()
    {
        var employee = await EmployeeAsync();
        var (a, companyA) = await NewClientPersonAsync();
        await RateAsync(a, companyA, employee, 5, "Хорошо");
        var (b, companyB) = await DemoPersonAsync(Demo.ClientB);
        await RateAsync(b, companyB, employee, 5, null);

        var client = await app.ClientForAsync(Demo.ClientA);
        var people = await client.GetStringAsync("/api/v1/loyalty/leaderboard?by=person");
        Assert.Contains("Лояльный клиент", people, StringComparison.Ordinal);
        var nameB = await app.WithDbAsync(db => db.Users.Where(u => u.Id == b).Select(u => u.FullName).SingleAsync());
        Assert.DoesNotContain(nameB, people, StringComparison.Ordinal);

        var companies = await client.GetFromJsonAsync<JsonElement>("/api/v1/loyalty/leaderboard?by=company&period=" + TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture));
        var rows = companies.GetProperty("rows").EnumerateArray().ToList();
        Assert.True(rows.Count >= 2);
        Assert.Equal(Demo.CompanyA, rows.Single(r => r.GetProperty("mine").GetBoolean()).GetProperty("name").GetString());
        Assert.All(rows.Where(r => !r.GetProperty("mine").GetBoolean()), r => Assert.Equal("", r.GetProperty("name").GetString()));
        Assert.DoesNotContain(Demo.CompanyB, companies.GetRawText(), StringComparison.Ordinal);

        var quality = await app.ClientForAsync(Demo.Quality);
        var all = await quality.GetStringAsync("/api/v1/loyalty/leaderboard?by=company&period=" + TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(Demo.CompanyB, System.Text.RegularExpressions.Regex.Unescape(all), StringComparison.Ordinal);

        await HttpAssert.FieldErrorAsync(await client.GetAsync("/api/v1/loyalty/leaderboard?period=2026-13"), "period");
        await HttpAssert.FieldErrorAsync(await client.GetAsync("/api/v1/loyalty/leaderboard?by=team"), "by");
    }

    [Fact]
    public async Task Only_the_quality_manager_manages_rewards_and_rules()
    {
        var client = await app.ClientForAsync(Demo.ClientA);
        await HttpAssert.ProblemAsync(await client.PostAsJsonAsync("/api/v1/loyalty/rewards", new { nameRu = "Х", nameEn = "X", cost = 1, stock = 1 }), 403);
        var quality = await app.ClientForAsync(Demo.Quality);
        await HttpAssert.FieldErrorAsync(await quality.PostAsJsonAsync("/api/v1/loyalty/rewards", new { nameRu = "Х", nameEn = "X", cost = 0, stock = 1 }), "cost");
        var created = await quality.PostAsJsonAsync("/api/v1/loyalty/rewards", new { nameRu = "Блокнот", nameEn = "Notebook", cost = 15, stock = 3 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var rule = await quality.PutAsJsonAsync("/api/v1/loyalty/rules/Review", new { points = 7, capPoints = 14, capPeriod = "Month" });
        Assert.Equal(HttpStatusCode.OK, rule.StatusCode);
        var rules = await client.GetFromJsonAsync<JsonElement>("/api/v1/loyalty/rules");
        Assert.Equal(7, rules.EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "Review").GetProperty("points").GetInt32());
        await quality.PutAsJsonAsync("/api/v1/loyalty/rules/Review", new { points = 5, capPoints = 25, capPeriod = "Month" });
    }

    [Fact]
    public async Task Agents_do_not_list_everyones_redemptions()
    {
        // Issue 11, item 13: the list names people and what they spent; it is for those who decide the requests.
        var agent = await app.ClientForAsync(Demo.Agent);
        await HttpAssert.ProblemAsync(await agent.GetAsync("/api/v1/loyalty/redemptions"), 403);
        var quality = await app.ClientForAsync(Demo.Quality);
        Assert.Equal(HttpStatusCode.OK, (await quality.GetAsync("/api/v1/loyalty/redemptions")).StatusCode);
        var client = await app.ClientForAsync(Demo.ClientA);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/loyalty/redemptions")).StatusCode);
    }

    [Fact]
    public async Task A_client_person_given_the_quality_role_by_mistake_still_cannot_manage_loyalty()
    {
        // Issue 11, item 13: the quality policy refuses anyone of a client company, like every other SSC policy.
        var email = $"mistaken-{Guid.NewGuid():N}@ural-mining.demo";
        await app.WithDbAsync(async db =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            var company = await db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync();
            var person = new AppUser { UserName = email, Email = email, FullName = "Ошибочная роль", CompanyId = company, IsActive = true, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(person, DemoData.Password)).Succeeded);
            Assert.True((await users.AddToRolesAsync(person, [OneWindow.Core.Identity.Roles.ClientUser, OneWindow.Core.Identity.Roles.QualityManager])).Succeeded);
            return person.Id;
        });

        var mistaken = await app.ClientForAsync(email);
        await HttpAssert.ProblemAsync(await mistaken.PutAsJsonAsync("/api/v1/loyalty/rules/Review", new { points = 99, capPoints = 99, capPeriod = "Month" }), 403);
        await HttpAssert.ProblemAsync(await mistaken.PostAsJsonAsync("/api/v1/loyalty/rewards", new { nameRu = "Х", nameEn = "X", cost = 1, stock = 1 }), 403);
    }
}
