using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OneWindow.Web.Features.Documents;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests.Documents;

/// <summary>
/// Issue 15, Done when 3, in the browser: the CSM opens the interaction matrix of the demo service in stabilisation, sees
/// named people on both sides accountable for each activity except the deliberate gap, which the gap report lists.
/// </summary>
public class InteractionMatrixBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_csm_sees_named_people_on_both_sides_for_each_activity_and_the_deliberate_gap_in_the_report()
    {
        // The demo's deliberate gap: the Northern Shipyard's general ledger (DemoInteractionMatrix).
        var company = await browser.App.WithDbAsync(db => db.Companies.Where(c => c.Name == "АО «Северная верфь»").Select(c => c.Id).SingleAsync());
        var service = await browser.App.WithDbAsync(db => db.Services.Where(s => s.Code == "GL").Select(s => s.Id).SingleAsync());

        var page = await browser.SignInAsync(Demo.Quality);
        await BrowserFixture.GotoInteractiveAsync(page, $"/interaction-matrix?companyId={company}&serviceId={service}&stage=Stabilisation");
        await page.Locator("[data-testid=matrix-grid]").WaitForAsync();
        foreach (var activity in Enum.GetValues<MatrixActivity>())
        {
            foreach (var side in Enum.GetValues<MatrixSide>())
            {
                var accountable = page.Locator($"[data-testid=matrix-cell-{activity}-{side}-A]");
                if (activity == MatrixActivity.Changes && side == MatrixSide.Client)
                {
                    // The deliberate gap: a role that resolves to nobody.
                    await Assertions.Expect(accountable).ToContainTextAsync("никого");
                    continue;
                }

                // A named person: a full name (two words with capitals), not the "nobody" marker.
                await Assertions.Expect(accountable.Locator("[data-testid=matrix-people]").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+"));
            }
        }

        var gaps = page.Locator("[data-testid=matrix-gap]");
        await Assertions.Expect(gaps.Filter(new LocatorFilterOptions { HasText = "Изменения" })).ToHaveCountAsync(1);

        // The 360 card shows the service's accountable people on both sides and its one gap, with a link to the matrix.
        await BrowserFixture.GotoInteractiveAsync(page, $"/companies/{company}");
        var serviceName = await browser.App.WithDbAsync(db => db.Services.Where(s => s.Id == service).Select(s => s.Name).SingleAsync());
        var line = page.Locator("[data-testid=company-matrix-row]").Filter(new LocatorFilterOptions { HasText = serviceName });
        await Assertions.Expect(line).ToHaveCountAsync(1);
        await Assertions.Expect(line.Locator("td").Nth(2)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+"));
        await Assertions.Expect(line.Locator("td").Nth(3)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+"));
        await Assertions.Expect(line.Locator("[data-testid=company-matrix-gaps]")).ToHaveTextAsync("1");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_client_executive_sees_their_companys_matrix_in_the_portal_and_not_another_companys()
    {
        var page = await browser.SignInAsync(Demo.ExecutiveA);
        await BrowserFixture.GotoInteractiveAsync(page, "/my-company");
        var rows = page.Locator("[data-testid=company-matrix-row]");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        var executive = await browser.App.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.ExecutiveA).Select(u => u.FullName).SingleAsync());
        await Assertions.Expect(rows.Locator("td:nth-child(4)").Filter(new LocatorFilterOptions { HasText = executive }).First).ToBeVisibleAsync();

        // Another company's matrix reads as not found.
        var other = await browser.App.WithDbAsync(db => db.Companies.Where(c => c.Name == Demo.CompanyB).Select(c => c.Id).SingleAsync());
        await BrowserFixture.GotoInteractiveAsync(page, $"/companies/{other}");
        await Assertions.Expect(page.Locator("[data-testid=company-matrix]")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_manager_edits_a_row_in_place_and_the_cell_keeps_one_row_with_the_new_note()
    {
        var company = await browser.App.WithDbAsync(db => db.Companies.Where(c => c.Name == "АО «Северная верфь»").Select(c => c.Id).SingleAsync());
        var service = await browser.App.WithDbAsync(db => db.Services.Where(s => s.Code == "GL").Select(s => s.Id).SingleAsync());
        int Rows(Web.Data.AppDbContext db) => db.Set<InteractionMatrixRow>().Count(r => r.CompanyId == company && r.ServiceId == service
            && r.Stage == Web.Features.Clients.ServiceStage.Stabilisation && r.Activity == MatrixActivity.Transfer && r.Side == MatrixSide.Ssc && r.Letter == RaciLetter.A);
        var before = await browser.App.WithDbAsync(db => Task.FromResult(Rows(db)));

        var page = await browser.SignInAsync(Demo.Quality);
        await BrowserFixture.GotoInteractiveAsync(page, $"/interaction-matrix?companyId={company}&serviceId={service}&stage=Stabilisation");
        var cell = page.Locator("[data-testid=matrix-cell-Transfer-Ssc-A]");
        await cell.Locator("[data-testid=matrix-edit-row]").First.ClickAsync();
        var note = page.Locator("[data-testid=matrix-note-input]");
        await note.FillAsync("Согласовано на комитете 12.11");
        await note.PressAsync("Tab");
        await page.ClickAsync("[data-testid=matrix-save]");

        await Assertions.Expect(cell.Locator("[data-testid=matrix-note]")).ToContainTextAsync("Согласовано на комитете 12.11");
        Assert.Equal(before, await browser.App.WithDbAsync(db => Task.FromResult(Rows(db))));
        await page.Context.CloseAsync();
    }
}
