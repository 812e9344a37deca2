using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Polku.Identity.Auth;

namespace Polku.Tests.Identity;

/// <summary>The OIDC client accepts only an ID token signed by the provider's key, for this client, in time, with our nonce.</summary>
public sealed class IdTokenValidationTests : IDisposable
{
    private const string Issuer = "https://idp.test.example";
    private const string ClientId = "polku";
    private readonly RSA _providerKey = RSA.Create(2048);
    private readonly RSA _attackerKey = RSA.Create(2048);

    private OpenIdConnectConfiguration Configuration()
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
        configuration.SigningKeys.Add(new RsaSecurityKey(_providerKey) { KeyId = "k1" });
        return configuration;
    }

    private static string Token(RSA key, string issuer = Issuer, string audience = ClientId, string nonce = "n-1", int expiresInMinutes = 5)
    {
        // The token handler checks lifetime against the real clock, so the token is made around real now.
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.AddMinutes(-10),
            NotBefore = now.AddMinutes(-10),
            Expires = now.AddMinutes(expiresInMinutes),
            Claims = new Dictionary<string, object> { ["sub"] = "abc", ["nonce"] = nonce },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = "k1" }, SecurityAlgorithms.RsaSha256),
        });
    }

    [Fact]
    public async Task A_good_token_is_accepted()
    {
        var identity = await OidcClient.ValidateIdTokenAsync(Token(_providerKey), Configuration(), ClientId, "n-1");
        Assert.Equal("abc", identity?.FindFirst("sub")?.Value);
    }

    [Fact]
    public async Task Wrong_signature_issuer_audience_nonce_or_expiry_is_rejected()
    {
        Assert.Null(await OidcClient.ValidateIdTokenAsync(Token(_attackerKey), Configuration(), ClientId, "n-1"));
        Assert.Null(await OidcClient.ValidateIdTokenAsync(Token(_providerKey, issuer: "https://evil.example"), Configuration(), ClientId, "n-1"));
        Assert.Null(await OidcClient.ValidateIdTokenAsync(Token(_providerKey, audience: "someone-else"), Configuration(), ClientId, "n-1"));
        Assert.Null(await OidcClient.ValidateIdTokenAsync(Token(_providerKey, nonce: "replayed"), Configuration(), ClientId, "n-1"));
        Assert.Null(await OidcClient.ValidateIdTokenAsync(Token(_providerKey, expiresInMinutes: -5), Configuration(), ClientId, "n-1"));
    }

    [Fact]
    public async Task A_token_whose_payload_was_edited_is_rejected()
    {
        var parts = Token(_providerKey).Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"abc\"", "\"someone-else\"", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        Assert.Null(await OidcClient.ValidateIdTokenAsync(tampered, Configuration(), ClientId, "n-1"));
        Assert.Null(await OidcClient.ValidateIdTokenAsync($"{parts[0]}.{parts[1]}.", Configuration(), ClientId, "n-1"));
    }

    public void Dispose()
    {
        _providerKey.Dispose();
        _attackerKey.Dispose();
    }
}
