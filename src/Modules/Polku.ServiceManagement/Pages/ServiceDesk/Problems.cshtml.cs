using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Tickets;

namespace Polku.ServiceManagement.Pages.ServiceDesk;

/// <summary>
/// Problems and known errors, and the trend that finds problems before they are one: incidents of the last 90 days by
/// service and category, most frequent first; three or more without a problem are flagged.
/// </summary>
[AuditExempt("service-management tickets about digital services, no resident's data")]
internal sealed class ProblemsModel(DeskQueries queries) : PageModel
{
    public const int WindowDays = DeskQueries.TrendDays;
    public const int RecurringAt = DeskQueries.RecurringAt;

    public IReadOnlyList<Ticket> Problems { get; private set; } = [];
    public IReadOnlyList<Recurrence> Trend { get; private set; } = [];
    public IReadOnlyDictionary<string, SmService> Services { get; private set; } = new Dictionary<string, SmService>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Services = (await queries.ServicesAsync(ct)).ToDictionary(s => s.Id);
        (Problems, Trend) = await queries.ProblemsAsync(ct);
    }

    public string ServiceName(string id) => Services.TryGetValue(id, out var s) ? SmNames.Name(s) : id;
}
