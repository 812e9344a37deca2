using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;

namespace Polku.Web.Pages;

/// <summary>Error pages for HTML requests; API requests get ProblemDetails instead.</summary>
[AuditExempt("error page, shows no personal data")]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(Texts texts) : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        var status = code ?? 500;
        Response.StatusCode = status;
        (Title, Message) = status switch
        {
            404 => (texts["error.not_found"], texts["error.not_found_hint"]),
            403 => (texts["error.forbidden"], texts["error.forbidden_hint"]),
            400 => (texts["error.title"], texts["error.body_invalid"]),
            _ => (texts["error.unexpected_title"], texts["error.unexpected"]),
        };
    }
}
