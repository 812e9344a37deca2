using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
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

internal sealed record HetuValidationDto(bool Valid, string? BirthDate = null, string? Error = null);

internal sealed record MeDto(string Id, string FirstName, string LastName, string? HomeMunicipalityCode, string? Phone, string? Email,
    bool AddressProtected, string? StreetAddress, string? PostalCode, string? City, string PreferredLanguage, bool ActingForWard);

/// <summary>Sign-in endpoints (start of the OpenID Connect sign-in, the client's JWKS, the built-in test provider) and the identity JSON API.</summary>
internal static class IdentityEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var idp = endpoints.MapGroup(TestIdentityProvider.PathBase).ExcludeFromDescription()
            .AuditExempt("test identity provider: protocol documents and tokens for fictional test identities");
        idp.MapGet("/.well-known/openid-configuration", (HttpContext context, IOptions<PolkuIdentityOptions> options) =>
            options.Value.TestProvider.Enabled ? Results.Json(TestIdentityProvider.Discovery(context.Request)) : Results.NotFound());
        idp.MapGet("/jwks", async (TestIdentityProvider provider, IOptions<PolkuIdentityOptions> options, PolkuDb db, HttpContext context) =>
            options.Value.TestProvider.Enabled ? Results.Json(await provider.JwksAsync(db, context.RequestAborted)) : Results.NotFound());
        idp.MapPost("/token", TokenAsync).DisableAntiforgery();
        idp.MapMethods("/userinfo", [HttpMethods.Get, HttpMethods.Post], UserInfoAsync).DisableAntiforgery()
            .AuditExempt("test identity provider: a fictional test person's identity, to the client holding its access token");
        idp.MapGet("/endsession", EndSessionAsync);

        endpoints.MapGet("/login/{provider}", StartAsync).ExcludeFromDescription()
            .RequireRateLimiting(RateLimitPolicies.SignIn)
            .AuditExempt("redirects to the identity provider; no personal data");
        endpoints.MapGet("/oidc/{provider}/jwks", (string provider, OidcClientKeys keys) =>
                keys.PublicJwks(provider) is { } jwks ? Results.Json(jwks) : Results.NotFound())
            .ExcludeFromDescription()
            .AuditExempt("the client's public keys for an identity provider; no personal data");

        var api = endpoints.MapGroup("/api").WithTags("Identity");
        api.MapPost("/identity/validate-hetu", ValidateHetuAsync)
            .DisableAntiforgery()
            .AuditExempt("validates a code sent by the caller; nothing is stored or looked up")
            .WithSummary("Validates a Finnish personal identity code (henkilötunnus).")
            .WithDescription("Body {\"hetu\":\"131052-308T\"}. Answers {\"valid\":true,\"birthDate\":\"1952-10-13\"} or {\"valid\":false,\"error\":\"hetu.check_character\"}; a body of another shape is 400.")
            .Produces<HetuValidationDto>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/me", GetMeAsync)
            .RequireAuthorization(PolkuRoles.ResidentPolicy)
            .Audited("identity.me.read")
            .WithSummary("The signed-in resident's own profile (the ward's when acting for one). A protected address is never returned.")
            .Produces<MeDto>();
    }

    private static async Task<IResult> TokenAsync(HttpContext context, TestIdentityProvider provider, IOptions<PolkuIdentityOptions> options, PolkuDb db)
    {
        if (!options.Value.TestProvider.Enabled)
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "no-store";
        if (!context.Request.HasFormContentType)
        {
            return Results.Json(new { error = "invalid_request" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"] != "authorization_code")
        {
            return Results.Json(new { error = "unsupported_grant_type" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var (tokens, error) = await provider.RedeemAsync(db, form, TestIdentityProvider.Issuer(context.Request), context.RequestAborted);
        return tokens is null
            ? Results.Json(new { error }, statusCode: error == "invalid_client" ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest)
            : Results.Json(new Dictionary<string, object>
            {
                ["id_token"] = tokens.IdToken,
                ["access_token"] = tokens.AccessToken,
                ["token_type"] = "Bearer",
                ["expires_in"] = tokens.ExpiresIn,
            });
    }

    /// <summary>
    /// The test provider's userinfo endpoint (OIDC Core §5.3): the chosen person's identity code, names and home
    /// municipality for a bearer access token from its token endpoint — in the <c>Authorization</c> header, or in a
    /// POST's form body (RFC 6750 §2.2); never from the query string, which would put the token in a URL.
    /// </summary>
    private static async Task<IResult> UserInfoAsync(HttpContext context, TestIdentityProvider provider, IOptions<PolkuIdentityOptions> options)
    {
        if (!options.Value.TestProvider.Enabled)
        {
            return Results.NotFound();
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
                return Results.Json(new { error = "invalid_request" }, statusCode: StatusCodes.Status400BadRequest);
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

            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        return Results.Json(claims);
    }

    /// <summary>
    /// The test provider's end-session endpoint (RP-initiated logout): it keeps no session of its own, so it only
    /// checks that the hint is an ID token it issued to its client and sends the browser back to the client's
    /// signed-out callback on this origin.
    /// </summary>
    private static async Task<IResult> EndSessionAsync(HttpContext context, TestIdentityProvider provider, IOptions<PolkuIdentityOptions> options, PolkuDb db,
        [FromQuery(Name = "id_token_hint")] string? idTokenHint, [FromQuery(Name = "post_logout_redirect_uri")] string? postLogoutRedirectUri, string? state)
    {
        if (!options.Value.TestProvider.Enabled)
        {
            return Results.NotFound();
        }

        var origin = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/signout-callback-oidc/";
        if (!await provider.IsOwnIdTokenAsync(db, idTokenHint, TestIdentityProvider.Issuer(context.Request), context.RequestAborted)
            || postLogoutRedirectUri is not { } target || !target.StartsWith(origin, StringComparison.Ordinal) || target.Length == origin.Length
            || target.Contains('?', StringComparison.Ordinal))
        {
            return Results.BadRequest("invalid_request");
        }

        return Results.Redirect(state is { Length: > 0 } ? QueryHelpers.AddQueryString(target, "state", state) : target);
    }

    internal static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative)
            ? returnUrl
            : "/";

    /// <summary>Starts sign-in: a GET link that challenges the provider's OpenID Connect scheme (a redirect to the provider).</summary>
    private static async Task<IResult> StartAsync(string provider, string? returnUrl, HttpContext context, OidcProviders providers, ILoggerFactory loggers)
    {
        if (providers.Find(provider) is not { } found)
        {
            return Results.NotFound();
        }

        try
        {
            await context.ChallengeAsync(found.Scheme, new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) });
            return Results.Empty;
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException)
        {
            loggers.CreateLogger("Polku.Identity.Oidc").LogWarning(ex, "Discovery of provider {Provider} failed", found.Name);
            return Results.Redirect("/login?error=signin.unavailable");
        }
    }

    private static async Task<IResult> ValidateHetuAsync(HttpContext context, TimeProvider time)
    {
        var read = await RequestJson.ReadAsync(context.Request, 4096, context.RequestAborted);
        if (read.Error is { } error)
        {
            return ApiErrors.Problem(error.Field == "body" ? error with { Field = "hetu" } : error, context);
        }

        string? hetu;
        using (var document = read.Value!)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || root.EnumerateObject().Count() != 1
                || !root.TryGetProperty("hetu", out var value)
                || value.ValueKind != JsonValueKind.String)
            {
                return ApiErrors.Validation(context, "request.invalid", "hetu");
            }

            hetu = value.GetString();
        }

        var result = PersonalIdentityCode.Validate(hetu, HelsinkiTime.LocalDate(time.GetUtcNow()));
        return Results.Json(result.Valid
            ? new HetuValidationDto(true, BirthDate: result.BirthDate!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            : new HetuValidationDto(false, Error: result.ErrorCode));
    }

    private static async Task<IResult> GetMeAsync(HttpContext context, PolkuDb db, AuditScope audit)
    {
        if (context.User.EffectiveResidentId() is not { } id
            || await db.Set<Person>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, context.RequestAborted) is not { } person)
        {
            return Results.NotFound();
        }

        audit.Touch(person.Id);
        var showAddress = !person.ProtectedAddress;
        return Results.Json(new MeDto(person.Id.ToString(), person.FirstName, person.LastName, person.HomeMunicipalityCode, person.Phone, person.Email,
            person.ProtectedAddress, showAddress ? person.StreetAddress : null, showAddress ? person.PostalCode : null, showAddress ? person.City : null,
            person.PreferredLanguage, context.User.ActingFor() is not null));
    }
}
