using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Polku.Platform.Audit;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;

namespace Polku.ServiceManagement.Pages.ServiceDesk;

/// <summary>One service and category's incidents in the trend window.</summary>
internal sealed record Recurrence(string ServiceId, string Category, int Incidents, int WithoutProblem);

/// <summary>
/// Problems and known errors, and the trend that finds problems before they are one: incidents of the last 90 days by
/// service and category, most frequent first; three or more without a problem are flagged.
/// </summary>
[AuditExempt("service-management tickets about digital services, no resident's data")]
internal sealed class ProblemsModel(PolkuDb db, TimeProvider time) : PageModel
{
    public const int WindowDays = 90;
    public const int RecurringAt = 3;

    public IReadOnlyList<Ticket> Problems { get; private set; } = [];
    public IReadOnlyList<Recurrence> Trend { get; private set; } = [];
    public IReadOnlyDictionary<string, SmService> Services { get; private set; } = new Dictionary<string, SmService>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Services = await db.Set<SmService>().AsNoTracking().ToDictionaryAsync(s => s.Id, ct);
        Problems = await db.Set<Ticket>().AsNoTracking().Where(t => t.Kind == TicketKinds.Problem && t.Status != TicketStatuses.Closed && t.Status != TicketStatuses.Cancelled)
            .OrderByDescending(t => t.OpenedUtc).Take(200).ToListAsync(ct);
        var since = time.GetUtcNow().UtcDateTime.AddDays(-WindowDays);
        Trend = (await db.Set<Ticket>().AsNoTracking().Where(t => t.Kind == TicketKinds.Incident && t.OpenedUtc >= since)
                .GroupBy(t => new { t.ServiceId, t.Category })
                .Select(g => new { g.Key.ServiceId, g.Key.Category, Count = g.Count(), Without = g.Count(t => t.ProblemId == null) })
                .OrderByDescending(g => g.Count).Take(30).ToListAsync(ct))
            .Select(g => new Recurrence(g.ServiceId, g.Category, g.Count, g.Without)).ToList();
    }

    public string ServiceName(string id) => Services.TryGetValue(id, out var s) ? SmNames.Name(s) : id;
}
