using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Tickets;

namespace Polku.ServiceManagement.Pages.ServiceDesk;

/// <summary>
/// The service desk's overview: open incidents and requests by priority, the tickets whose SLA clock has warned or
/// breached (the SLA watch sets the flags as the clocks run), major incidents and P1s to assess, outages going on now
/// and changes waiting for the CAB.
/// </summary>
[AuditExempt("service-management tickets about digital services, no resident's data")]
internal sealed class DeskModel(DeskQueries queries) : PageModel
{
    public DeskOverview Overview { get; private set; } = null!;
    public IReadOnlyDictionary<string, SmService> Services { get; private set; } = new Dictionary<string, SmService>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Services = (await queries.ServicesAsync(ct)).ToDictionary(s => s.Id);
        Overview = await queries.OverviewAsync(ct);
    }

    public string ServiceName(string id) => Services.TryGetValue(id, out var s) ? SmNames.Name(s) : id;
}
