using System.Net.Http;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Polku.Contacts.Contracts;
using Polku.Identity.Api;
using Polku.Identity.Contracts;
using Polku.Identity.Data;
using Polku.Platform.Journal;
using Polku.Platform.Persistence;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Identity.Auth;

/// <summary>
/// Polku's part of the standard OpenID Connect handler, one instance per provider: client authentication at the
/// token request, decryption of encrypted ID tokens, mapping the validated identity to Polku's own principal,
/// sign-in failures to the login page, and the ID token hint for RP-initiated logout.
/// </summary>
internal sealed class PolkuOidcEvents(OidcProvider provider, OidcClientKeys keys, TimeProvider time) : OpenIdConnectEvents
{
    /// <summary>Sign-out property carrying the session's ID token to the provider's end-session request.</summary>
    public const string IdTokenHintParameter = "polku.id_token_hint";

    /// <summary>HttpContext item: the provider's end-session URL when the browser must be sent there by a page, not a redirect.</summary>
    public const string EndSessionUrlItem = "polku.oidc.end_session_url";

    private const string IdToken = OpenIdConnectParameterNames.IdToken;

    /// <summary>HttpContext item set when one of these events rejected the token (not the state, not the network).</summary>
    private const string RejectedItem = "polku.oidc.rejected";

    public override Task RedirectToIdentityProvider(RedirectContext context)
    {
        context.ProtocolMessage.UiLocales = Platform.Localization.Language.Current;
        return Task.CompletedTask;
    }

    public override async Task PushAuthorization(PushedAuthorizationContext context)
    {
        if (provider.Options.UsesPrivateKeyJwt)
        {
            var configuration = await context.Options.ConfigurationManager!.GetConfigurationAsync(context.HttpContext.RequestAborted);
            AddClientAssertion(context.ProtocolMessage, configuration.Issuer);
            context.HandleClientAuthentication();
        }
    }

    public override async Task AuthorizationCodeReceived(AuthorizationCodeReceivedContext context)
    {
        if (provider.Options.UsesPrivateKeyJwt && context.TokenEndpointRequest is { } request)
        {
            var configuration = await context.Options.ConfigurationManager!.GetConfigurationAsync(context.HttpContext.RequestAborted);
            request.ClientSecret = null;
            AddClientAssertion(request, configuration.TokenEndpoint);
        }
    }

