using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Tasks;
using Polku.Platform.Audit;
using Polku.Platform.Security;

namespace Polku.Contacts.Pages.Desk;

/// <summary>Tilannekuva — the desk's home: my tasks, my queues with counts, oldest waiting, due soon and overdue.</summary>
[Audit("contacts.desk.read")]
internal sealed class IndexModel(QueueWork work, DeskViews views, AuditScope audit, Polku.Contacts.Chat.ChatDesk chats, Queues.QueueCertificates queueCertificates,
    Polku.Training.Contracts.ICertificateRegistry certificates) : PageModel
{
    public IReadOnlyList<QueueSummary> Queues { get; private set; } = [];
    public IReadOnlyList<TaskListItem> MyTasks { get; private set; } = [];
    public DateTime? OldestWaitingUtc { get; private set; }
    public int ChatsWaiting { get; private set; }

    /// <summary>Queues the professional lost because their certificate was no longer valid: the desk says why.</summary>
    public IReadOnlyList<Queues.LapsedQueue> Lapsed { get; private set; } = [];

    /// <summary>Certificates the professional's queues require that expire soon.</summary>
    public IReadOnlyList<Queues.ExpiringQueueCertificate> Expiring { get; private set; } = [];

    private IReadOnlyList<Polku.Training.Contracts.CertificateKind> _kinds = [];

    /// <summary>A certificate kind's name in the reader's language.</summary>
    public string KindName(string code) =>
        _kinds.FirstOrDefault(k => k.Code == code)?.Name(Polku.Platform.Localization.Language.Current) ?? code;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.PersonId() is not { } staffId)
        {
            return Forbid();
        }

        Queues = await work.MyQueuesAsync(staffId, ct);
        OldestWaitingUtc = Queues.Where(q => q.OldestWaitingUtc is not null).Select(q => q.OldestWaitingUtc).Min();
        var mine = await work.MyTasksAsync(staffId, ct);
        foreach (var r in mine)
        {
            audit.Touch(r.ResidentId);
        }

        MyTasks = await views.ItemsAsync(mine, Queues.Select(q => q.Queue), ct);
        ChatsWaiting = (await chats.WaitingAsync(staffId, ct)).Count;
        Lapsed = await queueCertificates.LapsedForAsync(staffId, ct);
        Expiring = await queueCertificates.ExpiringForAsync(staffId, ct);
        if (Lapsed.Count > 0 || Expiring.Count > 0)
        {
            _kinds = await certificates.GetKindsAsync(ct);
        }

        return Page();
    }
}
