using System.Globalization;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OneWindow.Load;

/// <summary>How a worker proves who it is: the sign-in cookie a browser holds, or an Authorization header.</summary>
internal sealed record Identity(string Email, string? Cookie, AuthenticationHeaderValue? Authorization);

/// <summary>One measured workload: who sends it and what each request is.</summary>
internal sealed record Scenario(string Name, Identity Identity, Func<Random, HttpRequestMessage> Request);

internal sealed record ScenarioResult(string Name, long Requests, long Ok, IReadOnlyDictionary<string, long> Errors, string? FirstError,
    double Seconds, double P50, double P95, double P99, long RssPeak, long RssEnd, double LoadAverage)
{
    public long Failed => Requests - Ok;
    public double OkPerSecond => Ok / Seconds;
    public double ErrorShare => Requests == 0 ? 1 : (double)Failed / Requests;
}

/// <summary>Signs in the way real clients do and discovers what the scenarios need (a request type, ticket ids).</summary>
internal static partial class Auth
{
    public const string Password = "OneWindow2026";

    /// <summary>The browser's way: GET the sign-in form for its antiforgery token and cookie, POST it, keep the auth cookie.</summary>
    public static async Task<Identity> CookieAsync(Uri baseAddress, string email)
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress };
        var form = await http.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var token = AntiforgeryField().Match(form);
        if (!token.Success)
        {
            throw new InvalidOperationException("The sign-in page has no antiforgery token.");
        }

        using var body = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
        });
        using var response = await http.PostAsync(new Uri("/account/login", UriKind.Relative), body);
        if (response.StatusCode != HttpStatusCode.Redirect || !cookies.GetCookies(baseAddress).Any(c => c.Name == "onewindow.auth"))
        {
            throw new InvalidOperationException($"Cookie sign-in as {email} failed: {(int)response.StatusCode}.");
        }

        return new Identity(email, cookies.GetCookieHeader(baseAddress), null);
    }

    /// <summary>An API integration's way: a short-lived bearer token once, then a personal access token (owpat_…) for good.</summary>
    public static async Task<Identity> PersonalAccessTokenAsync(Uri baseAddress, string email)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        using var issued = await http.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { email, password = Password });
        await Ensure(issued, $"token for {email}");
        var bearer = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var created = await http.PostAsJsonAsync(new Uri("/api/v1/me/tokens", UriKind.Relative),
            new { name = "load test " + TimeProvider.System.GetUtcNow().ToString("s", CultureInfo.InvariantCulture), scopes = new[] { "read", "write" }, expiresInDays = 1 });
        await Ensure(created, $"personal access token for {email}");
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        return new Identity(email, null, new AuthenticationHeaderValue("Bearer", secret));
    }

    /// <summary>A request type the person's company receives whose form has no required custom field, so a bare create is valid.</summary>
    public static async Task<(Guid Id, string Name)> RequestTypeWithoutRequiredFieldsAsync(Uri baseAddress, Identity who)
    {
        using var http = Client(baseAddress, who);
        var page = await http.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/request-types?pageSize=200", UriKind.Relative));
        foreach (var type in page.GetProperty("items").EnumerateArray())
        {
            if (!type.GetProperty("fields").EnumerateArray().Any(f => f.GetProperty("required").GetBoolean()))
            {
                return (type.GetProperty("id").GetGuid(), type.GetProperty("name").GetString()!);
            }
        }

        throw new InvalidOperationException($"{who.Email} can use no request type without required fields.");
    }

    /// <summary>Ticket ids the person sees, from the first pages of their default list.</summary>
    public static async Task<IReadOnlyList<Guid>> TicketIdsAsync(Uri baseAddress, Identity who, int pages)
    {
        using var http = Client(baseAddress, who);
        var ids = new List<Guid>();
        for (var page = 1; page <= pages; page++)
        {
            var list = await http.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/tickets?pageSize=200&page={page}", UriKind.Relative));
            var items = list.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToList();
            ids.AddRange(items);
            if (items.Count < 200)
            {
                break;
            }
        }

        return ids.Count > 0 ? ids : throw new InvalidOperationException($"{who.Email} sees no tickets.");
    }

    /// <summary>A client with the identity's credentials on every request and its connection kept alive, as a browser or an integration holds one.</summary>
    public static HttpClient Client(Uri baseAddress, Identity who)
    {
        var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (who.Cookie is not null)
        {
            http.DefaultRequestHeaders.Add("Cookie", who.Cookie);
        }

        http.DefaultRequestHeaders.Authorization = who.Authorization;
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }

    private static async Task Ensure(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

/// <summary>Runs a scenario with N workers for a fixed time, each sending its next request as soon as the last is answered.</summary>
internal static class Runner
{
    public static async Task<ScenarioResult> RunAsync(Scenario scenario, AppProcess app, int clients, TimeSpan warmUp, TimeSpan duration, CancellationToken ct)
    {
        var http = Enumerable.Range(0, clients).Select(_ => Auth.Client(app.BaseAddress, scenario.Identity)).ToArray();
        try
        {
            // Warm-up: connections opened, the endpoint's code jitted and its queries planned; nothing recorded.
            await Task.WhenAll(http.Select((h, i) => WorkAsync(h, scenario, new Random(i), Stopwatch.StartNew(), warmUp, null, ct)));

            using var rss = new RssSampler(app);
            var results = Enumerable.Range(0, clients).Select(_ => new WorkerResult()).ToArray();
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(http.Select((h, i) => WorkAsync(h, scenario, new Random(1000 + i), watch, duration, results[i], ct)));
            var seconds = watch.Elapsed.TotalSeconds;
            var rssEnd = app.ResidentBytes() ?? 0;
            var peak = Math.Max(rss.Stop(), rssEnd);

            var ok = results.SelectMany(r => r.Latencies).Order().ToArray();
            var errors = results.SelectMany(r => r.Errors).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value));
            var first = results.Where(r => r.FirstError is not null).OrderBy(r => r.FirstErrorAt).Select(r => r.FirstError).FirstOrDefault();
            return new ScenarioResult(scenario.Name, ok.Length + errors.Values.Sum(), ok.Length, errors, first, seconds,
                Percentile(ok, 0.50), Percentile(ok, 0.95), Percentile(ok, 0.99), peak, rssEnd, LoadAverage());
        }
        finally
        {
            foreach (var h in http)
            {
                h.Dispose();
            }
        }
    }

    /// <summary>The 1-minute load average: on a shared 2-core machine it says how much else was competing.</summary>
    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    private static async Task WorkAsync(HttpClient http, Scenario scenario, Random random, Stopwatch clock, TimeSpan duration, WorkerResult? result, CancellationToken ct)
    {
        while (clock.Elapsed < duration && !ct.IsCancellationRequested)
        {
            using var request = scenario.Request(random);
            var started = Stopwatch.GetTimestamp();
            try
            {
                // The whole body is read, as a real client would before acting on it.
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.IsSuccessStatusCode)
                {
                    result?.Latencies.Add(elapsed);
                }
                else
                {
                    result?.Error(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        $"{(int)response.StatusCode} {request.Method} {request.RequestUri}: {await response.Content.ReadAsStringAsync(ct)}");
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // Timeouts and refused or broken connections are failures too, never dropped.
                result?.Error(e.GetType().Name, $"{request.Method} {request.RequestUri}: {e.Message}");
            }
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private sealed class WorkerResult
    {
        public List<double> Latencies { get; } = new(16_384);
        public Dictionary<string, long> Errors { get; } = [];
        public string? FirstError { get; private set; }
        public long FirstErrorAt { get; private set; }

        public void Error(string kind, string detail)
        {
            Errors[kind] = Errors.GetValueOrDefault(kind) + 1;
            if (FirstError is null)
            {
                FirstError = detail.Length > 1500 ? detail[..1500] + "…" : detail;
                FirstErrorAt = Stopwatch.GetTimestamp();
            }
        }
    }

    /// <summary>Reads the app's VmRSS every 250 ms and keeps the highest value seen.</summary>
    private sealed class RssSampler : IDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task loop;
        private long peak;

        public RssSampler(AppProcess app)
        {
            loop = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
                do
                {
                    if (app.ResidentBytes() is { } bytes && bytes > Interlocked.Read(ref peak))
                    {
                        Interlocked.Exchange(ref peak, bytes);
                    }
                }
                while (await timer.WaitForNextTickAsync(stop.Token).AsTask().ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default));
            });
        }

        public long Stop()
        {
            stop.Cancel();
            loop.Wait();
            return Interlocked.Read(ref peak);
        }

        public void Dispose()
        {
            if (!stop.IsCancellationRequested)
            {
                Stop();
            }

            stop.Dispose();
        }
    }
}
