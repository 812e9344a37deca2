using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.ServiceManagement.Contracts;

namespace Polku.ServiceManagement.Pages.Status;

/// <summary>The public status page: current disruptions and planned breaks of the digital services, in the reader's language.</summary>
[AuditExempt("public disruption notices, no personal data")]
internal sealed class IndexModel(IDisruptionNotices notices) : PageModel
{
    public IReadOnlyList<DisruptionNotice> Disruptions { get; private set; } = [];
    public IReadOnlyList<DisruptionNotice> Planned { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var all = await notices.CurrentAsync(Language.Current, ct);
        Disruptions = [.. all.Where(n => !n.Planned)];
        Planned = [.. all.Where(n => n.Planned)];
    }
}
