using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Polku.Tests.Identity;

/// <summary>Client key files for the OpenID Connect tests, in a temporary folder deleted on dispose.</summary>
internal sealed class OidcTestKeys : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "polku-oidc-keys-" + Guid.NewGuid().ToString("N"));

    public OidcTestKeys()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(SigningPem, Signing.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(EcSigningPem, EcSigning.ExportECPrivateKeyPem());
        var p = Decryption.ExportParameters(true);
        File.WriteAllText(DecryptionJwk, JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["kty"] = "RSA",
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            ["d"] = Base64UrlEncoder.Encode(p.D),
            ["p"] = Base64UrlEncoder.Encode(p.P),
            ["q"] = Base64UrlEncoder.Encode(p.Q),
            ["dp"] = Base64UrlEncoder.Encode(p.DP),
            ["dq"] = Base64UrlEncoder.Encode(p.DQ),
            ["qi"] = Base64UrlEncoder.Encode(p.InverseQ),
        }));
        File.WriteAllText(DecryptionPem, Decryption.ExportRSAPrivateKeyPem());
    }

    public RSA Signing { get; } = RSA.Create(2048);

    public ECDsa EcSigning { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public RSA Decryption { get; } = RSA.Create(2048);

    public string SigningPem => Path.Combine(_folder, "signing.pem");

    public string EcSigningPem => Path.Combine(_folder, "signing-ec.pem");

    /// <summary>The decryption key as a private JWK.</summary>
    public string DecryptionJwk => Path.Combine(_folder, "decryption.jwk");

    /// <summary>The same decryption key as a PKCS#1 PEM.</summary>
    public string DecryptionPem => Path.Combine(_folder, "decryption.pem");

    public string PathOf(string name) => Path.Combine(_folder, name);

    public void Dispose()
    {
        Signing.Dispose();
        EcSigning.Dispose();
        Decryption.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
