using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Data;
using Polku.Contacts.Tasks;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;

namespace Polku.Contacts.Pages.Desk;

/// <summary>One work queue in work order (due time, then age), with claim buttons; updates live.</summary>
[Audit("contacts.desk.queue.read")]
internal sealed class QueueModel(QueueWork work, DeskViews views, DeskLookups lookups, AuditScope audit, Texts texts) : PageModel
{
    public string Name { get; private set; } = "";
    public IReadOnlyList<TaskListItem> Items { get; private set; } = [];
    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid queueId, string? notice, CancellationToken ct)
    {
        if (User.PersonId() is not { } staffId || !await work.IsMemberAsync(staffId, queueId, ct))
        {
            return NotFound();
        }

        var queue = await lookups.QueueAsync(queueId, ct) ?? throw new InvalidOperationException("A queue with members has no row.");
        Name = queue.Name.Get(Language.Current);
        var rows = await work.QueueTasksAsync(queueId, 500, ct);
        foreach (var r in rows)
        {
            audit.Touch(r.ResidentId);
        }

        Items = await views.ItemsAsync(rows, [queue], ct);
        Notice = notice is "claimed" or "changed" ? texts["contacts.desk.notice." + notice] : null;
        return Page();
    }
}
