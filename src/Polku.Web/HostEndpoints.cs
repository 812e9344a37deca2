using Microsoft.AspNetCore.Http.HttpResults;
using Polku.Platform.Localization;
using Polku.Platform.Web;

namespace Polku.Web;

/// <summary>Endpoints of the host itself: the language switch.</summary>
internal static class HostEndpoints
{
    /// <summary>The language switch's link: sets the language and returns to a local address.</summary>
    public static string LanguagePath(string code, string returnUrl) =>
        $"/language/{Uri.EscapeDataString(code)}?returnUrl={Uri.EscapeDataString(returnUrl)}";

    public static void MapHostEndpoints(this WebApplication app)
    {
        // A plain link (GET) so the switch works without JavaScript on every page; it only sets a preference cookie.
        app.MapGet("/language/{code}", SwitchLanguage).AuditExempt("sets a language preference only").ExcludeFromDescription();
    }

    private static Results<RedirectHttpResult, ProblemHttpResult> SwitchLanguage(string code, string? returnUrl, HttpContext context)
    {
        if (!Language.IsSupported(code))
        {
            return ApiErrors.Validation(context, "language.unsupported", "code");
        }

        context.Response.Cookies.Append(Language.CookieName, Language.CookieValue(code.ToLowerInvariant()), new CookieOptions
        {
            Expires = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().AddYears(1),
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
        });
        var target = returnUrl is { Length: > 0 } && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            ? returnUrl
            : "/";
        return TypedResults.LocalRedirect(target);
    }
}
