using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using OneWindow.Web.Features.People;

namespace OneWindow.Web.Features.Auth;

/// <summary>
/// The claims Identity builds for a person (roles, company, team), kept per person and version of their row: any change
/// through the user manager (roles, company, deactivation) moves the row's ConcurrencyStamp or SecurityStamp and with it
/// the key, so a stale set is never used. It spares an integration's every call the three queries of building them.
/// </summary>
public sealed class PrincipalClaimsCache
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<(Guid User, string? Concurrency, string? Security), IReadOnlyList<Claim>> entries = new();

    public async Task<IReadOnlyList<Claim>> GetAsync(AppUser user, Func<Task<ClaimsPrincipal>> build)
    {
        var key = (user.Id, user.ConcurrencyStamp, user.SecurityStamp);
        if (entries.TryGetValue(key, out var claims))
        {
            return claims;
        }

        if (entries.Count >= MaxEntries)
        {
            // Rare (ten thousand integration users or versions): start afresh rather than track ages.
            entries.Clear();
        }

        claims = [.. (await build()).Claims];
        entries[key] = claims;
        return claims;
    }
}

/// <summary>
/// Authenticates "Authorization: Bearer owpat_…" by the token's hash; revoked, expired or inactive tokens fail. One
/// query reads the token with its owner; the owner's claims come from <see cref="PrincipalClaimsCache"/>.
/// </summary>
public sealed class PersonalAccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AppDbContext db,
    IUserClaimsPrincipalFactory<AppUser> principals,
    PrincipalClaimsCache claimsCache,
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
        var found = await db.PersonalAccessTokens.AsNoTracking().IgnoreQueryFilters().Where(t => t.TokenHash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, User = u })
            .FirstOrDefaultAsync(Context.RequestAborted);
        var pat = found?.Token;
        if (pat is null || pat.RevokedAt is not null || (pat.ExpiresAt is { } exp && exp <= now))
        {
            return AuthenticateResult.Fail("The access token is unknown, revoked or expired.");
        }

        var user = found!.User;
        if (!user.IsActive || (user.LockoutEnd is { } lockout && lockout > now))
        {
            return AuthenticateResult.Fail("The token's owner cannot sign in.");
        }

        if (pat.LastUsedAt is null || now - pat.LastUsedAt > TimeSpan.FromMinutes(5))
        {
            // Written at most every few minutes so that a busy integration does not write on every call.
            await db.PersonalAccessTokens.Where(t => t.Id == pat.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }

        // The owner's roles and attributes as Identity builds them (cached per row version), then the token's own scopes.
        var claims = new List<Claim>(await claimsCache.GetAsync(user, () => principals.CreateAsync(user)));
        claims.AddRange(pat.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(scope => new Claim(CurrentActor.ScopeClaim, scope)));
        claims.Add(new Claim("ow:pat", pat.Id.ToString()));
        var identityOptions = Context.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var result = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name, identityOptions.UserNameClaimType, identityOptions.RoleClaimType));
        return AuthenticateResult.Success(new AuthenticationTicket(result, Scheme.Name));
    }
}
