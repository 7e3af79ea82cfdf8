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
}
