using System.Diagnostics;
using System.Globalization;

namespace OneWindow.Load;

/// <summary>
/// The application under test as production runs it: published in Release, started as its own process
/// (`dotnet OneWindow.Web.dll`) on PostgreSQL, with demo data and the rate limits raised out of the way.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;

    private AppProcess(Process process, StreamWriter log, Uri baseAddress, string logPath)
    {
        this.process = process;
        this.log = log;
        BaseAddress = baseAddress;
        LogPath = logPath;
    }

    public Uri BaseAddress { get; }

    public string LogPath { get; }

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>
    /// Publishes the app as the Dockerfile does; with <paramref name="readyToRun"/> precompiled (ReadyToRun), as production
    /// runs it — the fault script skips that minute of compiling since it measures correctness, not speed.
    /// </summary>
    public static async Task<string> PublishAsync(string repoRoot, string outDir, bool readyToRun = true)
    {
        var project = Path.Combine(repoRoot, "src", "OneWindow.Web", "OneWindow.Web.csproj");
        string[] args = readyToRun
            ? ["publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", outDir, "-nologo", "-clp:ErrorsOnly"]
            : ["publish", project, "-c", "Release", "-o", outDir, "-nologo", "-clp:ErrorsOnly"];
        await Shell.CheckedAsync("dotnet", args, timeout: TimeSpan.FromMinutes(20));
        return Path.Combine(outDir, "OneWindow.Web.dll");
    }

    public static Dictionary<string, string> Environment(string connectionString, int port) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__OneWindow"] = connectionString,
        // On PostgreSQL the app migrates only when told to (production uses the migrate command); here the fresh
        // database must be migrated and loaded with the demo SSC by whichever runs first, the seed command or the server.
        // Set explicitly, it is also what lets a Production instance serve the demo logins the workers sign in as.
        ["Database__MigrateOnStartup"] = "true",
        ["Database__SeedDemoData"] = "true",
        // The runs seed their own tickets; the demo's year of history would only skew their figures.
        ["Demo__HistoryTickets"] = "0",
        // The limits protect production from one noisy person; here eight workers share one person on purpose.
        ["RateLimits__ApiPerMinute"] = "100000000",
        ["RateLimits__AuthPerMinute"] = "100000000",
        ["RateLimits__PublicPerMinute"] = "100000000",
        ["RateLimits__UiPerMinute"] = "100000000",
        // The cookie workers replay the one Cookie header they signed in with and never store the renewed cookie a browser
        // would; with the default minute every request after the first minute would re-check the person, where a browser
        // re-checks once a minute.
        ["Identity__RevalidationSeconds"] = "3600",
    };

    /// <summary>`dotnet OneWindow.Web.dll seed --tickets N --batch 5000`: migrates, loads the demo SSC, then adds N tickets.</summary>
    public static async Task<(TimeSpan Elapsed, string LastLine)> SeedAsync(string dll, Dictionary<string, string> env, int tickets)
    {
        var watch = Stopwatch.StartNew();
        var output = await Shell.CheckedAsync("dotnet", [dll, "seed", "--tickets", tickets.ToString(CultureInfo.InvariantCulture), "--batch", "5000"],
            workDir: Path.GetDirectoryName(dll), env: env);
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith("Seeded ", StringComparison.Ordinal)) ?? "";
        return (watch.Elapsed, last.Trim().TrimEnd('.'));
    }

    public static async Task<AppProcess> StartAsync(string dll, Dictionary<string, string> env, Uri baseAddress, string logPath, TimeSpan readyTimeout)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var (k, v) in env)
        {
            start.Environment[k] = v;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        // The app's JSON log goes to a file, read as it comes so a full pipe never stalls the server.
        var log = new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, log, baseAddress, logPath);

        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < readyTimeout)
        {
            if (process.HasExited)
            {
                throw new AppFailedException($"The app exited with {process.ExitCode} before answering; its log ({logPath}) ends:\n{app.LogTail(30)}");
            }

            try
            {
                using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (ready.IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but busy (migrating, loading the demo).
            }

            await Task.Delay(250);
        }

        await app.DisposeAsync();
        throw new AppFailedException($"The app did not answer /health/ready within {readyTimeout.TotalSeconds:F0} s; its log ({logPath}) ends:\n{app.LogTail(30)}");
    }

    /// <summary>SIGKILL: the process dies mid-request, as on an OOM kill or a lost machine; nothing is flushed.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Resident memory of the app's process in bytes (VmRSS), or null once it has gone.</summary>
    public long? ResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process ended between the check and the read.
        }

        return null;
    }

    public string LogTail(int lines)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return Shell.Tail(reader.ReadToEnd(), lines);
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // SIGTERM lets the host stop its jobs and flush; a hung shutdown is killed.
            await Shell.RunAsync("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
        lock (log)
        {
            log.Dispose();
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The last lines after shutdown are not needed.
            }
        }
    }
}

internal sealed class AppFailedException(string message) : Exception(message);
