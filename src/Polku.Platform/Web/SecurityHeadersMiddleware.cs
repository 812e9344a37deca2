using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Polku.Platform.Web;

/// <summary>What the security headers allow beyond Polku's own origin.</summary>
public sealed class SecurityHeadersOptions
{
    /// <summary>
    /// Origins a form post may lead to (CSP <c>form-action</c>), e.g. an OpenID Connect provider that signing out
    /// redirects to: browsers apply <c>form-action</c> to the redirects that follow a form submission too.
    /// </summary>
    public ISet<string> FormActionOrigins { get; } = new SortedSet<string>(StringComparer.Ordinal);
}

/// <summary>Security headers on every response; the CSP allows no inline script (spec 08) and no form posts elsewhere.</summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, IOptions<SecurityHeadersOptions> options)
{
    private readonly string _csp =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; " +
        "form-action " + string.Join(' ', options.Value.FormActionOrigins.Prepend("'self'"));

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = _csp;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        return next(context);
    }
}
