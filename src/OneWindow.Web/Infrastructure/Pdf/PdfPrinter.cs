using Microsoft.Playwright;

namespace OneWindow.Web.Infrastructure.Pdf;

/// <summary>Settings of <see cref="PdfPrinter"/> (section <c>Pdf</c>).</summary>
public sealed class PdfOptions
{
    /// <summary>The Chromium (or Chrome) executable that prints; Debian's package installs it here.</summary>
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    /// <summary>How long one print may take, in seconds.</summary>
    public int TimeoutSeconds { get; set; } = 60;
}

/// <summary>
/// A printed document (or a screenshot's PNG), or why there is none (the printer never throws for a missing or broken Chromium).
/// </summary>
public sealed record PdfResult(byte[]? Pdf, string? HeldReason)
{
    public bool Printed => Pdf is not null;
}

/// <summary>
/// Prints HTML to PDF in headless Chromium through Playwright: one browser, launched on first use and reused (each print
/// gets its own context, so nothing carries over), closed when the application stops. The HTML is printed as given with
/// JavaScript off and every network request refused, so a document can show only what it carries. A missing executable
/// or a browser that fails is reported as a reason, never thrown, so a caller can log the delivery as held.
/// </summary>
public sealed class PdfPrinter(IOptions<PdfOptions> options, ILogger<PdfPrinter> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>Whether the configured Chromium executable exists (it may still fail to start).</summary>
    public bool Available => File.Exists(options.Value.ChromiumPath);

    public Task<PdfResult> PrintAsync(string html, CancellationToken ct) => PrintAsync(html, "A4", landscape: false, ct);

    /// <summary>Prints on the given paper (A4, A3…), landscape when asked: wide documents such as journey maps.</summary>
    public async Task<PdfResult> PrintAsync(string html, string format, bool landscape, CancellationToken ct)
    {
        var (pdf, reason) = await RenderAsync(html, null, page => page.PdfAsync(new PagePdfOptions
        {
            Format = format,
            Landscape = landscape,
            PrintBackground = true,
            Margin = new Margin { Top = "15mm", Bottom = "15mm", Left = "12mm", Right = "12mm" },
        }), "print", ct);
        return new PdfResult(pdf, reason);
    }

    /// <summary>A full-page PNG of the HTML laid out at the given viewport width (CSS pixels), with the same rules as printing.</summary>
    public async Task<PdfResult> ScreenshotAsync(string html, int width, CancellationToken ct)
    {
        var (png, reason) = await RenderAsync(html, Math.Clamp(width, 320, 8000),
            page => page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true, Type = ScreenshotType.Png }), "take a screenshot", ct);
        return new PdfResult(png, reason);
    }

    private async Task<(byte[]? Bytes, string? HeldReason)> RenderAsync(string html, int? width, Func<IPage, Task<byte[]>> render, string what, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(html);
        var path = options.Value.ChromiumPath;
        if (!File.Exists(path))
        {
            return (null, $"Chromium was not found at {path} (setting Pdf:ChromiumPath).");
        }

        var timeout = (float)TimeSpan.FromSeconds(Math.Max(5, options.Value.TimeoutSeconds)).TotalMilliseconds;
        try
        {
            var running = await BrowserAsync(path, ct);
            await using var context = await running.NewContextAsync(new BrowserNewContextOptions
            {
                JavaScriptEnabled = false,
                ViewportSize = width is { } w ? new ViewportSize { Width = w, Height = 600 } : null,
            });
            await context.RouteAsync("**/*", route => route.AbortAsync());
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(timeout);
            await page.SetContentAsync(html, new PageSetContentOptions { WaitUntil = WaitUntilState.Load });
            return (await render(page), null);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException or InvalidOperationException)
        {
            logger.LogWarning(e, "Chromium failed to {What}", what);
            await ResetAsync();
            return (null, Infrastructure.TextLimit.Truncate($"Chromium could not {what}: {e.Message}", 1000));
        }
    }

    private async Task<IBrowser> BrowserAsync(string path, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (browser is { IsConnected: true })
            {
                return browser;
            }

            playwright ??= await Playwright.CreateAsync();
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = path,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            });
            return browser;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task ResetAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (browser is not null)
            {
                try
                {
                    await browser.CloseAsync();
                }
                catch (PlaywrightException)
                {
                    // Already gone; the next print launches a fresh one.
                }

                browser = null;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ResetAsync();
        playwright?.Dispose();
        playwright = null;
        gate.Dispose();
    }
}

public static class PdfSetup
{
    /// <summary>The shared printer (a singleton: one browser per process), configured from <c>Pdf</c>.</summary>
    public static IServiceCollection AddOneWindowPdf(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PdfOptions>(configuration.GetSection("Pdf"));
        services.AddSingleton<PdfPrinter>();
        return services;
    }
}
