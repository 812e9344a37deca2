using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Polku.Identity;
using Polku.Identity.Auth;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Identity;

/// <summary>
/// <c>private_key_jwt</c> client authentication and encrypted ID tokens: the built-in test provider configured to
/// require them, an external provider that checks what the client sends, the published JWKS, key files and JWE.
/// </summary>
public sealed class OidcClientKeyTests : IAsyncLifetime
{
    private readonly OidcTestKeys _keys = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2025, 3, 10, 8, 0, 0, TimeSpan.Zero));
    private readonly ExternalProvider _external;
    private readonly PolkuAppFactory _factory;

    public OidcClientKeyTests()
    {
        _external = new ExternalProvider(_clock);
        _factory = ExternalProvider.Factory(_external, new Dictionary<string, string?>
        {
            ["Identity:TestProvider:ClientAuthentication"] = "private_key_jwt",
            ["Identity:TestProvider:SigningKey:Path"] = _keys.SigningPem,
            ["Identity:TestProvider:DecryptionKey:Path"] = _keys.DecryptionJwk,
            ["Identity:TestProvider:DecryptionKey:Algorithm"] = Jwe.RsaOaep256,
            [$"Identity:Oidc:Providers:{ExternalProvider.Name}:ClientAuthentication"] = "private_key_jwt",
            [$"Identity:Oidc:Providers:{ExternalProvider.Name}:SigningKey:Path"] = _keys.EcSigningPem,
            [$"Identity:Oidc:Providers:{ExternalProvider.Name}:DecryptionKey:Path"] = _keys.DecryptionPem,
        });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _external.Dispose();
        _keys.Dispose();
    }

    [Fact]
    public async Task The_test_provider_requires_the_clients_key_and_encrypts_the_ID_token_to_it()
    {
        // Through the handler: assertion signed with the configured key, ID token encrypted (RSA-OAEP-256, A256GCM).
        var client = _factory.CreateBrowserLikeClient();
        Assert.Equal("/me", (await SignIn.SignInAsResidentAsync(client, "Maija Meikäläinen")).Headers.Location!.ToString());

        // By hand, as a broker sees it: a code for this client, then token requests with and without the right key.
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));
        var authorize = new Uri(QueryHelpers.AddQueryString("http://localhost/test-idp/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = "polku-test-client", ["redirect_uri"] = "http://localhost/signin-oidc/test", ["response_type"] = "code",
            ["state"] = "s-1", ["nonce"] = "n-1", ["code_challenge"] = challenge, ["code_challenge_method"] = "S256", ["scope"] = "openid",
        }));
        var (pick, token) = await SignIn.FindTestPersonAsync(client, authorize, "Lotta Testinen");
        using var chosenForm = new FormUrlEncodedContent(new Dictionary<string, string> { [SignIn.TokenField] = token, ["pick"] = pick });
        var code = QueryHelpers.ParseQuery((await client.PostAsync(authorize, chosenForm)).Headers.Location!.Query)["code"].ToString();

        using var attacker = RSA.Create(2048);
        foreach (var wrong in new[] { Assertion(new RsaSecurityKey(attacker)), null })
        {
            var refused = await TokenRequestAsync(client, code, verifier, wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("invalid_client", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var granted = await TokenRequestAsync(client, code, verifier, Assertion(new RsaSecurityKey(_keys.Signing)));
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        using var json = JsonDocument.Parse(await granted.Content.ReadAsStringAsync());
        var idToken = json.RootElement.GetProperty("id_token").GetString()!;
        Assert.True(Jwe.IsJwe(idToken));
        var header = JsonDocument.Parse(Base64UrlEncoder.Decode(idToken.Split('.')[0])).RootElement;
        Assert.Equal("RSA-OAEP-256", header.GetProperty("alg").GetString());
        Assert.Equal("A256GCM", header.GetProperty("enc").GetString());
        var signed = Jwe.Decrypt(idToken, [(header.GetProperty("kid").GetString()!, _keys.Decryption)]);
        Assert.Equal("n-1", new JsonWebToken(signed).GetClaim("nonce").Value);
        Assert.Null(Jwe.Decrypt(idToken, [(header.GetProperty("kid").GetString()!, attacker)]));
    }

    [Fact]
    public async Task The_client_publishes_its_public_keys_and_signs_the_assertion_it_sends_to_an_external_provider()
    {
        var client = _factory.CreateBrowserLikeClient();
        using var jwksResponse = await client.GetAsync(new Uri($"/oidc/{ExternalProvider.Name}/jwks", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, jwksResponse.StatusCode);
        var jwksJson = await jwksResponse.Content.ReadAsStringAsync();
        Assert.DoesNotContain("\"d\"", jwksJson, StringComparison.Ordinal);
        var jwks = new JsonWebKeySet(jwksJson);
        Assert.Equal(["sig", "enc"], jwks.Keys.Select(k => k.Use));
        Assert.Equal(["ES256", "RSA-OAEP"], jwks.Keys.Select(k => k.Alg));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/oidc/nobody/jwks", UriKind.Relative))).StatusCode);

        // IdentityModel's own JWE (RSA-OAEP, A256CBC-HS512) to the published encryption key: decrypted and accepted.
        var encryption = jwks.Keys.Single(k => k.Use == "enc");
        _external.IdToken = n => _external.Token(n, encrypt: new EncryptingCredentials(encryption, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
        Assert.Equal("/me", await _external.SignInAsync(client));

        var request = _external.LastTokenRequest;
        Assert.Equal(TestIdpAssertionType, request["client_assertion_type"]);
        Assert.False(request.ContainsKey("client_secret"));
        var assertion = await new JsonWebTokenHandler().ValidateTokenAsync(request["client_assertion"], new TokenValidationParameters
        {
            ValidIssuer = ExternalProvider.ClientId,
            ValidAudience = ExternalProvider.Authority + "/token",
            IssuerSigningKeys = jwks.GetSigningKeys(),
            LifetimeValidator = (nbf, exp, _, _) => exp > _clock.GetUtcNow().UtcDateTime,
        });
        Assert.True(assertion.IsValid);
        Assert.Equal(ExternalProvider.ClientId, assertion.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.Equal("ES256", ((JsonWebToken)assertion.SecurityToken).Alg);

        // A token encrypted to someone else's key is refused.
        using var other = RSA.Create(2048);
        _external.IdToken = n => Jwe.Encrypt(_external.Token(n), other, encryption.Kid);
        Assert.Equal("/login?error=signin.failed", await _external.SignInAsync(_factory.CreateBrowserLikeClient()));
    }

    [Fact]
    public async Task Logout_from_an_external_provider_continues_there_from_a_page_because_of_form_action()
    {
        var client = _factory.CreateBrowserLikeClient();
        _external.IdToken = n => Jwe.Encrypt(_external.Token(n), _keys.Decryption, OidcClientKeys.Thumbprint(_keys.Decryption), Jwe.RsaOaep256);
        Assert.Equal("/me", await _external.SignInAsync(client));
        var (_, token) = await SignIn.GetFormAsync(client, "/logout");
        var logout = await SignIn.PostFormAsync(client, "/logout", token, []);
        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        var page = await logout.Content.ReadAsStringAsync();
        var url = new Uri(WebUtility.HtmlDecode(ExternalProvider.MetaRefresh.Match(page).Groups[1].Value));
        Assert.StartsWith(ExternalProvider.Authority + "/logout?", url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains($"href=\"{WebUtility.HtmlEncode(url.OriginalString)}\"", page.Replace("&#x2B;", "+", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal($"http://localhost/signout-callback-oidc/{ExternalProvider.Name}", ExternalProvider.Query(url, "post_logout_redirect_uri"));
        // The hint is the signed token inside the encrypted one (RP-Initiated Logout §2).
        var hint = ExternalProvider.Query(url, "id_token_hint");
        Assert.False(Jwe.IsJwe(hint));
        Assert.Equal("Ulkoinen", new JsonWebToken(hint).GetClaim("family_name").Value);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/me", UriKind.Relative))).StatusCode);

        var back = await client.GetAsync(new Uri($"/signout-callback-oidc/{ExternalProvider.Name}?state={Uri.EscapeDataString(ExternalProvider.Query(url, "state"))}", UriKind.Relative));
        Assert.Equal("/", back.Headers.Location!.ToString());
    }

    [Fact]
    public void Key_files_in_every_supported_form_load_with_a_stable_thumbprint_key_id()
    {
        var pem = OidcClientKeys.LoadKey(new OidcKeyOptions { Path = _keys.SigningPem }, forEncryption: false);
        var thumbprint = Base64UrlEncoder.Encode(JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_keys.Signing.ExportParameters(false))).ComputeJwkThumbprint());
        Assert.Equal(thumbprint, pem.KeyId);
        Assert.Equal("RS256", pem.Algorithm);

        Assert.Equal("ES256", OidcClientKeys.LoadKey(new OidcKeyOptions { Path = _keys.EcSigningPem }, forEncryption: false).Algorithm);
        var jwk = OidcClientKeys.LoadKey(new OidcKeyOptions { Path = _keys.DecryptionJwk }, forEncryption: true);
        var pkcs1 = OidcClientKeys.LoadKey(new OidcKeyOptions { Path = _keys.DecryptionPem, KeyId = "enc-1" }, forEncryption: true);
        Assert.Equal(jwk.Rsa!.ExportParameters(false).Modulus, pkcs1.Rsa!.ExportParameters(false).Modulus);
        Assert.Equal(("enc-1", "RSA-OAEP"), (pkcs1.KeyId, pkcs1.Algorithm));

        var encrypted = _keys.PathOf("encrypted.pem");
        File.WriteAllText(encrypted, _keys.Signing.ExportEncryptedPkcs8PrivateKeyPem("secret", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));
        Assert.Equal(thumbprint, OidcClientKeys.LoadKey(new OidcKeyOptions { Path = encrypted, Password = "secret" }, forEncryption: false).KeyId);

        var request = new CertificateRequest("CN=polku-client", _keys.Signing, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2035, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var pfx = _keys.PathOf("client.pfx");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, "pfx-secret"));
        var fromPfx = OidcClientKeys.LoadKey(new OidcKeyOptions { Path = pfx, Password = "pfx-secret" }, forEncryption: false);
        Assert.Equal(thumbprint, fromPfx.KeyId);
        Assert.Equal(Convert.ToBase64String(certificate.RawData), ((string[])OidcClientKeys.PublicJwk(fromPfx, "sig")["x5c"])[0]);

        Assert.Throws<InvalidOperationException>(() => OidcClientKeys.LoadKey(new OidcKeyOptions { Path = _keys.EcSigningPem }, forEncryption: true));
        Assert.Throws<InvalidOperationException>(() => OidcClientKeys.LoadKey(new OidcKeyOptions { Path = _keys.PathOf("missing.pem") }, forEncryption: false));
    }

    [Theory]
    [InlineData("RSA-OAEP", "A256CBC-HS512")]
    [InlineData("RSA-OAEP", "A128CBC-HS256")]
    public void Jwe_decrypts_what_IdentityModel_encrypts(string alg, string enc)
    {
        var key = new RsaSecurityKey(_keys.Decryption.ExportParameters(false)) { KeyId = "k" };
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "i",
            Claims = new Dictionary<string, object> { ["sub"] = "s" },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_keys.Signing), SecurityAlgorithms.RsaSha256),
            EncryptingCredentials = new EncryptingCredentials(key, alg, enc),
        });
        var signed = Jwe.Decrypt(token, [("k", _keys.Decryption)]);
        Assert.Equal("s", new JsonWebToken(signed).Subject);

        var parts = token.Split('.');
        parts[3] = Base64UrlEncoder.Encode(Base64UrlEncoder.DecodeBytes(parts[3]).Select((b, i) => i == 0 ? (byte)(b ^ 1) : b).ToArray());
        Assert.Null(Jwe.Decrypt(string.Join('.', parts), [("k", _keys.Decryption)]));
    }

    private const string TestIdpAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>A client assertion by the app's clock, which the test provider judges it by.</summary>
    private string Assertion(SecurityKey key)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "polku-test-client",
            Audience = "http://localhost/test-idp/token",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(1),
            Claims = new Dictionary<string, object> { ["sub"] = "polku-test-client", ["jti"] = Guid.NewGuid().ToString() },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    private static async Task<HttpResponseMessage> TokenRequestAsync(HttpClient client, string code, string verifier, string? assertion)
    {
        var fields = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["client_id"] = "polku-test-client",
            ["redirect_uri"] = "http://localhost/signin-oidc/test", ["code_verifier"] = verifier,
        };
        if (assertion is not null)
        {
            fields["client_assertion_type"] = TestIdpAssertionType;
            fields["client_assertion"] = assertion;
        }

        using var form = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri("/test-idp/token", UriKind.Relative), form);
    }
}
