using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Polku.Platform.Audit;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;

namespace Polku.ServiceManagement.Pages.ServiceDesk;

/// <summary>
/// The service desk's overview: open incidents and requests by priority, the tickets whose SLA clock has warned or
/// breached (live: the SLA watch sets the flags as the clocks run), open major incidents, outages going on now and
/// changes waiting for the CAB.
/// </summary>
[AuditExempt("service-management tickets about digital services, no resident's data")]
internal sealed class DeskModel(PolkuDb db) : PageModel
{
    public IReadOnlyDictionary<string, int> OpenByPriority { get; private set; } = new Dictionary<string, int>();
    public IReadOnlyList<Ticket> AtRisk { get; private set; } = [];
    public IReadOnlyList<Ticket> Majors { get; private set; } = [];
    public IReadOnlyList<Ticket> PendingChanges { get; private set; } = [];
    public IReadOnlyList<Outage> OpenOutages { get; private set; } = [];
    public IReadOnlyDictionary<string, SmService> Services { get; private set; } = new Dictionary<string, SmService>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Services = await db.Set<SmService>().AsNoTracking().ToDictionaryAsync(s => s.Id, ct);
        var open = db.Set<Ticket>().AsNoTracking().Where(t => t.Status != TicketStatuses.Resolved && t.Status != TicketStatuses.Closed && t.Status != TicketStatuses.Cancelled);
        OpenByPriority = (await open.Where(t => t.Kind == TicketKinds.Incident || t.Kind == TicketKinds.Request)
            .GroupBy(t => t.Priority).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).ToDictionary(g => g.Key, g => g.Count);
        AtRisk = await open.Where(t => t.ResponseWarned || t.ResolutionWarned || t.ResponseBreached || t.ResolutionBreached)
            .OrderBy(t => t.ResolutionDueUtc).Take(50).ToListAsync(ct);
        Majors = await open.Where(t => t.MajorState == "declared" || t.MajorState == "assessing" || (t.Kind == TicketKinds.Incident && t.Priority == "P1" && t.MajorState == null))
            .OrderBy(t => t.OpenedUtc).Take(20).ToListAsync(ct);
        PendingChanges = await open.Where(t => t.Kind == TicketKinds.Change && t.ChangeApproval == "pending").OrderBy(t => t.OpenedUtc).Take(20).ToListAsync(ct);
        OpenOutages = await db.Set<Outage>().AsNoTracking().Where(o => o.EndUtc == null).OrderBy(o => o.StartUtc).ToListAsync(ct);
    }

    public string ServiceName(string id) => Services.TryGetValue(id, out var s) ? SmNames.Name(s) : id;
}
