using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OneWindow.Core.Time;
using OneWindow.Web.Features.Clients;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests;

/// <summary>
/// Issue 13, item 1 (done-when): an administrator moves the demo's Far East treasury payments through transfer →
/// stabilisation → stable in the browser, ticking the checklists and taking both sides' sign-offs, and confirms the
/// proposed end of the delivery lead's assignment, which ends on the stable date.
/// </summary>
public class TransitionTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static async Task PickAsync(IPage page, string testId, string option)
    {
        await page.ClickAsync($"[data-testid={testId}]");
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = option }).First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
    }

    private static async Task TickAllAsync(IPage page, string stage)
    {
        var open = page.Locator($"[data-testid=stage-{stage}] [data-testid=checklist-item][data-done=false]");
        while (await open.CountAsync() is var left and > 0)
        {
            await open.First.Locator("xpath=descendant-or-self::input").First.ClickAsync();
            await Assertions.Expect(open).ToHaveCountAsync(left - 1);
        }
    }

    private static async Task SignBothAsync(IPage page, string stage, string clientSigner)
    {
        await page.ClickAsync($"[data-testid=stage-{stage}] [data-testid=sign-ssc]");
        await page.Locator($"[data-testid=stage-{stage}] [data-testid=signoff-ssc] [data-testid=signed]").WaitForAsync();
        await PickAsync(page, "client-signer", clientSigner);
        await page.ClickAsync($"[data-testid=stage-{stage}] [data-testid=record-client]");
        await Assertions.Expect(page.Locator($"[data-testid=stage-{stage}] [data-testid=signoff-client] [data-testid=signed]")).ToContainTextAsync(clientSigner);
    }

    [Fact]
    public async Task An_admin_moves_a_demo_service_to_stable_and_the_delivery_leads_assignment_ends_that_day()
    {
        var (link, assignment) = await browser.App.WithDbAsync(async db =>
        {
            var link = await db.ClientServices.Where(s => s.Company!.Name == "ООО «Дальневосточная логистика»" && s.Service!.Code == "TRS").SingleAsync();
            var dl = await db.ClientAssignments.Where(a => a.CompanyId == link.CompanyId && a.ServiceId == link.ServiceId && a.Role == AssignmentRole.DeliveryLead)
                .Select(a => a.Id).SingleAsync();
            return (link.Id, dl);
        });
        var admin = await browser.SignInAsync(Demo.Admin);
        try
        {
            await BrowserFixture.GotoInteractiveAsync(admin, "/admin/transitions");
            await admin.Locator($"[data-testid=transition-open][href='/transitions/{link}']").ClickAsync();
            var stage = admin.Locator("[data-testid=lifecycle-stage]");
            await Assertions.Expect(stage).ToHaveAttributeAsync("data-stage", "Transition");
            await BrowserFixture.WaitInteractiveAsync(admin);

            // Moving on with the checklist open is refused, in Russian.
            await admin.ClickAsync("[data-testid=advance]");
            await Assertions.Expect(admin.Locator("[data-testid=lifecycle-error]")).ToContainTextAsync("Не все пункты чек-листа текущего этапа выполнены");

            await TickAllAsync(admin, "Transition");
            await SignBothAsync(admin, "Transition", "Андрей Ким");
            await admin.ClickAsync("[data-testid=advance]");
            await Assertions.Expect(stage).ToHaveAttributeAsync("data-stage", "Stabilisation");

            // Stabilisation: the proposal to end the delivery lead's assignment appears, ticked; the admin confirms with the move.
            await TickAllAsync(admin, "Stabilisation");
            await SignBothAsync(admin, "Stabilisation", "Андрей Ким");
            var proposal = admin.Locator("[data-testid=dl-proposal-item]");
            await Assertions.Expect(proposal).ToContainTextAsync("Дмитрий Орлов");
            await Assertions.Expect(proposal.Locator("xpath=descendant-or-self::input").First).ToBeCheckedAsync();
            await admin.ClickAsync("[data-testid=advance]");
            await Assertions.Expect(stage).ToHaveAttributeAsync("data-stage", "Stable");
            await Assertions.Expect(admin.Locator("[data-testid=lifecycle-history] tbody tr")).ToHaveCountAsync(4);
        }
        catch
        {
            await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "ow-transition.png"), FullPage = true });
            throw;
        }

        var today = LocalDates.Of(TimeProvider.System.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Vladivostok"));
        var ended = await browser.App.WithDbAsync(db => db.ClientAssignments.AsNoTracking().SingleAsync(a => a.Id == assignment));
        Assert.Equal(today, ended.EndsOn);
    }
}
