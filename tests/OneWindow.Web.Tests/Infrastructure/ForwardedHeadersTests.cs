using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace OneWindow.Web.Tests.Infrastructure;

/// <summary>The app on Kestrel (so requests really come from 127.0.0.1) with a strict sign-in limit.</summary>
public abstract class KestrelLimitFactory : OneWindowFactory
{
    private Uri? address;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("RateLimits:AuthPerMinute", "2")];

    public HttpClient Direct()
    {
        if (address is null)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            UseKestrel(port);
            StartServer();
            address = new Uri($"http://127.0.0.1:{port}");
        }

        return new HttpClient { BaseAddress = address };
    }
}

/// <summary>A load balancer at 127.0.0.1 is configured as the proxy.</summary>
public sealed class BehindProxyFactory : KestrelLimitFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. base.Settings, new("Proxy:KnownProxies:0", "127.0.0.1")];
}

/// <summary>No proxy configured: the app faces clients directly.</summary>
public sealed class NoProxyFactory : KestrelLimitFactory;

/// <summary>
/// Per-address rate limits behind a load balancer: the client's address comes from X-Forwarded-For only when the
/// request arrives from a configured proxy; anyone else writing the header gains nothing.
/// </summary>
public sealed class ForwardedHeadersTests(BehindProxyFactory proxied, NoProxyFactory direct) : IClassFixture<BehindProxyFactory>, IClassFixture<NoProxyFactory>
{
    private static async Task<HttpStatusCode> WrongPasswordAsync(HttpClient http, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token") { Content = JsonContent.Create(new { email = Demo.Agent, password = "not the password" }) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Behind_a_configured_proxy_each_client_address_has_its_own_sign_in_limit()
    {
        using var http = proxied.Direct();
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await WrongPasswordAsync(http, "203.0.113.5"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await WrongPasswordAsync(http, "203.0.113.5"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await WrongPasswordAsync(http, "203.0.113.5"));

        // Another office behind the same balancer is not punished for the first one's attempts.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await WrongPasswordAsync(http, "198.51.100.7"));
    }

    [Fact]
    public async Task Without_a_configured_proxy_a_forged_header_does_not_escape_the_limit()
    {
        using var http = direct.Direct();
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await WrongPasswordAsync(http, "203.0.113.5"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await WrongPasswordAsync(http, "203.0.113.6"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await WrongPasswordAsync(http, "203.0.113.7"));
    }

    private static async Task<HttpResponseMessage> SignInPageAsync(HttpClient http, string? forwardedProto)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        // HSTS is never sent to localhost names; the public name of the site is what a browser would use.
        request.Headers.Host = "desk.onewindow.example";
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        return await http.SendAsync(request);
    }

    private static bool AllCookiesSecure(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.All(c => c.Contains("; secure", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task Over_https_at_the_configured_proxy_cookies_are_secure_and_hsts_is_sent()
    {
        // Issue 11, item 10.
        using var http = proxied.Direct();
        using var secure = await SignInPageAsync(http, "https");
        Assert.True(AllCookiesSecure(secure), string.Join(" | ", secure.Headers.GetValues("Set-Cookie")));
        Assert.True(secure.Headers.Contains("Strict-Transport-Security"));

        using var plain = await SignInPageAsync(http, null);
        Assert.False(AllCookiesSecure(plain));
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Without_a_configured_proxy_a_forged_forwarded_scheme_changes_nothing()
    {
        using var http = direct.Direct();
        using var forged = await SignInPageAsync(http, "https");
        Assert.False(AllCookiesSecure(forged));
        Assert.False(forged.Headers.Contains("Strict-Transport-Security"));
    }
}
