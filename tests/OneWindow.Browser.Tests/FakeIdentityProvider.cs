using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OneWindow.Browser.Tests;

/// <summary>
/// A small but real OpenID Connect provider on 127.0.0.1 for the SSO test: discovery, authorization code with PKCE,
/// RS256-signed ID tokens, JWKS and userinfo. It signs in whoever <see cref="Email"/> names, without a form.
/// </summary>
public sealed class FakeIdentityProvider : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly RSA rsa = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, (string Nonce, string Challenge, string ClientId, string Email)> codes = new();

    public string Url { get; }
    public string Email { get; set; } = "";

    /// <summary>What the ID token says in <c>email_verified</c>.</summary>
    public bool EmailVerified { get; set; } = true;

    private FakeIdentityProvider(int port)
    {
        Url = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        app = builder.Build();
        var key = new RsaSecurityKey(rsa) { KeyId = "test-key" };

        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Url,
            ["authorization_endpoint"] = Url + "/authorize",
            ["token_endpoint"] = Url + "/token",
            ["userinfo_endpoint"] = Url + "/userinfo",
            ["jwks_uri"] = Url + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));

        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = "test-key" });
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        });

        app.MapGet("/authorize", (HttpRequest r) =>
        {
            var q = r.Query;
            if (q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]))
            {
                return Results.BadRequest("PKCE required");
            }

            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            codes[code] = (q["nonce"].ToString(), q["code_challenge"].ToString(), q["client_id"].ToString(), Email);
            return Results.Redirect($"{q["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(q["state"].ToString())}");
        });

        app.MapPost("/token", async (HttpRequest r) =>
        {
            var form = await r.ReadFormAsync();
            if (!codes.TryRemove(form["code"].ToString(), out var grant))
            {
                return Results.BadRequest(new { error = "invalid_grant" });
            }

            var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
            if (challenge != grant.Challenge)
            {
                return Results.BadRequest(new { error = "invalid_grant", error_description = "PKCE verification failed" });
            }

            var now = TimeProvider.System.GetUtcNow().UtcDateTime;
            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Url,
                Audience = grant.ClientId,
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddMinutes(5),
                Claims = new Dictionary<string, object> { ["sub"] = "sub-" + grant.Email, ["email"] = grant.Email, ["email_verified"] = EmailVerified, ["nonce"] = grant.Nonce },
                SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            });
            return Results.Json(new { access_token = "at-" + grant.Email, token_type = "Bearer", expires_in = 300, id_token = idToken });
        });

        app.MapGet("/userinfo", (HttpRequest r) =>
        {
            var email = r.Headers.Authorization.ToString().Replace("Bearer at-", "", StringComparison.Ordinal);
            return Results.Json(new { sub = "sub-" + email, email });
        });
    }

    public static FakeIdentityProvider Start()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var idp = new FakeIdentityProvider(port);
        idp.app.StartAsync().GetAwaiter().GetResult();
        return idp;
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        rsa.Dispose();
    }
}
