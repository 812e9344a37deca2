using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Polku.Identity.TestIdp;

namespace Polku.Identity.Auth;

/// <summary>A provider as the client uses it: configured, or the built-in test provider resolved for this request.</summary>
internal sealed record OidcProvider(string Name, OidcProviderOptions Options, bool IsTest)
{
    public string ClaimValue => IsTest ? "test" : $"oidc:{Name}";
}

/// <summary>What the sign-in cookie remembers between the redirect to the provider and the callback.</summary>
internal sealed record OidcPending(string Provider, string State, string Nonce, string CodeVerifier, string ReturnUrl);

/// <summary>
/// OpenID Connect relying party for residents and professionals: discovery, authorization code with PKCE (S256),
/// state and nonce in a short-lived protected cookie, back-channel token exchange and ID token validation.
/// </summary>
internal sealed class OidcClient(
    IOptions<PolkuIdentityOptions> options,
    IHttpClientFactory httpClients,
    IDataProtectionProvider protection,
    TimeProvider time)
{
    public const string HttpClientName = "polku-oidc";
    public const string TestProviderName = "test";
    private const string CookiePrefix = ".polku.oidc.";
    private static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> _discovery = new(StringComparer.Ordinal);
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Polku.Identity.Oidc.Pending").ToTimeLimitedDataProtector();

    /// <summary>The providers a user can sign in with on this request, test provider first when enabled.</summary>
    public IReadOnlyList<OidcProvider> Providers(HttpRequest request)
    {
        var list = new List<OidcProvider>();
        if (Find(TestProviderName, request) is { } test)
        {
            list.Add(test);
        }

        list.AddRange(options.Value.Oidc.Providers
            .Where(p => !string.Equals(p.Key, TestProviderName, StringComparison.OrdinalIgnoreCase))
            .Select(p => new OidcProvider(p.Key, p.Value, false)));
        return list;
    }

    public OidcProvider? Find(string name, HttpRequest request)
    {
        if (string.Equals(name, TestProviderName, StringComparison.OrdinalIgnoreCase))
        {
            var test = options.Value.TestProvider;
            return test.Enabled
                ? new OidcProvider(TestProviderName, new OidcProviderOptions
                {
                    Authority = TestIdentityProvider.Issuer(request),
                    ClientId = test.ClientId,
                    Scope = "openid profile",
                    Kind = "resident",
                    IdentityCodeClaim = "national_identification_number",
                    DisplayName = new(StringComparer.OrdinalIgnoreCase),
                }, true)
                : null;
        }

        return options.Value.Oidc.Providers.TryGetValue(name, out var configured) && configured.Authority.Length > 0
            ? new OidcProvider(name, configured, false)
            : null;
    }

    public static string RedirectUri(HttpRequest request, OidcProvider provider) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/signin-oidc/{provider.Name}";

    public Task<OpenIdConnectConfiguration> ConfigurationAsync(OidcProvider provider, CancellationToken cancellationToken)
    {
        var authority = provider.Options.Authority.TrimEnd('/');
        var manager = _discovery.GetOrAdd(authority, a =>
        {
            var uri = new Uri(a);
            // Plain http only for the built-in test provider and for a provider on this machine.
            var allowHttp = provider.IsTest || uri.IsLoopback;
            var retriever = new HttpDocumentRetriever(httpClients.CreateClient(HttpClientName)) { RequireHttps = !allowHttp };
            return new ConfigurationManager<OpenIdConnectConfiguration>(a + "/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever(), retriever);
        });
        return manager.GetConfigurationAsync(cancellationToken);
    }

    /// <summary>Starts sign-in: remembers state, nonce and the PKCE verifier in a protected cookie and returns the provider's URL.</summary>
    public async Task<string> StartAsync(HttpContext context, OidcProvider provider, string returnUrl)
    {
        var configuration = await ConfigurationAsync(provider, context.RequestAborted);
        var pending = new OidcPending(provider.Name, Random(32), Random(32), Random(48), returnUrl);
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(pending.CodeVerifier)));
        context.Response.Cookies.Append(CookiePrefix + provider.Name, _protector.Protect(JsonSerializer.Serialize(pending), PendingLifetime), new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            Path = "/signin-oidc",
            MaxAge = PendingLifetime,
        });
        return QueryHelpers.AddQueryString(configuration.AuthorizationEndpoint, new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = provider.Options.ClientId,
            ["redirect_uri"] = RedirectUri(context.Request, provider),
            ["scope"] = provider.Options.Scope,
            ["state"] = pending.State,
            ["nonce"] = pending.Nonce,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["ui_locales"] = Platform.Localization.Language.Current,
        });
    }

    /// <summary>Completes sign-in: checks state, exchanges the code and validates the ID token. Null when anything is wrong.</summary>
    public async Task<(ClaimsIdentity? Identity, OidcPending? Pending, string? Error)> CompleteAsync(HttpContext context, OidcProvider provider)
    {
        var cookieName = CookiePrefix + provider.Name;
        var raw = context.Request.Cookies[cookieName];
        context.Response.Cookies.Delete(cookieName, new CookieOptions { Path = "/signin-oidc" });
        OidcPending? pending;
        try
        {
            pending = raw is null ? null : JsonSerializer.Deserialize<OidcPending>(_protector.Unprotect(raw));
        }
        catch (CryptographicException)
        {
            pending = null;
        }

        var query = context.Request.Query;
        if (pending is null || pending.Provider != provider.Name)
        {
            return (null, null, "signin.expired");
        }

        if (query.ContainsKey("error"))
        {
            return (null, pending, "signin.cancelled");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(query["state"].ToString()), Encoding.UTF8.GetBytes(pending.State)))
        {
            return (null, pending, "signin.state");
        }

        var code = query["code"].ToString();
        if (code.Length == 0)
        {
            return (null, pending, "signin.failed");
        }

        var configuration = await ConfigurationAsync(provider, context.RequestAborted);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = RedirectUri(context.Request, provider),
            ["client_id"] = provider.Options.ClientId,
            ["code_verifier"] = pending.CodeVerifier,
        };
        if (provider.Options.ClientSecret is { Length: > 0 } secret)
        {
            form["client_secret"] = secret;
        }

        using var client = httpClients.CreateClient(HttpClientName);
        using var content = new FormUrlEncodedContent(form);
        using var response = await client.PostAsync(configuration.TokenEndpoint, content, context.RequestAborted);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (null, pending, "signin.failed");
        }

        string? idToken;
        try
        {
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(context.RequestAborted), cancellationToken: context.RequestAborted);
            idToken = json.RootElement.TryGetProperty("id_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        }
        catch (JsonException)
        {
            idToken = null;
        }

        if (idToken is null)
        {
            return (null, pending, "signin.failed");
        }

        var identity = await ValidateIdTokenAsync(idToken, configuration, provider.Options.ClientId, pending.Nonce, time);
        return identity is null ? (null, pending, "signin.failed") : (identity, pending, null);
    }

    /// <summary>Validates an ID token: signature from the JWKS, issuer, audience, lifetime and nonce.</summary>
    /// <remarks>The token's lifetime is judged by the application's clock, the same clock the built-in test provider issues by.</remarks>
    public static async Task<ClaimsIdentity?> ValidateIdTokenAsync(string idToken, OpenIdConnectConfiguration configuration, string clientId, string nonce, TimeProvider? time = null)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = clientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512, SecurityAlgorithms.EcdsaSha256],
            ClockSkew = TimeSpan.FromMinutes(2),
            LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
                return expires is { } exp && exp.ToUniversalTime() + parameters.ClockSkew >= now
                    && (notBefore is not { } nbf || nbf.ToUniversalTime() - parameters.ClockSkew <= now);
            },
        });
        if (!result.IsValid || result.ClaimsIdentity is not { } identity)
        {
            return null;
        }

        var tokenNonce = identity.FindFirst("nonce")?.Value;
        return tokenNonce is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(tokenNonce), Encoding.UTF8.GetBytes(nonce))
            ? identity
            : null;
    }

    private static string Random(int bytes) => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(bytes));
}
