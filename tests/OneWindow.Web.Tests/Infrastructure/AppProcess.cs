using System.Diagnostics;
using System.Text;

namespace OneWindow.Web.Tests.Infrastructure;

/// <summary>
/// The built application run as its own process, `dotnet OneWindow.Web.dll [command]`, the way an operator runs it: in
/// Production on a test class's database, its exit code and console output returned.
/// </summary>
public static class AppProcess
{
    public sealed record Outcome(int ExitCode, string Output);

    public static async Task<Outcome> RunAsync(string connectionString, IEnumerable<string> args, string? standardInput = null,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OneWindow.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment.Remove("OW_ADMIN_PASSWORD");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Should it serve after all, it serves on a port of its own, never one a developer's instance holds.
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Database__Provider"] = OneWindowFactory.Provider;
        start.Environment["ConnectionStrings__OneWindow"] = connectionString;
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Demo__HistoryTickets"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteLineAsync(standardInput);
        }

        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new Outcome(-1, $"(still running after the time limit, killed)\n{Read(output)}");
        }

        // The asynchronous readers may still hold the last lines.
        process.WaitForExit();
        return new Outcome(process.ExitCode, Read(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
