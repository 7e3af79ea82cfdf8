using OneWindow.Web.Features.People;

namespace OneWindow.Web.Features.Auth;

public sealed record TokenRequest(
    [property: Required, EmailAddress, MaxLength(256)] string Email,
    [property: Required, MaxLength(256)] string Password,
    [property: MaxLength(12)] string? TotpCode);

public sealed record AccessTokenDto(Guid Id, string Name, string Prefix, string[] Scopes, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);
/// <summary>A new token and its secret, shown once: a replay of the same Idempotency-Key answers without it.</summary>
public sealed record CreatedAccessTokenDto(AccessTokenDto Token, string Secret) : IRedactedOnReplay
{
    public object ForReplay() => new ReplayedAccessTokenDto(Token, SecretOmitted: true);
}

/// <summary>The answer to a replayed token creation: the token as created, never its secret (revoke it and create another if the secret was lost).</summary>
public sealed record ReplayedAccessTokenDto(AccessTokenDto Token, bool SecretOmitted);
public sealed record MeDto(Guid Id, string Email, string FullName, Guid? CompanyId, string[] Roles, string Culture, bool TwoFactorEnabled);
public sealed record TwoFactorSetupDto(string SharedKey, string AuthenticatorUri);

public static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", IssueTokenAsync).AllowAnonymous().RequireRateLimiting("auth").WithName("IssueToken").WithTags("Auth")
            .WithSummary("Exchange email, password and (when enabled) a TOTP code for a short-lived bearer token.");

        var me = api.MapGroup("/me").WithTags("Me");
        me.MapGet("/", GetMeAsync).WithName("GetMe");
        me.MapGet("/tokens", ListTokensAsync).WithName("ListAccessTokens");
        me.MapPost("/tokens", CreateTokenAsync).WithName("CreateAccessToken").AddEndpointFilter<IdempotencyFilter>();
        me.MapDelete("/tokens/{id:guid}", RevokeTokenAsync).WithName("RevokeAccessToken");
        me.MapPost("/two-factor/setup", SetupTwoFactorAsync).WithName("SetupTwoFactor");
        me.MapPost("/two-factor/enable", EnableTwoFactorAsync).WithName("EnableTwoFactor");
        me.MapPost("/two-factor/disable", DisableTwoFactorAsync).WithName("DisableTwoFactor");
        return api;
    }

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> IssueTokenAsync(
        TokenRequest request, UserManager<AppUser> users, SignInManager<AppUser> signIn)
    {
        var user = await users.FindByEmailAsync(request.Email);
        if (user is null || !user.IsActive)
        {
            return Unauthorized("Wrong email or password.");
        }

        var check = await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            return TypedResults.Problem(statusCode: 401, type: ProblemTypes.Unauthorized, title: "Account locked.", detail: "Too many failed attempts; try again later.",
                extensions: new Dictionary<string, object?> { ["lockedOut"] = true });
        }

        if (!check.Succeeded)
        {
            return Unauthorized("Wrong email or password.");
        }

        if (user.TwoFactorEnabled)
        {
            if (string.IsNullOrWhiteSpace(request.TotpCode))
            {
                return TypedResults.Problem(statusCode: 401, type: ProblemTypes.Unauthorized, title: "Two-factor code required.",
                    detail: "Send the code from your authenticator app as totpCode.", extensions: new Dictionary<string, object?> { ["twoFactorRequired"] = true });
            }

            var code = request.TotpCode.Replace(" ", "", StringComparison.Ordinal);
            if (!await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, code))
            {
                await users.AccessFailedAsync(user);
                return Unauthorized("Wrong two-factor code.");
            }
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(statusCode: 401, type: ProblemTypes.Unauthorized, title: "Sign-in failed.", detail: detail);

    private static async Task<Ok<MeDto>> GetMeAsync(ClaimsPrincipal principal, UserManager<AppUser> users, CurrentActor actor)
    {
        var user = (await users.FindByIdAsync(actor.UserId!.Value.ToString()))!;
        var roles = await users.GetRolesAsync(user);
        return TypedResults.Ok(new MeDto(user.Id, user.Email!, user.FullName, user.CompanyId, [.. roles], user.Culture, user.TwoFactorEnabled));
    }

    private static async Task<Ok<AccessTokenDto[]>> ListTokensAsync(AppDbContext db, CurrentActor actor, CancellationToken ct)
    {
        var list = await db.PersonalAccessTokens.AsNoTracking().Where(t => t.UserId == actor.UserId).OrderByDescending(t => t.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(list.Select(ToDto).ToArray());
    }

    private static async Task<Results<Created<CreatedAccessTokenDto>, ValidationProblem, ProblemHttpResult>> CreateTokenAsync(
        CreateAccessTokenRequest request, SecurityDesk desk, CancellationToken ct)
    {
        var (result, token, secret) = await desk.CreateTokenAsync(request, ct);
        if (result.Outcome == DeskOutcome.Invalid)
        {
            return Api.Invalid(result.Errors!);
        }

        return result.IsDone ? TypedResults.Created($"/api/v1/me/tokens/{token!.Id}", new CreatedAccessTokenDto(ToDto(token), secret!)) : Api.Problem(result);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(Guid id, SecurityDesk desk, CancellationToken ct) =>
        (await desk.RevokeTokenAsync(id, ct)).IsDone ? TypedResults.NoContent() : Api.NotFound("access token");

    private static async Task<Results<Ok<TwoFactorSetupDto>, ProblemHttpResult>> SetupTwoFactorAsync(SecurityDesk desk)
    {
        var (result, key, uri) = await desk.SetUpTwoFactorAsync();
        return result.IsDone ? TypedResults.Ok(new TwoFactorSetupDto(key!, uri!)) : Api.Problem(result);
    }

    private static async Task<Results<NoContent, ValidationProblem>> EnableTwoFactorAsync(TwoFactorCodeRequest request, SecurityDesk desk) =>
        Answer(await desk.EnableTwoFactorAsync(request));

    private static async Task<Results<NoContent, ValidationProblem>> DisableTwoFactorAsync(TwoFactorCodeRequest request, SecurityDesk desk) =>
        Answer(await desk.DisableTwoFactorAsync(request));

    private static Results<NoContent, ValidationProblem> Answer(DeskResult result) => result.IsDone ? TypedResults.NoContent() : Api.Invalid(result.Errors!);

    private static AccessTokenDto ToDto(PersonalAccessToken t) =>
        new(t.Id, t.Name, t.DisplayPrefix, t.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt);
}
