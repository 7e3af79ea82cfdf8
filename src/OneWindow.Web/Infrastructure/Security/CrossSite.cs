namespace OneWindow.Web.Infrastructure.Security;

/// <summary>
/// Defences against requests forged from another site. Pages post forms with antiforgery tokens; the API, which also
/// takes the sign-in cookie, asks a cookie-authenticated write to carry a header that a browser sends cross-site only
/// after a CORS preflight, which this app never grants. Every cookie is <c>Secure</c> whenever the request arrived over
/// HTTPS — directly or, through the configured proxy's forwarded headers, at the proxy.
/// </summary>
public static class CrossSite
{
    /// <summary>The header a cookie-authenticated API write must carry (any value); bearer and token callers need none.</summary>
    public const string RequestHeader = "X-Requested-With";

    public static IServiceCollection AddOneWindowCookieSecurity(this IServiceCollection services)
    {
        services.Configure<CookiePolicyOptions>(o =>
        {
            o.Secure = CookieSecurePolicy.SameAsRequest;
            o.MinimumSameSitePolicy = SameSiteMode.Lax;
            o.HttpOnly = Microsoft.AspNetCore.CookiePolicy.HttpOnlyPolicy.None;
        });
        return services;
    }

    /// <summary>After authentication: refuses a cookie-authenticated API write that lacks <see cref="RequestHeader"/>.</summary>
    public static WebApplication UseOneWindowCrossSiteGuard(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var request = http.Request;
            if (request.Path.StartsWithSegments("/api")
                && !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
                && string.IsNullOrEmpty(request.Headers.Authorization)
                && http.User.Identity?.IsAuthenticated == true
                && string.IsNullOrEmpty(request.Headers[RequestHeader]))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                await TypedResults.Problem(statusCode: 403, type: ProblemTypes.CrossSite, title: "Cross-site request refused.",
                    detail: $"A request authenticated by the sign-in cookie that changes data must carry the {RequestHeader} header; API clients use a bearer token.")
                    .ExecuteAsync(http);
                return;
            }

            await next(http);
        });
        return app;
    }
}
