using Polku.Training.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Domain;
using Polku.Contacts.Queues;
using Polku.Platform.Audit;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Contacts.Pages.Admin;

/// <summary>The county's work queues with their members and open work, filtered by unit, municipality, service and channel.</summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("work-queue configuration; no resident data")]
internal sealed class QueuesModel(QueueAdministration admin, IUnitDirectory units, IServiceNames services, ICertificateRegistry certificates) : PageModel
{
    public IReadOnlyList<QueueListRow> Rows { get; private set; } = [];
    public QueuePickLists Lists { get; private set; } = new([], [], [], []);
    public string? Unit { get; private set; }
    public string? Municipality { get; private set; }
    public string? Service { get; private set; }
    public string? Channel { get; private set; }
    public bool Deleted { get; private set; }

    public bool Filtered => Unit is not null || Municipality is not null || Service is not null || Channel is not null;

    public async Task OnGetAsync(string? unit, string? municipality, string? service, string? channel, bool? deleted, CancellationToken ct)
    {
        Lists = await QueuePickLists.LoadAsync(units, services, certificates, ct);
        Deleted = deleted == true;

        // Only values the lists offer filter; anything else (a stale or hand-made address) shows every queue.
        Unit = Guid.TryParse(unit, out var unitId) && Lists.Units.Any(u => u.Id == unitId) ? unitId.ToString("D") : null;
        Municipality = Lists.Municipalities.Any(m => m.Code == municipality) ? municipality : null;
        Service = Lists.Services.Any(s => s.Code == service) ? service : null;
        Channel = channel is not null && QueueRules.Channels.Contains(channel) ? channel : null;
        Rows = await admin.ListAsync(new QueueFilter(Unit is null ? null : unitId, Municipality, Service, Channel), ct);
    }
}
