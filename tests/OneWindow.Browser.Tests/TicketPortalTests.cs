using System.Net.Http.Json;
using Microsoft.Playwright;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests;

public class TicketPortalTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static ILocator Input(IPage page, string testId) => BrowserFixture.Input(page, testId);

    [Fact]
    public async Task A_client_submits_in_the_portal_an_agent_asks_a_clarification_and_the_clients_page_updates_without_reload()
    {
        var client = await browser.SignInAsync(Demo.ClientA);
        await BrowserFixture.GotoInteractiveAsync(client, "/tickets/new");
        await client.ClickAsync("[data-testid=ticket-type]");
        await client.Locator(".mud-popover-open").GetByText("Вопрос по закрытию периода").ClickAsync();
        await client.Locator(".mud-popover-open .mud-list-item").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        await BrowserFixture.FillAsync(client, "ticket-subject", "Когда закроется ноябрь?");
        await BrowserFixture.FillAsync(client, "ticket-description", "Нужна дата закрытия периода для отчёта в банк.");
        await client.ClickAsync("[data-testid=ticket-submit]");
        await client.WaitForURLAsync("**/tickets/*-*");
        await BrowserFixture.WaitInteractiveAsync(client);
        var number = (await client.InnerTextAsync("[data-testid=ticket-number]")).Trim();
        Assert.Matches(@"^OW-\d{4}-\d{6}$", number);
        await client.Locator("[data-testid=ticket-header] [data-testid=ticket-status][data-status=New]").WaitForAsync();
        var ticketUrl = client.Url;

        // The agent works in a second browser context, as a second person would.
        var agent = await browser.SignInAsync(Demo.Agent);
        await BrowserFixture.GotoInteractiveAsync(agent, new Uri(ticketUrl).PathAndQuery);
        await agent.ClickAsync("[data-testid=action-start]");
        await agent.Locator("[data-testid=ticket-header] [data-testid=ticket-status][data-status=InProgress]").WaitForAsync();
        await BrowserFixture.FillAsync(agent, "compose-text", "Уточните, пожалуйста, для какого юрлица нужна дата.");
        await agent.ClickAsync("[data-testid=action-ask]");
        await agent.Locator("[data-testid=ticket-header] [data-testid=ticket-status][data-status=WaitingForClient]").WaitForAsync();

        // The client's page, untouched since it loaded, shows the new status and the question.
        await client.Locator("[data-testid=ticket-header] [data-testid=ticket-status][data-status=WaitingForClient]").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Contains("для какого юрлица", await client.InnerTextAsync("body"));
        Assert.Equal(ticketUrl, client.Url);

        // The bell has heard of it too, without a reload.
        await client.ClickAsync("[data-testid=notifications-bell]");
        await client.Locator("[data-testid=notification-item]").Filter(new LocatorFilterOptions { HasText = number }).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        await client.Locator(".mud-overlay").First.ClickAsync();

        // The client answers; the agent's page resumes work on its own.
        await BrowserFixture.FillAsync(client, "compose-text", "Для ООО «Уральская горная компания».");
        await client.ClickAsync("[data-testid=compose-send]");
        await agent.Locator("[data-testid=ticket-header] [data-testid=ticket-status][data-status=InProgress]").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });

        await client.Context.CloseAsync();
        await agent.Context.CloseAsync();
    }

    [Fact]
    public async Task An_agent_takes_several_tickets_at_once_and_sees_the_clients_other_requests()
    {
        var api = await browser.App.ClientForAsync(Demo.ClientA);
        var type = await browser.App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.RequestTypes.Where(t => t.Code == "CLOSE-Q").Select(t => t.Id)));
        for (var i = 0; i < 2; i++)
        {
            var created = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(api, "/api/v1/tickets",
                new { requestTypeId = type, subject = $"Пакет {i}: сверка остатков", description = "Проверьте остатки" });
            created.EnsureSuccessStatusCode();
        }

        var agent = await browser.SignInAsync(Demo.Agent);
        await BrowserFixture.GotoInteractiveAsync(agent, "/tickets");
        await BrowserFixture.FillAsync(agent, "ticket-search", "сверка остатков");
        // The list refreshes after a short debounce; wait for it to show just the two matches.
        await Assertions.Expect(agent.Locator("[data-testid=ticket-link]")).ToHaveCountAsync(2);
        await agent.Locator("[data-testid=tickets-table] thead input[type=checkbox]").CheckAsync();
        await agent.ClickAsync("[data-testid=bulk-assign-me]");
        await agent.Locator("[data-testid=bulk-bar]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });

        var assignees = await browser.App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Tickets.Where(t => t.Subject.EndsWith("сверка остатков")).Select(t => t.Assignee!.Email)));
        Assert.Equal([Demo.Agent, Demo.Agent], assignees);

        await agent.ClickAsync("[data-testid=ticket-link] >> nth=0");
        await agent.Locator("[data-testid=client-sidebar]").WaitForAsync();
        Assert.Contains("Ольга Волкова", await agent.InnerTextAsync("[data-testid=client-csm]"));
        Assert.True(await agent.Locator("[data-testid=client-recent]").CountAsync() >= 1);
        await agent.Context.CloseAsync();
    }

    [Fact]
    public async Task An_agent_inserts_a_canned_response_and_merges_a_duplicate_from_the_ticket_page()
    {
        var api = await browser.App.ClientForAsync(Demo.ClientA);
        var type = await browser.App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.RequestTypes.Where(t => t.Code == "CLOSE-Q").Select(t => t.Id)));
        async Task<System.Text.Json.JsonElement> FileAsync(string subject) =>
            (await (await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(api, "/api/v1/tickets", new { requestTypeId = type, subject, description = "Текст" }))
                .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("summary");
        var original = await FileAsync("Сверка НДС за ноябрь");
        var duplicate = await FileAsync("Сверка НДС за ноябрь (повтор)");

        var agent = await browser.SignInAsync(Demo.Agent);
        await BrowserFixture.GotoInteractiveAsync(agent, $"/tickets/{duplicate.GetProperty("id").GetString()}");
        await agent.ClickAsync("[data-testid=compose-canned]");
        await agent.Locator(".mud-popover-open").GetByText("Запрос уточнения").ClickAsync();
        await Assertions.Expect(Input(agent, "compose-text")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("Сергей Иванов, добрый день"));

        await BrowserFixture.FillAsync(agent, "link-number", original.GetProperty("number").GetString()!);
        await agent.ClickAsync("[data-testid=action-merge]");
        await agent.WaitForURLAsync($"**/tickets/{original.GetProperty("id").GetString()}");
        // The URL changes before the original's page has rendered: until then the duplicate's own link item ("merged into
        // the original") is still on screen, so wait for the original's item naming the duplicate.
        var merged = agent.Locator("[data-testid=ticket-link-item]").Filter(new LocatorFilterOptions { HasText = duplicate.GetProperty("number").GetString()! });
        await merged.WaitForAsync();
        Assert.Contains(duplicate.GetProperty("number").GetString()!, await merged.InnerTextAsync());
        await agent.Context.CloseAsync();
    }

    [Fact]
    public async Task The_client_sees_their_requests_in_the_list_and_an_agent_sees_the_open_view()
    {
        var client = await browser.SignInAsync(Demo.ExecutiveA);
        await BrowserFixture.GotoInteractiveAsync(client, "/tickets");
        await client.Locator("[data-testid=tickets-table]").WaitForAsync();
        Assert.Equal(0, await client.Locator("[data-testid=ticket-views]").CountAsync());

        var agent = await browser.SignInAsync(Demo.Agent);
        await BrowserFixture.GotoInteractiveAsync(agent, "/tickets");
        await agent.Locator("[data-testid=ticket-views]").WaitForAsync();
        await agent.ClickAsync("[data-testid=view-unassigned]");
        await agent.Locator("[data-testid=tickets-table]").WaitForAsync();
        await client.Context.CloseAsync();
        await agent.Context.CloseAsync();
    }
}
