using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Polku.Identity.Auth;

/// <summary>
/// Registers one standard OpenID Connect scheme (<c>oidc-{name}</c>) per provider. The schemes are added when the
/// authentication options are first built, from <see cref="PolkuIdentityOptions"/>, so every configuration source
/// (including a test host's settings) counts.
/// </summary>
internal static class OidcSetup
{
    /// <summary>The back channel (discovery, JWKS, token requests); tests route it to the in-process server.</summary>
    public const string HttpClientName = "polku-oidc";

    public static IServiceCollection AddPolkuOidc(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddHttpClient(HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<OidcProviders>();
        services.AddSingleton<OidcClientKeys>();
        services.TryAddTransient<OpenIdConnectHandler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        services.AddSingleton<IConfigureOptions<OpenIdConnectOptions>, ConfigureOidcOptions>();
        services.AddOptions<AuthenticationOptions>().Configure<OidcProviders>((o, providers) =>
        {
            foreach (var provider in providers.All)
            {
                o.AddScheme<OpenIdConnectHandler>(provider.Scheme, provider.Name);
            }
        });
        return services;
    }

    private sealed class ConfigureOidcOptions(
        OidcProviders providers, OidcClientKeys keys, IHttpClientFactory httpClients, IHttpContextAccessor accessor,
        IHostEnvironment environment, TimeProvider time) : IConfigureNamedOptions<OpenIdConnectOptions>
    {
        public void Configure(OpenIdConnectOptions options) => Configure(Options.DefaultName, options);

        public void Configure(string? name, OpenIdConnectOptions o)
        {
            if (name is null || providers.ForScheme(name) is not { } provider)
            {
                return;
            }

            var settings = provider.Options;
            o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.UsesPrivateKeyJwt ? null : settings.ClientSecret;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.ResponseMode = settings.ResponseMode;
            o.UsePkce = true;
            o.CallbackPath = provider.CallbackPath;
            o.SignedOutCallbackPath = provider.SignedOutCallbackPath;
            o.SignedOutRedirectUri = "/";
            // No front-channel logout endpoint: without a session id in Polku's principal any page could end sessions.
            o.RemoteSignOutPath = default;
            o.SaveTokens = false;
            o.MapInboundClaims = false;
            // With userinfo, the handler asks it with the access token after validating the ID token, refuses an
            // answer whose sub is not the ID token's, and adds the claims below to the identity the mapping in
            // PolkuOidcEvents reads (a claim the ID token already has stays as it is). Only the claims Polku reads are
            // taken; the answer itself is neither logged nor kept, and the access token is not saved.
            o.GetClaimsFromUserInfoEndpoint = settings.UserInfo;
            o.ClaimActions.Clear();
            foreach (var claim in new[] { settings.IdentityCodeClaim, settings.MunicipalityClaim, settings.LoginClaim, "given_name", "family_name", "name" }
                .Concat(settings.IsStaff ? [settings.StaffMatchClaim, settings.Provisioning.NameClaim, settings.Provisioning.EmailClaim] : [])
                .Where(c => c.Length > 0 && c != "sub").Distinct(StringComparer.Ordinal))
            {
                o.ClaimActions.MapUniqueJsonKey(claim, claim);
            }

            // A mapping's claim may be a list (roles, groups): every value is kept.
            foreach (var claim in settings.IsStaff ? settings.Provisioning.Mappings.Select(m => m.Claim).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal) : [])
            {
                o.ClaimActions.MapJsonKey(claim, claim);
            }

            o.DisableTelemetry = true;
            o.Scope.Clear();
            foreach (var scope in settings.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                o.Scope.Add(scope);
            }

            o.Backchannel = httpClients.CreateClient(HttpClientName);
            if (provider.IsTest)
            {
                o.RequireHttpsMetadata = false;
                o.ConfigurationManager = new RequestOriginConfigurationManager(accessor, o.Backchannel);
            }
            else
            {
                o.Authority = settings.Authority;
                // Plain http only for a provider on this machine (development).
                o.RequireHttpsMetadata = !(Uri.TryCreate(settings.Authority, UriKind.Absolute, out var authority) && authority.IsLoopback);
            }

            // The correlation and nonce cookies only have to come back on the provider's redirect to the callback. With
            // response_mode=query that is a top-level GET navigation, on which browsers send SameSite=Lax cookies, so Lax
            // is enough — and unlike SameSite=None it needs no Secure flag, so sign-in works over plain http in
            // Development and in the tests. form_post comes back as a cross-site POST, which only SameSite=None
            // (always Secure) cookies survive. Outside Development the cookies are always Secure.
            var formPost = string.Equals(settings.ResponseMode, OpenIdConnectResponseMode.FormPost, StringComparison.Ordinal);
            foreach (var (cookie, cookieName) in new[] { (o.CorrelationCookie, ".polku.oidc.correlation."), (o.NonceCookie, ".polku.oidc.nonce.") })
            {
                cookie.Name = cookieName;
                cookie.HttpOnly = true;
                cookie.SameSite = formPost ? SameSiteMode.None : SameSiteMode.Lax;
                cookie.SecurePolicy = formPost || !environment.IsDevelopment() ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            }

            // The handler's clock only sets those cookies' expiry, which the browser judges by real time; the app's
            // clock (moved in tests and the demo) judges the ID token's lifetime below, as the test provider issues by it.
            o.TimeProvider = TimeProvider.System;
            var skew = TimeSpan.FromMinutes(2);
            var parameters = o.TokenValidationParameters;
            parameters.ValidAudience = settings.ClientId;
            parameters.ValidateIssuer = true;
            parameters.ValidateAudience = true;
            parameters.ValidateLifetime = true;
            parameters.RequireExpirationTime = true;
            parameters.ClockSkew = skew;
            parameters.ValidAlgorithms =
            [
                SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
                SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
                SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
            ];
            parameters.LifetimeValidator = IdTokenLifetime.Validator(time, skew);
            o.Events = new PolkuOidcEvents(provider, keys, time);
        }
    }
}

/// <summary>ID-token lifetime judged by the app's clock.</summary>
internal static class IdTokenLifetime
{
    public static LifetimeValidator Validator(TimeProvider clock, TimeSpan skew) => (notBefore, expires, _, _) =>
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return expires is { } exp && exp.ToUniversalTime() >= now - skew && (notBefore is not { } nbf || nbf.ToUniversalTime() <= now + skew);
    };
}
