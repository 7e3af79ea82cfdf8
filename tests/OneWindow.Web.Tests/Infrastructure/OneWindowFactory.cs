using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OneWindow.Web.Data;
using OneWindow.Web.Features.Shell;
using OneWindow.Web.Data.Tenancy;

namespace OneWindow.Web.Tests.Infrastructure;

/// <summary>
/// The real application over a real, fresh database per test class: SQLite by default, PostgreSQL when
/// OW_TEST_DB=postgres (test.sh runs the suite both ways). Migrations are applied at start-up and the demo data is
/// asked for explicitly (Database:SeedDemoData=true), as a deliberate demo deployment would.
/// </summary>
public class OneWindowFactory : WebApplicationFactory<Program>
{
    public static string Provider => Environment.GetEnvironmentVariable("OW_TEST_DB") is "postgres" ? "Postgres" : "Sqlite";

    private readonly string databaseName = "ow_test_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string? sqliteFile;
    private readonly bool ownsDatabase = true;

    public OneWindowFactory()
    {
        if (Provider == "Sqlite")
        {
            sqliteFile = Path.Combine(Path.GetTempPath(), databaseName + ".db");
        }
    }

    /// <summary>Another instance of the application on <paramref name="primary"/>'s database, which it neither creates nor drops.</summary>
    protected OneWindowFactory(OneWindowFactory primary)
    {
        ArgumentNullException.ThrowIfNull(primary);
        databaseName = primary.databaseName;
        sqliteFile = primary.sqliteFile;
        ownsDatabase = false;
    }

    public string ConnectionString => Provider == "Postgres"
        ? new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("OW_TEST_PG") ?? "Host=127.0.0.1;Port=55432;Username=postgres") { Database = databaseName }.ConnectionString
        : $"Data Source={sqliteFile}";

    /// <summary>The disk store's folder for this database (shared by a second instance on it), removed with the database.</summary>
    public string AttachmentsPath => Path.Combine(Path.GetTempPath(), databaseName + "_attachments");

    /// <summary>Where API clients send requests: the in-memory server, or Kestrel's address when a browser test started it.</summary>
    public Uri ServerAddress { get; set; } = new("http://localhost");

    /// <summary>Extra settings a test class needs (e.g. tighter rate limits).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <summary>The hosting environment: "Testing", unless a test is about what Development or Production do differently.</summary>
    protected virtual string HostEnvironment => "Testing";

    /// <summary>
    /// Database:SeedDemoData. The suite signs in as the demo people, so it asks for them explicitly, as any deployment outside
    /// Development must; null leaves the setting out, to test the environment's default.
    /// </summary>
    protected virtual bool? SeedDemoData => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(HostEnvironment);
        builder.UseSetting("Database:Provider", Provider);
        builder.UseSetting("ConnectionStrings:OneWindow", ConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        if (SeedDemoData is { } seed)
        {
            builder.UseSetting("Database:SeedDemoData", seed ? "true" : "false");
        }

        builder.UseSetting("RateLimits:ApiPerMinute", "100000");
        builder.UseSetting("RateLimits:AuthPerMinute", "100000");
        builder.UseSetting("RateLimits:PublicPerMinute", "100000");
        builder.UseSetting("RateLimits:UiPerMinute", "100000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Files beside the database, never in the content root's data/ that a developer's own instance uses: the orphan
        // sweep deletes what this database does not reference.
        builder.UseSetting("Attachments:Path", AttachmentsPath);
        // The demo's year of history (3,000 tickets) is for a first look at the app; the suite's demo stays small and its
        // figures fixed. A test class that checks the history turns it on through Settings.
        builder.UseSetting("Demo:HistoryTickets", "0");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Runs code against the database as the application itself (bypassing tenancy), for arranging and checking data.</summary>
    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().EstablishSystem();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private readonly Dictionary<string, string> tokens = [];

    /// <summary>An API client holding a bearer token of the given demo person.</summary>
    public async Task<HttpClient> ClientForAsync(string email)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ServerAddress });
        if (!tokens.TryGetValue(email, out var token))
        {
            var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = DemoData.Password });
            response.EnsureSuccessStatusCode();
            token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
            tokens[email] = token;
        }

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A browser-like client signed in through the sign-in form (antiforgery token and cookie).</summary>
    public async Task<HttpClient> CookieClientForAsync(string email)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = ServerAddress });
        await SignInAsync(client, email);
        return client;
    }

    /// <summary>Signs a cookie-keeping client in through the sign-in form (antiforgery token and cookie).</summary>
    public static async Task SignInAsync(HttpClient client, string email)
    {
        ArgumentNullException.ThrowIfNull(client);
        var form = await client.GetStringAsync("/account/login");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = DemoData.Password,
        }));
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Redirect, $"sign-in as {email} failed: {(int)response.StatusCode}");
    }

    public HttpClient AnonymousClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ServerAddress });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!ownsDatabase)
        {
            // The primary instance cleans up; dropping the database here would pull it from under the other host.
            GC.SuppressFinalize(this);
            return;
        }

        if (Directory.Exists(AttachmentsPath))
        {
            Directory.Delete(AttachmentsPath, recursive: true);
        }

        if (sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { sqliteFile, sqliteFile + "-wal", sqliteFile + "-shm" })
            {
                File.Delete(f);
            }
        }
        else
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres" }.ConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        GC.SuppressFinalize(this);
    }
}

public static class Demo
{
    public const string Admin = "admin@onewindow.demo";
    public const string Agent = "agent@onewindow.demo";
    public const string TeamLead = "teamlead@onewindow.demo";
    public const string Csm = "csm@onewindow.demo";
    public const string DeliveryLead = "dl@onewindow.demo";
    public const string Quality = "quality@onewindow.demo";
    /// <summary>Client user of company A (Уральская горная компания).</summary>
    public const string ClientA = "user@ural-mining.demo";
    public const string ExecutiveA = "cfo@ural-mining.demo";
    /// <summary>Client user of company B (Сибирский агрохолдинг).</summary>
    public const string ClientB = "user@sib-agro.demo";
    public const string CompanyA = "ООО «Уральская горная компания»";
    public const string CompanyB = "АО «Сибирский агрохолдинг»";
}

public static class HttpAssert
{
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(status, json.GetProperty("status").GetInt32());
        Assert.StartsWith("https://", json.GetProperty("type").GetString());
        return json;
    }

    public static async Task<JsonElement> FieldErrorAsync(HttpResponseMessage response, string field)
    {
        var json = await ProblemAsync(response, 400);
        var errors = json.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"Expected an error for '{field}', got {errors}");
        return json;
    }
}
