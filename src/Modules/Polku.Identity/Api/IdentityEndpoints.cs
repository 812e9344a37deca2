using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polku.Identity.Auth;
using Polku.Identity.Contracts;
using Polku.Identity.Data;
using Polku.Identity.TestIdp;
using Polku.Platform.Audit;
using Polku.Platform.Journal;
using Polku.Platform.Persistence;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.Platform.Web;

namespace Polku.Identity.Api;

internal sealed record HetuValidationDto(bool Valid, string? BirthDate = null, string? Error = null);

internal sealed record MeDto(string Id, string FirstName, string LastName, string? HomeMunicipalityCode, string? Phone, string? Email,
    bool AddressProtected, string? StreetAddress, string? PostalCode, string? City, string PreferredLanguage, bool ActingForWard);

/// <summary>Sign-in endpoints (OIDC client and the built-in test provider) and the identity JSON API.</summary>
internal static class IdentityEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var idp = endpoints.MapGroup(TestIdentityProvider.PathBase).ExcludeFromDescription()
            .AuditExempt("test identity provider: protocol documents and tokens for fictional test identities");
        idp.MapGet("/.well-known/openid-configuration", (HttpContext context, IOptions<PolkuIdentityOptions> options) =>
            options.Value.TestProvider.Enabled ? Results.Json(TestIdentityProvider.Discovery(context.Request)) : Results.NotFound());
        idp.MapGet("/jwks", (TestIdentityProvider provider, IOptions<PolkuIdentityOptions> options) =>
            options.Value.TestProvider.Enabled ? Results.Json(provider.Jwks()) : Results.NotFound());
        idp.MapPost("/token", TokenAsync).DisableAntiforgery();

        endpoints.MapGet("/login/{provider}", StartAsync).ExcludeFromDescription()
            .AuditExempt("redirects to the identity provider; no personal data");
        endpoints.MapGet("/signin-oidc/{provider}", CallbackAsync).ExcludeFromDescription()
            .AuditExempt("completes sign-in of the user themself; their own record is only matched, not shown");

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

    private static async Task<IResult> TokenAsync(HttpContext context, TestIdentityProvider provider, IOptions<PolkuIdentityOptions> options)
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

        var (token, error) = provider.Redeem(form["code"], form["client_id"], form["redirect_uri"], form["code_verifier"], TestIdentityProvider.Issuer(context.Request));
        return token is null
            ? Results.Json(new { error }, statusCode: error == "invalid_client" ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest)
            : Results.Json(new Dictionary<string, object> { ["id_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = 300 });
    }

    internal static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative)
            ? returnUrl
            : "/";

    private static async Task<IResult> StartAsync(string provider, string? returnUrl, HttpContext context, OidcClient client, ILoggerFactory loggers)
    {
        if (client.Find(provider, context.Request) is not { } found)
        {
            return Results.NotFound();
        }

        try
        {
            return Results.Redirect(await client.StartAsync(context, found, SafeReturnUrl(returnUrl)));
        }
        catch (InvalidOperationException ex)
        {
            loggers.CreateLogger("Polku.Identity.Oidc").LogWarning(ex, "Discovery of provider {Provider} failed", found.Name);
            return Results.Redirect("/login?error=signin.unavailable");
        }
    }

    private static async Task<IResult> CallbackAsync(string provider, HttpContext context, OidcClient client, PolkuDb db, SignInService signIn,
        Pseudonymizer pseudonyms, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Polku.Identity.Oidc");
        if (client.Find(provider, context.Request) is not { } found)
        {
            return Results.NotFound();
        }

        ClaimsIdentity? identity;
        OidcPending? pending;
        string? error;
        try
        {
            (identity, pending, error) = await client.CompleteAsync(context, found);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException)
        {
            logger.LogWarning(ex, "Sign-in with provider {Provider} failed", found.Name);
            return Results.Redirect("/login?error=signin.unavailable");
        }

        if (identity is null || pending is null)
        {
            logger.LogWarning("Sign-in with provider {Provider} rejected: {Error}", found.Name, error);
            return Results.Redirect($"/login?error={error ?? "signin.failed"}");
        }

        var subject = identity.FindFirst("sub")?.Value;
        if (found.Options.IsStaff)
        {
            var staff = subject is null ? null : await db.Set<StaffMember>().FirstOrDefaultAsync(s => s.ExternalSubject == subject, context.RequestAborted);
            if (staff is null && identity.FindFirst(found.Options.LoginClaim)?.Value is { Length: > 0 } login)
            {
                staff = await db.Set<StaffMember>().FirstOrDefaultAsync(s => s.Login == login && s.ExternalSubject == null, context.RequestAborted);
                if (staff is not null)
                {
                    staff.ExternalSubject = subject;
                    await db.SaveChangesAsync(context.RequestAborted);
                }
            }

            if (staff is null)
            {
                logger.LogWarning("Unknown professional from provider {Provider}", found.Name);
                return Results.Redirect("/login?error=signin.unknown_staff");
            }

            var principal = await signIn.StaffPrincipalAsync(staff, found.ClaimValue, context.RequestAborted);
            await SignInService.SignInAsync(context, principal!);
            logger.LogInformation("Professional {StaffId} signed in with {Provider}", staff.Id, found.Name);
            return Results.Redirect(pending.ReturnUrl == "/" ? "/desk" : pending.ReturnUrl);
        }

        var code = identity.FindFirst(found.Options.IdentityCodeClaim)?.Value;
        var today = HelsinkiTime.LocalDate(time.GetUtcNow());
        if (code is null || !PersonalIdentityCode.Validate(code, today).Valid)
        {
            logger.LogWarning("Provider {Provider} gave no valid identity code", found.Name);
            return Results.Redirect("/login?error=signin.failed");
        }

        var person = await db.Set<Person>().FirstOrDefaultAsync(p => p.IdentityCode == code, context.RequestAborted);
        if (person is null)
        {
            person = new Person
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                IdentityCode = code,
                FirstName = identity.FindFirst("given_name")?.Value ?? "",
                LastName = identity.FindFirst("family_name")?.Value ?? "",
                HomeMunicipalityCode = identity.FindFirst(found.Options.MunicipalityClaim)?.Value is { Length: 3 } m ? m : null,
                PreferredLanguage = Platform.Localization.Language.Current,
                SecurityStamp = IdentitySeeder.NewStamp(),
                CreatedUtc = time.GetUtcNow().UtcDateTime,
            };
            db.Set<Person>().Add(person);
            await db.SaveChangesAsync(context.RequestAborted);
            logger.LogInformation("Created person for identity {Pseudonym}", pseudonyms.For(code));
        }

        await SignInService.SignInAsync(context, SignInService.ResidentPrincipal(person, found.ClaimValue));
        logger.LogInformation("Resident {Pseudonym} signed in with {Provider}", pseudonyms.For(code), found.Name);
        return Results.Redirect(pending.ReturnUrl == "/" ? "/me" : pending.ReturnUrl);
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
