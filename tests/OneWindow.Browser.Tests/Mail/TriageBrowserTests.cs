using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OneWindow.Web.Features.Attachments;
using OneWindow.Web.Features.Mail;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests.Mail;

public class TriageBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_message_that_failed_to_process_is_marked_in_triage_and_its_original_downloads()
    {
        var subject = "Не обработано " + Guid.NewGuid().ToString("N")[..8];
        var raw = Encoding.UTF8.GetBytes($"From: user@ural-mining.demo\r\nSubject: {subject}\r\nMessage-ID: <failed@client.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nТекст.\r\n");
        // What the intake leaves after the last failed attempt: the record with the error, the message in the store.
        var stored = await browser.App.Services.GetRequiredService<IAttachmentStore>().SaveAsync(new MemoryStream(raw), long.MaxValue, CancellationToken.None);
        await browser.App.WithDbAsync(async db =>
        {
            db.InboundEmails.Add(new InboundEmail
            {
                MessageId = "failed@client.test",
                FromAddress = "user@ural-mining.demo",
                Subject = subject,
                Body = "Текст.",
                RawKey = stored!.Key,
                Outcome = InboundOutcome.Failed,
                Reason = "Failed to process after 5 attempts: DbUpdateException",
                ReceivedAt = TimeProvider.System.GetUtcNow(),
            });
            return await db.SaveChangesAsync();
        });

        var page = await browser.SignInAsync(Demo.Quality);
        await BrowserFixture.GotoInteractiveAsync(page, "/mail/triage");
        var row = page.Locator("[data-testid=triage-table] tr", new() { HasText = subject });
        await Assertions.Expect(row.Locator("[data-testid=triage-failed]")).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => row.Locator("[data-testid=triage-raw]").ClickAsync());
        Assert.EndsWith(".eml", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Equal(raw, await File.ReadAllBytesAsync(await download.PathAsync()));
        Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync());
        await page.Context.CloseAsync();
    }
}
