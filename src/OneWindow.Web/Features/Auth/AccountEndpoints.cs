using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using OneWindow.Web.Features.People;

namespace OneWindow.Web.Features.Auth;

/// <summary>Plain HTTP endpoints of the UI: sign-out, the language switch and the SSO round trip.</summary>
public static class AccountEndpoints
{
    public static WebApplication MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost("/account/logout", async (SignInManager<AppUser> signIn, [FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        }).RequireAuthorization().RequireRateLimiting("ui");

        app.MapGet("/culture", (string? c, string? redirect, HttpContext http, TimeProvider clock) =>
        {
            var culture = c is "en" ? "en-US" : "ru-RU";
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = clock.GetUtcNow().AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = false });
            return TypedResults.LocalRedirect(SafeLocal(redirect));
        }).AllowAnonymous().RequireRateLimiting("ui");

        app.MapGet("/account/sso", (string? returnUrl, SignInManager<AppUser> signIn, OidcOptions oidc) =>
        {
            if (!oidc.Enabled)
            {
                return Results.NotFound();
            }

            var props = signIn.ConfigureExternalAuthenticationProperties(AuthSetup.OidcScheme, "/account/sso-callback?returnUrl=" + Uri.EscapeDataString(SafeLocal(returnUrl)));
            return Results.Challenge(props, [AuthSetup.OidcScheme]);
        }).AllowAnonymous().RequireRateLimiting("auth");

        app.MapGet("/account/sso-callback", async (string? returnUrl, SignInManager<AppUser> signIn, UserManager<AppUser> users, OidcOptions oidc, HttpContext http) =>
        {
            var external = await http.AuthenticateAsync(IdentityConstants.ExternalScheme);
            await http.SignOutAsync(IdentityConstants.ExternalScheme);
            if (!external.Succeeded || external.Principal is null)
            {
                return Results.LocalRedirect("/account/login?error=sso");
            }

            if (oidc.RequireVerifiedEmail && !string.Equals(external.Principal.FindFirst("email_verified")?.Value, "true", StringComparison.OrdinalIgnoreCase))
            {
                return Results.LocalRedirect("/account/login?error=sso-unverified");
            }

            // Only people already registered in OneWindow can sign in through SSO; roles and company stay managed here.
            var email = external.Principal.FindFirst(oidc.EmailClaim)?.Value ?? external.Principal.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value;
            var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email);
            if (user is null || !user.IsActive || await users.IsLockedOutAsync(user))
            {
                return Results.LocalRedirect("/account/login?error=sso-unknown");
            }

            await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: "oidc");
            return Results.LocalRedirect(SafeLocal(returnUrl));
        }).AllowAnonymous().RequireRateLimiting("auth");

        return app;
    }

    /// <summary>
    /// Only same-site relative paths are followed, so a crafted link cannot redirect elsewhere: browsers read "//", a backslash as
    /// a slash, and drop control characters ("/%09/evil.example" becomes "//evil.example"), so any of them sends the visitor
    /// home instead; <c>LocalRedirect</c> refuses the same paths, by throwing.
    /// </summary>
    public static string SafeLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.Contains('\\', StringComparison.Ordinal) && !url.Any(char.IsControl) ? url : "/";
}
