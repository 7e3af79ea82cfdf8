using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using OneWindow.Web.Features.People;

namespace OneWindow.Web.Features.Auth;

/// <summary>
/// The one rule by which a session still holds — a sign-in cookie, an open Blazor circuit, a 15-minute bearer token: the
/// person is active and their security stamp is the one the session was issued with. The stamp moves whenever their roles,
/// company, active state, password or two-factor sign-in change (<see cref="PeopleDesk"/>, <see cref="SecurityDesk"/>),
/// so every session issued before such a change ends: the cookie at its next check, a circuit at its next revalidation,
/// a bearer token on its next request.
/// </summary>
public sealed class OneWindowSignInManager(
    UserManager<AppUser> users,
    IHttpContextAccessor http,
    IUserClaimsPrincipalFactory<AppUser> claims,
    IOptions<IdentityOptions> options,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation) : SignInManager<AppUser>(users, http, claims, options, logger, schemes, confirmation)
{
    // Deactivation also moves the stamp; checking the flag as well keeps a session from outliving a deactivation
    // written by other means (a script, a restored backup).
    public override async Task<bool> ValidateSecurityStampAsync(AppUser? user, string? securityStamp) =>
        user is { IsActive: true } && await base.ValidateSecurityStampAsync(user, securityStamp);
}

/// <summary>How often open sessions re-check their person (<c>Identity:RevalidationSeconds</c>, default 60).</summary>
public sealed record SessionRevalidation(TimeSpan Interval)
{
    public static SessionRevalidation From(IConfiguration configuration) =>
        new(TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Identity:RevalidationSeconds", 60))));
}

/// <summary>
/// The 15-minute bearer tokens of <c>POST /api/v1/auth/token</c>: Identity's handler reads the token, and every request
/// then checks it against the person as they are now (<see cref="OneWindowSignInManager"/>), one primary-key read, so a
/// token stops working at once when its person is deactivated or their roles or company change, rather than carrying
/// the old roles until it expires.
/// </summary>
public sealed class CheckedBearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SignInManager<AppUser> signIn) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string FailureMessage = "The token's person was deactivated, or their roles, company, password or two-factor sign-in changed since it was issued.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = await Context.AuthenticateAsync(IdentityConstants.BearerScheme);
        if (!token.Succeeded)
        {
            return token;
        }

        return await signIn.ValidateSecurityStampAsync(token.Principal) is null
            ? AuthenticateResult.Fail(FailureMessage)
            : AuthenticateResult.Success(new AuthenticationTicket(token.Principal, token.Properties, Scheme.Name));
    }
}

/// <summary>
/// Identity's pattern for interactive pages: a Blazor circuit outlives the request that opened it, so every
/// <see cref="SessionRevalidation"/> interval it re-checks its person in a scope of its own; when the check fails the
/// circuit's authentication state becomes anonymous, its <see cref="CurrentActor"/> follows (CurrentActorCircuitHandler),
/// and the page's authorisation sends the browser to sign in.
/// </summary>
public sealed class RevalidatingCircuitAuthentication(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, SessionRevalidation revalidation)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => revalidation.Interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // A scope of its own: the circuit's DbContext may be in use by the page right now, and its actor filters people.
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>().ValidateSecurityStampAsync(authenticationState.User) is not null;
    }
}
