using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OneWindow.Web.Infrastructure;

/// <summary>The address clients reach OneWindow at, for links in emails sent from background jobs (no request to read it from).</summary>
public static class PublicAddress
{
    /// <summary>Feedback:PublicBaseUrl, else the first address this server listens on (wildcards read as localhost).</summary>
    public static string Of(IConfiguration configuration, IServer server) =>
        configuration["Feedback:PublicBaseUrl"] is { Length: > 0 } configured ? configured.TrimEnd('/')
            : server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/')
                .Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
                .Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal) ?? "http://localhost";
}
