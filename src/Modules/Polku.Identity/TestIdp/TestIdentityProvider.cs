using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Polku.Identity.TestIdp;

/// <summary>An authorization request the test provider accepted, waiting for the user's choice.</summary>
internal sealed record TestAuthorizeRequest(string ClientId, string RedirectUri, string State, string Nonce, string CodeChallenge);

/// <summary>The identity the user chose at the test provider.</summary>
internal sealed record TestIdentity(string IdentityCode, string GivenName, string FamilyName, string? Municipality);

/// <summary>
/// Polku's built-in test identity provider (development and tests only): a minimal OpenID Connect provider with
/// authorization code + PKCE (S256) and RS256-signed ID tokens. Keys live in memory and change at every start.
/// </summary>
internal sealed class TestIdentityProvider : IDisposable
{
    public const string PathBase = "/test-idp";
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(5);

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, IssuedCode> _codes = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public TestIdentityProvider(TimeProvider time)
    {
        _time = time;
        KeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        SigningKey = new RsaSecurityKey(_rsa) { KeyId = KeyId };
    }

    public string KeyId { get; }

    public RsaSecurityKey SigningKey { get; }

    public static string Issuer(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{PathBase}";

    /// <summary>An opaque, stable subject for an identity code (as Suomi.fi gives), never the code itself.</summary>
    public static string SubjectFor(string identityCode) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("polku-test-idp:" + identityCode)))[..32];

    public static object Discovery(HttpRequest request)
    {
        var issuer = Issuer(request);
        return new Dictionary<string, object>
        {
            ["issuer"] = issuer,
            ["authorization_endpoint"] = issuer + "/authorize",
            ["token_endpoint"] = issuer + "/token",
            ["jwks_uri"] = issuer + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["grant_types_supported"] = new[] { "authorization_code" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["scopes_supported"] = new[] { "openid", "profile" },
            ["token_endpoint_auth_methods_supported"] = new[] { "none", "client_secret_post" },
            ["claims_supported"] = new[] { "sub", "name", "given_name", "family_name", "national_identification_number", "home_municipality", "nonce" },
        };
    }

    public object Jwks()
    {
        var p = _rsa.ExportParameters(false);
        return new
        {
            keys = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["alg"] = SecurityAlgorithms.RsaSha256,
                    ["kid"] = KeyId,
                    ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                },
            },
        };
    }

    /// <summary>Issues a single-use authorization code for the chosen identity.</summary>
    public string IssueCode(TestAuthorizeRequest request, TestIdentity identity)
    {
        var now = _time.GetUtcNow();
        foreach (var expired in _codes.Where(c => c.Value.ExpiresAt <= now).Select(c => c.Key).ToList())
        {
            _codes.TryRemove(expired, out _);
        }

        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        _codes[code] = new IssuedCode(request, identity, now + CodeLifetime);
        return code;
    }

    /// <summary>Redeems a code: the client, the redirect URI and the PKCE verifier must match. Returns the ID token or an OAuth error code.</summary>
    public (string? IdToken, string? Error) Redeem(string? code, string? clientId, string? redirectUri, string? codeVerifier, string issuer)
    {
        if (code is null || !_codes.TryRemove(code, out var issued) || issued.ExpiresAt <= _time.GetUtcNow())
        {
            return (null, "invalid_grant");
        }

        if (!string.Equals(clientId, issued.Request.ClientId, StringComparison.Ordinal))
        {
            return (null, "invalid_client");
        }

        if (!string.Equals(redirectUri, issued.Request.RedirectUri, StringComparison.Ordinal)
            || codeVerifier is not { Length: >= 43 and <= 128 }
            || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(codeVerifier)))),
                Encoding.ASCII.GetBytes(issued.Request.CodeChallenge)))
        {
            return (null, "invalid_grant");
        }

        var now = _time.GetUtcNow().UtcDateTime;
        var identity = issued.Identity;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = SubjectFor(identity.IdentityCode),
            ["nonce"] = issued.Request.Nonce,
            ["name"] = $"{identity.GivenName} {identity.FamilyName}",
            ["given_name"] = identity.GivenName,
            ["family_name"] = identity.FamilyName,
            ["national_identification_number"] = identity.IdentityCode,
        };
        if (identity.Municipality is { } municipality)
        {
            claims["home_municipality"] = municipality;
        }

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = issued.Request.ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + TokenLifetime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.RsaSha256),
        });
        return (token, null);
    }

    public void Dispose() => _rsa.Dispose();

    private sealed record IssuedCode(TestAuthorizeRequest Request, TestIdentity Identity, DateTimeOffset ExpiresAt);
}

