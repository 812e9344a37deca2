using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polku.Identity.Auth;
using Polku.Identity.Contracts;
using Polku.Identity.Data;
using Polku.Identity.TestIdp;
using Polku.Platform.Audit;
using Polku.Platform.Persistence;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.Platform.Web;

namespace Polku.Identity.Api;

/// <summary>The body of a validation request: exactly one member, the code.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record HetuValidationRequest(string? Hetu);

internal sealed record HetuValidationDto(bool Valid, string? BirthDate = null, string? Error = null);

/// <summary>The test provider's token response (RFC 6749 §5.1).</summary>
internal sealed record TokenResponse(
    [property: JsonPropertyName("id_token")] string IdToken,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>An OAuth error response (RFC 6749 §5.2, RFC 6750 §3).</summary>
internal sealed record OAuthError([property: JsonPropertyName("error")] string? Error);

internal sealed record MeDto(string Id, string FirstName, string LastName, string? HomeMunicipalityCode, string? Phone, string? Email,
    bool AddressProtected, string? StreetAddress, string? PostalCode, string? City, string PreferredLanguage, bool ActingForWard);

/// <summary>Sign-in endpoints (start of the OpenID Connect sign-in, the client's JWKS, the built-in test provider) and the identity JSON API.</summary>
internal static class IdentityEndpoints
{
    /// <summary>The largest validation request read; larger is 413 <c>request.too_large</c>.</summary>
    private const int MaxHetuBodyBytes = 4096;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var idp = endpoints.MapGroup(TestIdentityProvider.PathBase).ExcludeFromDescription()
            .AuditExempt("test identity provider: protocol documents and tokens for fictional test identities");
        idp.MapGet("/.well-known/openid-configuration", Discovery);
        idp.MapGet("/jwks", TestProviderJwksAsync);
        idp.MapPost("/token", TokenAsync).DisableAntiforgery();
        idp.MapMethods("/userinfo", [HttpMethods.Get, HttpMethods.Post], UserInfoAsync).DisableAntiforgery()
            .AuditExempt("test identity provider: a fictional test person's identity, to the client holding its access token");
        idp.MapGet("/endsession", EndSessionAsync);

        endpoints.MapGet("/login/{provider}", StartAsync).ExcludeFromDescription()
            .RequireRateLimiting(RateLimitPolicies.SignIn)
            .AuditExempt("redirects to the identity provider; no personal data");
        endpoints.MapGet("/oidc/{provider}/jwks", ClientJwks)
            .ExcludeFromDescription()
            .AuditExempt("the client's public keys for an identity provider; no personal data");

        var api = endpoints.MapGroup("/api").WithTags("Identity");
        api.MapPost("/identity/validate-hetu", ValidateHetu)
            .DisableAntiforgery()
            .AuditExempt("validates a code sent by the caller; nothing is stored or looked up")
            .WithSummary("Validates a Finnish personal identity code (henkilötunnus).")
            .WithDescription("Body {\"hetu\":\"131052-308T\"}. Answers {\"valid\":true,\"birthDate\":\"1952-10-13\"} or {\"valid\":false,\"error\":\"hetu.check_character\"}; a body of another shape is 400.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/me", GetMeAsync)
            .RequireAuthorization(PolkuRoles.ResidentPolicy)
            .Audited("identity.me.read")
            .WithSummary("The signed-in resident's own profile (the ward's when acting for one). A protected address is never returned.");
    }

    private static Results<Ok<IReadOnlyDictionary<string, object>>, NotFound> Discovery(HttpContext context, IOptions<PolkuIdentityOptions> options) =>
        options.Value.TestProvider.Enabled ? TypedResults.Ok(TestIdentityProvider.Discovery(context.Request)) : TypedResults.NotFound();

    private static async Task<Results<Ok<JwksDocument>, NotFound>> TestProviderJwksAsync(TestIdentityProvider provider, IOptions<PolkuIdentityOptions> options, PolkuDb db, HttpContext context) =>
        options.Value.TestProvider.Enabled ? TypedResults.Ok(await provider.JwksAsync(db, context.RequestAborted)) : TypedResults.NotFound();

    private static Results<Ok<JwksDocument>, NotFound> ClientJwks(string provider, OidcClientKeys keys) =>
        keys.PublicJwks(provider) is { } jwks ? TypedResults.Ok(jwks) : TypedResults.NotFound();

    /// <summary>
    /// The test provider's token endpoint. The request is an OAuth form whose members the provider checks as a whole
    /// (client authentication, code, verifier), so it reads the form itself; errors are OAuth's JSON, not ProblemDetails.
    /// </summary>
    private static async Task<Results<Ok<TokenResponse>, JsonHttpResult<OAuthError>, NotFound>> TokenAsync(
        HttpContext context, TestIdentityProvider provider, IOptions<PolkuIdentityOptions> options, PolkuDb db)
    {
        if (!options.Value.TestProvider.Enabled)
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.CacheControl = "no-store";
        if (!context.Request.HasFormContentType)
        {
            return TypedResults.Json(new OAuthError("invalid_request"), statusCode: StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"] != "authorization_code")
        {
            return TypedResults.Json(new OAuthError("unsupported_grant_type"), statusCode: StatusCodes.Status400BadRequest);
        }

        var (tokens, error) = await provider.RedeemAsync(db, form, TestIdentityProvider.Issuer(context.Request), context.RequestAborted);
        return tokens is null
            ? TypedResults.Json(new OAuthError(error), statusCode: error == "invalid_client" ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest)
            : TypedResults.Ok(new TokenResponse(tokens.IdToken, tokens.AccessToken, "Bearer", tokens.ExpiresIn));
    }

    /// <summary>
    /// The test provider's userinfo endpoint (OIDC Core §5.3): the chosen person's identity code, names and home
    /// municipality for a bearer access token from its token endpoint — in the <c>Authorization</c> header, or in a
    /// POST's form body (RFC 6750 §2.2); never from the query string, which would put the token in a URL.
    /// </summary>
    private static async Task<Results<Ok<IReadOnlyDictionary<string, string>>, JsonHttpResult<OAuthError>, UnauthorizedHttpResult, NotFound>> UserInfoAsync(HttpContext context, TestIdentityProvider provider, IOptions<PolkuIdentityOptions> options)
    {
        if (!options.Value.TestProvider.Enabled)
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType
            && (await context.Request.ReadFormAsync(context.RequestAborted))["access_token"].ToString() is { Length: > 0 } fromBody)
        {
            if (token is not null)
            {
                // RFC 6750 §2: a client must not use more than one method to send the token.
                return TypedResults.Json(new OAuthError("invalid_request"), statusCode: StatusCodes.Status400BadRequest);
            }

            token = fromBody;
        }

        var claims = token is null ? null : provider.UserInfo(token);
        if (claims is null)
        {
            // RFC 6750 §3.1: a request without any token gets the challenge but no error code. The answer is for a
            // client's back channel, not a person: no error page in its place.
            context.Response.Headers.WWWAuthenticate = token is null ? "Bearer" : "Bearer error=\"invalid_token\"";
            if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
            {
                statusPages.Enabled = false;
            }

            return TypedResults.Unauthorized();
        }

        return TypedResults.Ok(claims);
    }

    /// <summary>
    /// The test provider's end-session endpoint (RP-initiated logout): it keeps no session of its own, so it only
    /// checks that the hint is an ID token it issued to its client and sends the browser back to the client's
    /// signed-out callback on this origin.
    /// </summary>
    private static async Task<Results<RedirectHttpResult, BadRequest<string>, NotFound>> EndSessionAsync(HttpContext context, TestIdentityProvider provider, IOptions<PolkuIdentityOptions> options, PolkuDb db,
        [FromQuery(Name = "id_token_hint")] string? idTokenHint, [FromQuery(Name = "post_logout_redirect_uri")] string? postLogoutRedirectUri, string? state)
    {
        if (!options.Value.TestProvider.Enabled)
        {
            return TypedResults.NotFound();
        }

        var origin = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/signout-callback-oidc/";
        if (!await provider.IsOwnIdTokenAsync(db, idTokenHint, TestIdentityProvider.Issuer(context.Request), context.RequestAborted)
            || postLogoutRedirectUri is not { } target || !target.StartsWith(origin, StringComparison.Ordinal) || target.Length == origin.Length
            || target.Contains('?', StringComparison.Ordinal))
        {
            return TypedResults.BadRequest("invalid_request");
        }

        return TypedResults.Redirect(state is { Length: > 0 } ? QueryHelpers.AddQueryString(target, "state", state) : target);
    }

    /// <summary>The link that starts sign-in with a provider (<see cref="StartAsync"/>), returning to a local address.</summary>
    internal static string StartPath(string provider, string returnUrl) =>
        $"/login/{Uri.EscapeDataString(provider)}?returnUrl={Uri.EscapeDataString(returnUrl)}";

    internal static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative)
            ? returnUrl
            : "/";

    /// <summary>Starts sign-in: a GET link that challenges the provider's OpenID Connect scheme (a redirect to the provider).</summary>
    private static async Task<Results<EmptyHttpResult, RedirectHttpResult, NotFound>> StartAsync(string provider, string? returnUrl, HttpContext context, OidcProviders providers, ILoggerFactory loggers)
    {
        if (providers.Find(provider) is not { } found)
        {
            return TypedResults.NotFound();
        }

        try
        {
            // Challenged here rather than with a ChallengeHttpResult, so that a provider whose discovery fails is caught.
            await context.ChallengeAsync(found.Scheme, new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) });
            return TypedResults.Empty;
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException)
        {
            loggers.CreateLogger("Polku.Identity.Oidc").LogWarning(ex, "Discovery of provider {Provider} failed", found.Name);
            return TypedResults.Redirect(IdentityRoutes.Login + "?error=signin.unavailable");
        }
    }

    private static Results<Ok<HetuValidationDto>, ProblemHttpResult> ValidateHetu(HetuValidationRequest? request, HttpContext context, TimeProvider time)
    {
        // The input policy has buffered the body, so its length is known; a code needs far less than this.
        if (context.Request.ContentLength > MaxHetuBodyBytes)
        {
            return ApiErrors.Problem(new Polku.Platform.Results.Error("request.too_large", "hetu", StatusCodes.Status413PayloadTooLarge), context);
        }

        if (request?.Hetu is not { } hetu)
        {
            return ApiErrors.Validation(context, RequestJson.InvalidCode, "hetu");
        }

        var result = PersonalIdentityCode.Validate(hetu, HelsinkiTime.LocalDate(time.GetUtcNow()));
        return TypedResults.Ok(result.Valid
            ? new HetuValidationDto(true, BirthDate: result.BirthDate!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            : new HetuValidationDto(false, Error: result.ErrorCode));
    }

    private static async Task<Results<Ok<MeDto>, NotFound>> GetMeAsync(HttpContext context, PolkuDb db, AuditScope audit)
    {
        if (context.User.EffectiveResidentId() is not { } id
            || await db.Set<Person>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, context.RequestAborted) is not { } person)
        {
            return TypedResults.NotFound();
        }

        audit.Touch(person.Id);
        var showAddress = !person.ProtectedAddress;
        return TypedResults.Ok(new MeDto(person.Id.ToString(), person.FirstName, person.LastName, person.HomeMunicipalityCode, person.Phone, person.Email,
            person.ProtectedAddress, showAddress ? person.StreetAddress : null, showAddress ? person.PostalCode : null, showAddress ? person.City : null,
            person.PreferredLanguage, context.User.ActingFor() is not null));
    }
}
