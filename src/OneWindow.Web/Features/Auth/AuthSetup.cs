using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using OneWindow.Web.Features.People;

namespace OneWindow.Web.Features.Auth;

public sealed class OidcOptions
{
    public bool Enabled { get; set; }
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string DisplayName { get; set; } = "SSO";
    public string[] Scopes { get; set; } = ["openid", "profile", "email"];
    /// <summary>The claim that holds the person's email address in the identity provider's token.</summary>
    public string EmailClaim { get; set; } = "email";
    /// <summary>Keep true in production; false only for an identity provider on plain HTTP inside a test network.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
    /// <summary>
    /// Only an address the identity provider says it verified (<c>email_verified</c>) signs in as the person registered
    /// with it; otherwise anyone who can set an unverified address at the provider could take over that account. Turn
    /// off only for a provider that issues addresses itself and never sends the claim.
    /// </summary>
    public bool RequireVerifiedEmail { get; set; } = true;
}

public static class AuthSetup
{
    public const string SmartScheme = "OneWindow";
    public const string PatScheme = "PersonalAccessToken";
    /// <summary>The 15-minute bearer tokens, checked against their person on every request (Identity's scheme reads them).</summary>
    public const string CheckedBearerScheme = "CheckedBearer";
    public const string OidcScheme = "oidc";

    public static IServiceCollection AddOneWindowAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = configuration.GetValue("Identity:MaxFailedAccessAttempts", 5);
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(configuration.GetValue("Identity:LockoutMinutes", 15));
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<AppRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<OneWindowSignInManager>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<OneWindowClaimsFactory>();

        services.AddScoped<SecurityDesk>();

        // Sessions re-check their person: the cookie at this interval (then it is refused and the browser signs in
        // again), an open Blazor circuit at the same interval, a 15-minute bearer token on every request.
        var revalidation = SessionRevalidation.From(configuration);
        services.AddSingleton(revalidation);
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = revalidation.Interval);
        services.AddScoped<AuthenticationStateProvider, RevalidatingCircuitAuthentication>();

        // Keys in the database: every app instance behind the load balancer reads the same cookies and tokens.
        var protection = services.AddDataProtection().SetApplicationName("OneWindow").PersistKeysToDbContext<AppDbContext>();
        ProtectKeysWithCertificate(protection, configuration);

        var auth = services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie, bearer token or personal access token", o => o.ForwardDefaultSelector = SelectScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromMinutes(configuration.GetValue("Identity:BearerTokenMinutes", 15));
                o.RefreshTokenExpiration = TimeSpan.FromHours(8);
            })
            .AddScheme<AuthenticationSchemeOptions, CheckedBearerTokenHandler>(CheckedBearerScheme, o =>
            {
                o.ForwardChallenge = IdentityConstants.BearerScheme;
                o.ForwardForbid = IdentityConstants.BearerScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, PersonalAccessTokenHandler>(PatScheme, null);
        services.AddSingleton<PrincipalClaimsCache>();
        auth.AddIdentityCookies(c => c.ApplicationCookie?.Configure(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;
            o.Cookie.Name = "onewindow.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // An API caller gets a status code, never a redirect to the sign-in page.
            o.Events.OnRedirectToLogin = c => ApiAwareRedirect(c, 401);
            o.Events.OnRedirectToAccessDenied = c => ApiAwareRedirect(c, 403);
        }));

        var oidc = configuration.GetSection("Authentication:Oidc").Get<OidcOptions>() ?? new OidcOptions();
        services.AddSingleton(oidc);
        if (oidc.Enabled)
        {
            auth.AddOpenIdConnect(OidcScheme, oidc.DisplayName, o =>
            {
                o.SignInScheme = IdentityConstants.ExternalScheme;
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = oidc.ClientSecret;
                o.ResponseType = "code";
                // The code comes back in a top-level GET redirect, so the correlation and nonce cookies can be
                // SameSite=Lax and survive on HTTP and HTTPS alike; PKCE protects the code.
                o.ResponseMode = "query";
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                o.MapInboundClaims = false;
                o.UsePkce = true;
                o.SaveTokens = false;
                o.GetClaimsFromUserInfoEndpoint = true;
                o.CallbackPath = "/signin-oidc";
                o.Scope.Clear();
                foreach (var s in oidc.Scopes)
                {
                    o.Scope.Add(s);
                }
            });
        }

        return services;
    }

    /// <summary>
    /// With <c>DataProtection:Certificate:Path</c> (a PFX; its password in <c>DataProtection:Certificate:Password</c>)
    /// the keys in the database are encrypted to that certificate, so a copy of the database alone forges no cookie.
    /// Certificates listed under <c>DataProtection:Certificate:Previous</c> still decrypt keys written before a rotation.
    /// </summary>
    private static void ProtectKeysWithCertificate(IDataProtectionBuilder protection, IConfiguration configuration)
    {
        var section = configuration.GetSection("DataProtection:Certificate");
        if (section["Path"] is not { Length: > 0 } path)
        {
            return;
        }

        var password = section["Password"];
        var current = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(path, password);
        if (!current.HasPrivateKey)
        {
            throw new InvalidOperationException($"DataProtection:Certificate:Path {path} has no private key: the keys could be written but never read back.");
        }

        var previous = section.GetSection("Previous").GetChildren()
            .Select(c => System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(c["Path"] ?? c.Value!, c["Password"] ?? password))
            .ToArray();
        protection.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([current, .. previous]);
    }

    private static string SelectScheme(HttpContext http)
    {
        // Bearer tokens (personal access tokens and the 15-minute tokens) open the API only: pages, file downloads and the
        // Blazor hub take the cookie, so a read-scoped integration token cannot open an admin page.
        var header = http.Request.Headers.Authorization.ToString();
        if (http.Request.Path.StartsWithSegments("/api") && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AccessTokens.LooksLikeToken(header[7..].Trim()) ? PatScheme : CheckedBearerScheme;
        }

        return IdentityConstants.ApplicationScheme;
    }

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> c, int status)
    {
        if (c.Request.Path.StartsWithSegments("/api"))
        {
            c.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        c.Response.Redirect(c.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Adds the person's display name and company to the principal, so tenancy needs no lookup per request.</summary>
public sealed class OneWindowClaimsFactory(UserManager<AppUser> users, RoleManager<AppRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, AppRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(CurrentActor.NameClaim, user.FullName));
        identity.AddClaim(new Claim("ow:culture", user.Culture));
        if (user.CompanyId is { } company)
        {
            identity.AddClaim(new Claim(CurrentActor.CompanyClaim, company.ToString()));
        }

        return identity;
    }
}
