using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Polku.Platform.Results;

namespace Polku.Platform.Web;

/// <summary>
/// Refuses cookie-authenticated changes to the JSON API that a browser could have sent on another site's behalf.
/// A changing call (<c>POST</c>, <c>PUT</c>, <c>PATCH</c>, <c>DELETE</c> under <c>/api</c>) by a signed-in user must
/// come from Polku's own origin — an <c>Origin</c> header equal to <c>Site:PublicBaseUrl</c>'s, or, when a browser
/// sends no <c>Origin</c>, <c>Sec-Fetch-Site: same-origin</c> — and any body it has must be declared JSON. Other sites
/// can do neither: a form or a "simple" fetch may only send <c>text/plain</c>, form or multipart bodies, and a JSON body
/// needs a CORS preflight that Polku never grants. An endpoint that takes a file declares it and may get multipart. A <c>text/csv</c> body (the control tower's imports) is as safe: it
/// is not one of the three content types a page may send without a preflight. The origin check is needed too because <c>SameSite=Lax</c> still
/// sends the cookie from a sibling subdomain (same site, other origin). No API takes multipart or form bodies, so
/// nothing else is allowed; a command without a body (a claim) may omit the content type, as <c>fetch</c> does.
/// Anonymous calls carry no authority and are not checked; forms (Razor Pages) keep their antiforgery tokens.
/// </summary>
public sealed class CrossSiteRequestGuard(RequestDelegate next, PublicSite site)
{
    public const string CrossSiteCode = "request.cross_site";
    public const string JsonRequiredCode = "request.json_required";

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/api")
            || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method)
            || context.User.Identity?.IsAuthenticated != true)
        {
            return next(context);
        }

        if (!IsSameOrigin(request))
        {
            return RefuseAsync(context, new Error(CrossSiteCode, null, StatusCodes.Status403Forbidden));
        }

        if (!request.HasJsonContentType() && !IsCsv(request) && !IsDeclaredMultipart(context) && (request.ContentType is { Length: > 0 } || HasBody(context)))
        {
            return RefuseAsync(context, new Error(JsonRequiredCode, null, StatusCodes.Status415UnsupportedMediaType));
        }

        return next(context);
    }

    /// <summary>
    /// A file upload to an endpoint that declares it takes one (<see cref="EndpointConventions.AcceptsFileUpload"/>, the
    /// staff import): the origin check above has already refused other sites, which is what keeps them out; the JSON
    /// rule is the second line, waived only where a file is the body.
    /// </summary>
    private static bool IsDeclaredMultipart(HttpContext context) =>
        context.Request.HasFormContentType && context.Request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true
        && context.GetEndpoint()?.Metadata.GetMetadata<FileUploadAllowed>() is not null;

    private static bool IsCsv(HttpRequest request) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase);

    private static bool HasBody(HttpContext context) =>
        context.Request.ContentLength is { } length
            ? length > 0
            : context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? false;

    private bool IsSameOrigin(HttpRequest request)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0 && !string.Equals(fetchSite, "same-origin", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            return string.Equals(origin, site.Origin, StringComparison.OrdinalIgnoreCase);
        }

        // Browsers send Origin with every changing fetch; without it only Fetch Metadata can vouch for the caller.
        return fetchSite.Length > 0;
    }

    private static Task RefuseAsync(HttpContext context, Error error)
    {
        context.Response.StatusCode = error.Status;
        return context.Response.WriteAsJsonAsync(ApiErrors.ToProblemDetails(error, context), (JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
    }
}

/// <summary>
/// <c>Cache-Control: no-store</c> on everything that may carry personal data: every response to a signed-in user and
/// every response of an audited endpoint (e.g. a calendar feed fetched with its secret token). Static files are served
/// before this point and stay cacheable.
/// </summary>
public sealed class NoStoreMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var ctx = (HttpContext)state;
            if (ctx.User.Identity?.IsAuthenticated == true || ctx.GetEndpoint()?.Metadata.GetMetadata<Audit.AuditAttribute>() is not null)
            {
                ctx.Response.Headers.CacheControl = "no-store";
                ctx.Response.Headers.Pragma = "no-cache";
            }

            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
