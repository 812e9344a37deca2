using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Region.Contracts;
using Polku.Region.Directory;
using Polku.ServiceManagement.Contracts;

namespace Polku.Region.Pages;

/// <summary>The county's front page: search and the service directory.</summary>
[AuditExempt("public service directory, no personal data")]
internal sealed class IndexModel(ServiceDirectory directory, IEnumerable<IFrontDoorSections> modules, IEnumerable<IDisruptionNotices> disruptions) : PageModel
{
    public IReadOnlyList<FrontDoorSection> Sections { get; } = [.. modules.SelectMany(m => m.Sections).OrderBy(s => s.Order)];

    public IReadOnlyList<ServiceSummary> Services { get; private set; } = [];

    /// <summary>Current disruptions and planned breaks of the digital services (service management), in the reader's language.</summary>
    public IReadOnlyList<DisruptionNotice> Disruptions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Services = await directory.SearchAsync(null, ct);
        foreach (var source in disruptions)
        {
            Disruptions = [.. Disruptions, .. await source.CurrentAsync(Polku.Platform.Localization.Language.Current, ct)];
        }
    }
}
