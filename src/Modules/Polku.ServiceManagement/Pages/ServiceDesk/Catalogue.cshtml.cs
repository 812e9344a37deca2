using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;
using Polku.ServiceManagement.Tickets;

namespace Polku.ServiceManagement.Pages.ServiceDesk;

/// <summary>The service catalogue: each service's owner, supplier, tier, service time, targets, sanctions and life-cycle stage.</summary>
[AuditExempt("the catalogue of digital services, no personal data")]
internal sealed class CatalogueModel(DeskQueries queries) : PageModel
{
    public IReadOnlyList<SmService> Services { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Services = await queries.ServicesAsync(ct);

    public static IReadOnlyDictionary<string, PriorityTarget> Targets(SmService s) => TicketService.Targets(s);

    public static Sanctions? SanctionTable(SmService s) => System.Text.Json.JsonSerializer.Deserialize<Sanctions>(s.SanctionsJson, SmSeeder.Json);
}
