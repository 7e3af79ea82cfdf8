using System.Diagnostics;
using System.Text;

namespace OneWindow.Load;

/// <summary>Runs command-line tools and collects their output; PostgreSQL's server tools as an unprivileged user under root.</summary>
internal static class Shell
{
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>PostgreSQL refuses to run as root, so as root the server tools run as 'postgres' (or 'nobody'), as in test.sh.</summary>
    public static string ServerUser { get; } = UserExists("postgres") ? "postgres" : "nobody";

    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args, string? workDir = null,
        IReadOnlyDictionary<string, string>? env = null, bool asServerUser = false, TimeSpan? timeout = null)
    {
        var argList = args.ToList();
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asServerUser && IsRoot)
        {
            start.FileName = "su";
            foreach (var a in (string[])["-s", "/bin/sh", ServerUser, "-c", string.Join(' ', argList.Prepend(file).Select(Quote))])
            {
                start.ArgumentList.Add(a);
            }
        }
        else
        {
            start.FileName = file;
            foreach (var a in argList)
            {
                start.ArgumentList.Add(a);
            }
        }

        if (workDir is not null)
        {
            start.WorkingDirectory = workDir;
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = new StringBuilder();
        // Both streams are read as they come, so a chatty tool never blocks on a full pipe.
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout ?? Timeout.InfiniteTimeSpan);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {timeout}.");
        }

        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    /// <summary>Like <see cref="RunAsync"/>, but a non-zero exit is an error that shows the tool's output.</summary>
    public static async Task<string> CheckedAsync(string file, IEnumerable<string> args, string? workDir = null,
        IReadOnlyDictionary<string, string>? env = null, bool asServerUser = false, TimeSpan? timeout = null)
    {
        var argList = args.ToList();
        var (code, output) = await RunAsync(file, argList, workDir, env, asServerUser, timeout);
        if (code != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', argList)} exited with {code}:\n{Tail(output, 40)}");
        }

        return output;
    }

    public static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static bool UserExists(string name) =>
        File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(l => l.StartsWith(name + ":", StringComparison.Ordinal));
}
