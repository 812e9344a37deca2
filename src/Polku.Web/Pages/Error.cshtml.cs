using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Platform.Web;

namespace Polku.Web.Pages;

/// <summary>Error pages for HTML requests; API requests get ProblemDetails instead.</summary>
[AuditExempt("error page, shows no personal data")]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(Texts texts) : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    // The status is read from the route by hand, never model-bound: a re-executed request whose body could not be
    // read (a NUL character in a form field makes the whole form unreadable) would otherwise lose it and turn the
    // original 400 into a 500.
    public void OnGet() => Describe();

    public void OnPost() => Describe();

    private void Describe()
    {
        // Re-executed for an exception, the exception handler has already set the status (400 for unreadable input).
        var status = RouteData.Values.TryGetValue("code", out var raw) && int.TryParse(raw?.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : HttpContext.Features.Get<IExceptionHandlerFeature>() is not null && Response.StatusCode >= 400 ? Response.StatusCode : 500;
        Response.StatusCode = status;

        // Input the caller can fix (text that cannot be saved) is said as such, in the caller's language.
        var refused = HttpContext.Items[ApiErrors.RefusedItem] as Error
            ?? (HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error is { } exception ? ExceptionProblems.Classify(exception) : null);
        if (refused is { Code: var code } && code != RequestJson.InvalidCode && texts.Has(code))
        {
            (Title, Message) = (texts["error.title"], texts[code]);
            return;
        }

        (Title, Message) = status switch
        {
            404 => (texts["error.not_found"], texts["error.not_found_hint"]),
            403 => (texts["error.forbidden"], texts["error.forbidden_hint"]),
            400 => (texts["error.title"], texts["error.body_invalid"]),
            429 => (texts["error.rate_limited_title"], texts["error.rate_limited_hint"]),
            413 => (texts["error.title"], texts["request.too_large"]),
            _ => (texts["error.unexpected_title"], texts["error.unexpected"]),
        };
    }
}
