using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Auth;

/// <summary>The app with a key-encryption certificate configured (a self-signed one, written as a PFX for this run).</summary>
public sealed class CertificateProtectedKeysFactory : OneWindowFactory
{
    private static readonly Lazy<string> Pfx = new(() =>
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=OneWindow key encryption (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddYears(1));
        var path = Path.Combine(Path.GetTempPath(), $"ow-dp-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, "ключ-2026"));
        return path;
    });

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [.. base.Settings, new("DataProtection:Certificate:Path", Pfx.Value), new("DataProtection:Certificate:Password", "ключ-2026")];
}

/// <summary>Issue 11, item 13: the Data Protection keys in the database are encrypted when a certificate is configured.</summary>
public sealed class DataProtectionKeyTests(CertificateProtectedKeysFactory protectedApp, OneWindowFactory plainApp)
    : IClassFixture<CertificateProtectedKeysFactory>, IClassFixture<OneWindowFactory>
{
    [Fact]
    public async Task With_a_certificate_configured_the_stored_keys_are_encrypted_and_sign_in_still_works()
    {
        var agent = await protectedApp.ClientForAsync(Demo.Agent);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/v1/me")).StatusCode);
        var keys = await protectedApp.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Without_one_the_keys_are_stored_as_the_framework_writes_them()
    {
        // The README says so: without a certificate the database's DataProtectionKeys table must be guarded like a secret.
        await plainApp.ClientForAsync(Demo.Agent);
        var keys = await plainApp.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
        Assert.Contains(keys, xml => xml.Contains("<masterKey", StringComparison.Ordinal));
    }
}
