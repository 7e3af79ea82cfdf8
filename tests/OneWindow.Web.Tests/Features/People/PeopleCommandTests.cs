using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OneWindow.Web.Tests.Features.Shell;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.People;

/// <summary>Issue 11, item 7: an installation without demo data gets its first administrator from `create-admin`.</summary>
public class PeopleCommandTests
{
    [Fact]
    public async Task Create_admin_migrates_a_new_database_and_makes_an_administrator_who_signs_in()
    {
        await using var app = new ProductionFactory();

        // A database nothing has migrated yet; the password comes on standard input, never in the arguments.
        var created = await AppProcess.RunAsync(app.ConnectionString, ["create-admin", "--email", "boss@meridian.example", "--name", "Ирина Соколова", "--culture", "en"],
            standardInput: "Meridian-Admin-2027");
        Assert.True(created.ExitCode == 0, created.Output);
        Assert.Contains("Created administrator boss@meridian.example", created.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Meridian-Admin-2027", created.Output, StringComparison.Ordinal);

        // Production serves (no demo login exists) and the administrator signs in with the Admin role.
        var me = await MeAsync(app, "boss@meridian.example", "Meridian-Admin-2027");
        Assert.Equal(["Admin"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("Ирина Соколова", me.GetProperty("fullName").GetString());
        Assert.Equal("en", me.GetProperty("culture").GetString());

        // With no password given, one is generated and shown once.
        var generated = await AppProcess.RunAsync(app.ConnectionString, ["create-admin", "--email", "deputy@meridian.example", "--name", "Заместитель"]);
        Assert.True(generated.ExitCode == 0, generated.Output);
        var password = System.Text.RegularExpressions.Regex.Match(generated.Output, @"Password \(shown once, keep it now\): (\S+)").Groups[1].Value;
        Assert.Equal(20, password.Length);
        Assert.Equal(["Admin"], (await MeAsync(app, "deputy@meridian.example", password)).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        // A taken address and a password in the arguments are refused with a non-zero exit code.
        var taken = await AppProcess.RunAsync(app.ConnectionString, ["create-admin", "--email", "boss@meridian.example", "--name", "Кто-то ещё"], standardInput: "Another-Admin-2027");
        Assert.Equal(1, taken.ExitCode);
        Assert.Contains("already exists", taken.Output, StringComparison.Ordinal);
        var inArguments = await AppProcess.RunAsync(app.ConnectionString, ["create-admin", "--email", "third@meridian.example", "--name", "Третий", "--password", "Visible-Admin-2027"]);
        Assert.Equal(2, inArguments.ExitCode);
        Assert.Contains("standard input", inArguments.Output, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> MeAsync(OneWindowFactory app, string email, string password)
    {
        var client = app.AnonymousClient();
        var issued = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password });
        Assert.True(issued.StatusCode == HttpStatusCode.OK, $"{email}: {(int)issued.StatusCode} {await issued.Content.ReadAsStringAsync()}");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return await client.GetFromJsonAsync<JsonElement>("/api/v1/me");
    }
}
