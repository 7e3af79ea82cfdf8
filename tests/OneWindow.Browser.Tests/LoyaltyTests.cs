using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Features.Loyalty;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests;

public class LoyaltyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(Demo.Quality, "/loyalty/rewards", "rewards-table")]
    [InlineData(Demo.Quality, "/loyalty/leaderboard", "leaderboard-companies")]
    [InlineData(Demo.ClientA, "/loyalty/leaderboard", "leaderboard-people")]
    [InlineData(Demo.ClientA, "/loyalty", "reward-card")]
    public async Task A_loyalty_page_renders_and_switches_periods_without_an_error(string who, string path, string testId)
    {
        var page = await browser.SignInAsync(who);
        await BrowserFixture.GotoInteractiveAsync(page, path);
        await page.Locator($"[data-testid={testId}]").First.WaitForAsync();
        if (path.EndsWith("leaderboard", StringComparison.Ordinal))
        {
            await page.GetByText("Год").ClickAsync();
            await page.Locator("[data-testid=leaderboard-period]").GetByText(TimeProvider.System.GetUtcNow().UtcDateTime.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Exact = true }).WaitForAsync();
            await page.ClickAsync("[data-testid=leaderboard-prev]");
            await page.Locator("[data-testid=leaderboard-period]").GetByText((TimeProvider.System.GetUtcNow().UtcDateTime.Year - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Exact = true }).WaitForAsync();
        }

        Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync(), $"{path} shows the error bar");
        Assert.Equal(0, await page.Locator("[data-testid=access-denied]").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_client_sees_their_points_and_redeems_a_reward_which_the_quality_manager_hands_out()
    {
        var name = "Фирменная кружка " + Guid.NewGuid().ToString("N")[..6];
        await browser.App.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == Demo.ExecutiveA);
            db.Set<LoyaltyEntry>().Add(new LoyaltyEntry { CompanyId = user.CompanyId!.Value, PersonId = user.Id, At = TimeProvider.System.GetUtcNow(), Points = 25, Kind = LoyaltyKind.Adjustment, Note = "Старт" });
            db.Set<LoyaltyAccount>().Add(new LoyaltyAccount { CompanyId = user.CompanyId!.Value, PersonId = user.Id, Earned = 25 });
            db.Set<Reward>().Add(new Reward { NameRu = name, NameEn = "Branded mug", Cost = 20, Stock = 2 });
            return await db.SaveChangesAsync();
        });

        var client = await browser.SignInAsync(Demo.ExecutiveA);
        await BrowserFixture.GotoInteractiveAsync(client, "/loyalty");
        // The page loads again once interactive: wait for the figure rather than read whatever is there first.
        await client.Locator("[data-testid=loyalty-balance]").GetByText("25", new() { Exact = true }).WaitForAsync();
        var card = client.Locator("[data-testid=reward-card]").Filter(new() { HasText = name });
        await card.Locator("[data-testid=reward-redeem]").ClickAsync();
        await client.Locator("[data-testid=loyalty-balance]").GetByText("5", new() { Exact = true }).WaitForAsync();
        await client.Locator("[data-testid=my-redemption][data-status=Pending]").Filter(new() { HasText = name }).WaitForAsync();
        Assert.False(await client.Locator("#blazor-error-ui").IsVisibleAsync());

        var quality = await browser.SignInAsync(Demo.Quality);
        await BrowserFixture.GotoInteractiveAsync(quality, "/loyalty/redemptions");
        var row = quality.Locator("[data-testid=redemption-row]").Filter(new() { HasText = name });
        await row.Locator("[data-testid=redemption-approve]").ClickAsync();
        await row.WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Detached });

        await BrowserFixture.GotoInteractiveAsync(client, "/loyalty");
        await client.Locator("[data-testid=my-redemption][data-status=Done]").Filter(new() { HasText = name }).WaitForAsync();
        Assert.Equal("5", (await client.Locator("[data-testid=loyalty-balance]").InnerTextAsync()).Trim());
        Assert.Equal(1, await browser.App.WithDbAsync(db => db.Set<Reward>().Where(r => r.NameRu == name).Select(r => r.Stock).SingleAsync()));
        await client.Context.CloseAsync();
        await quality.Context.CloseAsync();
    }

    [Fact]
    public async Task The_quality_manager_opens_a_clients_ledger_from_the_leaderboard_adjusts_it_and_reverses_the_adjustment()
    {
        // A fresh client person with a review earned this month, so they are on the current leaderboard with 5 points.
        var name = "Клиент для корректировки " + Guid.NewGuid().ToString("N")[..6];
        await browser.App.WithDbAsync(async db =>
        {
            var company = await db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync();
            var email = $"ledger-{Guid.NewGuid():N}@ural-mining.demo";
            var user = new OneWindow.Web.Features.People.AppUser { FullName = name, Email = email, UserName = email, CompanyId = company, SecurityStamp = Guid.NewGuid().ToString("N") };
            db.Users.Add(user);
            db.Set<LoyaltyEntry>().Add(new LoyaltyEntry { CompanyId = company, PersonId = user.Id, At = TimeProvider.System.GetUtcNow(), Points = 5, Kind = LoyaltyKind.Review, SourceId = Guid.NewGuid(), ByName = "system" });
            db.Set<LoyaltyAccount>().Add(new LoyaltyAccount { CompanyId = company, PersonId = user.Id, Earned = 5 });
            return await db.SaveChangesAsync();
        });

        var quality = await browser.SignInAsync(Demo.Quality);
        await BrowserFixture.GotoInteractiveAsync(quality, "/loyalty/leaderboard");
        await quality.Locator("[data-testid=leaderboard-people] [data-testid=leader-link]").GetByText(name).ClickAsync();
        await quality.WaitForURLAsync("**/loyalty/people/**");
        await BrowserFixture.WaitInteractiveAsync(quality);
        await quality.Locator("[data-testid=ledger-name]").GetByText(name).WaitForAsync();
        await quality.Locator("[data-testid=ledger-balance]").GetByText("5", new() { Exact = true }).WaitForAsync();

        // A reason is required: the dialog says so and nothing changes.
        await quality.ClickAsync("[data-testid=ledger-adjust]");
        await BrowserFixture.FillAsync(quality, "adjust-points", "10");
        await quality.ClickAsync("[data-testid=adjust-save]");
        await quality.Locator("[data-testid=adjust-error]").WaitForAsync();
        await BrowserFixture.FillAsync(quality, "adjust-reason", "Компенсация за ошибку в расчёте");
        await quality.ClickAsync("[data-testid=adjust-save]");
        await quality.Locator("[data-testid=ledger-balance]").GetByText("15", new() { Exact = true }).WaitForAsync();
        var adjustment = quality.Locator("[data-testid=ledger-entry][data-kind=Adjustment]");
        await adjustment.Filter(new() { HasText = "Компенсация за ошибку в расчёте" }).Filter(new() { HasText = "Елена Морозова" }).WaitForAsync();

        await adjustment.Locator("[data-testid=entry-reverse]").ClickAsync();
        await BrowserFixture.FillAsync(quality, "reverse-reason", "Начислено по ошибке");
        await quality.ClickAsync("[data-testid=reverse-save]");
        await quality.Locator("[data-testid=ledger-balance]").GetByText("5", new() { Exact = true }).WaitForAsync();
        await quality.Locator("[data-testid=ledger-entry][data-kind=Adjustment][data-reversed=true] [data-testid=entry-reversed]").WaitForAsync();
        await quality.Locator("[data-testid=ledger-entry][data-kind=Reversal]").Filter(new() { HasText = "Начислено по ошибке" }).WaitForAsync();
        Assert.Equal(0, await adjustment.Locator("[data-testid=entry-reverse]").CountAsync());
        Assert.False(await quality.Locator("#blazor-error-ui").IsVisibleAsync());

        var (balance, sum) = await browser.App.WithDbAsync(async db =>
        {
            var person = await db.Users.Where(u => u.FullName == name).Select(u => u.Id).SingleAsync();
            var account = await db.Set<LoyaltyAccount>().SingleAsync(a => a.PersonId == person);
            return (account.Earned - account.Spent, await db.Set<LoyaltyEntry>().Where(e => e.PersonId == person).SumAsync(e => e.Points));
        });
        Assert.Equal(5, balance);
        Assert.Equal(5, sum);
        await quality.Context.CloseAsync();
    }

    [Fact]
    public async Task The_quality_manager_adds_a_reward_in_the_ui_after_being_told_what_is_missing_and_changes_a_rule()
    {
        var name = "Термокружка " + Guid.NewGuid().ToString("N")[..6];
        var quality = await browser.SignInAsync(Demo.Quality);
        await BrowserFixture.GotoInteractiveAsync(quality, "/loyalty/rewards");
        await quality.ClickAsync("[data-testid=reward-new]");
        await BrowserFixture.FillAsync(quality, "reward-name-ru", name);
        await BrowserFixture.FillAsync(quality, "reward-cost", "40");
        await BrowserFixture.FillAsync(quality, "reward-stock", "3");
        await quality.ClickAsync("[data-testid=reward-save]");
        await quality.Locator(".mud-input-error").GetByText("Укажите название на английском").WaitForAsync();
        Assert.Equal(0, await browser.App.WithDbAsync(db => db.Set<Reward>().CountAsync(r => r.NameRu == name)));

        await BrowserFixture.FillAsync(quality, "reward-name-en", "Thermo mug");
        await quality.ClickAsync("[data-testid=reward-save]");
        await quality.Locator("[data-testid=reward-row]").Filter(new() { HasText = name }).WaitForAsync();
        var reward = await browser.App.WithDbAsync(db => db.Set<Reward>().SingleAsync(r => r.NameRu == name));
        Assert.Equal(("Thermo mug", 40, 3, true), (reward.NameEn, reward.Cost, reward.Stock, reward.Active));

        // The review rule earns 6 points from now on.
        var review = quality.Locator("[data-testid=rule-row]").Nth((int)LoyaltyKind.Review);
        await review.Locator("input").First.FillAsync("6");
        await review.Locator("[data-testid=rule-save]").ClickAsync();
        for (var i = 0; i < 50 && await browser.App.WithDbAsync(db => db.Set<LoyaltyRule>().Where(r => r.Kind == LoyaltyKind.Review).Select(r => (int?)r.Points).SingleOrDefaultAsync()) != 6; i++)
        {
            await Task.Delay(200);
        }

        Assert.Equal(6, await browser.App.WithDbAsync(db => db.Set<LoyaltyRule>().Where(r => r.Kind == LoyaltyKind.Review).Select(r => r.Points).SingleAsync()));
        Assert.False(await quality.Locator("#blazor-error-ui").IsVisibleAsync());
        await quality.Context.CloseAsync();
    }
}
