using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;

namespace Polku.Web.Pages.Dev;

/// <summary>
/// <c>/dev/design</c>: the living page of Polku's design system — every component of the one stylesheet and the
/// shared helpers, rendered as a page would use it, in the current language. It exists in Development only, so
/// whoever builds a page sees the parts to reuse (and the browser tests check it like every other page).
/// </summary>
[AuditExempt("a static showcase of page components; no resident data")]
public sealed class DesignModel(IHostEnvironment environment) : PageModel
{
    public IActionResult OnGet() => environment.IsDevelopment() ? Page() : NotFound();
}
