using OneWindow.Web.Features.People;

namespace OneWindow.Web.Features.Auth;

public sealed record CreateAccessTokenRequest(
    [property: Required, MaxLength(100)] string Name,
    [property: Required, MinLength(1), MaxLength(3)] string[] Scopes,
    [property: Range(1, 366)] int? ExpiresInDays);

public sealed record TwoFactorCodeRequest([property: Required, MaxLength(12)] string Code);

/// <summary>A new access token and its secret, which is shown once and never stored.</summary>
public sealed record IssuedToken(DeskResult Result, PersonalAccessToken? Token = null, string? Secret = null);

/// <summary>
/// The signed-in person's own security: personal access tokens and two-factor sign-in. The one write path of the /me API
/// and the security page; it acts for <see cref="CurrentActor"/> only.
/// </summary>
public sealed class SecurityDesk(AppDbContext db, UserManager<AppUser> users, IUserStore<AppUser> store, CurrentActor actor, TimeProvider clock)
{
    public const string TokenCannotIssue = "A personal access token cannot create other tokens; sign in.";
    public const string AdminScopeOnly = "Only administrators can create tokens with the admin scope.";
    public const string WrongCode = "The code does not match the authenticator key.";
    public const string TwoFactorAlreadyOn = "Two-factor sign-in is already on. To link a new authenticator, first turn it off with a code from the current one.";

    public static readonly string UnknownScopes = $"Scopes must be some of: {string.Join(", ", AccessTokens.KnownScopes)}.";

    public async Task<IssuedToken> CreateTokenAsync(CreateAccessTokenRequest request, CancellationToken ct)
    {
        if (actor.Principal.HasClaim(c => c.Type == "ow:pat"))
        {
            return new IssuedToken(DeskResult.Refused(TokenCannotIssue));
        }

        var errors = DeskSteps.AnnotationErrors(request);
        var scopes = AccessTokens.ParseScopes(request.Scopes);
        if (scopes is null)
        {
            errors["scopes"] = [UnknownScopes];
        }
        else if (scopes.Contains("admin") && !actor.Principal.IsInRole(Core.Identity.Roles.Admin))
        {
            errors["scopes"] = [AdminScopeOnly];
        }

        if (DeskResult.Invalid(errors) is { } invalid)
        {
            return new IssuedToken(invalid);
        }

        var secret = AccessTokens.NewToken();
        var now = clock.GetUtcNow();
        var token = new PersonalAccessToken
        {
            UserId = actor.UserId!.Value,
            Name = request.Name.Trim(),
            TokenHash = AccessTokens.Hash(secret),
            DisplayPrefix = AccessTokens.DisplayPrefix(secret),
            Scopes = string.Join(' ', scopes!),
            CreatedAt = now,
            ExpiresAt = now.AddDays(request.ExpiresInDays ?? 90),
        };
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new IssuedToken(DeskResult.Ok(token.Id), token, secret);
    }

    /// <summary>Revokes one of the person's own tokens; revoking twice keeps the first instant.</summary>
    public async Task<DeskResult> RevokeTokenAsync(Guid id, CancellationToken ct)
    {
        var token = await db.PersonalAccessTokens.FirstOrDefaultAsync(t => t.Id == id && t.UserId == actor.UserId, ct);
        if (token is null)
        {
            return DeskResult.Missing;
        }

        token.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return DeskResult.Ok(id);
    }

    /// <summary>
    /// A new authenticator key to scan. While two-factor sign-in is on the key in use is never shown again (a stolen
    /// session must not read it): turning it off, with a code, comes first.
    /// </summary>
    public async Task<(DeskResult Result, string? Key, string? Uri)> SetUpTwoFactorAsync()
    {
        var user = await MeAsync();
        if (user.TwoFactorEnabled)
        {
            return (DeskResult.Clash(TwoFactorAlreadyOn), null, null);
        }

        // Each setup starts from a fresh key, so a key shown earlier (and perhaps seen by someone else) never becomes the one
        // in use. Stored without Identity's ResetAuthenticatorKeyAsync, which also moves the security stamp: while two-factor
        // sign-in is off the key signs nobody in, and ending every session here would end the one about to enable it.
        await ((IUserAuthenticatorKeyStore<AppUser>)store).SetAuthenticatorKeyAsync(user, users.GenerateNewAuthenticatorKey(), CancellationToken.None);
        if (await users.UpdateAsync(user) is { Succeeded: false } refused)
        {
            return (DeskResult.Clash(string.Join(" ", refused.Errors.Select(e => e.Description))), null, null);
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        return (DeskResult.Ok(), key!, TwoFactor.AuthenticatorUri(user.Email!, key!));
    }

    /// <summary>
    /// Turns two-factor sign-in on. Identity moves the security stamp, so every session of the person ends — the one that
    /// asked included: a bearer token on its next request, the cookie and open pages within Identity:RevalidationSeconds
    /// (the security page sends the browser to sign in again, now with a code).
    /// </summary>
    public Task<DeskResult> EnableTwoFactorAsync(TwoFactorCodeRequest request) =>
        WithCodeAsync(request, user => users.SetTwoFactorEnabledAsync(user, true));

    /// <summary>Turns two-factor sign-in off and forgets the key, so turning it on again means scanning a new one; like turning it on, it ends every session.</summary>
    public Task<DeskResult> DisableTwoFactorAsync(TwoFactorCodeRequest request) =>
        WithCodeAsync(request, async user =>
        {
            await users.SetTwoFactorEnabledAsync(user, false);
            await users.ResetAuthenticatorKeyAsync(user);
        });

    private async Task<DeskResult> WithCodeAsync(TwoFactorCodeRequest request, Func<AppUser, Task> change)
    {
        if (DeskResult.Invalid(DeskSteps.AnnotationErrors(request)) is { } invalid)
        {
            return invalid;
        }

        var user = await MeAsync();
        if (!await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, request.Code.Replace(" ", "", StringComparison.Ordinal)))
        {
            return DeskResult.Field("code", WrongCode);
        }

        await change(user);
        return DeskResult.Ok(user.Id);
    }

    private async Task<AppUser> MeAsync() => (await users.FindByIdAsync(actor.UserId!.Value.ToString()))!;
}

public static class TwoFactor
{
    public static string AuthenticatorUri(string email, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString("OneWindow")}:{Uri.EscapeDataString(email)}?secret={key}&issuer=OneWindow&digits=6";
}
