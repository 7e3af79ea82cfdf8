using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using OneWindow.Web.Features.Shell;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Browser.Tests;

/// <summary>The real app on Kestrel (127.0.0.1, a free port) and Debian's Chromium driven by Playwright.</summary>
public class BrowserFixture : IAsyncLifetime
{
    public BrowserFixture()
        : this(new OneWindowFactory())
    {
    }

    protected BrowserFixture(OneWindowFactory app) => App = app;

    public OneWindowFactory App { get; }
    public string BaseUrl { get; private set; } = "";
    private IPlaywright? playwright;
    public IBrowser Browser { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        var port = FreePort();
        App.UseKestrel(port);
        App.StartServer();
        BaseUrl = $"http://127.0.0.1:{port}";
        App.ServerAddress = new Uri(BaseUrl);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("OW_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "en-US", ViewportSize = new ViewportSize { Width = width, Height = height } });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task<IPage> SignInAsync(string email, int width = 1280)
    {
        var page = await NewPageAsync(width);
        await page.GotoAsync("/account/login");
        await page.FillAsync("[data-testid=login-email]", email);
        await page.FillAsync("[data-testid=login-password]", DemoData.Password);
        await page.ClickAsync("[data-testid=login-submit]");
        try
        {
            await WaitInteractiveAsync(page);
        }
        catch (TimeoutException)
        {
            var shot = Path.Combine(Path.GetTempPath(), $"ow-signin-{email}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot });
            throw new TimeoutException($"Sign-in as {email} did not reach the app; at {page.Url}; screenshot {shot}");
        }

        return page;
    }

    /// <summary>Waits until the Blazor circuit has taken over the prerendered page, so clicks reach handlers.</summary>
    public static async Task WaitInteractiveAsync(IPage page) =>
        await page.Locator("#ow-ready[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>The editable element of a MudBlazor field, wherever the component put its data-testid.</summary>
    public static ILocator Input(IPage page, string testId) =>
        page.Locator($"[data-testid={testId}]").Locator("xpath=descendant-or-self::*[self::input or self::textarea][not(@type='hidden')]").First;

    /// <summary>
    /// Fills a MudBlazor field and checks the text is there: a MudSelect that has just closed can take the focus back
    /// while Playwright types, and the text then goes nowhere.
    /// </summary>
    public static async Task FillAsync(IPage page, string testId, string value)
    {
        var input = Input(page, testId);
        for (var attempt = 1; ; attempt++)
        {
            await input.FillAsync(value);
            if (await input.InputValueAsync() == value)
            {
                return;
            }

            if (attempt == 3)
            {
                throw new InvalidOperationException($"The field {testId} would not keep the text it was given.");
            }
        }
    }

    /// <summary>
    /// Clicks until the URL matches: right after a reload the circuit can report interactive while a component is
    /// still rendering its first data, and the first click then goes nowhere (seen once in CI on a loaded machine).
    /// </summary>
    public static Task ClickUntilUrlAsync(IPage page, string selector, string urlGlob) =>
        UntilUrlAsync(page, () => page.ClickAsync(selector), urlGlob);

    /// <summary>
    /// Repeats an action (a click, a pick from a select) until the URL matches; between tries Escape closes any
    /// popover the missed try left open. Only for actions that are harmless to repeat.
    /// </summary>
    public static async Task UntilUrlAsync(IPage page, Func<Task> act, string urlGlob)
    {
        for (var attempt = 1; ; attempt++)
        {
            await act();
            try
            {
                await page.WaitForURLAsync(urlGlob, new PageWaitForURLOptions { Timeout = 10_000, WaitUntil = WaitUntilState.Commit });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                await page.Keyboard.PressAsync("Escape");
            }
        }
    }

    /// <summary>Opens an app page and waits for it to become interactive.</summary>
    public static async Task GotoInteractiveAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitInteractiveAsync(page);
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await App.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
