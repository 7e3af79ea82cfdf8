namespace OneWindow.Web.Infrastructure.Api;

/// <summary>
/// The /api/v1 route group: authenticated by default, rate-limited, and checking personal-access-token scopes,
/// so each feature only adds its own endpoints and policies.
/// </summary>
public static class ApiGroup
{
    public static RouteGroupBuilder MapApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1")
            .RequireAuthorization()
            .RequireRateLimiting("api")
            .AddEndpointFilter(TokenScopeFilter)
            .ProducesProblem(400)
            .ProducesProblem(401)
            .ProducesProblem(403)
            .ProducesProblem(404)
            .ProducesProblem(429);
        return api;
    }

    private static async ValueTask<object?> TokenScopeFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var user = context.HttpContext.User;
        var scopes = user.FindAll(CurrentActor.ScopeClaim).Select(c => c.Value).ToArray();
        if (scopes.Length > 0 || user.HasClaim(c => c.Type == "ow:pat"))
        {
            var adminArea = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is not null
                && context.HttpContext.GetEndpoint()!.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any(a => a.Policy == Policies.Admin);
            if (!AccessTokens.Permits(scopes, context.HttpContext.Request.Method, adminArea))
            {
                return TypedResults.Problem(statusCode: 403, type: ProblemTypes.Forbidden, title: "Token scope too narrow.",
                    detail: $"This access token has scopes [{string.Join(", ", scopes)}]; the request needs more.");
            }
        }

        return await next(context);
    }

    public static Guid? UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
