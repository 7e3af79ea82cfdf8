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

/// <summary>A printed document, or why there is none (the printer never throws for a missing or broken Chromium).</summary>
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

    public async Task<PdfResult> PrintAsync(string html, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(html);
        var path = options.Value.ChromiumPath;
        if (!File.Exists(path))
        {
            return new PdfResult(null, $"Chromium was not found at {path} (setting Pdf:ChromiumPath).");
        }

        var timeout = (float)TimeSpan.FromSeconds(Math.Max(5, options.Value.TimeoutSeconds)).TotalMilliseconds;
        try
        {
            var running = await BrowserAsync(path, ct);
            await using var context = await running.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
            await context.RouteAsync("**/*", route => route.AbortAsync());
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(timeout);
            await page.SetContentAsync(html, new PageSetContentOptions { WaitUntil = WaitUntilState.Load });
            var pdf = await page.PdfAsync(new PagePdfOptions
            {
                Format = "A4",
                PrintBackground = true,
                Margin = new Margin { Top = "15mm", Bottom = "15mm", Left = "12mm", Right = "12mm" },
            });
            return new PdfResult(pdf, null);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException or InvalidOperationException)
        {
            logger.LogWarning(e, "Printing a PDF in Chromium failed");
            await ResetAsync();
            return new PdfResult(null, Infrastructure.TextLimit.Truncate($"Chromium could not print: {e.Message}", 1000));
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