    /// <summary>RFC 7523 client assertion: iss = sub = client id, the token endpoint as audience, a minute's lifetime, unique jti.</summary>
    private void AddClientAssertion(OpenIdConnectMessage message, string audience)
    {
        var key = keys.Signing(provider) ?? throw new InvalidOperationException($"Identity provider '{provider.Name}' has no signing key.");
        // The provider judges the assertion by its own clock; the built-in test provider uses the app's, which tests move.
        var now = time.GetUtcNow().UtcDateTime;
        message.ClientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        message.ClientAssertion = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = provider.Options.ClientId,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(1),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = provider.Options.ClientId,
                [JwtRegisteredClaimNames.Jti] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
            },
            SigningCredentials = new SigningCredentials(key.SecurityKey, key.Algorithm),
        });
    }

    public override Task TokenResponseReceived(TokenResponseReceivedContext context)
    {
        var idToken = context.TokenEndpointResponse.IdToken;
        if (Jwe.IsJwe(idToken))
        {
            var key = keys.Decryption(provider);
            var signed = key?.Rsa is { } rsa ? Jwe.Decrypt(idToken, [(key.KeyId, rsa)]) : null;
            if (signed is null)
            {
                Reject(context, "The encrypted ID token could not be decrypted.");
                return Task.CompletedTask;
            }

            // The handler validates the signed token inside; that one is also the id_token_hint at logout (RP-Initiated Logout §2).
            context.TokenEndpointResponse.IdToken = signed;
        }

        return Task.CompletedTask;
    }

    public override Task TokenValidated(TokenValidatedContext context)
    {
        // The handler lets an ID token from the token endpoint go unsigned (OIDC Core 3.1.3.7, TLS vouches for it);
        // Polku requires the provider's signature, which the handler has then verified against the JWKS.
        var idToken = context.TokenEndpointResponse?.IdToken;
        if (idToken is null || idToken.Split('.') is not [_, _, { Length: > 0 }])
        {
            Reject(context, "The ID token is not signed.");
            return Task.CompletedTask;
        }

        context.Properties!.StoreTokens([new AuthenticationToken { Name = IdToken, Value = idToken }]);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Runs after every protocol check (state, PKCE, signature, issuer, audience, lifetime, nonce): finds or creates
    /// the person or professional and replaces the token's claims with Polku's principal, so the session's principal
    /// never holds the identity code or other claims of the provider. The ID token itself is kept for the logout hint:
    /// it travels inside the data-protected ticket (in the server-side session store once there is one).
    /// </summary>
    public override async Task TicketReceived(TicketReceivedContext context)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Polku.Identity.Oidc");
        var db = services.GetRequiredService<PolkuDb>();
        // The provider's claims: the ID token's, plus what its userinfo answer gave when the provider is set to use it (OidcSetup).
        var claims = context.Principal!;
        var returnUrl = IdentityEndpoints.SafeReturnUrl(context.ReturnUri);
        ClaimsPrincipal principal;
        if (provider.Options.IsStaff)
        {
            var (staff, error) = await services.GetRequiredService<StaffAdmin.StaffSignIn>().FindAsync(provider, claims, http.RequestAborted);
            if (staff is null)
            {
                logger.LogWarning("Professional refused by provider {Provider}: {Error}", provider.Name, error);
                ToLogin(context, error ?? StaffAdmin.StaffSignIn.Unknown);
                return;
            }

            if (await services.GetRequiredService<SignInService>().StaffPrincipalAsync(staff, provider.ClaimValue, http.RequestAborted) is not { } staffPrincipal)
            {
                ToLogin(context, StaffAdmin.StaffSignIn.Deactivated);
                return;
            }

            principal = staffPrincipal;
            logger.LogInformation("Professional {StaffId} signed in with {Provider}", staff.Id, provider.Name);
            context.ReturnUri = returnUrl == RegionRoutes.Home ? ContactsRoutes.Desk : returnUrl;
        }
        else
        {
            var code = claims.FindFirst(provider.Options.IdentityCodeClaim)?.Value;
            var now = time.GetUtcNow();
            if (code is null || !PersonalIdentityCode.Validate(code, HelsinkiTime.LocalDate(now)).Valid)
            {
                logger.LogWarning("Provider {Provider} gave no valid identity code", provider.Name);
                ToLogin(context, "signin.failed");
                return;
            }

            var pseudonyms = services.GetRequiredService<Pseudonymizer>();
            var person = await db.Set<Person>().FirstOrDefaultAsync(p => p.IdentityCode == code, http.RequestAborted);
            if (person is null)
            {
                person = new Person
                {
                    Id = Guid.CreateVersion7(now),
                    IdentityCode = code,
                    FirstName = claims.FindFirst(JwtRegisteredClaimNames.GivenName)?.Value ?? "",
                    LastName = claims.FindFirst(JwtRegisteredClaimNames.FamilyName)?.Value ?? "",
                    HomeMunicipalityCode = claims.FindFirst(provider.Options.MunicipalityClaim)?.Value is { Length: 3 } m ? m : null,
                    PreferredLanguage = Platform.Localization.Language.Current,
                    CreatedUtc = now.UtcDateTime,
                };
                db.Set<Person>().Add(person);
                await db.SaveChangesAsync(http.RequestAborted);
                logger.LogInformation("Created person for identity {Pseudonym}", pseudonyms.For(code));
            }

            principal = SignInService.ResidentPrincipal(person, provider.ClaimValue);
            logger.LogInformation("Resident {Pseudonym} signed in with {Provider}", pseudonyms.For(code), provider.Name);
            context.ReturnUri = returnUrl == RegionRoutes.Home ? IdentityRoutes.Me : returnUrl;
        }

        // Only the ID token goes on with the sign-in (the provider's end-session request needs it as id_token_hint);
        // the session store moves it into the server-side session row, out of the cookie.
        var properties = new AuthenticationProperties();
        if (context.Properties?.GetTokenValue(IdToken) is { } idToken)
        {
            properties.StoreTokens([new AuthenticationToken { Name = IdToken, Value = idToken }]);
        }

        context.Principal = principal;
        context.Properties = properties;
    }

    /// <summary>Every failed, cancelled or expired sign-in ends on the login page with a localised message, never an error page.</summary>
    public override Task RemoteFailure(RemoteFailureContext context)
    {
        var error = Classify(context);
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Polku.Identity.Oidc");
        if (error == "signin.unavailable")
        {
            logger.LogWarning(context.Failure, "Sign-in with provider {Provider} failed: the provider could not be reached", provider.Name);
        }
        else
        {
            // Not the exception's message: a token validation message may quote the token, and the token the identity code.
            logger.LogWarning("Sign-in with provider {Provider} rejected: {Error} ({Failure})", provider.Name, error, context.Failure?.GetType().Name);
        }

        context.Response.Redirect(IdentityRoutes.Login + "?error=" + error);
        context.HandleResponse();
        return Task.CompletedTask;
    }

    private static void Reject(RemoteAuthenticationContext<OpenIdConnectOptions> context, string reason)
    {
        context.HttpContext.Items[RejectedItem] = true;
        context.Fail(reason);
    }

    private static string Classify(RemoteFailureContext context)
    {
        var failure = context.Failure;
        if (context.HttpContext.Items.ContainsKey(RejectedItem))
        {
            return "signin.failed";
        }

        if (failure is HttpRequestException or TaskCanceledException
            || failure?.InnerException is HttpRequestException or IOException or TaskCanceledException
            || (failure is InvalidOperationException && failure.Message.StartsWith("IDX20803", StringComparison.Ordinal)))
        {
            return "signin.unavailable";
        }

        if (context.Request.Query.ContainsKey(OpenIdConnectParameterNames.Error) && failure is OpenIdConnectProtocolException)
        {
            return "signin.cancelled";
        }

        if (context.Properties is null)
        {
            // No readable state: none at all is a stale or direct visit; an unreadable one was altered or made elsewhere.
            return context.Request.Query.ContainsKey(OpenIdConnectParameterNames.State) ? "signin.state" : "signin.expired";
        }

        // The correlation cookie is gone (expired after the remote timeout, or another browser finished the flow).
        return failure?.Message == "Correlation failed." ? "signin.expired" : "signin.failed";
    }

    private static void ToLogin(TicketReceivedContext context, string error)
    {
        context.Response.Redirect(IdentityRoutes.Login + "?error=" + error);
        context.HandleResponse();
    }

    public override Task RedirectToIdentityProviderForSignOut(RedirectContext context)
    {
        var message = context.ProtocolMessage;
        message.IdTokenHint = context.Properties.GetParameter<string>(IdTokenHintParameter);
        message.ClientId = context.Options.ClientId;
        message.UiLocales = Platform.Localization.Language.Current;
        if (!SameOrigin(message.IssuerAddress, context.Request))
        {
            // The sign-out is a form post, and a browser applies the page's CSP form-action ('self') to the redirects
            // that follow a form submission: a redirect to another origin would be blocked. The logout page sends the
            // browser on with a link and a meta refresh instead (a navigation that form-action does not govern).
            message.State = context.Options.StateDataFormat.Protect(context.Properties);
            context.HttpContext.Items[EndSessionUrlItem] = message.CreateLogoutRequestUrl();
            context.HandleResponse();
        }

        return Task.CompletedTask;
    }

    private static bool SameOrigin(string url, HttpRequest request) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
