using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Identity;

/// <summary>
/// An external OpenID Connect provider played by the test on another origin (<see cref="Authority"/>), configured in
/// the app as provider <c>broker</c>: it answers discovery, JWKS and token requests on the app's back channel with
/// whatever ID token the test makes, so the standard handler's validation can be tried with good and bad tokens.
/// </summary>
internal sealed class ExternalProvider : IDisposable
{
    public const string Authority = "https://idp.example.test";
    public const string Name = "broker";
    public const string ClientId = "polku-broker-client";

    private static readonly string[] Code = ["code"];
    private static readonly string[] Public = ["public"];
    private static readonly string[] Rs256 = ["RS256"];
    private readonly RSA _signing = RSA.Create(2048);

    /// <summary>Makes the token endpoint's answer from the authorization request's nonce; the default is a good ID token.</summary>
    public Func<string, string> IdToken { get; set; }

    /// <summary>The last token request's form fields.</summary>
    public IReadOnlyDictionary<string, string> LastTokenRequest { get; private set; } = new Dictionary<string, string>();

    /// <summary>When set, the token endpoint cannot be reached.</summary>
    public bool Down { get; set; }

    /// <summary>The userinfo endpoint's answer (it is always in discovery); null answers 404.</summary>
    public Func<Dictionary<string, object>>? UserInfo { get; set; }

    /// <summary>The <c>Authorization</c> headers of the userinfo requests so far.</summary>
    public List<string> UserInfoRequests { get; } = [];

    public ExternalProvider(TimeProvider clock)
    {
        Clock = clock;
        IdToken = nonce => Token(nonce);
    }

    public TimeProvider Clock { get; }

    public string Nonce { get; private set; } = "";

    public static Dictionary<string, string?> Settings(string kind = "resident") => new()
    {
        [$"Identity:Oidc:Providers:{Name}:Authority"] = Authority,
        [$"Identity:Oidc:Providers:{Name}:ClientId"] = ClientId,
        [$"Identity:Oidc:Providers:{Name}:ClientSecret"] = "broker-secret",
        [$"Identity:Oidc:Providers:{Name}:Kind"] = kind,
        [$"Identity:Oidc:Providers:{Name}:IdentityCodeClaim"] = "urn:oid:1.2.246.21",
    };

    public RsaSecurityKey SigningKey => new(_signing) { KeyId = "broker-key" };

    /// <summary>The subject of every ID token the provider makes.</summary>
    public const string Subject = "broker-subject-1";

    /// <summary>The access token of every token response.</summary>
    public const string AccessToken = "broker-access-token";

    /// <summary>An ID token as the provider would issue it, with any part made wrong on purpose.</summary>
    public string Token(string nonce, RSA? key = null, string issuer = Authority, string audience = ClientId, TimeSpan? expiresIn = null,
        TimeSpan? issuedAgo = null, string identityCode = "010101A900R", EncryptingCredentials? encrypt = null, bool personal = true,
        IReadOnlyDictionary<string, object>? claimsOfItsOwn = null)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var issued = now - (issuedAgo ?? TimeSpan.Zero);
        var claims = new Dictionary<string, object> { ["sub"] = Subject, ["nonce"] = nonce };
        if (personal)
        {
            claims["given_name"] = "Ulla";
            claims["family_name"] = "Ulkoinen";
            claims["urn:oid:1.2.246.21"] = identityCode;
        }

        // A staff directory's own claims (an object id, an employee number, groups), replacing any above.
        foreach (var (name, value) in claimsOfItsOwn ?? new Dictionary<string, object>())
        {
            claims[name] = value;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = now + (expiresIn ?? TimeSpan.FromMinutes(5)),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key is null ? SigningKey : new RsaSecurityKey(key) { KeyId = "broker-key" }, SecurityAlgorithms.RsaSha256),
            EncryptingCredentials = encrypt,
        });
    }

    public async Task<HttpResponseMessage?> HandleAsync(HttpRequestMessage request)
    {
        if (request.RequestUri is not { Host: "idp.example.test" } uri)
        {
            return null;
        }

        switch (uri.AbsolutePath)
        {
            case "/.well-known/openid-configuration":
                return Json(new Dictionary<string, object>
                {
                    ["issuer"] = Authority,
                    ["authorization_endpoint"] = Authority + "/authorize",
                    ["token_endpoint"] = Authority + "/token",
                    ["jwks_uri"] = Authority + "/jwks",
                    ["userinfo_endpoint"] = Authority + "/userinfo",
                    ["end_session_endpoint"] = Authority + "/logout",
                    ["response_types_supported"] = Code,
                    ["subject_types_supported"] = Public,
                    ["id_token_signing_alg_values_supported"] = Rs256,
                });
            case "/jwks":
                var p = _signing.ExportParameters(false);
                return Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = "broker-key", n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) } } });
            case "/token":
                if (Down)
                {
                    throw new HttpRequestException("The provider is down.");
                }

                var form = QueryHelpers.ParseQuery(await request.Content!.ReadAsStringAsync());
                LastTokenRequest = form.ToDictionary(f => f.Key, f => f.Value.ToString());
                return Json(new Dictionary<string, object> { ["id_token"] = IdToken(Nonce), ["token_type"] = "Bearer", ["access_token"] = AccessToken, ["expires_in"] = 300 });
            case "/userinfo":
                UserInfoRequests.Add(request.Headers.Authorization?.ToString() ?? "");
                return UserInfo is null ? new HttpResponseMessage(HttpStatusCode.NotFound) : Json(UserInfo());
            default:
                return new HttpResponseMessage(HttpStatusCode.NotFound);
        }
    }

    /// <summary>Starts sign-in with the provider; returns the callback URL the provider would send the browser to with a code.</summary>
    public async Task<Uri> AuthorizeAsync(HttpClient client, string returnUrl = "/")
    {
        var start = await client.GetAsync(new Uri($"/login/{Name}?returnUrl={Uri.EscapeDataString(returnUrl)}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith(Authority + "/authorize?", authorize.AbsoluteUri, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(authorize.Query);
        Nonce = query["nonce"].ToString();
        return new Uri($"http://localhost/signin-oidc/{Name}?code=code-1&state={Uri.EscapeDataString(query["state"].ToString())}");
    }

    /// <summary>Signs in through the provider; returns where the callback sent the browser.</summary>
    public async Task<string> SignInAsync(HttpClient client, string returnUrl = "/")
    {
        var callback = await AuthorizeAsync(client, returnUrl);
        var done = await client.GetAsync(callback);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        return done.Headers.Location!.ToString();
    }

    private static HttpResponseMessage Json(object body) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json"),
    };

    public static PolkuAppFactory Factory(ExternalProvider provider, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = Settings();
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new PolkuAppFactory { Time = provider.Clock, Settings = settings, ExternalOidc = provider.HandleAsync };
    }

    public static string Query(Uri uri, string name) => QueryHelpers.ParseQuery(uri.Query)[name].ToString();

    public static readonly Regex MetaRefresh = new("<meta http-equiv=\"refresh\" content=\"0; url=([^\"]+)\">", RegexOptions.Compiled);

    public void Dispose() => _signing.Dispose();
}
