namespace OneWindow.Web.Features.People;

/// <summary>
/// Operator commands run instead of serving. <c>create-admin</c> makes the first administrator of an installation without
/// demo data; <c>deactivate-demo</c> deactivates the demo logins that a start-up outside Development refuses to serve.
/// Both write through <see cref="PeopleDesk"/>, acting as the application, and answer with a process exit code.
/// </summary>
public static class PeopleCommands
{
    /// <summary>The environment variable a deployment script may hand the new administrator's password in.</summary>
    public const string PasswordVariable = "OW_ADMIN_PASSWORD";

    public const string CreateAdminUsage =
        "Usage: dotnet OneWindow.Web.dll create-admin --email <address> --name \"<full name>\" [--culture ru|en]\n" +
        "The password is read from standard input (its first line) or the " + PasswordVariable + " environment variable; " +
        "with neither, a strong one is generated and printed once.";

    // No look-alike characters: a generated password is read off a terminal and typed in once.
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public static async Task<int> CreateAdminAsync(IServiceProvider services, string[] args, TextReader input, bool inputRedirected, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Contains("--password", StringComparer.Ordinal))
        {
            // Arguments are visible to every local user in the process list and stay in the shell's history.
            await output.WriteLineAsync($"A password on the command line shows in the process list and the shell history: pipe it on standard input or set {PasswordVariable}.");
            return 2;
        }

        var email = Option(args, "--email");
        var name = Option(args, "--name");
        if (email is null || name is null)
        {
            await output.WriteLineAsync(CreateAdminUsage);
            return 2;
        }

        var given = inputRedirected ? (await input.ReadLineAsync())?.TrimEnd('\r') : null;
        if (string.IsNullOrEmpty(given))
        {
            given = Environment.GetEnvironmentVariable(PasswordVariable);
        }

        var generated = string.IsNullOrEmpty(given);
        var password = generated ? NewPassword() : given!;

        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        var desk = scope.ServiceProvider.GetRequiredService<PeopleDesk>();
        var person = new PersonInput(email, name, CompanyId: null, DepartmentId: null, TeamId: null, JobTitle: null, TimeZoneId: null,
            Roles: [Roles.Admin], Culture: Option(args, "--culture") ?? "ru", Password: password);
        var result = await desk.CreatePersonAsync(person, CancellationToken.None);
        if (!result.IsDone)
        {
            await output.WriteLineAsync($"The administrator was not created: {Describe(result)}");
            return 1;
        }

        await output.WriteLineAsync($"Created administrator {email.Trim()} ({result.Id}).");
        if (generated)
        {
            await output.WriteLineAsync($"Password (shown once, keep it now): {password}");
        }

        return 0;
    }

    public static async Task<int> DeactivateDemoAsync(IServiceProvider services, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var desk = scope.ServiceProvider.GetRequiredService<PeopleDesk>();
        var failed = 0;
        var found = await DemoAccounts.FindActiveAsync(db);
        foreach (var user in found)
        {
            // Deactivated, not deleted: tickets, audit entries and assignments keep naming them.
            var result = await desk.DeactivatePersonAsync(user);
            failed += result.IsDone ? 0 : 1;
            await output.WriteLineAsync(result.IsDone ? $"Deactivated {user.Email}." : $"Could not deactivate {user.Email}: {Describe(result)}");
        }

        await output.WriteLineAsync(found.Count == 0 ? "No active demo account." : $"{found.Count - failed} of {found.Count} demo account(s) deactivated.");
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (!(await users.GetUsersInRoleAsync(Roles.Admin)).Any(u => u.IsActive))
        {
            await output.WriteLineAsync("No active administrator is left: create one with create-admin.");
        }

        return failed == 0 ? 0 : 1;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && !string.IsNullOrWhiteSpace(args[i + 1]) ? args[i + 1] : null;
    }

    private static string Describe(DeskResult result) =>
        result.Errors is { Count: > 0 } errors ? string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")) : result.Detail ?? result.Outcome.ToString();

    /// <summary>Twenty characters with a digit and both cases, so Identity's password rules always accept it.</summary>
    private static string NewPassword()
    {
        while (true)
        {
            var candidate = RandomNumberGenerator.GetString(PasswordAlphabet, 20);
            if (candidate.Any(char.IsDigit) && candidate.Any(char.IsUpper) && candidate.Any(char.IsLower))
            {
                return candidate;
            }
        }
    }
}
