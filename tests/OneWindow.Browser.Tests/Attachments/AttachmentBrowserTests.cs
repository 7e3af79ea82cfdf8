using Microsoft.Playwright;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests.Attachments;

public class AttachmentBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_client_attaches_a_file_in_the_portal_and_the_agent_downloads_it_from_the_ticket_page()
    {
        var pdf = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"u8.ToArray();
        var client = await browser.SignInAsync(Demo.ClientA);
        await BrowserFixture.GotoInteractiveAsync(client, "/tickets/new");
        await client.ClickAsync("[data-testid=ticket-type]");
        await client.Locator(".mud-popover-open").GetByText("Вопрос по закрытию периода").ClickAsync();
        await client.Locator(".mud-popover-open .mud-list-item").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        await BrowserFixture.FillAsync(client, "ticket-subject", "Акт сверки за ноябрь");
        await BrowserFixture.FillAsync(client, "ticket-description", "Акт во вложении, проверьте, пожалуйста.");
        await client.Locator("[data-testid=ticket-files] input[type=file]").SetInputFilesAsync(
            new FilePayload { Name = "Акт сверки.pdf", MimeType = "application/pdf", Buffer = pdf });
        await client.Locator("[data-testid=ticket-file]").GetByText("Акт сверки.pdf").WaitForAsync();
        await client.ClickAsync("[data-testid=ticket-submit]");
        // Blazor navigates within the page (no load event), and reading the file first can make that quicker than the wait starts.
        try
        {
            // Generous: on two busy cores the upload, the save and the first clock replay can take a while.
            await client.WaitForURLAsync("**/tickets/*-*", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            // Say what the page showed instead (a validation or save error) rather than only that it did not move.
            Assert.Fail("The portal did not open the new ticket; the page says: " + await client.InnerTextAsync("body"));
        }
        await BrowserFixture.WaitInteractiveAsync(client);
        await client.Locator("[data-testid=attachment-link]").GetByText("Акт сверки.pdf").WaitForAsync();
        var ticketPath = new Uri(client.Url).PathAndQuery;

        var agent = await browser.SignInAsync(Demo.Agent);
        await BrowserFixture.GotoInteractiveAsync(agent, ticketPath);
        var download = await agent.RunAndWaitForDownloadAsync(() => agent.ClickAsync("[data-testid=attachment-link]"));
        Assert.Equal("Акт сверки.pdf", download.SuggestedFilename);
        var path = await download.PathAsync();
        Assert.Equal(pdf, await File.ReadAllBytesAsync(path));

        await client.Context.CloseAsync();
        await agent.Context.CloseAsync();
    }

    [Fact]
    public async Task Picking_files_again_and_again_never_holds_more_than_one_message_takes()
    {
        // Issue 11, item 13: each pick is capped by the input (10 files), but the picks used to pile up in the circuit.
        var client = await browser.SignInAsync(Demo.ClientA);
        await BrowserFixture.GotoInteractiveAsync(client, "/tickets/new");
        for (var pick = 0; pick < 3; pick++)
        {
            // MudFileUpload renders a fresh input after each pick: the last one is live.
            await client.Locator("[data-testid=ticket-files] input[type=file]").Last.SetInputFilesAsync(Enumerable.Range(0, 6).Select(i => new FilePayload { Name = $"скан-{pick}-{i}.txt", MimeType = "text/plain", Buffer = "акт"u8.ToArray() }));
            await client.Locator("[data-testid=ticket-file]").GetByText($"скан-{pick}-0.txt").Or(client.Locator("[data-testid=ticket-files-error]")).First.WaitForAsync();
        }

        await client.Locator("[data-testid=ticket-files-error]").WaitForAsync();
        Assert.Contains("10", await client.InnerTextAsync("[data-testid=ticket-files-error]"));
        Assert.Equal(10, await client.Locator("[data-testid=ticket-file]").CountAsync());
        await client.Context.CloseAsync();
    }
}
