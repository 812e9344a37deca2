using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;
using Polku.ServiceManagement.Tickets;

namespace Polku.ServiceManagement.Pages.ServiceDesk;

/// <summary>The ticket list: full-text search and filters by kind, status, service and priority, newest first, fifty a page.</summary>
[AuditExempt("service-management tickets about digital services, no resident's data")]
internal sealed class TicketsModel(TicketQueries queries, DeskQueries desk) : PageModel
{
    public TicketPage Result { get; private set; } = new([], 1, 50, false);
    public IReadOnlyList<SmService> Services { get; private set; } = [];
    public string? Q { get; private set; }
    public string? Kind { get; private set; }
    public string? Status { get; private set; }
    public string? Service { get; private set; }
    public string? Priority { get; private set; }
    public bool Open { get; private set; }

    public async Task OnGetAsync(string? q, string? kind, string? status, string? service, string? priority, bool? open, int? p, CancellationToken ct)
    {
        Services = await desk.ServicesAsync(ct);
        Q = q?.Length > 200 ? q[..200] : q;
        Kind = TicketKinds.All.Contains(kind ?? "") ? kind : null;
        Status = TicketStatuses.All.Contains(status ?? "") ? status : null;
        Service = Services.Any(s => s.Id == service) ? service : null;
        Priority = Priorities.All.Contains(priority ?? "") ? priority : null;
        Open = open ?? (q is null && kind is null && status is null && service is null && priority is null);
        Result = await queries.ListAsync(new TicketFilter(Q, Kind, Status, Service, Priority, Open, Math.Clamp(p ?? 1, 1, 100_000)), ct);
    }

    public string ServiceName(string id) => Services.FirstOrDefault(s => s.Id == id) is { } s ? SmNames.Name(s) : id;

    public string PageLink(int page) => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(Contracts.ServiceManagementRoutes.Tickets, new Dictionary<string, string?>
    {
        ["q"] = Q, ["kind"] = Kind, ["status"] = Status, ["service"] = Service, ["priority"] = Priority, ["open"] = Open ? "true" : "false", ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(x => x.Value is not null));
}
