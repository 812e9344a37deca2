using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Polku.Identity.Auth;
using Polku.Identity.Data;
using Polku.Platform.Persistence;

namespace Polku.Identity.TestIdp;

/// <summary>An authorization request the test provider accepted, waiting for the user's choice.</summary>
internal sealed record TestAuthorizeRequest(string ClientId, string RedirectUri, string Nonce, string CodeChallenge);

/// <summary>The identity the user chose at the test provider.</summary>
internal sealed record TestIdentity(string IdentityCode, string GivenName, string FamilyName, string? Municipality);

/// <summary>What the token endpoint issues: the ID token (protocol claims only) and the access token for the userinfo endpoint.</summary>
internal sealed record TestTokens(string IdToken, string AccessToken, int ExpiresIn);

/// <summary>
/// Polku's built-in test identity provider (development and tests only): a small OpenID Connect provider with
/// authorization code + PKCE (S256), RS256-signed ID tokens (encrypted to the client's key when the client has
/// one), client authentication by <c>private_key_jwt</c> or <c>client_secret_post</c> when the test client is
/// configured so, a userinfo endpoint and an end-session endpoint. Like Suomi.fi e-Identification, the ID token
/// carries only a pairwise subject and protocol claims; the identity code and names come from the userinfo endpoint,
/// so the ID token Polku later sends back in the logout URL (<c>id_token_hint</c>) holds nothing personal. Codes and
/// the signing key live in the database (data-protected) and an access token is a data-protected payload, so several
/// nodes sharing the database and the data-protection keys act as one provider.
/// </summary>
internal sealed partial class TestIdentityProvider(
    IOptions<PolkuIdentityOptions> options, OidcProviders providers, OidcClientKeys clientKeys, IDataProtectionProvider protection,
    TimeProvider time, ILogger<TestIdentityProvider> logger) : IDisposable
{
    public const string PathBase = "/test-idp";
    public const string ClientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private const string SigningSlot = "signing";
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The client asks the userinfo endpoint right after the token request; the token is good for nothing else.</summary>
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(2);

    private readonly IDataProtector _codes = protection.CreateProtector("Polku.Identity.TestIdp.Codes");
    private readonly IDataProtector _accessTokens = protection.CreateProtector("Polku.Identity.TestIdp.AccessTokens");
    private readonly IDataProtector _keys = protection.CreateProtector("Polku.Identity.TestIdp.Keys");
    private readonly SemaphoreSlim _keyGate = new(1, 1);
    private (RSA Rsa, RsaSecurityKey Key)? _signing;

    private TestProviderOptions Client => options.Value.TestProvider;

    public static string Issuer(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{PathBase}";

    /// <summary>An opaque, stable subject for an identity code (as Suomi.fi gives), never the code itself.</summary>
    public static string SubjectFor(string identityCode) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("polku-test-idp:" + identityCode)))[..32];

    public static IReadOnlyDictionary<string, object> Discovery(HttpRequest request)
    {
        var issuer = Issuer(request);
        return new Dictionary<string, object>
        {
            ["issuer"] = issuer,
            ["authorization_endpoint"] = issuer + "/authorize",
            ["token_endpoint"] = issuer + "/token",
            ["userinfo_endpoint"] = issuer + "/userinfo",
            ["jwks_uri"] = issuer + "/jwks",
            ["end_session_endpoint"] = issuer + "/endsession",
            ["response_types_supported"] = new[] { "code" },
            ["response_modes_supported"] = new[] { "query" },
            ["grant_types_supported"] = new[] { "authorization_code" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
            ["id_token_encryption_alg_values_supported"] = new[] { Jwe.RsaOaep, Jwe.RsaOaep256 },
            ["id_token_encryption_enc_values_supported"] = new[] { Jwe.A256Gcm },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["scopes_supported"] = new[] { "openid", "profile" },
            ["token_endpoint_auth_methods_supported"] = new[] { "none", OidcClientAuthentication.ClientSecretPost, OidcClientAuthentication.PrivateKeyJwt },
            ["token_endpoint_auth_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256 },
            ["claims_supported"] = new[] { "sub", "name", "given_name", "family_name", "national_identification_number", "home_municipality", "nonce" },
        };
    }

    /// <summary>Issues a single-use authorization code for the chosen identity.</summary>
    public async Task<string> IssueCodeAsync(PolkuDb db, TestAuthorizeRequest request, TestIdentity identity, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await db.Set<TestIdpCode>().Where(c => c.ExpiresUtc < now).ExecuteDeleteAsync(cancellationToken);
        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        db.Set<TestIdpCode>().Add(new TestIdpCode
        {
            Id = CodeId(code),
            Payload = _codes.Protect(JsonSerializer.Serialize(new IssuedCode(request, identity))),
            ExpiresUtc = now + CodeLifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        return code;
    }

    /// <summary>
    /// The token endpoint: authenticates the client as configured, redeems the code once (the client, the redirect
    /// URI and the PKCE verifier must match) and returns the tokens, or an OAuth error code.
    /// </summary>
    public async Task<(TestTokens? Tokens, string? Error)> RedeemAsync(PolkuDb db, IFormCollection form, string issuer, CancellationToken cancellationToken)
    {
        var clientId = form["client_id"].ToString();
        if (!string.Equals(clientId, Client.ClientId, StringComparison.Ordinal) || !await AuthenticateClientAsync(form, issuer))
        {
            return (null, "invalid_client");
        }

        var code = form["code"].ToString();
        var id = CodeId(code);
        var row = code.Length == 0 ? null : await db.Set<TestIdpCode>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        // Deleting is redeeming: of two token requests with the same code, on any nodes, only one deletes the row.
        if (row is null || await db.Set<TestIdpCode>().Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken) != 1
            || row.ExpiresUtc <= time.GetUtcNow().UtcDateTime)
        {
            return (null, "invalid_grant");
        }

        IssuedCode? issued;
        try
        {
            issued = JsonSerializer.Deserialize<IssuedCode>(_codes.Unprotect(row.Payload));
        }
        catch (CryptographicException)
        {
            issued = null;
        }

        var verifier = form["code_verifier"].ToString();
        if (issued is null
            || !string.Equals(clientId, issued.Request.ClientId, StringComparison.Ordinal)
            || !string.Equals(form["redirect_uri"].ToString(), issued.Request.RedirectUri, StringComparison.Ordinal)
            || verifier is not { Length: >= 43 and <= 128 }
            || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))),
                Encoding.ASCII.GetBytes(issued.Request.CodeChallenge)))
        {
            return (null, "invalid_grant");
        }

        var accessToken = _accessTokens.Protect(JsonSerializer.Serialize(
            new IssuedAccessToken(clientId, issued.Identity, time.GetUtcNow().UtcDateTime + AccessTokenLifetime)));
        return (new TestTokens(await IdTokenAsync(db, issued, accessToken, issuer, cancellationToken), accessToken, (int)AccessTokenLifetime.TotalSeconds), null);
    }

    /// <summary>
    /// The ID token: only the pairwise subject and protocol claims. It ends up in a URL (the logout request's
    /// <c>id_token_hint</c>) and so in browser history and proxy logs, where an identity code must never be.
    /// </summary>
    private async Task<string> IdTokenAsync(PolkuDb db, IssuedCode issued, string accessToken, string issuer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = SubjectFor(issued.Identity.IdentityCode),
            ["nonce"] = issued.Request.Nonce,
            // OIDC Core 3.1.3.6: the left half of the access token's SHA-256 binds the two tokens together.
            ["at_hash"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))[..16]),
        };

        var (_, key) = await SigningKeyAsync(db, cancellationToken);
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = issued.Request.ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + TokenLifetime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
        return ClientPublicKey("enc") is { } encryption ? EncryptTo(token, encryption) : token;
    }

    /// <summary>Encrypts to the client's published encryption key, with the algorithm it names (RSA-OAEP by default) and A256GCM.</summary>
    private static string EncryptTo(string token, JsonWebKey key)
    {
        using var rsa = RSA.Create(new RSAParameters { Modulus = Base64UrlEncoder.DecodeBytes(key.N), Exponent = Base64UrlEncoder.DecodeBytes(key.E) });
        return Jwe.Encrypt(token, rsa, key.Kid, key.Alg is { Length: > 0 } alg ? alg : Jwe.RsaOaep);
    }

    /// <summary>The test client's public key of one use, as published in its JWKS (what a broker is configured with).</summary>
    private JsonWebKey? ClientPublicKey(string use)
    {
        if (providers.Find(OidcProviders.TestProviderName) is not { } provider)
        {
            return null;
        }

        var key = use == "sig" ? clientKeys.Signing(provider) : clientKeys.Decryption(provider);
        return key is null ? null : new JsonWebKey(JsonSerializer.Serialize(OidcClientKeys.PublicJwk(key, use)));
    }

    private async Task<bool> AuthenticateClientAsync(IFormCollection form, string issuer)
    {
        var client = Client;
        if (client.UsesPrivateKeyJwt)
        {
            if (form["client_assertion_type"] != ClientAssertionType || form["client_assertion"].ToString() is not { Length: > 0 } assertion
                || ClientPublicKey("sig") is not { } key)
            {
                return false;
            }

            var skew = TimeSpan.FromMinutes(1);
            var result = await new JsonWebTokenHandler().ValidateTokenAsync(assertion, new TokenValidationParameters
            {
                ValidIssuer = client.ClientId,
                ValidAudiences = [issuer + "/token", issuer],
                IssuerSigningKey = key,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ValidateLifetime = true,
                ClockSkew = skew,
                LifetimeValidator = IdTokenLifetime.Validator(time, skew),
            });
            var valid = result.IsValid && result.ClaimsIdentity.FindFirst("sub")?.Value == client.ClientId;
            if (!valid)
            {
                logger.LogWarning("Test identity provider refused a client assertion: {Reason}", result.Exception?.GetType().Name ?? "subject");
            }

            return valid;
        }

        if (client.ClientSecret is { Length: > 0 } secret)
        {
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(form["client_secret"].ToString()), Encoding.UTF8.GetBytes(secret));
        }

        return true;
    }

    /// <summary>
    /// The userinfo endpoint's answer for an access token this provider issued to its client and that has not
    /// expired by the app's clock; null for anything else (missing, forged, altered, expired, another purpose's payload).
    /// </summary>
    public IReadOnlyDictionary<string, string>? UserInfo(string? accessToken)
    {
        if (accessToken is not { Length: > 0 and < 4096 })
        {
            return null;
        }

        IssuedAccessToken? issued;
        try
        {
            issued = JsonSerializer.Deserialize<IssuedAccessToken>(_accessTokens.Unprotect(accessToken));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or JsonException)
        {
            return null;
        }

        if (issued?.Identity is not { } identity || !string.Equals(issued.ClientId, Client.ClientId, StringComparison.Ordinal)
            || issued.ExpiresUtc <= time.GetUtcNow().UtcDateTime)
        {
            return null;
        }

        var claims = new Dictionary<string, string>
        {
            ["sub"] = SubjectFor(identity.IdentityCode),
            ["national_identification_number"] = identity.IdentityCode,
            ["given_name"] = identity.GivenName,
            ["family_name"] = identity.FamilyName,
            ["name"] = $"{identity.GivenName} {identity.FamilyName}",
        };
        if (identity.Municipality is { } municipality)
        {
            claims["home_municipality"] = municipality;
        }

        return claims;
    }

    /// <summary>Checks an <c>id_token_hint</c> at the end-session endpoint: one of ours, for our client. Its lifetime does not matter.</summary>
    public async Task<bool> IsOwnIdTokenAsync(PolkuDb db, string? idToken, string issuer, CancellationToken cancellationToken)
    {
        if (idToken is not { Length: > 0 })
        {
            return false;
        }

        var (_, key) = await SigningKeyAsync(db, cancellationToken);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = Client.ClientId,
            IssuerSigningKey = key,
            RequireSignedTokens = true,
            ValidateLifetime = false,
        });
        return result.IsValid;
    }

    private static string CodeId(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    public void Dispose()
    {
        _signing?.Rsa.Dispose();
        _keyGate.Dispose();
    }

    private sealed record IssuedCode(TestAuthorizeRequest Request, TestIdentity Identity);

    /// <summary>An access token's content: opaque to the client (data-protected), judged by the app's clock when presented.</summary>
    private sealed record IssuedAccessToken(string ClientId, TestIdentity Identity, DateTime ExpiresUtc);
}
