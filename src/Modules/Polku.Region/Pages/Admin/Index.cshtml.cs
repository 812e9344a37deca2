using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Region.Contracts;

namespace Polku.Region.Pages.Admin;

[AuditExempt("county configuration, no personal data")]
internal sealed class IndexModel(IEnumerable<IAdminLinks> modules) : PageModel
{
    /// <summary>The other modules' coordinator pages, in their order.</summary>
    public IReadOnlyList<AdminLink> ModuleLinks { get; } = [.. modules.SelectMany(m => m.Links).OrderBy(l => l.Order)];
}
