using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;

namespace Polku.Region.Pages.Admin;

[AuditExempt("county configuration, no personal data")]
internal sealed class IndexModel : PageModel;
