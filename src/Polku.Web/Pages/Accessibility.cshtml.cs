using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;

namespace Polku.Web.Pages;

/// <summary>Saavutettavuusseloste — the accessibility statement required of public services.</summary>
[AuditExempt("public statement, no personal data")]
public sealed class AccessibilityModel : PageModel
{
    public void OnGet()
    {
    }
}
