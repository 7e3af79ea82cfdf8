using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OneWindow.Web.Infrastructure;

public sealed class RateLimitOptions
{
    /// <summary>Requests per minute for one signed-in person (or one IP address when anonymous) across the API.</summary>
    public int ApiPerMinute { get; set; } = 600;
    /// <summary>Sign-in attempts per minute from one IP address.</summary>
    public int AuthPerMinute { get; set; } = 20;
    /// <summary>Requests per minute to pages and public endpoints from one IP address when not signed in.</summary>
    public int PublicPerMinute { get; set; } = 300;
    /// <summary>Requests per minute to pages for one signed-in person (an office behind one NAT address is many people).</summary>
    public int UiPerMinute { get; set; } = 1200;
}

/// <summary>
/// The reverse proxies (load balancers) in front of the app. Only requests arriving from these addresses may name the
/// client's address and scheme in X-Forwarded-For / X-Forwarded-Proto; from anywhere else the headers are ignored, so
/// nobody can dodge the per-address rate limits by writing the header themselves.
/// </summary>
public sealed class ProxyOptions
{
    /// <summary>Addresses of the proxies, e.g. 10.0.0.5.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of the proxies in CIDR form, e.g. 10.0.0.0/24.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row to believe (the last N addresses of X-Forwarded-For).</summary>
    public int ForwardLimit { get; set; } = 1;

    public bool Any => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}

/// <summary>Health checks, OpenTelemetry, rate limiting, forwarded headers: the operational concerns of the host.</summary>
public static class Operations
{
    /// <summary>Takes the client's address and scheme from a configured proxy's forwarded headers; without one configured, does nothing.</summary>
    public static WebApplication UseOneWindowForwardedHeaders(this WebApplication app)
    {
        var proxies = app.Configuration.GetSection("Proxy").Get<ProxyOptions>() ?? new ProxyOptions();
        if (!proxies.Any)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = Math.Max(1, proxies.ForwardLimit),
        };
        // Only what the operator named: the framework's loopback defaults would trust any local process.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var address in proxies.KnownProxies)
        {
            options.KnownProxies.Add(System.Net.IPAddress.Parse(address));
        }

        foreach (var network in proxies.KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        app.UseForwardedHeaders(options);
        return app;
    }

    public static IServiceCollection AddOneWindowOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);

        var otlp = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? configuration["OpenTelemetry:OtlpEndpoint"];
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("onewindow"))
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/metrics"))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                if (!string.IsNullOrWhiteSpace(otlp))
                {
                    t.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
                }
            })
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation().AddPrometheusExporter();
                if (!string.IsNullOrWhiteSpace(otlp))
                {
                    m.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
                }
            });

        var limits = configuration.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)retry.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }

                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = 429, Type = ProblemTypes.RateLimited, Title = "Too many requests.", Detail = "Slow down and retry after the time in Retry-After." },
                });
            };
            o.AddPolicy("api", http => RateLimitPartition.GetFixedWindowLimiter(
                http.User.UserId()?.ToString() ?? "ip:" + http.Connection.RemoteIpAddress,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.ApiPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.AddPolicy("auth", http => RateLimitPartition.GetFixedWindowLimiter(
                "auth-ip:" + http.Connection.RemoteIpAddress,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.AuthPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            // Pages and public endpoints: per person when signed in, per address otherwise; a sign-in form post
            // counts against the stricter sign-in limit.
            o.AddPolicy("ui", http =>
            {
                if (HttpMethods.IsPost(http.Request.Method) && http.Request.Path.StartsWithSegments("/account/login"))
                {
                    return RateLimitPartition.GetFixedWindowLimiter("auth-ip:" + http.Connection.RemoteIpAddress,
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.AuthPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
                }

                return http.User.UserId() is { } user
                    ? RateLimitPartition.GetFixedWindowLimiter("ui-user:" + user,
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.UiPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetFixedWindowLimiter("ui-ip:" + http.Connection.RemoteIpAddress,
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.PublicPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });
        return services;
    }

    /// <summary>Adds a policy of <paramref name="perMinute"/> requests a minute per client address: the limit of public links reached from email.</summary>
    public static IServiceCollection AddPerAddressRateLimit(this IServiceCollection services, string policy, int perMinute) =>
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(policy, http => RateLimitPartition.GetFixedWindowLimiter(
            policy + "-ip:" + http.Connection.RemoteIpAddress,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));

    public static WebApplication MapOneWindowOperations(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous().RequireRateLimiting("ui");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous().RequireRateLimiting("ui");
        // With Metrics:Token set, a scraper must send it (Prometheus: `authorization: { credentials: … }`); without it
        // /metrics is open and belongs on the internal network only (README, Deployment).
        var token = app.Configuration["Metrics:Token"];
        if (!string.IsNullOrEmpty(token))
        {
            var expected = SHA256.HashData(Encoding.UTF8.GetBytes("Bearer " + token));
            app.UseWhen(http => http.Request.Path.StartsWithSegments("/metrics"), branch => branch.Use(async (http, next) =>
            {
                var sent = SHA256.HashData(Encoding.UTF8.GetBytes(http.Request.Headers.Authorization.ToString()));
                if (!CryptographicOperations.FixedTimeEquals(sent, expected))
                {
                    http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    http.Response.Headers.WWWAuthenticate = "Bearer";
                    return;
                }

                await next(http);
            }));
        }

        app.MapPrometheusScrapingEndpoint("/metrics").RequireRateLimiting("ui");
        return app;
    }
}
