using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Polku.Identity.Auth;

/// <summary>One of the client's own private keys, loaded from configuration.</summary>
internal sealed record ClientKey(AsymmetricAlgorithm Crypto, SecurityKey SecurityKey, string KeyId, string Algorithm, X509Certificate2? Certificate)
{
    public RSA? Rsa => Crypto as RSA;
}

/// <summary>
/// The client's keys per provider: the signing key for <c>private_key_jwt</c> and the decryption key for encrypted ID
/// tokens, read once from the configured files, and their public halves as a JWKS for the provider to fetch.
/// </summary>
internal sealed class OidcClientKeys(OidcProviders providers) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<(ClientKey? Signing, ClientKey? Decryption)>> _keys = new(StringComparer.Ordinal);

    public ClientKey? Signing(OidcProvider provider) => Load(provider).Signing;

    public ClientKey? Decryption(OidcProvider provider) => Load(provider).Decryption;

    /// <summary>The public JWKS of a provider's client keys; null for an unknown provider.</summary>
    public JwksDocument? PublicJwks(string name)
    {
        if (providers.Find(name) is not { } provider)
        {
            return null;
        }

        var (signing, decryption) = Load(provider);
        var keys = new List<Dictionary<string, object>>();
        if (signing is not null)
        {
            keys.Add(PublicJwk(signing, "sig"));
        }

        if (decryption is not null)
        {
            keys.Add(PublicJwk(decryption, "enc"));
        }

        return new JwksDocument(keys);
    }

    private (ClientKey? Signing, ClientKey? Decryption) Load(OidcProvider provider) =>
        _keys.GetOrAdd(provider.Name, _ => new Lazy<(ClientKey?, ClientKey?)>(() =>
        {
            var options = provider.Options;
            if (options.UsesPrivateKeyJwt && options.SigningKey is not { Path.Length: > 0 })
            {
                throw new InvalidOperationException($"Identity provider '{provider.Name}' uses private_key_jwt but has no SigningKey:Path.");
            }

            var signing = options.SigningKey is { Path.Length: > 0 } s ? LoadKey(s, forEncryption: false) : null;
            var decryption = options.DecryptionKey is { Path.Length: > 0 } d ? LoadKey(d, forEncryption: true) : null;
            return (signing, decryption);
        })).Value;

    internal static ClientKey LoadKey(OidcKeyOptions options, bool forEncryption)
    {
        var path = options.Path;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The OpenID Connect client key file '{path}' does not exist.");
        }

        AsymmetricAlgorithm crypto;
        X509Certificate2? certificate = null;
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".pfx" or ".p12")
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.Password, X509KeyStorageFlags.EphemeralKeySet);
            crypto = (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()
                ?? throw new InvalidOperationException($"The certificate '{path}' has no RSA or EC private key.");
        }
        else if (extension is ".json" or ".jwk")
        {
            crypto = FromJwk(File.ReadAllText(path));
        }
        else
        {
            var pem = File.ReadAllText(path);
            crypto = FromPem(pem, options.Password, path);
            if (pem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                certificate = X509Certificate2.CreateFromPem(pem);
            }
        }

        if (forEncryption && crypto is not RSA)
        {
            throw new InvalidOperationException($"The decryption key '{path}' must be an RSA key (RSA-OAEP).");
        }

        var keyId = options.KeyId is { Length: > 0 } kid ? kid : Thumbprint(crypto);
        SecurityKey securityKey = crypto switch
        {
            RSA rsa => new RsaSecurityKey(rsa) { KeyId = keyId },
            ECDsa ec => new ECDsaSecurityKey(ec) { KeyId = keyId },
            _ => throw new InvalidOperationException($"Unsupported key type in '{path}'."),
        };
        var algorithm = options.Algorithm is { Length: > 0 } a ? a
            : forEncryption ? Jwe.RsaOaep
            : crypto is ECDsa e ? e.KeySize switch { 384 => SecurityAlgorithms.EcdsaSha384, 521 => SecurityAlgorithms.EcdsaSha512, _ => SecurityAlgorithms.EcdsaSha256 }
            : SecurityAlgorithms.RsaSha256;
        return new ClientKey(crypto, securityKey, keyId, algorithm, certificate);
    }

    private static AsymmetricAlgorithm FromPem(string pem, string? password, string path)
    {
        var encrypted = pem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal);
        // A PKCS#8 key does not say its type in the label: try RSA first unless the label says EC.
        if (!pem.Contains("BEGIN EC PRIVATE KEY", StringComparison.Ordinal) && TryImport(RSA.Create(), pem, password, encrypted, out _) is { } rsa)
        {
            return rsa;
        }

        return TryImport(ECDsa.Create(), pem, password, encrypted, out var error)
            ?? throw new InvalidOperationException($"'{path}' holds no RSA or EC private key that could be read.", error);
    }

    /// <summary>The key with the PEM imported, or null (the key disposed) when the PEM is not of its type.</summary>
    private static AsymmetricAlgorithm? TryImport(AsymmetricAlgorithm key, string pem, string? password, bool encrypted, out Exception? error)
    {
        try
        {
            if (encrypted)
            {
                key.ImportFromEncryptedPem(pem, password ?? "");
            }
            else
            {
                key.ImportFromPem(pem);
            }

            error = null;
            return key;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            error = ex;
            return null;
        }
    }

    private static AsymmetricAlgorithm FromJwk(string json)
    {
        using var document = JsonDocument.Parse(json);
        var jwk = document.RootElement;
        byte[] B(string name) => jwk.TryGetProperty(name, out var v) && v.GetString() is { } s ? Base64UrlEncoder.DecodeBytes(s)
            : throw new InvalidOperationException($"The private JWK has no '{name}'.");
        switch (jwk.GetProperty("kty").GetString())
        {
            case "RSA":
                return RSA.Create(new RSAParameters
                {
                    Modulus = B("n"), Exponent = B("e"), D = B("d"), P = B("p"), Q = B("q"), DP = B("dp"), DQ = B("dq"), InverseQ = B("qi"),
                });
            case "EC":
                var curve = jwk.GetProperty("crv").GetString() switch
                {
                    "P-256" => ECCurve.NamedCurves.nistP256,
                    "P-384" => ECCurve.NamedCurves.nistP384,
                    "P-521" => ECCurve.NamedCurves.nistP521,
                    var other => throw new InvalidOperationException($"Unsupported EC curve '{other}'."),
                };
                return ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = B("x"), Y = B("y") }, D = B("d") });
            default:
                throw new InvalidOperationException("The JWK must be an RSA or EC private key.");
        }
    }

    /// <summary>RFC 7638 JWK thumbprint (SHA-256, base64url): the same on every node for the same key.</summary>
    internal static string Thumbprint(AsymmetricAlgorithm key)
    {
        var members = PublicMembers(key);
        var canonical = "{" + string.Join(",", members.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"\"{m.Key}\":\"{m.Value}\"")) + "}";
        return Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static Dictionary<string, string> PublicMembers(AsymmetricAlgorithm key)
    {
        switch (key)
        {
            case RSA rsa:
                var p = rsa.ExportParameters(false);
                return new Dictionary<string, string> { ["kty"] = "RSA", ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent) };
            case ECDsa ec:
                var q = ec.ExportParameters(false);
                var crv = ec.KeySize switch { 384 => "P-384", 521 => "P-521", _ => "P-256" };
                return new Dictionary<string, string> { ["kty"] = "EC", ["crv"] = crv, ["x"] = Base64UrlEncoder.Encode(q.Q.X), ["y"] = Base64UrlEncoder.Encode(q.Q.Y) };
            default:
                throw new InvalidOperationException("Unsupported key type.");
        }
    }

    internal static Dictionary<string, object> PublicJwk(ClientKey key, string use)
    {
        var jwk = PublicMembers(key.Crypto).ToDictionary(m => m.Key, m => (object)m.Value, StringComparer.Ordinal);
        jwk["use"] = use;
        jwk["alg"] = key.Algorithm;
        jwk["kid"] = key.KeyId;
        if (key.Certificate is { } certificate)
        {
            jwk["x5c"] = new[] { Convert.ToBase64String(certificate.RawData) };
        }

        return jwk;
    }

    public void Dispose()
    {
        foreach (var lazy in _keys.Values.Where(l => l.IsValueCreated))
        {
            lazy.Value.Signing?.Crypto.Dispose();
            lazy.Value.Signing?.Certificate?.Dispose();
            lazy.Value.Decryption?.Crypto.Dispose();
            lazy.Value.Decryption?.Certificate?.Dispose();
        }
    }
}

/// <summary>A JSON Web Key Set (RFC 7517 §5): <c>{"keys":[…]}</c>, each key with its members as the RFC names them.</summary>
internal sealed record JwksDocument(IReadOnlyList<Dictionary<string, object>> Keys);
