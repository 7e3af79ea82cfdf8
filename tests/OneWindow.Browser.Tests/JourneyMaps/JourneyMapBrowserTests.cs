using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OneWindow.Web.Features.JourneyMaps;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests.JourneyMaps;

/// <summary>Issue 15: the CSM opens the demo journey map, sees a bound touchpoint's live figures and the client CFO's comment, and reorders a step.</summary>
public class JourneyMapBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Title = "Оплата счетов поставщиков: путь бухгалтера площадки";

    [Fact]
    public async Task The_CSM_sees_figures_and_the_executives_comment_and_moves_a_step_down()
    {
        var app = browser.App;
        var page = await browser.SignInAsync(Demo.Csm);
        await page.ClickAsync("[data-testid=nav-journey-maps]");
        await page.WaitForURLAsync("**/journey-maps");
        await page.Locator("[data-testid=journey-map-link]").Filter(new LocatorFilterOptions { HasText = Title }).ClickAsync();
        await page.WaitForURLAsync("**/journey-maps/*");
        await BrowserFixture.WaitInteractiveAsync(page);

        await page.Locator("[data-testid=figure-volume]").First.WaitForAsync();
        Assert.True(await page.Locator("[data-testid=journey-figures]").CountAsync() >= 2);
        await page.Locator("[data-testid=journey-comment]").Filter(new LocatorFilterOptions { HasText = "Код площадки" }).First.WaitForAsync();

        // The first step of the first stage goes one place down by the fallback button, and the order is saved.
        var first = await page.Locator("[data-testid=journey-step-title]").First.InnerTextAsync();
        await page.ClickAsync("[data-testid=journey-edit]");
        await page.Locator("[data-testid=journey-step-down]").First.ClickAsync();
        await page.ClickAsync("[data-testid=journey-save]");
        await page.Locator("[data-testid=journey-edit]").WaitForAsync();

        var order = await app.WithDbAsync(db => db.Set<JourneyStep>()
            .Where(s => db.Set<JourneyMap>().Any(m => m.Id == s.MapId && m.Title == Title))
            .Join(db.Set<JourneyStage>(), s => s.StageId, st => st.Id, (s, st) => new { s.Title, Stage = st.Order, s.Order })
            .Where(x => x.Stage == 0).OrderBy(x => x.Order).Select(x => x.Title).ToListAsync());
        Assert.Equal(first.Trim(), order[1]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_CSM_renames_a_map_inline_binds_the_mailbox_and_sees_both_after_a_reload()
    {
        var app = browser.App;
        var id = await app.WithDbAsync(async db =>
        {
            var company = await db.Companies.Where(c => c.Name == Demo.CompanyA).Select(c => c.Id).SingleAsync();
            var service = await db.Services.Where(s => s.Code == "AP").Select(s => s.Id).SingleAsync();
            var map = new JourneyMap { Title = "Карта для редактора", Persona = "Бухгалтер", ServiceId = service, CompanyId = company };
            var stage = new JourneyStage { MapId = map.Id, Title = "Этап" };
            stage.Steps.Add(new JourneyStep { MapId = map.Id, StageId = stage.Id, Title = "Письмо в ЦОБ" });
            map.Stages.Add(stage);
            db.Add(map);
            await db.SaveChangesAsync();
            return map.Id;
        });
        var page = await browser.SignInAsync(Demo.Csm);
        await page.GotoAsync($"/journey-maps/{id}");
        await BrowserFixture.WaitInteractiveAsync(page);

        await page.ClickAsync("[data-testid=journey-edit]");
        await BrowserFixture.FillAsync(page, "journey-title-input", "Письма бухгалтера площадки");
        await page.Locator("[data-testid=journey-binding-kind]").SelectOptionAsync(nameof(TouchpointKind.MailChannel));
        await page.Locator("[data-testid=journey-binding-target]").SelectOptionAsync(TouchpointTargets.IntakeMailbox.ToString());
        await page.ClickAsync("[data-testid=journey-binding-add]");
        await page.Locator("[data-testid=journey-binding]").WaitForAsync();
        await page.ClickAsync("[data-testid=journey-save]");
        await page.Locator("[data-testid=journey-edit]").WaitForAsync();

        await page.ReloadAsync();
        await BrowserFixture.WaitInteractiveAsync(page);
        Assert.Equal("Письма бухгалтера площадки", (await page.Locator("[data-testid=journey-map-heading]").InnerTextAsync()).Trim());
        Assert.Contains("Входящая почта", await page.Locator("[data-testid=journey-bound]").TextContentAsync() ?? "", StringComparison.Ordinal);
        var saved = await app.WithDbAsync(db => db.Set<TouchpointBinding>().Where(b => db.Set<JourneyStep>().Any(s => s.Id == b.StepId && s.MapId == id)).ToListAsync());
        Assert.Equal(TouchpointKind.MailChannel, Assert.Single(saved).Kind);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task On_a_phone_the_client_executive_reads_the_map_as_one_column_without_scrolling_sideways()
    {
        var page = await browser.SignInAsync(Demo.ExecutiveA);
        await page.SetViewportSizeAsync(390, 844);
        var id = await browser.App.WithDbAsync(db => db.Set<JourneyMap>().Where(m => m.Title == Title).Select(m => m.Id).SingleAsync());
        await BrowserFixture.GotoInteractiveAsync(page, $"/journey-maps/{id}");
        var steps = page.Locator("[data-testid=journey-step]");
        await steps.Nth(1).WaitForAsync();

        // Steps stack: the second starts below the first, each as wide as the screen allows, and nothing overflows sideways.
        var first = (await steps.Nth(0).BoundingBoxAsync())!;
        var second = (await steps.Nth(1).BoundingBoxAsync())!;
        Assert.True(second.Y >= first.Y + first.Height, $"the second step ({second.Y}) starts below the first ({first.Y} + {first.Height})");
        Assert.InRange(first.Width, 300, 390);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone");
        await page.Context.CloseAsync();
    }
}
