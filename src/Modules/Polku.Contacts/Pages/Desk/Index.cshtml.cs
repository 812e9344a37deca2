using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Tasks;
using Polku.Platform.Audit;
using Polku.Platform.Security;

namespace Polku.Contacts.Pages.Desk;

/// <summary>Tilannekuva — the desk's home: my tasks, my queues with counts, oldest waiting, due soon and overdue.</summary>
[Audit("contacts.desk.read")]
internal sealed class IndexModel(QueueWork work, DeskViews views, AuditScope audit, Polku.Contacts.Chat.ChatDesk chats) : PageModel
{
    public IReadOnlyList<QueueSummary> Queues { get; private set; } = [];
    public IReadOnlyList<TaskListItem> MyTasks { get; private set; } = [];
    public DateTime? OldestWaitingUtc { get; private set; }
    public int ChatsWaiting { get; private set; }

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
        return Page();
    }
}
