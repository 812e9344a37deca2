using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;

namespace Polku.Web.Pages;

[AuditExempt("access-denied notice, shows no personal data")]
public sealed class ForbiddenModel : PageModel
{
    public void OnGet() => Response.StatusCode = 403;
}
