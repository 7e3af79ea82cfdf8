using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using OneWindow.Web.Features.People;

namespace OneWindow.Web.Features.Auth;

/// <summary>Authenticates "Authorization: Bearer owpat_…" by the token's hash; revoked, expired or inactive tokens fail.</summary>
public sealed class PersonalAccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AppDbContext db,
    IUserClaimsPrincipalFactory<AppUser> principals,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header[7..].Trim();
        if (!AccessTokens.LooksLikeToken(token))
        {
            return AuthenticateResult.NoResult();
        }

        var hash = AccessTokens.Hash(token);
        var now = clock.GetUtcNow();
        var pat = await db.PersonalAccessTokens.FirstOrDefaultAsync(t => t.TokenHash == hash, Context.RequestAborted);
        if (pat is null || pat.RevokedAt is not null || (pat.ExpiresAt is { } exp && exp <= now))
        {
            return AuthenticateResult.Fail("The access token is unknown, revoked or expired.");
        }

        var user = await db.Users.IgnoreQueryFilters().FirstOrDefaultAsync(u => u.Id == pat.UserId, Context.RequestAborted);
        if (user is null || !user.IsActive || (user.LockoutEnd is { } lockout && lockout > now))
        {
            return AuthenticateResult.Fail("The token's owner cannot sign in.");
        }

        if (pat.LastUsedAt is null || now - pat.LastUsedAt > TimeSpan.FromMinutes(5))
        {
            // Written at most every few minutes so that a busy integration does not write on every call.
            await db.PersonalAccessTokens.Where(t => t.Id == pat.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }

        var principal = await principals.CreateAsync(user);
        var identity = (ClaimsIdentity)principal.Identity!;
        foreach (var scope in pat.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            identity.AddClaim(new Claim(CurrentActor.ScopeClaim, scope));
        }

        identity.AddClaim(new Claim("ow:pat", pat.Id.ToString()));
        var result = new ClaimsPrincipal(new ClaimsIdentity(identity.Claims, Scheme.Name, identity.NameClaimType, identity.RoleClaimType));
        return AuthenticateResult.Success(new AuthenticationTicket(result, Scheme.Name));
    }
}
